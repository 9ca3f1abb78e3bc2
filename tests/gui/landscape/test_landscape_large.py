"""Large data sets: the neuron's and network's landscapes come from a sample of the data.

Their surfaces cost G^2 x n sigmoids, so above SAMPLE_ABOVE points the landscape panel
computes them on a fixed, evenly spread sample of SAMPLE_SIZE points, scales sum losses
(L1, L2) by n / m so the values match the full data's loss, and says so beside the
parameter pair. The line (closed forms) always uses every point. No timings here: the
speed is measured by a benchmark, not asserted on a shared machine.
"""

from __future__ import annotations

import numpy as np
import pytest

import gradviz.core as gc
import gradviz.gui.landscape.controller as lc
import gradviz.gui.landscape.sample as ls
from gradviz.gui.state.settings import Settings

from windows import make_window

N_LARGE = 100_000


def wavy(n: int, seed: int = 7) -> gc.Dataset:
    rng = np.random.default_rng(seed)
    x = rng.uniform(-4.0, 4.0, n)
    return gc.Dataset(x, np.sin(1.3 * x) + 0.3 * x + 0.2 * rng.standard_normal(n))


@pytest.fixture(scope="module")
def large():
    return wavy(N_LARGE)


class Recorder:
    """A stand-in view: keeps what the controller hands the views."""

    def __init__(self):
        self.surfaces = []

    def set_surface(self, u, v, Z, u_label, v_label):
        self.surfaces.append((u, v, Z))

    def set_state(self, state):
        pass

    def clear_state(self):
        pass


def drawn_surface(win):
    """The surface the views are given, recomputed once more (same window and parameters:
    the same surface) with a recorder among the views; checked against ``surface``."""
    ctrl, rec = win.landscape, Recorder()
    before = ctrl.surface
    ctrl.views.append(rec)
    try:
        ctrl.recompute(keep_window=True)
    finally:
        ctrl.views.remove(rec)
    (u, v, Z), = rec.surfaces
    assert ctrl.surface[2] is Z
    np.testing.assert_array_equal(Z, before[2])
    return u, v, Z


def test_sample_indices_are_evenly_spread_and_fixed():
    n, m = 100_003, 20_000
    idx = ls.sample_indices(n, m)
    assert idx.shape == (m,) and idx.dtype.kind == "i"
    assert idx[0] >= 0 and idx[-1] < n and np.all(np.diff(idx) > 0)
    # one index in each of m equal runs of consecutive indices
    edges = np.arange(m + 1) * n // m
    np.testing.assert_array_equal(np.searchsorted(edges, idx, side="right") - 1, np.arange(m))
    np.testing.assert_array_equal(ls.sample_indices(n, m), idx)  # seeded: the same every time
    assert not np.array_equal(ls.sample_indices(n, m, seed=1), idx)


@pytest.mark.parametrize("loss, scale", [("l2", N_LARGE / ls.SAMPLE_SIZE), ("l1", N_LARGE / ls.SAMPLE_SIZE),
                                         ("mse", 1.0)])
def test_network_surface_is_the_sample_surface_on_the_full_scale(qtbot, config_dir, large, loss, scale):
    win = make_window(qtbot, large, Settings(model="network", hidden=16, loss=loss), use_gl=False)
    ctrl, model = win.landscape, win.session.model
    u, v, Z = drawn_surface(win)
    assert Z.shape == (lc.SLICE_GRID, lc.SLICE_GRID)
    sample = ctrl.sample
    assert sample is not None and sample.dataset is large and sample.m == ls.SAMPLE_SIZE
    np.testing.assert_array_equal(sample.x, large.x[sample.index])
    np.testing.assert_array_equal(sample.y, large.y[sample.index])
    expected = gc.loss_surface(model, ctrl.slice_params, *ctrl.pair, u, v, sample.x, sample.y, loss) * scale
    np.testing.assert_allclose(Z, expected, rtol=1e-9)
    # on the full data's scale: a few grid points against the loss over all 100,000 points
    full = gc.loss_surface(model, ctrl.slice_params, *ctrl.pair, u[::21], v[::21], large.x, large.y, loss)
    np.testing.assert_allclose(Z[::21, ::21], full, rtol=0.03)
    # the marked optimum is the lowest point of the drawn (scaled) grid
    assert ctrl.optimum is not None and ctrl.optimum[2] == Z.min()
    win.close()


def test_the_sample_is_kept_for_a_data_set_and_redrawn_for_a_new_one(qtbot, config_dir, large):
    win = make_window(qtbot, large, Settings(model="network", hidden=3), use_gl=False)
    ctrl = win.landscape
    first = ctrl.sample
    assert first is not None and first.dataset is large
    _u, _v, Z1 = drawn_surface(win)
    ctrl.recompute(keep_window=True)
    assert ctrl.sample is first  # the same sample: the surface does not flicker
    np.testing.assert_array_equal(drawn_surface(win)[2], Z1)

    other = wavy(N_LARGE + 5_000, seed=8)
    win.session.set_dataset(other)
    qtbot.waitUntil(lambda: ctrl.sample is not None and ctrl.sample.dataset is other, timeout=5000)
    assert ctrl.sample is not first
    np.testing.assert_array_equal(ctrl.sample.x, other.x[ctrl.sample.index])
    assert ctrl.sample_note == "Approximate: landscape from a 20,000-point sample of 105,000 points"

    win.session.set_dataset(gc.preset("lesson"))  # small data: the large one is let go
    qtbot.waitUntil(lambda: ctrl.sample_note is None, timeout=5000)
    assert ctrl.sample is None
    win.close()


def test_the_panel_says_when_the_landscape_is_approximate(qtbot, config_dir, large):
    win = make_window(qtbot, large, Settings(model="neuron"), use_gl=False)
    ctrl, label = win.landscape, win.pair_selector.note_label
    note = "Approximate: landscape from a 20,000-point sample of 100,000 points"
    assert ctrl.sample_note == note
    assert label.isVisible() and label.text() == note and label.toolTip()
    assert not win.pair_selector.can_choose()  # the neuron has only w and b: the note still shows
    _u, _v, Z = drawn_surface(win)
    assert Z.shape == (lc.GRID, lc.GRID)

    win.session.update_settings(model="line")  # the line's surface is exact (closed form)
    qtbot.waitUntil(lambda: ctrl.sample_note is None, timeout=5000)
    assert not label.isVisible()
    u, v, Z = drawn_surface(win)
    np.testing.assert_array_equal(Z, gc.loss_surface(win.session.model, ctrl.slice_params, 0, 1, u, v,
                                                     large.x, large.y, "l2"))
    w, b = gc.least_squares(large.x, large.y)
    assert ctrl.optimum[:2] == (w, b)
    win.close()

    small = make_window(qtbot, gc.preset("sine"), Settings(model="network", hidden=4))
    assert small.landscape.sample_note is None and small.landscape.sample is None
    assert not small.pair_selector.note_label.isVisible()
    small.close()


@pytest.mark.parametrize("model", ["neuron", "network"])
def test_at_the_threshold_the_surface_uses_every_point(qtbot, config_dir, model):
    ds = wavy(ls.SAMPLE_ABOVE)
    win = make_window(qtbot, ds, Settings(model=model, hidden=2, loss="l2"), use_gl=False)
    ctrl = win.landscape
    u, v, Z = drawn_surface(win)
    assert ctrl.sample is None and ctrl.sample_note is None
    np.testing.assert_array_equal(Z, gc.loss_surface(win.session.model, ctrl.slice_params, *ctrl.pair,
                                                     u, v, ds.x, ds.y, "l2"))
    win.close()
