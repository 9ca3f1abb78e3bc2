"""The GL window: a native child window, its backdrop cache, the mouse, docking (marked gl)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from gradviz.gui.landscape import ContourView

from landscape_bowl import B, STATE, W, Z, descent_state, image_array, make_view3d, with_


@pytest.fixture
def view3d(qtbot):
    return make_view3d(qtbot)


@pytest.mark.gl
def test_3d_scene_is_a_native_child_window_and_the_window_stays_raster(view3d):
    """The GL scene is a QOpenGLWindow in a window container, not a QOpenGLWidget: a
    QOpenGLWidget would switch the whole top-level window to OpenGL composition (every
    panel's repaint composed through GL, slow with software GL)."""
    from PySide6.QtGui import QSurface
    from PySide6.QtOpenGL import QOpenGLWindow
    from PySide6.QtOpenGLWidgets import QOpenGLWidget

    assert isinstance(view3d.gl_view, QOpenGLWindow)
    assert not view3d.findChildren(QOpenGLWidget)
    assert view3d.window().windowHandle().surfaceType() == QSurface.SurfaceType.RasterSurface
    assert view3d.gl_view.isExposed() and view3d.gl_view.height() > 0


def _frame(view3d, cached: bool) -> np.ndarray:
    view3d.gl_view.cache_backdrop = cached
    try:
        return image_array(view3d.gl_view.render_image()).astype(float)
    finally:
        view3d.gl_view.cache_backdrop = True


def _changed_pixels(a: np.ndarray, b: np.ndarray) -> int:
    """Pixels that differ visibly (by more than 40 of 255 in a channel)."""
    return int((np.abs(a - b).max(axis=-1) > 40).sum()) if a.shape == b.shape else a.size


@pytest.mark.gl
def test_3d_backdrop_cache_draws_what_a_direct_frame_draws(qtbot, view3d):
    """The surface, floor, axes and labels are drawn into an offscreen image once and copied
    in each frame: every change to them (or the camera) must show, as a frame drawn directly
    shows it."""
    import pyqtgraph.opengl as gl

    # Mesa flips y offscreen, so edges fall on a few pixels differently (by up to 17 of
    # 255 for hard edges); smooth lines differ more, so they are drawn hard here
    lines = list(view3d.gl_view.items)
    for item in lines:
        lines.extend(item.childItems())
    for item in lines:
        if isinstance(item, gl.GLLinePlotItem):
            item.setData(antialias=False)
    view3d.set_state(STATE)
    before = _frame(view3d, True)
    assert _changed_pixels(before, _frame(view3d, False)) == 0
    changes = [
        ("camera", lambda: view3d.gl_view.orbit(40, 10)),
        ("surface", lambda: view3d.set_surface(W, B, Z * 3 + (W[:, None] - 0.5) ** 2 * 40, "w", "b")),
        ("log height", lambda: view3d.set_log_height(True)),
        ("a label", lambda: view3d.u_label.setVisible(False)),
        ("the optimum", lambda: view3d.set_state(with_(STATE, optimum=(1.5, -2.0, 30.0)))),
        ("background", lambda: view3d.gl_view.setBackgroundColor((90, 90, 90))),
        ("size", lambda: view3d.resize(700, 560)),
    ]
    for what, change in changes:
        change()
        qtbot.wait(20)
        cached, direct = _frame(view3d, True), _frame(view3d, False)
        assert _changed_pixels(cached, before) > 20, what     # the change shows...
        assert _changed_pixels(cached, direct) == 0, what     # ...as drawn directly
        before = cached


@pytest.mark.gl
def test_3d_training_frames_reuse_the_backdrop(qtbot, view3d):
    """Moving the ball, path and arrow (every frame of a run) does not redraw the backdrop;
    rotating the camera does, once."""
    gl_view = view3d.gl_view
    view3d.set_state(STATE)
    gl_view.render_image()
    renders = gl_view.backdrop_renders
    for steps in range(5, 30, 5):
        view3d.set_state(descent_state(steps=steps))
        gl_view.render_image()
    assert gl_view.backdrop_renders == renders
    gl_view.orbit(15, 0)
    gl_view.render_image()
    gl_view.render_image()
    assert gl_view.backdrop_renders == renders + 1


@pytest.mark.gl
def test_3d_without_framebuffer_blits_draws_everything_directly(qtbot, view3d, monkeypatch):
    """A GL older than 3.0 has no glBlitFramebuffer: the view then stops caching and draws
    the whole scene every frame, instead of failing every frame."""
    from OpenGL import GL

    view3d.set_state(STATE)
    direct = _frame(view3d, False)

    def missing(*args):
        raise RuntimeError("glBlitFramebuffer is not available")

    monkeypatch.setattr(GL, "glBlitFramebuffer", missing)
    frame = image_array(view3d.gl_view.render_image()).astype(float)
    assert not view3d.gl_view.cache_backdrop
    assert view3d.surface in view3d.gl_view.items and view3d.ball in view3d.gl_view.items
    assert _changed_pixels(frame, direct) == 0


@pytest.mark.gl
def test_3d_mouse_drag_rotates_and_wheel_zooms(qtbot, view3d):
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    win = view3d.gl_view
    before = view3d.gl_view.cameraParams()
    centre = QPoint(win.width() // 2, win.height() // 2)
    QTest.mousePress(win, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    for dx in (10, 20, 40, 60):
        QTest.mouseMove(win, centre + QPoint(dx, dx // 2))
    QTest.mouseRelease(win, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre + QPoint(60, 30))
    after = view3d.gl_view.cameraParams()
    assert after["azimuth"] != pytest.approx(before["azimuth"])
    assert after["elevation"] != pytest.approx(before["elevation"])
    from PySide6.QtCore import QPointF as P
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication
    ev = QWheelEvent(P(centre), P(win.mapToGlobal(centre)), QPoint(0, 0), QPoint(0, 240),
                     Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(win, ev)
    assert view3d.gl_view.cameraParams()["distance"] < after["distance"]


@pytest.mark.gl
def test_3d_view_in_a_dock_floats_and_docks_again(qtbot):
    """Floating the dock re-parents the native GL window into another top-level window
    (and back): no crash, no Qt warning, still painting, grab still complete."""
    from PySide6.QtWidgets import QDockWidget, QMainWindow

    from gradviz.gui.landscape import Landscape3DView
    main = QMainWindow()
    qtbot.addWidget(main)
    main.setCentralWidget(ContourView())
    view = Landscape3DView()
    view.set_surface(W, B, Z, "w", "b")
    view.set_state(STATE)
    dock = QDockWidget("3D", main)
    dock.setWidget(view)
    main.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    main.resize(1000, 640)
    main.show()
    qtbot.waitExposed(main)
    qtbot.wait(50)
    for floating in (True, False, True, False):
        dock.setFloating(floating)
        qtbot.wait(150)
        qtbot.waitUntil(view.gl_view.isExposed)
        view.set_state(STATE)
        rgb = image_array(view.grab_image())
        legend_h = view.height() - view.gl_view.height()
        r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
        assert ((r > 170) & (g > 70) & (g < 170) & (b < 80))[:-legend_h].sum() > 80   # the ball
        scene = rgb[:-legend_h].reshape(-1, 3)
        assert len(np.unique(scene[::7], axis=0)) > 200             # and the (cached) surface
    main.close()
