"""Tests for gradviz.core.presets: the built-in data sets."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.core import Dataset, load_csv, preset
from gradviz.core import presets as presets_mod


# --------------------------------------------------------------------------------------
# Presets
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(gc.PRESETS))
def test_every_preset_builds(name):
    ds = preset(name)
    assert isinstance(ds, Dataset) and ds.n > 0 and ds.name == name
    assert np.isfinite(ds.x).all() and np.isfinite(ds.y).all()
    assert isinstance(gc.PRESETS[name], str) and gc.PRESETS[name] and "\n" not in gc.PRESETS[name]
    again = presets_mod._BUILDERS[name]()  # deterministic: built afresh, same values
    assert again == ds
    if name not in ("lesson", "seed-002", "deer"):
        assert -10.0 <= ds.x.min() and ds.x.max() <= 10.0
        assert np.ptp(ds.y) < 20.0


def test_preset_names():
    assert list(gc.PRESETS) == ["lesson", "seed-002", "noisy-line", "deer", "sine", "plateau", "step"]
    with pytest.raises(ValueError, match="unknown preset 'nope'; choose one of: lesson, seed-002"):
        preset("nope")


def test_preset_lesson_is_seed_001_exactly():
    ds = preset("lesson")
    assert ds.x.tolist() == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]
    assert ds.y.tolist() == [0.85, 1.43, 1.92, 2.59, 3.20, 3.82, 4.38, 4.97]


def test_preset_seed_002():
    ds = preset("seed-002")
    assert ds.n == 10_000
    assert np.array_equal(ds.x, np.round(ds.x)) and ds.x.min() >= 0 and ds.x.max() <= 99
    assert np.array_equal(ds.y, 2 * ds.x + 1)
    assert len(np.unique(ds.x)) == 100  # every integer 0..99 drawn
    expect = np.random.default_rng(presets_mod.SEED_002).integers(0, 100, size=10_000)
    assert np.array_equal(ds.x, expect)


def test_preset_deer_is_loaded_from_resources(monkeypatch):
    from gradviz.paths import resource_path

    path = resource_path("datasets", "deer.csv")
    ds = preset("deer")
    direct = load_csv(path)
    assert ds.x.tolist() == direct.x.tolist() and ds.y.tolist() == direct.y.tolist()
    assert (ds.x_name, ds.y_name) == ("height (cm)", "weight (kg)")
    assert 25 <= ds.n <= 40
    assert np.corrcoef(ds.x, ds.y)[0, 1] > 0.9  # roughly linear

    seen = []
    real = presets_mod.load_csv

    def spy(p, *a, **k):
        seen.append(Path(p))
        return real(p, *a, **k)

    monkeypatch.setattr(presets_mod, "load_csv", spy)
    assert presets_mod._deer() == ds
    assert seen == [Path(path)]


def test_preset_shapes():
    step = preset("step")
    assert set(step.y.tolist()) == {0.0, 1.0}
    assert np.all(np.diff(step.y[np.argsort(step.x)]) >= 0)  # one jump, upwards
    plateau = preset("plateau")
    order = np.argsort(plateau.x)
    y = plateau.y[order]
    assert y[-5:].mean() - y[:5].mean() > 3.0  # rises
    assert np.ptp(y[-10:]) < 0.6  # then levels off
    sine = preset("sine")
    assert np.abs(sine.y - 2 * np.sin(sine.x)).max() < 0.5
