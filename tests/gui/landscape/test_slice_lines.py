"""The slices through the current point: their curves, and how often a slow one is redone."""

from __future__ import annotations

import time

import numpy as np

import gradviz.core as gc
from gradviz.gui.landscape.slice_lines import MIN_SLICE_POINTS, SLICE_POINTS, SliceSource, slice_curves


def test_curves_are_the_loss_along_each_parameter_through_the_point():
    ds = gc.preset("lesson")
    model = gc.make_model("line")
    p = np.array([0.8, 0.3])
    c = slice_curves(model, p, (0, 1), ((-1.0, 2.0), (-0.5, 1.5)), ds.x, ds.y, "l2", scale=2.0)
    assert c.at == (0.8, 0.3)
    assert len(c.u) == SLICE_POINTS and c.u[0] == -1.0 and c.v[-1] == 1.5
    np.testing.assert_allclose(c.loss_u, 2.0 * np.array([model.loss([u, 0.3], ds.x, ds.y) for u in c.u]), rtol=1e-12)
    np.testing.assert_allclose(c.loss_v, 2.0 * np.array([model.loss([0.8, v], ds.x, ds.y) for v in c.v]), rtol=1e-12)


def test_many_points_take_fewer_samples():
    x = np.linspace(0, 1, 200_000)
    c = slice_curves(gc.make_model("network", hidden=4), gc.make_model("network", hidden=4).init_params(0), (0, 1),
                     ((-1.0, 1.0), (-1.0, 1.0)), x, x, "mse")
    assert MIN_SLICE_POINTS <= len(c.u) < SLICE_POINTS


def test_a_slow_computation_is_reused_for_a_while_and_the_last_frame_still_lands(qtbot):
    refreshed = []
    source = SliceSource(lambda: refreshed.append(True))
    model, data = object(), object()

    def slow():
        time.sleep(0.03)
        return object()

    first = source.curves((model, data, (0, 1), "l2"), slow)
    assert source.curves((model, data, (0, 1), "l2"), slow) is first  # same key, soon after: reused
    assert source.pending()
    qtbot.waitUntil(lambda: bool(refreshed), timeout=3000)  # then the caller is asked to draw again
    assert source.curves((model, data, (0, 1), "l2"), slow) is not first
    # anything else changed: computed at once
    other = source.curves((model, object(), (0, 1), "l2"), slow)
    assert source.curves((model, data, (0, 2), "l2"), slow) is not other


def test_keys_compare_data_by_identity_only(qtbot):
    source = SliceSource(lambda: None)
    ds = gc.preset("lesson")
    same_points = gc.Dataset(ds.x.copy(), ds.y.copy())
    result = source.curves((ds,), lambda: (time.sleep(0.02), object())[1])
    assert source.curves((same_points,), lambda: object()) is not result  # never compared point by point
