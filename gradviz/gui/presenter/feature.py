"""Presenter zoom and layout in the window: View > Zoom in / out / reset (Ctrl+= / Ctrl+- /
Ctrl+0, remembered between launches, ``--zoom`` for one launch), View > Presenter layout
(F11: full screen, the data view and the 3D view large) and View > Show key presses."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QMenu

from gradviz.gui.files.config import app_settings
from gradviz.gui.presenter.key_overlay import KeyOverlay
from gradviz.gui.presenter.levels import check_percent
from gradviz.gui.presenter.scene_zoom import rescale_window
from gradviz.gui.presenter.zoom import zoom
from gradviz.gui.presenter.zoom_layout import ZoomLayout
from gradviz.gui.window_layout import panel_min_width

SETTINGS_KEY = "view/zoom"
SIDE_SHARE = 0.18     # the compact side and bottom docks' share of the screen in the presenter layout
LANDSCAPE_SHARE = 0.38  # the 3D view's (or the contour's) column
BOTTOM_MAX_SHARE = 0.3
CONTROLS_MAX_SHARE = 0.24  # the controls as wide as they need (a zoom), up to this share


def saved_percent() -> int:
    try:
        return check_percent(app_settings().value(SETTINGS_KEY, 100))
    except ValueError:
        return 100


class PresenterFeature:
    def __init__(self, window) -> None:
        self.window = window
        self.zoom = zoom()
        self.overlay = KeyOverlay(window)
        self._saved_state = None   # the layout before the presenter layout
        self._saved_geometry = None
        self._was_maximized = False
        w = window
        self.act_zoom_in = w.add_action("Zoom &in", self.zoom_in, None, "Larger text, lines and points")
        self.act_zoom_in.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self.act_zoom_out = w.add_action("Zoom &out", self.zoom_out, "Ctrl+-", "Smaller text, lines and points")
        self.act_zoom_reset = w.add_action("&Reset zoom", self.reset_zoom, "Ctrl+0", "Text, lines and points at 100 %")
        self.act_presenter = w.add_action("&Presenter layout", self.set_presenter, "F11",
                                       "Full screen with the data view and the 3D view large", True, False)
        self.act_keys = w.add_action("Show &key presses", self.overlay.set_enabled, None,
                                  "Show each key pressed in large letters, for a class watching", True, False)
        # plot items made or restyled since the last change (new legend entries, a rebuilt
        # diagram, a theme's pens) catch up twice a second; at 100 % there is nothing to catch up
        self._catch_up = QTimer(window, interval=500)
        self._catch_up.timeout.connect(self.rescale_now)
        self.layout = ZoomLayout(window, self.zoom, self.rescale_now)
        self.zoom.follow(window, self._on_zoom)  # the zoom outlives the window: follow, not connect
        self.set_percent(saved_percent())

    def install_menu(self, m_view: QMenu) -> None:
        menu = m_view.addMenu("&Zoom")
        self.zoom_menu = menu
        for act in (self.act_zoom_in, self.act_zoom_out, self.act_zoom_reset):
            menu.addAction(act)
        m_view.addAction(self.act_presenter)
        m_view.addAction(self.act_keys)
        self._update_labels(self.zoom.percent())

    # ----- zoom ------------------------------------------------------------------------------
    def percent(self) -> int:
        return self.zoom.percent()

    def set_percent(self, percent: int) -> None:
        """This launch only (``--zoom``): not remembered."""
        self.zoom.set_percent(percent)

    def _remember(self) -> None:
        settings = app_settings()
        settings.setValue(SETTINGS_KEY, self.zoom.percent())
        settings.sync()

    def zoom_in(self) -> None:
        self.zoom.zoom_in()
        self._remember()

    def zoom_out(self) -> None:
        self.zoom.zoom_out()
        self._remember()

    def reset_zoom(self) -> None:
        self.zoom.reset()
        self._remember()

    def rescale_now(self) -> None:
        """Plot items made since the last change (a rebuilt diagram, new marks) at this zoom."""
        self._rescale(self.zoom.factor())

    def _on_zoom(self, factor: float) -> None:
        self._rescale(factor)
        self._update_labels(self.zoom.percent())
        self._catch_up.start() if factor != 1.0 else self._catch_up.stop()
        self.layout.changed()

    def _rescale(self, factor: float) -> None:
        view3d = self.window.view3d
        rescale_window(self.window, factor, [view3d.gl_view] if view3d is not None else [])
        self._fit_dock_titles()

    def _fit_dock_titles(self) -> None:
        """A dock draws its title in the font it was made with unless its own font differs
        from its class's: the class keeps the unzoomed font and each dock gets the zoomed one."""
        QApplication.setFont(self.zoom.base_font(), "QDockWidget")
        font = self.zoom.scaled_font()
        for dock in self.window.findChildren(QDockWidget):
            if dock.font() != font:
                dock.setFont(font)

    def _update_labels(self, percent: int) -> None:
        if hasattr(self, "zoom_menu"):
            self.zoom_menu.setTitle(f"&Zoom ({percent} %)")
        self.act_zoom_in.setEnabled(percent < 300)
        self.act_zoom_out.setEnabled(percent > 75)

    def apply_command_line(self, args) -> None:
        if getattr(args, "zoom", None):
            self.set_percent(args.zoom)

    # ----- presenter layout ------------------------------------------------------------------
    def presenting(self) -> bool:
        return self._saved_state is not None

    def set_presenter(self, on: bool) -> None:
        w = self.window
        if on == self.presenting():
            return
        if on:
            self._saved_state = w.saveState()
            self._saved_geometry = w.saveGeometry()
            self._was_maximized = w.isMaximized()
            w.showFullScreen()
            QTimer.singleShot(0, self._presenter_sizes)
        else:
            state, self._saved_state = self._saved_state, None
            w.showMaximized() if self._was_maximized else w.showNormal()
            w.restoreGeometry(self._saved_geometry)
            w.restoreState(state)
            w.dock_shares.record()
        if self.act_presenter.isChecked() != on:
            self.act_presenter.setChecked(on)

    def _presenter_sizes(self) -> None:
        """The data view and the 3D view large; the controls, loss curve and readout compact."""
        w = self.window
        if not self.presenting():
            return
        screen = w.screen().geometry()
        if w.size() != screen.size():  # no window manager made it full screen: as it would
            w.setGeometry(screen)
            w.setWindowState(w.windowState() | Qt.WindowState.WindowFullScreen)  # the geometry cleared it
        size = screen.size()
        docks = w.docks
        land = docks.get("landscape3d") or docks["contour"]
        controls = max(int(size.width() * SIDE_SHARE), min(panel_min_width(docks["controls"]),
                                                          int(size.width() * CONTROLS_MAX_SHARE)))
        w.resizeDocks([docks["controls"], land], [controls, int(size.width() * LANDSCAPE_SHARE)],
                      Qt.Orientation.Horizontal)
        # the loss curve keeps room for its zoomed axis labels above a plot that still shows
        bottom = min(BOTTOM_MAX_SHARE, SIDE_SHARE * max(1.0, self.zoom.factor()))
        w.resizeDocks([docks["loss"]], [int(size.height() * bottom)], Qt.Orientation.Vertical)
        if "landscape3d" in docks:
            w.resizeDocks([docks["landscape3d"], docks["contour"]],
                          [int(size.height() * 0.6), int(size.height() * 0.25)], Qt.Orientation.Vertical)
        w.dock_shares.record()
