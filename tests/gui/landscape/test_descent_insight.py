"""The curvature ellipse, the per-point arrows, the mini-batch's arrow and their links to
the data view, in a whole window, against numbers computed here from the core."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import QPointF

import gradviz.core as gc
from gradviz.gui.landscape.descent_insight import MAX_ARROWS
from gradviz.gui.state.settings import Settings

from windows import make_window

LESSON = gc.preset("lesson")


def outlier_data():
    y = np.array(LESSON.y)
    y[5] = 9.0
    return gc.Dataset(LESSON.x, y)


def run_steps(qtbot, session, k: int) -> None:
    target = session.snapshot.step + k
    session.step_once(k)
    qtbot.waitUntil(lambda: session.frame.step >= target, timeout=10000)
    qtbot.wait(50)


def settled(qtbot, win):
    """Wait until the frame on screen reflects every change made so far."""
    seq = win.session.request_sync()
    qtbot.waitUntil(lambda: win.session.frame.seq >= seq, timeout=5000)
    qtbot.wait(30)


def test_calm_by_default(qtbot, config_dir):
    win = make_window(qtbot, use_gl=False)
    run_steps(qtbot, win.session, 3)
    opts = win.landscape_options
    assert not opts.curvature_button.isChecked() and not opts.arrows_button.isChecked()
    assert win.insight.curvature.geometry() is None and len(win.insight.arrows.drawn_vectors()) == 0
    assert opts.note() == "" and win.point_highlights.batch().size == 0


def test_the_toggles_turn_the_overlays_on_while_paused(qtbot, config_dir):
    win = make_window(qtbot, use_gl=False)
    opts = win.landscape_options
    opts.curvature_button.click()
    opts.arrows_button.click()
    assert win.session.settings.curvature and win.session.settings.point_arrows
    qtbot.waitUntil(lambda: win.insight.curvature.geometry() is not None, timeout=5000)
    qtbot.waitUntil(lambda: len(win.insight.arrows.drawn_vectors()) == len(LESSON), timeout=5000)
    assert "level set through the ball" in opts.note() and "each point's share" in opts.note()
    opts.curvature_button.click()
    qtbot.waitUntil(lambda: win.insight.curvature.geometry() is None, timeout=5000)


@pytest.mark.parametrize("loss", ["l2", "mse"])
def test_the_lines_ellipse_is_centred_on_the_least_squares_star(qtbot, config_dir, loss):
    win = make_window(qtbot, settings=Settings(loss=loss, curvature=True), use_gl=False)
    run_steps(qtbot, win.session, 5)
    geo = win.insight.curvature.geometry()
    np.testing.assert_allclose(geo.center, gc.least_squares(LESSON.x, LESSON.y), rtol=1e-9)
    p = win.session.frame.snapshot.params
    L = gc.Line().loss(p, LESSON.x, LESSON.y, loss)
    np.testing.assert_allclose(gc.Line().loss_many(geo.points, LESSON.x, LESSON.y, loss), L, rtol=1e-9)


@pytest.mark.parametrize("data", ["lesson", "outlier"])
@pytest.mark.parametrize("loss", ["l1", "l2", "mse"])
def test_the_point_arrows_add_up_to_the_gradient_arrow(qtbot, config_dir, data, loss):
    ds = LESSON if data == "lesson" else outlier_data()
    win = make_window(qtbot, dataset=ds, settings=Settings(loss=loss, point_arrows=True), use_gl=False)
    run_steps(qtbot, win.session, 4)
    arrows, snap = win.insight.arrows, win.session.frame.snapshot
    G = gc.per_point_gradients(gc.Line(), snap.params, ds.x, ds.y, loss)
    drawn = arrows.drawn_vectors()
    np.testing.assert_allclose(drawn, -arrows.scale * G, rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(drawn.sum(axis=0), arrows.sum_vector(), rtol=1e-9, atol=1e-12)
    if not arrows.shrunk():  # on the gradient arrow's own scale: they add up to it
        np.testing.assert_allclose(drawn.sum(axis=0), win.contour.arrow_vector(), rtol=1e-9, atol=1e-12)
    else:
        assert "Shrunk to fit" in win.landscape_options.note()
        (x0, x1), (y0, y1) = win.contour.view_box.viewRange()
        assert np.max(np.hypot(drawn[:, 0] / (x1 - x0), drawn[:, 1] / (y1 - y0))) == pytest.approx(0.45)
    if data == "outlier":  # the line lies above every point but the outlier: it alone pulls it up
        assert drawn[5, 0] > 0 and (np.delete(drawn[:, 0], 5) < 0).all()


def test_with_many_points_a_subset_spread_over_x_is_drawn_and_said(qtbot, config_dir):
    rng = np.random.default_rng(4)
    x = rng.uniform(0, 10, 1000)
    ds = gc.Dataset(x, 0.6 * x + rng.normal(0, 0.5, 1000))
    win = make_window(qtbot, dataset=ds, settings=Settings(loss="mse", point_arrows=True), use_gl=False)
    run_steps(qtbot, win.session, 2)
    idx = win.insight.arrows.shown_indices()
    assert len(idx) == MAX_ARROWS
    assert ds.x[idx].min() == ds.x.min() and ds.x[idx].max() == ds.x.max()
    assert f"Arrows of {MAX_ARROWS:,} of 1,000 points" in win.landscape_options.note()
    G = gc.per_point_gradients(gc.Line(), win.session.frame.snapshot.params, ds.x, ds.y, "mse")
    np.testing.assert_allclose(win.insight.arrows.drawn_vectors(), -win.insight.arrows.scale * G[idx], rtol=1e-9)


def _scene_pos(view_box, u, v):
    return view_box.mapViewToScene(QPointF(u, v))


def test_hovering_a_point_lights_its_arrow_and_the_other_way_round(qtbot, config_dir):
    ds = outlier_data()
    win = make_window(qtbot, dataset=ds, settings=Settings(point_arrows=True), use_gl=False)
    run_steps(qtbot, win.session, 2)
    data_vb = win.data_panel.getPlotItem().getViewBox()
    win.data_panel.scene().sigMouseMoved.emit(_scene_pos(data_vb, ds.x[5], ds.y[5]))
    assert win.point_highlights.lit() == 5 and win.insight.arrows.lit() == 5
    win.data_panel.scene().sigMouseMoved.emit(_scene_pos(data_vb, ds.x[5] + 3, ds.y[5] + 3))
    assert win.point_highlights.lit() == -1 and win.insight.arrows.lit() == -1
    # the tip of point 2's arrow in the contour view
    snap, arrows = win.session.frame.snapshot, win.insight.arrows
    tip = snap.params + arrows.drawn_vectors()[2]
    win.contour.plot_widget.scene().sigMouseMoved.emit(_scene_pos(win.contour.view_box, *tip))
    assert arrows.lit() in (2, *np.flatnonzero(np.hypot(*(arrows.drawn_vectors() - arrows.drawn_vectors()[2]).T)
                                               < 1e-9))
    assert win.point_highlights.lit() == arrows.lit()


@pytest.mark.parametrize("loss", ["l2", "mse"])
def test_sgd_shows_the_next_batchs_gradient_and_rings_its_points(qtbot, config_dir, loss):
    ds = LESSON
    win = make_window(qtbot, settings=Settings(optimizer="sgd", batch_size=3, loss=loss, lr=0.003,
                                               point_arrows=True), use_gl=False)
    seen = []
    for _ in range(4):
        run_steps(qtbot, win.session, 1)
        settled(qtbot, win)
        snap, arrows = win.session.frame.snapshot, win.insight.arrows
        batch = np.asarray(snap.next_batch)
        assert np.array_equal(win.point_highlights.batch(), batch)
        # the batch's own gradient, from the core on those points alone
        g = gc.Line().loss_and_grad(snap.params, ds.x[batch], ds.y[batch], loss)[1]
        if loss == "l2":
            g = g * len(ds) / len(batch)  # shown on the whole data set's scale
        np.testing.assert_allclose(arrows.batch_vector(), -arrows.scale * g, rtol=1e-9, atol=1e-12)
        seen.append(arrows.batch_vector() / arrows.scale)
    assert "mini-batch" in win.landscape_options.note()
    assert len({tuple(np.round(v, 9)) for v in seen}) > 1  # it wanders from step to step
    # gradient descent has no mini-batch
    win.session.update_settings(optimizer="gd")
    settled(qtbot, win)
    assert win.insight.arrows.batch_vector() is None and win.point_highlights.batch().size == 0
