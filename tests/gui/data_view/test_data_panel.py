"""The data view on its own, built with a session: it draws the model of each frame, the
residuals, and a density image of large data."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF

import gradviz.core as gc
from gradviz.gui.data_view import MAX_DRAWN_POINTS, density_image
from gradviz.gui.state.settings import Settings

from data_panels import drag, make_panel, pixel_size


def test_curve_and_residuals_are_drawn_from_the_frame(qtbot, panel):
    s = panel.session
    s.set_start([2.0, 0.5])
    qtbot.waitUntil(lambda: list(s.frame.params) == [2.0, 0.5], timeout=5000)
    qtbot.wait(20)
    xs, ys = panel.curve.getData()
    (x0, x1), _ = panel.getPlotItem().vb.viewRange()
    assert xs[0] == pytest.approx(x0) and xs[-1] == pytest.approx(x1)
    np.testing.assert_allclose(ys, 2.0 * xs + 0.5, rtol=1e-12)
    rx, ry = panel.residuals.getData()  # one segment per point: the point, then the model there
    ds = s.dataset
    np.testing.assert_array_equal(rx, np.repeat(ds.x, 2))
    np.testing.assert_array_equal(ry[0::2], ds.y)
    np.testing.assert_allclose(ry[1::2], 2.0 * ds.x + 0.5, rtol=1e-12)


def test_a_frame_of_the_model_just_left_is_not_drawn_as_the_new_one(qtbot, panel):
    """The line and the neuron both have two parameters: the line's last frame must not be
    drawn as a neuron's curve."""
    s = panel.session
    s.set_start([2.0, 0.5])
    qtbot.waitUntil(lambda: list(s.frame.params) == [2.0, 0.5], timeout=5000)
    s.update_settings(model="neuron")
    assert s.frame.model.name == "line"  # the worker has not answered yet
    assert len(panel.curve.getData()[0] or []) == 0
    qtbot.waitUntil(lambda: s.frame.model.name == "neuron", timeout=5000)
    qtbot.wait(20)
    xs, ys = panel.curve.getData()
    w, b = s.frame.params
    np.testing.assert_allclose(ys, 1.0 / (1.0 + np.exp(-(w * xs + b))), rtol=1e-12)
# ----- large data: a density image ------------------------------------------------------

def test_large_data_shows_density_of_all_points_then_exact_points_when_zoomed(qtbot):
    rng = np.random.default_rng(0)
    n = 300_000
    x = rng.normal(size=n)
    y = 2 * x + rng.normal(scale=0.5, size=n)
    x[0], y[0] = 8.0, -8.0  # one outlier far from the rest: the density must show it
    panel = make_panel(qtbot, dataset=gc.Dataset(x, y))
    try:
        assert panel.density.isVisible()
        assert len(panel.points.getData()[0]) == 0
        img = panel.density.image
        assert img.max() > 0
        # every point is counted: rebuild the counts over the same view and compare totals
        (x0, x1), (y0, y1) = panel.getPlotItem().vb.viewRange()
        _, counted = density_image(x, y, (x0, x1), (y0, y1), 10, 10)
        inside = ((x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)).sum()
        assert counted == inside and inside > n - 10
        # the outlier's cell is not empty
        rect = panel.density.mapRectToParent(panel.density.boundingRect())
        cx = int((8.0 - rect.left()) / rect.width() * img.shape[1])
        cy = int((-8.0 - rect.top()) / rect.height() * img.shape[0])
        assert img[cy, cx] > 0
        assert panel.hint.text.startswith("300,000 points, drawn as density")
        # zoom in until few points are in view: each one is drawn exactly
        panel.setRange(xRange=(0.5, 0.52), yRange=(0.9, 1.1), padding=0)
        qtbot.waitUntil(lambda: not panel.density.isVisible(), timeout=2000)
        px_, py_ = panel.points.getData()
        inside = (x >= 0.5) & (x <= 0.52) & (y >= 0.9) & (y <= 1.1)
        assert 0 < len(px_) == inside.sum() <= MAX_DRAWN_POINTS
        # clicks still find points that are not drawn individually (hit test over all of them)
        panel.setRange(xRange=(-4, 4), yRange=(-9, 9), padding=0)
        assert panel.point_at(panel.getPlotItem().vb.mapViewToScene(QPointF(8.0, -8.0))) == 0
    finally:
        panel.session.shutdown()


# ----- the legend ----------------------------------------------------------------------------

def test_the_legend_never_covers_a_point_nor_takes_a_press_meant_for_one(qtbot, panel):
    """Nor does the mouse hint cover any data."""
    s = panel.session
    panel.editor.add_point(2.0, 5.0)  # top left: where a legend inside the plot sits
    vb = panel.getPlotItem().vb
    legend = panel.legend.sceneBoundingRect()
    assert not legend.intersects(vb.sceneBoundingRect())
    assert legend.top() >= vb.sceneBoundingRect().bottom()
    assert panel.legend.names() == ["residuals (error)", "least-squares best line", "data", "model: y = w·x + b"]
    assert not panel.hint.sceneBoundingRect().intersects(vb.sceneBoundingRect())  # the mouse hint too
    drag(panel, (2.0, 5.0), (3.0, 4.5))
    pw, ph = pixel_size(panel)
    assert s.dataset.x[-1] == pytest.approx(3.0, abs=1.5 * pw)
    assert s.dataset.y[-1] == pytest.approx(4.5, abs=1.5 * ph)
    assert panel.legend.sceneBoundingRect() == legend  # and the legend stayed where it was


def test_the_legend_wraps_to_the_plot_width_and_stays_below_a_network_fit(qtbot):
    panel = make_panel(qtbot, gc.preset("sine"), Settings(model="network", hidden=16))
    try:
        pi = panel.getPlotItem()
        assert "neuron contributions vᵢσ(wᵢx+bᵢ)" in panel.legend.names()
        for width in (900, 420):
            panel.resize(width, 500)
            qtbot.waitUntil(lambda w=width: abs(panel.width() - w) < 2)
            qtbot.wait(30)
            legend, view = panel.legend.sceneBoundingRect(), pi.vb.sceneBoundingRect()
            assert not legend.intersects(view)
            assert legend.bottom() <= panel.viewport().height() + 1  # all of it on screen
            labels = [label.sceneBoundingRect() for _s, label in panel.legend.items]
            assert all(r.right() <= panel.viewport().width() + 1 for r in labels)
            assert not panel.hint.sceneBoundingRect().intersects(view)
            assert view.right() <= panel.viewport().width()  # no text makes the plot wider than the panel
        assert panel.legend.columnCount == 1  # narrow: one entry a row
    finally:
        panel.session.shutdown()


def test_a_network_fit_at_rest_leaves_the_layout_at_rest(qtbot):
    """The legend wraps to the view's width and the view's height sets the y axis's ticks:
    at no width may the two keep resizing each other (a repaint every few ms, at rest)."""
    panel = make_panel(qtbot, gc.preset("sine"), Settings(model="network", hidden=8))
    changes = []
    panel.scene().changed.connect(changes.append)
    try:
        for width in range(529, 580, 4):
            panel.resize(width, 629)
            qtbot.waitUntil(lambda w=width: abs(panel.width() - w) < 2)
            qtbot.wait(120)  # the layout settles
            changes.clear()
            qtbot.wait(120)
            assert not changes, f"the data view kept redrawing at rest, {width} px wide"
    finally:
        panel.session.shutdown()
