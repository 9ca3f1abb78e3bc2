"""Tests for gradviz.core.dataset: Dataset and DataError."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from pathlib import Path

import numpy as np
import pytest

from gradviz.core import DataError, Dataset, preset


# --------------------------------------------------------------------------------------
# Dataset
# --------------------------------------------------------------------------------------


def test_dataset_basics():
    ds = Dataset([1, 2, 3], [4.0, 5.0, 6.0], name="d")
    assert len(ds) == ds.n == 3
    assert ds.x.dtype == np.float64 and ds.y.dtype == np.float64
    assert ds.x.ndim == 1 and ds.name == "d" and (ds.x_name, ds.y_name) == ("x", "y")
    assert ds.to_array().tolist() == [[1, 4], [2, 5], [3, 6]]
    assert "n=3" in repr(ds)


def test_dataset_is_immutable_and_copies():
    src_x = np.array([1.0, 2.0])
    src_y = [3.0, 4.0]
    ds = Dataset(src_x, src_y)
    src_x[0] = 99.0
    src_y[0] = 99.0
    assert ds.x.tolist() == [1.0, 2.0] and ds.y.tolist() == [3.0, 4.0]
    with pytest.raises(ValueError):
        ds.x[0] = 5.0
    with pytest.raises(ValueError):
        ds.y[:] = 0.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        ds.x = np.zeros(2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ds.name = "other"
    arr = ds.to_array()
    arr[0, 0] = 7.0  # a fresh copy
    assert ds.x[0] == 1.0


@pytest.mark.parametrize("clone", [copy.copy, copy.deepcopy, lambda d: pickle.loads(pickle.dumps(d))])
def test_dataset_copies_stay_read_only(clone):
    ds = Dataset([1.0, 2.0], [3.0, 4.0], name="n", x_name="a", y_name="b")
    c = clone(ds)
    assert c == ds
    assert not c.x.flags.writeable and not c.y.flags.writeable


def test_dataset_empty_is_legal():
    ds = Dataset([], [])
    assert ds.n == 0 and ds.x.shape == (0,) and ds.to_array().shape == (0, 2)
    assert Dataset.from_points([]).n == 0


@pytest.mark.parametrize(
    "x, y, fragment",
    [
        ([1, 2], [1], "x has 2 values but y has 1"),
        ([1, np.nan], [1, 2], r"x\[1\] is nan"),
        ([1, 2], [np.inf, 2], r"y\[0\] is inf"),
        ([1, 2], [2, -np.inf], r"y\[1\] is -inf"),
        ([[1, 2]], [[1, 2]], "one-dimensional"),
        (1.0, 2.0, "one-dimensional"),
        (["1", "2"], [1, 2], "must hold numbers"),
        ([1 + 2j], [1], "must hold numbers"),
        ([None], [1], "must hold numbers"),
    ],
)
def test_dataset_rejects_bad_values(x, y, fragment):
    with pytest.raises(DataError, match=fragment):
        Dataset(x, y)


def test_dataset_names():
    assert Dataset([1], [2], x_name="  h  ", y_name="").x_name == "h"
    assert Dataset([1], [2], y_name="").y_name == "y"
    with pytest.raises(DataError, match="one line"):
        Dataset([1], [2], x_name="a\nb")
    with pytest.raises(TypeError):
        Dataset([1], [2], name=3)


def test_dataset_equality_and_hash():
    a = Dataset([0.0, 1.0], [2.0, 3.0])
    b = Dataset(np.array([-0.0, 1.0]), (2, 3))
    assert a == b and hash(a) == hash(b)
    assert a != Dataset([0.0, 1.0], [2.0, 3.5])
    assert a != Dataset([0.0, 1.0], [2.0, 3.0], name="other")
    assert a != Dataset([0.0, 1.0], [2.0, 3.0], x_name="t")
    assert a != Dataset([0.0], [2.0])
    assert a != "not a dataset"
    assert len({a, b}) == 1


def test_from_points():
    ds = Dataset.from_points([(1, 0.85), (2, 1.43)], name="p")
    assert ds.x.tolist() == [1.0, 2.0] and ds.y.tolist() == [0.85, 1.43] and ds.name == "p"
    with pytest.raises(DataError, match="pairs"):
        Dataset.from_points([(1, 2, 3)])


def test_with_point():
    ds = preset("lesson")
    ds2 = ds.with_point(9, 5.5)
    assert ds2.n == 9 and (ds2.x[-1], ds2.y[-1]) == (9.0, 5.5)
    assert ds.n == 8  # original untouched
    assert ds2.name == ds.name and not ds2.x.flags.writeable
    assert Dataset([], []).with_point(1, 2).to_array().tolist() == [[1, 2]]
    with pytest.raises(DataError, match="finite"):
        ds.with_point(np.nan, 1.0)


def test_without():
    ds = Dataset([0, 1, 2, 3, 4], [10, 11, 12, 13, 14])
    assert ds.without(1).x.tolist() == [0, 2, 3, 4]
    assert ds.without([0, 4, 4]).y.tolist() == [11, 12, 13]
    assert ds.without(-1).x.tolist() == [0, 1, 2, 3]
    assert ds.without([]).x.tolist() == ds.x.tolist()
    assert ds.without(range(5)).n == 0
    assert ds.x.tolist() == [0, 1, 2, 3, 4]
    with pytest.raises(IndexError, match="5"):
        ds.without(5)
    with pytest.raises(IndexError):
        ds.without([-6])
    with pytest.raises(TypeError):
        ds.without([1.5])


def test_moved():
    ds = Dataset([0, 1, 2], [0, 1, 2])
    m = ds.moved([0, 2, 2], 0.5, -1.0)  # a repeated index moves once
    assert m.x.tolist() == [0.5, 1, 2.5] and m.y.tolist() == [-1, 1, 1]
    assert ds.x.tolist() == [0, 1, 2]
    with pytest.raises(DataError):
        ds.moved(0, np.inf, 0)


def test_with_points_set():
    ds = Dataset([0, 1, 2], [0, 1, 2])
    s = ds.with_points_set([1], [5.0], [6.0])
    assert s.to_array().tolist() == [[0, 0], [5, 6], [2, 2]]
    s2 = ds.with_points_set([0, 2], 9.0, [7.0, 8.0])  # scalars broadcast
    assert s2.to_array().tolist() == [[9, 7], [1, 1], [9, 8]]
    assert ds.to_array().tolist() == [[0, 0], [1, 1], [2, 2]]
    with pytest.raises(IndexError):
        ds.with_points_set(3, 0, 0)
    with pytest.raises(DataError):
        ds.with_points_set(0, np.nan, 0)


def test_concat_and_replace():
    a = Dataset([1], [2], name="a", x_name="h", y_name="w")
    b = Dataset([3, 4], [5, 6], name="b")
    c = a.concat(b, Dataset([], []))
    assert c.to_array().tolist() == [[1, 2], [3, 5], [4, 6]]
    assert (c.name, c.x_name, c.y_name) == ("a", "h", "w")
    assert a.concat() == a
    with pytest.raises(TypeError):
        a.concat([1, 2])
    r = dataclasses.replace(a, name="renamed")
    assert r.name == "renamed" and not r.x.flags.writeable


# --------------------------------------------------------------------------------------
# DataError
# --------------------------------------------------------------------------------------


def test_data_error_format_and_attributes():
    e = DataError("'abc' is not a number", "/tmp/points.csv", 7, 2, "height")
    assert str(e) == "points.csv, line 7, column 2 ('height'): 'abc' is not a number"
    assert (e.path, e.line, e.column, e.column_name, e.what) == (Path("/tmp/points.csv"), 7, 2, "height", "'abc' is not a number")
    assert isinstance(e, ValueError)
    assert str(DataError("bad", "p.csv", 3)) == "p.csv, line 3: bad"
    assert str(DataError("bad", "p.csv", 3, 1)) == "p.csv, line 3, column 1: bad"
    assert str(DataError("bad")) == "bad"
    assert (DataError("bad").path, DataError("bad").line, DataError("bad").column) == (None, None, None)
    e2 = pickle.loads(pickle.dumps(e))
    assert str(e2) == str(e) and e2.line == 7
