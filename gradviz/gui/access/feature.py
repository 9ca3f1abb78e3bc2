"""Keyboard-only use of the main window: Edit > Add a Point... (Insert), a key for the
run-history export, a focus frame on every plot that takes focus, and an accessible name
on every control (filled in again when a dock shows or the settings add rows)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu, QTabBar

from gradviz.gui.access.focus_frame import FocusFrame
from gradviz.gui.access.names import PLOTS, interactive_widgets, name_from_labels, needs_name

ADD_POINT_KEY = "Insert"
EXPORT_HISTORY_KEY = "Ctrl+Shift+H"
DATA_VIEW_NAME = "Data view: the points and the model's curve"


class KeyboardAccess(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)  # (a child: the session's signals stop reaching it with the window)
        self.window = window
        panel = window.data_panel
        panel.setAccessibleName(DATA_VIEW_NAME)
        panel.setAccessibleDescription("Up and Down pick a point, Alt+arrows move it, Delete removes it, "
                                       "Insert adds one at a typed position.")
        self.act_add_point = QAction("Add a &Point…", window)
        self.act_add_point.setShortcut(QKeySequence(ADD_POINT_KEY))
        self.act_add_point.setStatusTip("Add a data point at an x and y you type")
        self.act_add_point.triggered.connect(lambda: panel.keys.add_point_dialog())
        window.addAction(self.act_add_point)  # the key works whichever dock has focus
        history = window.export.act_history
        history.setShortcut(QKeySequence(EXPORT_HISTORY_KEY))
        history.setProperty("help_text", "Export the run history (CSV)")  # (its menu names only the what)
        window.addAction(history)
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(0)
        self._refresh.timeout.connect(self.name_controls)
        for dock in window.findChildren(QDockWidget):
            dock.visibilityChanged.connect(self._name_soon)
        window.session.settingsChanged.connect(self._name_soon)
        self.name_controls()

    def _name_soon(self, *_args) -> None:
        self._refresh.start()  # once, after the rows or docks that just changed are built

    def install_menu(self, m_edit: QMenu) -> None:
        m_edit.addAction(self.act_add_point)

    def name_controls(self) -> None:
        """Name every control Qt would read no name for, and frame every focusable plot."""
        for w in name_from_labels(self.window):  # a plot or text view without a label: its dock's title
            dock = _dock_of(w)
            if dock is not None:
                w.setAccessibleName(dock.windowTitle())
        # the tab bars of docks stacked together (the window's own children) say their tabs
        for bar in self.window.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly):
            name = "Tabs: " + ", ".join(bar.tabText(k) for k in range(bar.count()))
            if bar.accessibleName() != name:
                bar.setAccessibleName(name)
        for w in interactive_widgets(self.window):
            if isinstance(w, PLOTS) and w.findChild(FocusFrame, options=Qt.FindChildOption.FindDirectChildrenOnly) is None:
                FocusFrame(w)


def _dock_of(widget):
    p = widget.parentWidget()
    while p is not None and not isinstance(p, QDockWidget):
        p = p.parentWidget()
    return p
