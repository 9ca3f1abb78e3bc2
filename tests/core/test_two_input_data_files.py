"""Two-input presets and CSV files of three columns (x1, x2, y)."""

from __future__ import annotations

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.core import DataError, load_csv, save_csv
from gradviz.core import presets as presets_mod

CLASSES = ("blobs", "xor", "circle", "moons")


@pytest.mark.parametrize("name", list(gc.TWO_INPUT_PRESETS))
def test_two_input_presets(name):
    ds = gc.preset(name)
    assert ds.name == name and ds.n_inputs == 2 and ds.x.shape == (ds.n, 2) and ds.n >= 40
    assert np.isfinite(ds.x).all() and np.abs(ds.x).max() <= 4.0
    assert presets_mod._BUILDERS[name]() == ds  # deterministic: built afresh, same values
    if name in CLASSES:
        assert set(np.unique(ds.y)) == {0.0, 1.0} and ds.y_name == "class"
        assert 0.3 <= ds.y.mean() <= 0.7  # both classes well represented


def test_the_classes_are_what_the_names_say():
    xor = gc.preset("xor")
    np.testing.assert_array_equal(xor.y, (xor.x[:, 0] * xor.x[:, 1] > 0).astype(float))
    circle = gc.preset("circle")
    r = np.hypot(circle.x[:, 0], circle.x[:, 1])
    assert r[circle.y == 1].max() < r[circle.y == 0].min()
    blobs = gc.preset("blobs")
    w = np.linalg.lstsq(np.column_stack([blobs.x, np.ones(blobs.n)]), 2 * blobs.y - 1, rcond=None)[0]
    assert np.all((np.column_stack([blobs.x, np.ones(blobs.n)]) @ w > 0) == (blobs.y == 1))  # a line separates them


def test_presets_for_keeps_the_one_input_list():
    assert gc.presets_for(1) == gc.PRESETS and gc.presets_for(2) == gc.TWO_INPUT_PRESETS
    assert all(gc.preset(name).n_inputs == 1 for name in gc.PRESETS)
    assert not set(gc.PRESETS) & set(gc.TWO_INPUT_PRESETS)
    with pytest.raises(ValueError, match="1 or 2 inputs"):
        gc.presets_for(3)
    with pytest.raises(ValueError, match="or, with two inputs, plane, blobs"):
        gc.preset("nope")


def test_three_column_round_trip(tmp_path):
    ds = gc.preset("moons")
    path = save_csv(ds, tmp_path / "moons.csv")
    assert path.read_text().splitlines()[:2] == ["x1,x2,class", ",".join(repr(v) for v in ds.to_array()[0].tolist())]
    back = load_csv(path, inputs=2)
    np.testing.assert_array_equal(back.x, ds.x)
    np.testing.assert_array_equal(back.y, ds.y)
    assert back.x_names == ("x1", "x2") and back.y_name == "class"
    named = load_csv(path, columns=("class", "x1", "x2"))  # any three columns, by name
    np.testing.assert_array_equal(named.x, ds.to_array()[:, [2, 0]])
    assert named.x_names == ("class", "x1")
    assert load_csv(path).n_inputs == 1  # a pair of columns, as before


def test_three_columns_on_the_careful_path(tmp_path):
    p = tmp_path / "q.csv"
    p.write_text('a,b,c\n1,"2",3\n4,5,6\n')  # a quote in a cell
    ds = load_csv(p, inputs=2)
    assert ds.to_array().tolist() == [[1, 2, 3], [4, 5, 6]]
    p.write_text("a,b,c\n1,2,3\n4,x,6\n")
    with pytest.raises(DataError, match="line 3, column 2 \\('b'\\)"):
        load_csv(p, inputs=2)
    assert load_csv(p, columns=(0, 2)).n == 2  # the bad column is not read


def test_two_inputs_need_three_columns(tmp_path):
    p = tmp_path / "two.csv"
    p.write_text("x,y\n1,2\n")
    with pytest.raises(DataError, match="two inputs need three columns"):
        load_csv(p, inputs=2)
    with pytest.raises(ValueError, match="inputs must be 1 or 2"):
        load_csv(p, inputs=3)
    empty = tmp_path / "empty.csv"
    empty.write_text("a,b,c\n")
    assert load_csv(empty, inputs=2, allow_empty=True).x.shape == (0, 2)
