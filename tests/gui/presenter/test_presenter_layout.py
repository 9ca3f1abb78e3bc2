"""The presenter layout (F11) and the key-press overlay."""

from __future__ import annotations

from PySide6.QtCore import Qt

from zoom_helpers import activate


def test_f11_toggles_full_screen_with_large_views_and_back(qtbot, window):
    window.resize(1400, 900)
    qtbot.wait(50)
    before, size = window.saveState(), window.size()
    data_width = window.data_panel.width()
    window.presenter.act_presenter.trigger()
    qtbot.waitUntil(lambda: window.isFullScreen())
    qtbot.wait(100)
    assert window.presenter.presenting() and window.presenter.act_presenter.isChecked()
    assert window.size() == window.screen().geometry().size()
    land = window.docks.get("landscape3d") or window.docks["contour"]
    # the data view and the landscape take most of the width; the controls stay compact
    assert window.data_panel.width() + land.width() > 0.7 * window.width()
    assert window.docks["controls"].width() < window.data_panel.width()
    assert all(window.docks[k].isVisible() for k in ("controls", "loss", "readout"))
    window.presenter.act_presenter.trigger()
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert not window.presenter.presenting()
    assert window.saveState() == before and window.size() == size
    assert abs(window.data_panel.width() - data_width) <= 4


def test_the_overlay_shows_the_last_key_only_when_asked(qtbot, window):
    overlay = window.presenter.overlay
    activate(qtbot, window)
    qtbot.keyClick(window.data_panel, Qt.Key.Key_L)
    assert not overlay.isVisible()
    window.presenter.act_keys.trigger()
    assert window.presenter.act_keys.isChecked() and overlay.enabled()
    qtbot.keyClick(window.data_panel, Qt.Key.Key_L)  # log scale: a key a shortcut takes
    assert overlay.isVisible() and overlay.text() == "L"
    qtbot.keyClick(window.data_panel, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert overlay.text() == "Ctrl+0"
    assert overlay.geometry().bottom() < window.height() and overlay.x() >= 0
    assert overlay.width() >= overlay.fontMetrics().horizontalAdvance("Ctrl+0")
    qtbot.waitUntil(lambda: not overlay.isVisible(), timeout=3000)  # it fades after a moment
    window.presenter.act_keys.trigger()
    qtbot.keyClick(window.data_panel, Qt.Key.Key_L)
    assert not overlay.isVisible()
