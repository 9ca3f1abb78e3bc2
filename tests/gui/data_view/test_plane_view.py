"""The data view for two inputs: heat map, decision boundary, and points of both classes
drawn with the mouse, undoable."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

import gradviz.core as gc
from gradviz.gui.data_view.plane_view import GRID, PlaneView, boundary_segments, grid_extent, grid_points
from gradviz.gui.state.edit_history import DataEditor
from gradviz.gui.state.session import Session
from gradviz.gui.state.settings import Settings

LEFT, RIGHT = Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton


@pytest.fixture
def view(qtbot):
    session = Session(gc.preset("blobs"), Settings(model="neuron", loss="bce", lr=0.5))
    editor = DataEditor(session)
    v = PlaneView(session, editor)
    qtbot.addWidget(v)
    v.resize(700, 600)
    v.show()
    qtbot.waitExposed(v)
    qtbot.wait(20)  # pyqtgraph's scene takes a press only a moment after it is shown
    yield v
    session.shutdown()  # qtbot closes the view


def px(view, x1, x2):
    vb = view.getPlotItem().vb
    return view.mapFromScene(vb.mapViewToScene(QPointF(x1, x2)))


def test_grid_cells_and_extent():
    g = grid_points((0.0, 10.0, -1.0, 1.0), 5)
    assert g.shape == (25, 2)
    assert np.allclose(np.unique(g[:, 0]), [1, 3, 5, 7, 9])
    assert np.allclose(g[:5, 1], -0.8)  # the first row is the lowest x2
    assert grid_extent(np.array([[0.0, 0.0], [10.0, 2.0]])) == (-1.5, 11.5, -0.5, 2.5)


def test_boundary_of_a_linear_output_is_its_exact_level_line():
    extent = (-2.0, 2.0, -1.0, 1.0)
    g = grid_points(extent, 40)
    Z = (0.25 * g[:, 0] + 0.5).reshape(40, 40)  # 0.5 where x1 = 0
    segs = boundary_segments(Z, extent)
    assert len(segs) == 39
    assert np.allclose(segs[..., 0], 0.0, atol=1e-12)
    assert segs[..., 1].min() == pytest.approx(-1 + 1 / 40) and segs[..., 1].max() == pytest.approx(1 - 1 / 40)


def test_neuron_boundary_is_where_w_x_plus_b_is_zero(qtbot, view):
    s = view.session
    s.set_start([2.0, 1.0, -1.0])  # 2·x1 + x2 = 1
    qtbot.waitUntil(lambda: np.allclose(s.frame.params, [2, 1, -1]), timeout=5000)
    pts = view.boundary_points()
    assert len(pts) > 20
    assert np.allclose(2 * pts[:, 0] + pts[:, 1], 1.0, atol=0.02)
    heat = view.heat.image
    assert heat.shape == (GRID, GRID)
    # the output in the heat map is the model's own, at the cell centres
    assert np.allclose(heat.ravel(), gc.sigmoid(2 * view.sample_points()[:, 0] + view.sample_points()[:, 1] - 1))


def test_clicks_add_points_of_either_class_and_undo_redo(qtbot, view):
    ds0 = view.session.dataset
    QTest.mouseClick(view.viewport(), LEFT, Qt.KeyboardModifier.NoModifier, px(view, 0.5, -0.5))
    ds1 = view.session.dataset
    assert len(ds1) == len(ds0) + 1 and ds1.y[-1] == 1.0
    assert np.allclose(ds1.x[-1], [0.5, -0.5], atol=0.05)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_C)
    assert view.click_class == 0
    QTest.mouseClick(view.viewport(), LEFT, Qt.KeyboardModifier.NoModifier, px(view, -0.5, 0.5))
    ds2 = view.session.dataset
    assert ds2.y[-1] == 0.0 and np.allclose(ds2.x[-1], [-0.5, 0.5], atol=0.05)
    assert len(view.class_points[0].data) == int(np.sum(ds2.y == 0))
    QTest.mouseClick(view.viewport(), RIGHT, Qt.KeyboardModifier.NoModifier, px(view, *ds2.x[-1]))
    assert len(view.session.dataset) == len(ds1)
    view.editor.undo()
    assert view.session.dataset is ds2
    view.editor.undo()
    view.editor.undo()
    assert view.session.dataset is ds0
    view.editor.redo()
    assert view.session.dataset is ds1


def test_regression_points_are_coloured_by_value_and_no_boundary(qtbot, view):
    view.editor.replace(gc.preset("plane"), "load preset 'plane'")
    s = view.session
    qtbot.waitUntil(lambda: s.frame.dataset.name == "plane", timeout=5000)
    assert len(view.value_points.data) == len(s.dataset)
    assert all(len(p.data) == 0 for p in view.class_points)
    assert len(view.boundary_points()) == 0


def test_dragging_a_point_moves_it_in_one_undo_step(qtbot, view):
    from data_panels import drag

    s, ed = view.session, view.editor
    ds0 = s.dataset
    i = 7
    a = tuple(ds0.x[i])
    b = (a[0] + 0.8, a[1] - 0.6)
    steps = len(ed.history)
    drag(view, a, b)
    ds1 = s.dataset
    pw, ph = view.getPlotItem().vb.viewPixelSize()
    assert np.allclose(ds1.x[i], b, atol=2 * max(pw, ph))
    assert ds1.y[i] == ds0.y[i] and len(ds1) == len(ds0)  # its class stays
    others = np.arange(len(ds0)) != i
    assert np.array_equal(ds1.x[others], ds0.x[others])
    assert len(ed.history) == steps + 1 and ed.undo_text() == "move point"
    assert "Moved point" in ed.history[-1].note and "\u2192" in ed.history[-1].note
    ed.undo()
    assert s.dataset is ds0
    ed.redo()
    assert s.dataset is ds1


def test_a_drag_on_empty_space_pans_and_edits_nothing(qtbot, view):
    from data_panels import drag

    ds0 = view.session.dataset
    before = view.getPlotItem().vb.viewRange()
    x = ds0.x
    corner = (float(x[:, 0].min()) - 0.3, float(x[:, 1].max()) + 0.3)
    assert view.nearest_point(*corner) is None
    drag(view, corner, (corner[0] + 1.0, corner[1] - 1.0))
    assert view.session.dataset is ds0 and not view.editor.moving
    assert view.getPlotItem().vb.viewRange() != before


def test_escape_during_a_drag_puts_the_point_back(qtbot, view):
    from data_panels import LEFT as L, NO, move_to, px as to_px

    s = view.session
    ds0 = s.dataset
    a = to_px(view, *ds0.x[3])
    QTest.mousePress(view.viewport(), L, NO, a)
    for k in range(1, 6):
        QTest.qWait(15)
        move_to(view, a + QPointF(12 * k, 0).toPoint())
    qtbot.waitUntil(lambda: s.dataset is not ds0, timeout=2000)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Escape)
    assert s.dataset is ds0 and not view.editor.moving
    QTest.qWait(15)
    QTest.mouseRelease(view.viewport(), L, NO, a + QPointF(60, 0).toPoint())
    assert s.dataset is ds0


def test_a_click_on_regression_data_adds_a_point_on_the_models_output(qtbot, view):
    s = view.session
    view.editor.replace(gc.preset("plane"), "load preset 'plane'")
    s.set_start([0.5, -2.0, 1.5])
    qtbot.waitUntil(lambda: s.frame.dataset.name == "plane" and np.allclose(s.frame.params, [0.5, -2, 1.5]),
                    timeout=5000)
    said = []
    s.message.connect(said.append)
    n = len(s.dataset)
    QTest.mouseClick(view.viewport(), LEFT, Qt.KeyboardModifier.NoModifier, px(view, 1.0, -1.0))
    ds = s.dataset
    assert len(ds) == n + 1
    x1, x2 = ds.x[-1]
    assert np.allclose([x1, x2], [1.0, -1.0], atol=0.05)
    y = 0.5 * x1 - 2.0 * x2 + 1.5  # the plane w1·x1 + w2·x2 + b, written out
    assert ds.y[-1] == pytest.approx(y, rel=1e-12)
    assert f"y = {y:.4g}, the model's output there" in said[-1]
    assert "y = the model's output there" in view.hint.text


def test_standardized_training_draws_the_same_output_in_x_units(qtbot, view):
    s = view.session
    s.set_start([2.0, 1.0, -1.0])
    qtbot.waitUntil(lambda: np.allclose(s.frame.params, [2, 1, -1]), timeout=5000)
    heat = view.heat.image.copy()
    s.update_settings(standardize=True)
    qtbot.waitUntil(lambda: s.frame.scaling is not None and s.frame.step == 0, timeout=5000)
    assert not np.allclose(s.frame.params, [2, 1, -1])  # the run's parameters are on u now
    np.testing.assert_allclose(view.heat.image, heat, rtol=1e-9, atol=1e-12)  # the same neuron on x
    g = view.sample_points()
    x = s.dataset.x
    u = (g - x.mean(axis=0)) / x.std(axis=0)
    p = s.frame.params
    np.testing.assert_allclose(view.heat.image.ravel(), 1 / (1 + np.exp(-(u @ p[:2] + p[2]))), rtol=1e-9)
