"""The 3D view without a mouse: it takes the focus, shows a frame while it has it, and its
keys turn and zoom the camera instead of stepping the training."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gradviz.gui.access.names import spoken_name
from gradviz.gui.landscape.camera_keys import TURN_DEGREES, ZOOM_STEP
from gradviz.gui.landscape.surface_view import DEFAULT_CAMERA
from windows import window_closed_after


@pytest.fixture
def window(qtbot, config_dir):
    yield from window_closed_after(qtbot)


@pytest.fixture
def view3d(qtbot, window):
    view = window.view3d
    if view is None:
        pytest.skip("no OpenGL here: the window shows the contour map instead")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view.keyboard_widget().setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWindow() is view.gl_view)  # the keys reach the scene
    return view


def _press(qtbot, view, key, modifier=Qt.KeyboardModifier.NoModifier):
    QTest.keyClick(view.gl_view, key, modifier)  # through the shortcuts, as a real key press
    qtbot.wait(20)


def test_the_3d_view_takes_the_focus_has_a_name_and_shows_a_frame(qtbot, view3d):
    target = view3d.keyboard_widget()
    assert target.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert spoken_name(target).startswith("Loss landscape in 3D")
    frame = view3d.focus_frame
    assert frame.shown()
    top = frame.edges[0]
    assert top.geometry().topLeft() == target.geometry().topLeft() and top.width() == target.width()
    image = top.grab().toImage()
    highlight = top.palette().color(QPalette.ColorRole.Highlight)
    assert image.pixelColor(image.width() // 2, 1) == highlight  # drawn, over the scene's top edge
    view3d.window().controls.play_button.setFocus()
    qtbot.waitUntil(lambda: not frame.shown())


def test_arrows_turn_the_view_and_do_not_step(qtbot, window, view3d):
    camera = view3d.gl_view.cameraParams
    azimuth, elevation = camera()["azimuth"], camera()["elevation"]
    step = window.session.snapshot.step
    _press(qtbot, view3d, Qt.Key.Key_Left)
    assert camera()["azimuth"] == pytest.approx(azimuth + TURN_DEGREES)
    _press(qtbot, view3d, Qt.Key.Key_Right)
    _press(qtbot, view3d, Qt.Key.Key_Right)
    assert camera()["azimuth"] == pytest.approx(azimuth - TURN_DEGREES)
    _press(qtbot, view3d, Qt.Key.Key_Up)
    assert camera()["elevation"] == pytest.approx(elevation + TURN_DEGREES)
    _press(qtbot, view3d, Qt.Key.Key_Down)
    assert camera()["elevation"] == pytest.approx(elevation)
    qtbot.wait(100)
    assert window.session.snapshot.step == step  # Right turned the view; no training step


def test_plus_and_minus_zoom_the_camera_and_home_resets_it(qtbot, view3d):
    camera = view3d.gl_view.cameraParams
    distance = camera()["distance"]
    _press(qtbot, view3d, Qt.Key.Key_Plus, Qt.KeyboardModifier.ShiftModifier)
    assert camera()["distance"] == pytest.approx(distance * ZOOM_STEP)
    _press(qtbot, view3d, Qt.Key.Key_Minus)
    _press(qtbot, view3d, Qt.Key.Key_Minus)
    assert camera()["distance"] == pytest.approx(distance / ZOOM_STEP)
    _press(qtbot, view3d, Qt.Key.Key_Left)
    _press(qtbot, view3d, Qt.Key.Key_Home)  # the window's "Reset 3D view"
    assert camera()["distance"] == pytest.approx(distance)
    assert camera()["azimuth"] == pytest.approx(DEFAULT_CAMERA["azimuth"])


def test_shift_right_still_takes_ten_steps_and_tab_moves_on(qtbot, window, view3d):
    step = window.session.snapshot.step
    _press(qtbot, view3d, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.session.snapshot.step == step + 10)
    _press(qtbot, view3d, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not view3d.keyboard_widget().hasFocus())


def test_the_shortcuts_table_lists_the_3d_keys(qtbot, window, view3d):
    dialog = window.show_shortcuts()
    rows = dialog.rows()
    dialog.close()
    assert ("Arrows", "Turn the 3D view") in rows
    assert ("+ / −", "Zoom the 3D camera in / out") in rows
