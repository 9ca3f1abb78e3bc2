"""The main window's layout: the docks keep their share of the window when it is resized, and
the window's size, position and docks are saved between launches."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow

from gradviz.gui.files.config import app_settings

LAYOUT_VERSION = 1  # bump when docks change so an old saved layout is not applied


class DockShares(QObject):
    """Keeps each docked panel's share of the window's width and height when the window is
    resized. QMainWindow gives a whole resize to the central widget: shrunk to 800x600 and
    grown back, the docks would stay squeezed. The shares are taken when the layout settles
    (``record()``: shown, restored, reset) and whenever the user drags a separator."""

    def __init__(self, window: QMainWindow, docks: dict) -> None:
        super().__init__(window)
        self._window = window
        self._docks = docks
        self._shares: dict[str, tuple[float, float]] = {}
        self._size = None  # the window's size when the shares were taken or applied
        for dock in docks.values():
            dock.installEventFilter(self)

    def _docked(self):
        return [(k, d) for k, d in self._docks.items() if d.isVisible() and not d.isFloating()]

    def record(self) -> None:
        w, h = self._window.width(), self._window.height()
        if w <= 0 or h <= 0:
            return
        self._shares = {k: (d.width() / w, d.height() / h) for k, d in self._docked()}
        self._size = self._window.size()

    def apply(self) -> None:
        """The window was resized: give every dock its share of the new size."""
        if not self._shares or self._window.size() == self._size:
            return
        self._size = self._window.size()
        w, h = self._size.width(), self._size.height()
        docks = [(self._docks[k], share) for k, share in self._shares.items() if self._docks[k].isVisible()]
        if docks:
            self._window.resizeDocks([d for d, _ in docks], [round(s[0] * w) for _, s in docks],
                                     Qt.Orientation.Horizontal)
            self._window.resizeDocks([d for d, _ in docks], [round(s[1] * h) for _, s in docks],
                                     Qt.Orientation.Vertical)

    def eventFilter(self, obj, ev) -> bool:
        # a dock resized while a mouse button is down and the window keeps its size: the
        # user is dragging a separator, and the new sizes are the shares to keep
        if ev.type() == QEvent.Type.Resize and self._window.size() == self._size \
                and QGuiApplication.mouseButtons() != Qt.MouseButton.NoButton:
            self.record()
        return False


def restore_layout(window: QMainWindow) -> bool:
    """The window's size, position and docks as saved last time; True if a saved size and
    position was applied."""
    st = app_settings()
    geom = st.value("window/geometry")
    state = st.value("window/state")
    restored = False
    if isinstance(geom, QByteArray) and not geom.isEmpty():
        restored = window.restoreGeometry(geom)
    if isinstance(state, QByteArray) and not state.isEmpty():
        window.restoreState(state, LAYOUT_VERSION)
    return restored


def save_layout(window: QMainWindow) -> None:
    st = app_settings()
    st.setValue("window/geometry", window.saveGeometry())
    st.setValue("window/state", window.saveState(LAYOUT_VERSION))
    st.sync()
