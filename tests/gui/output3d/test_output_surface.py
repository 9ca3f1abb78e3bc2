"""The model's output over the (x1, x2) plane as a 3D surface in the window (needs OpenGL:
runs under Xvfb with Mesa)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest

from screen_invariants import nonfinite_on_screen
from text_fit import clipped_texts
from windows import make_window, settled_frame, window_closed_after

import gradviz.core as gc
from gradviz.gui.data_view.plane_view import CLASS_COLORS
from gradviz.gui.output3d.box import BOX_HEIGHT, MESH
from gradviz.gui.state.settings import Settings

pytestmark = pytest.mark.gl


@pytest.fixture
def window(qtbot):
    yield from window_closed_after(qtbot, dataset=gc.preset("blobs"),
                                   settings=Settings(model="neuron", loss="bce", lr=0.5))


def _shown_3d(qtbot, win, start=None):
    if start is not None:
        win.session.set_start(start)
    settled_frame(qtbot, win.session)
    win.two_inputs.show_3d(True)
    view = win.two_inputs.view3d()
    qtbot.waitUntil(lambda: view.surface_heights() is not None, timeout=5000)
    return view


def _grid(view):
    b = view.box()
    return np.meshgrid(np.linspace(b.a0, b.a1, MESH), np.linspace(b.b0, b.b1, MESH), indexing="ij")


def _neuron_heights(view, w1, w2, b):
    x1, x2 = _grid(view)
    return BOX_HEIGHT / (1.0 + np.exp(-(w1 * x1 + w2 * x2 + b)))   # P(class 1), 0..1 up the box


def test_surface_is_the_neurons_probability_over_the_datas_box(qtbot, window):
    view = _shown_3d(qtbot, window, [2.0, 1.0, -1.0])
    x = window.session.dataset.x
    b = view.box()
    assert b.a0 < x[:, 0].min() and x[:, 0].max() < b.a1 and b.b0 < x[:, 1].min() and x[:, 1].max() < b.b1
    np.testing.assert_allclose(view.surface_heights(), _neuron_heights(view, 2.0, 1.0, -1.0), atol=1e-9)
    verts = view.surface.opts["meshdata"].vertexes().reshape(MESH, MESH, 3)
    x1, x2 = _grid(view)
    np.testing.assert_allclose(verts[..., 0], -5 + 10 * (x1 - b.a0) / (b.a1 - b.a0), atol=1e-5)
    np.testing.assert_allclose(verts[..., 1], -5 + 10 * (x2 - b.b0) / (b.b1 - b.b0), atol=1e-5)
    np.testing.assert_allclose(verts[..., 2], view.surface_heights(), atol=1e-5)
    # the 0.5 boundary lies on the line 2·x1 + x2 = 1, at half the box's height
    seg = view.boundary.pos
    assert len(seg) > 20 and np.allclose(seg[:, 2], BOX_HEIGHT / 2, atol=0.05)
    bx1 = b.a0 + (seg[:, 0] + 5) / 10 * (b.a1 - b.a0)
    bx2 = b.b0 + (seg[:, 1] + 5) / 10 * (b.b1 - b.b0)
    np.testing.assert_allclose(2 * bx1 + bx2, 1.0, atol=0.02)


def test_points_sit_at_the_data_in_their_class_colours(qtbot, window):
    view = _shown_3d(qtbot, window)
    ds, b = window.session.dataset, view.box()
    expected = np.column_stack([-5 + 10 * (ds.x[:, 0] - b.a0) / (b.a1 - b.a0),
                                -5 + 10 * (ds.x[:, 1] - b.b0) / (b.b1 - b.b0), BOX_HEIGHT * ds.y])
    np.testing.assert_allclose(view.points.pos, expected, atol=1e-5)
    colours = np.asarray(view.points.color)
    for k in (0, 1):
        want = np.tile(pg.mkColor(CLASS_COLORS[k]).getRgbF(), ((ds.y == k).sum(), 1))
        np.testing.assert_allclose(colours[ds.y == k], want, atol=1e-6)


def test_surface_follows_the_training(qtbot, window):
    view = _shown_3d(qtbot, window, [0.5, -0.5, 0.0])
    before = view.surface_heights()
    window.session.step_once(40)
    qtbot.waitUntil(lambda: window.session.frame.snapshot.step == 40, timeout=10000)
    p = window.session.frame.params
    qtbot.waitUntil(lambda: np.allclose(view.surface_heights(), _neuron_heights(view, *p), atol=1e-9),
                    timeout=5000)
    assert not np.allclose(before, view.surface_heights())


def test_regression_surface_is_the_plane_cut_at_the_boxs_range(qtbot):
    win = make_window(qtbot, dataset=gc.preset("plane"), settings=Settings(model="plane", loss="l2", lr=0.005))
    try:
        view = _shown_3d(qtbot, win, [1.5, -0.7, 0.5])
        y = win.session.dataset.y
        z0, z1 = y.min() - 0.15 * np.ptp(y), y.max() + 0.15 * np.ptp(y)
        x1, x2 = _grid(view)
        out = 1.5 * x1 - 0.7 * x2 + 0.5
        expected = np.clip(BOX_HEIGHT * (out - z0) / (z1 - z0), 0.0, BOX_HEIGHT)
        np.testing.assert_allclose(view.surface_heights(), expected, atol=1e-9)
        assert (expected == BOX_HEIGHT).any() and (expected == 0).any()   # cut at the lid and the floor
        # each point's stem runs from the point to the surface under it
        stems = view.stems.pos.reshape(-1, 2, 3)
        np.testing.assert_allclose(stems[:, 0], view.point_positions(), atol=1e-5)
        x = win.session.dataset.x
        inside = (np.abs(1.5 * x[:, 0] - 0.7 * x[:, 1] + 0.5 - (z0 + z1) / 2) < 0.4 * (z1 - z0))
        under = BOX_HEIGHT * (1.5 * x[:, 0] - 0.7 * x[:, 1] + 0.5 - z0) / (z1 - z0)
        np.testing.assert_allclose(stems[inside, 1, 2], under[inside], atol=1e-5)  # a plane: bilinear is exact
    finally:
        win.close()


def test_top_view_key_looks_straight_down_and_side_view_back(qtbot, window):
    _shown_3d(qtbot, window)
    window.two_inputs.show_3d(False)
    assert window.centralWidget().shown_view() is window.plane_view
    window.activateWindow()  # a window's shortcuts need it active
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    QTest.keyClick(window.focusWidget() or window, Qt.Key.Key_T)
    view = window.two_inputs.view3d()
    assert window.centralWidget().shown_view() is view
    assert view.camera()["elevation"] == pytest.approx(90.0)
    assert not view.z_label.visible()      # the output axis is seen end-on
    view.reset_button.click()
    assert view.camera()["elevation"] < 45 and view.z_label.visible()
    QTest.keyClick(window.focusWidget() or window, Qt.Key.Key_3)    # 3 switches back to the 2D map
    assert window.centralWidget().shown_view() is window.plane_view
    assert window.two_inputs.button_2d.isChecked() and not window.two_inputs.act_3d.isChecked()


def test_hidden_for_one_input_data(qtbot, window):
    view = _shown_3d(qtbot, window)
    assert view.isVisible() and window.two_inputs.act_3d.isEnabled()
    window.load_preset("lesson")
    assert not view.isVisible() and not window.two_inputs.isVisible()
    assert not window.two_inputs.act_3d.isEnabled() and not window.two_inputs.act_top.isEnabled()
    window.editor.undo()                    # the blobs again: the 3D surface as it was left
    assert view.isVisible() and window.two_inputs.act_3d.isEnabled()


def _rgb(img: QImage) -> np.ndarray:
    img = img.convertToFormat(QImage.Format.Format_RGB32)
    buf = np.frombuffer(img.constBits(), dtype=np.uint8).reshape(img.height(), img.bytesPerLine() // 4, 4)
    return buf[:, :img.width(), 2::-1].astype(int)


def test_screenshot_from_the_top_shows_the_boundary_as_the_colour_split(qtbot, window):
    view = _shown_3d(qtbot, window, [4.0, 0.0, 0.0])   # class 1 where x1 > 0: the right half
    view.top_view()
    qtbot.wait(50)
    rgb = _rgb(window.render_image())
    top_left = view.mapTo(window, QPoint(0, 0))
    h = view.gl_view.height()
    scene = rgb[top_left.y():top_left.y() + h, top_left.x():top_left.x() + view.width()]
    r, b = scene[..., 0], scene[..., 2]
    blue, red = b > r + 40, r > b + 40
    x1_zero = (view.box().to_display(0.0, 0.0, 0.0)[0] + 5) / 10  # where x1 = 0 lies across the box
    cols = np.arange(scene.shape[1])
    box_cols = np.flatnonzero((blue | red).sum(axis=0) > 20)
    split = box_cols[0] + x1_zero * (box_cols[-1] - box_cols[0])
    left, right = cols < split - 8, cols > split + 8
    assert blue[:, left].sum() > 20 * red[:, left].sum() and red[:, right].sum() > 20 * blue[:, right].sum()
    assert blue.sum() > 5000 and red.sum() > 5000
    assert clipped_texts(window) == [] and nonfinite_on_screen(window) == []


def test_without_opengl_the_3d_choice_says_why(qtbot):
    win = make_window(qtbot, dataset=gc.preset("xor"), use_gl=False)
    try:
        win.two_inputs.show_3d(True)
        shown = win.centralWidget().shown_view()
        assert win.two_inputs.view3d() is None
        assert "3D view unavailable" in shown.text() and "--no-gl" in shown.text()
    finally:
        win.close()


def test_follows_the_theme_and_the_presenter_zoom(qtbot, window):
    from gradviz.gui.presenter.zoom import zoom
    from gradviz.gui.theme.apply import qcolor, themes

    view = _shown_3d(qtbot, window)
    try:
        themes().set_mode("dark")
        assert view.gl_view.opts["bgcolor"] == qcolor(themes().palette().landscape_background).getRgbF()
        window.presenter.set_percent(150)
        assert view.points.size == pytest.approx(8 * 1.5) and view.boundary.width == pytest.approx(2.5 * 1.5)
        assert view.x1_label.font.pointSizeF() == pytest.approx(11 * 1.5)
    finally:
        zoom().reset()
        themes().set_mode("system")
    assert view.points.size == pytest.approx(8)
