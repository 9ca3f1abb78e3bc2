"""The per-point arrows and the mini-batch's arrow on the 3D view, in a whole window with
OpenGL, against the contour's arrows and numbers computed here from the core."""

from __future__ import annotations

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.gui.landscape.surface_arrows import LIFT
from gradviz.gui.state.settings import Settings

from test_descent_insight import LESSON, _scene_pos, outlier_data, run_steps, settled
from windows import make_window

pytestmark = pytest.mark.gl


def gl_window(qtbot, **kwargs):
    win = make_window(qtbot, use_gl=True, **kwargs)
    if win.view3d is None:
        pytest.skip(f"no OpenGL here: {win.gl_reason}")
    return win


def box_scale(view3d):
    """Display units per parameter unit along u and along v (the box's linear map)."""
    o = view3d.to_display(0.0, 0.0, 0.0)
    return view3d.to_display(1.0, 0.0, 0.0)[0] - o[0], view3d.to_display(0.0, 1.0, 0.0)[1] - o[1]


def to_params(view3d, xy):
    return np.asarray(xy)[..., :2] / np.array(box_scale(view3d))


def common_factor(a, b):
    """The c > 0 with a = c b (rows of both), asserted."""
    a, b = np.asarray(a, float).reshape(-1, 2), np.asarray(b, float).reshape(-1, 2)
    c = float(np.sum(a * b) / np.sum(b * b))
    assert c > 0
    np.testing.assert_allclose(a, c * b, rtol=1e-6, atol=1e-9 * np.abs(a).max())
    return c


@pytest.mark.parametrize("data, loss", [("lesson", "l2"), ("outlier", "mse")])
def test_the_3d_arrows_are_the_contours_and_add_up_to_the_3d_gradient_arrow(qtbot, config_dir, data, loss):
    ds = LESSON if data == "lesson" else outlier_data()
    win = gl_window(qtbot, dataset=ds, settings=Settings(loss=loss, point_arrows=True))
    run_steps(qtbot, win.session, 4)
    settled(qtbot, win)
    a3, src, view = win.insight.arrows3d, win.insight.arrows, win.view3d
    drawn = a3.drawn_vectors()
    assert len(drawn) == len(src.shown_indices()) == len(ds)
    # in parameter units, one common factor times the contour's arrows (the same directions
    # and the same proportions), and so times the core's per-point gradients
    G = gc.per_point_gradients(gc.Line(), win.session.frame.snapshot.params, ds.x, ds.y, loss)
    common_factor(to_params(view, drawn), src.drawn_vectors())
    common_factor(to_params(view, drawn), -G)
    # their (x, y) add up to the white sum; unshrunk, that is the 3D gradient arrow, tip included
    np.testing.assert_allclose(drawn[:, :2].sum(axis=0), a3.vector("sum")[:2], rtol=1e-9, atol=1e-12)
    assert not src.shrunk()
    np.testing.assert_allclose(a3.vector("sum"), view.arrow_vector(), rtol=1e-5, atol=1e-6)
    # every tip lies just above the drawn surface
    start = np.array(view.ball_position()) + (0, 0, LIFT)
    tips = start + drawn
    np.testing.assert_allclose(tips[:, 2], view.surface_heights(tips[:, 0], tips[:, 1]) + LIFT, atol=1e-9)
    assert a3.items["points"].visible() and a3.vector("batch") is None
    if data == "outlier":  # the outlier alone pulls the line up
        assert drawn[5, 0] > 0 and (np.delete(drawn[:, 0], 5) < 0).all()


def test_the_3d_arrows_follow_the_toggle_and_the_hovered_point(qtbot, config_dir):
    ds = outlier_data()
    win = gl_window(qtbot, dataset=ds)
    run_steps(qtbot, win.session, 2)
    a3 = win.insight.arrows3d
    assert len(a3.drawn_vectors()) == 0 and not any(item.visible() for item in a3.items.values())
    win.landscape_options.arrows_button.click()
    settled(qtbot, win)
    assert len(a3.drawn_vectors()) == len(ds) and a3.items["points"].visible()
    data_vb = win.data_panel.getPlotItem().getViewBox()
    win.data_panel.scene().sigMouseMoved.emit(_scene_pos(data_vb, ds.x[5], ds.y[5]))
    assert win.insight.arrows.lit() == 5
    np.testing.assert_array_equal(a3.vector("lit"), a3.drawn_vectors()[5])
    win.data_panel.scene().sigMouseMoved.emit(_scene_pos(data_vb, ds.x[5] + 3, ds.y[5] + 3))
    assert a3.vector("lit") is None and not a3.items["lit"].visible()
    win.landscape_options.arrows_button.click()
    settled(qtbot, win)
    assert len(a3.drawn_vectors()) == 0 and not any(item.visible() for item in a3.items.values())


def test_sgd_shows_the_batch_gradient_in_3d_beside_the_full_one(qtbot, config_dir):
    ds = LESSON
    win = gl_window(qtbot, settings=Settings(optimizer="sgd", batch_size=3, loss="mse", lr=0.003,
                                             point_arrows=True))
    seen = []
    for _ in range(3):
        run_steps(qtbot, win.session, 1)
        settled(qtbot, win)
        snap, a3, view = win.session.frame.snapshot, win.insight.arrows3d, win.view3d
        batch = np.asarray(snap.next_batch)
        g_batch = gc.Line().loss_and_grad(snap.params, ds.x[batch], ds.y[batch], "mse")[1]
        g_full = gc.Line().loss_and_grad(snap.params, ds.x, ds.y, "mse")[1]
        # batch and full gradient on one scale: the same factor takes each onto its arrow
        c = common_factor(to_params(view, a3.vector("sum")), -g_full)
        assert common_factor(to_params(view, a3.vector("batch")), -g_batch) == pytest.approx(c, rel=1e-6)
        assert a3.items["batch"].visible()
        seen.append(tuple(np.round(a3.vector("batch"), 6)))
    assert len(set(seen)) > 1
    win.session.update_settings(optimizer="gd")
    settled(qtbot, win)
    assert win.insight.arrows3d.vector("batch") is None and not win.insight.arrows3d.items["batch"].visible()
