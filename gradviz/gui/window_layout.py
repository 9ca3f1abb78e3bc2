"""The main window's layout: the docks keep their share of the window when it is resized, and
the window's size, position and docks are saved between launches."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDockWidget, QFrame, QMainWindow, QScrollArea, QWidget

from gradviz.gui.files.config import app_settings

LAYOUT_VERSION = 1  # bump when docks change so an old saved layout is not applied
# the default layout's dock sizes, as shares of the window: the data view keeps the most room
DEFAULT_SHARES = {"left": 300 / 1400, "right": 470 / 1400, "bottom": 250 / 900}
NEEDED_MAX_SHARE = 0.45  # by default a dock is as wide as its panel needs, up to this share
CENTRAL_MIN = (320, 220)  # the data view never shrinks below this; the docks give way first
DOCK_MIN = (220, 120)  # a dock shrinks to this; a panel needing more scrolls inside it
# a window property: the docks' state (saveState(LAYOUT_VERSION)) to save in place of the
# one shown (a zoom's stacked column is for this window size and zoom, not the next launch)
LAYOUT_UNDERNEATH = "layout_underneath"


def shrinkable(widget: QWidget, native: QWidget | None = None) -> QWidget:
    """``widget``, or a scroll area holding it: a panel wider or taller than a dock's minimum
    scrolls inside its dock, so a small window still leaves the data view its room. A panel
    holding ``native`` (the 3D view, a native window that a scroll area cannot clip) is cut
    at the minimum instead."""
    hint = widget.minimumSizeHint()
    if hint.width() <= DOCK_MIN[0] and hint.height() <= DOCK_MIN[1]:
        return widget
    smallest = (min(hint.width(), DOCK_MIN[0]), min(hint.height(), DOCK_MIN[1]))
    if native is not None and (widget is native or widget.isAncestorOf(native)):
        widget.setMinimumSize(*smallest)
        return widget
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    # Tab goes straight to the panel's controls (the area still scrolls a focused one into view)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setMinimumSize(*smallest)
    return area


def panel_min_width(dock: QDockWidget) -> int:
    """The width a dock's panel needs to show without scrolling or being cut."""
    widget = dock.widget()
    if isinstance(widget, QScrollArea):
        return widget.widget().minimumSizeHint().width() + widget.verticalScrollBar().sizeHint().width()
    return widget.minimumSizeHint().width()  # (a cut panel keeps its layout's hint)


def panel_min_height(dock: QDockWidget) -> int:
    """The height a dock needs to show its panel without scrolling, its title bar included."""
    widget = dock.widget()
    inner = widget.widget() if isinstance(widget, QScrollArea) else widget
    title = max(0, dock.height() - widget.height()) if widget.height() > 0 else 0
    return inner.minimumSizeHint().height() + title


def _least_height(dock: QDockWidget) -> int:
    """The height below which a dock cuts its panel (a scrolling panel: its scroll area's)."""
    widget = dock.widget()
    least = widget.minimumHeight() if isinstance(widget, QScrollArea) else widget.minimumSizeHint().height()
    return least + max(0, dock.height() - widget.height())


def _bottom_height(window: QMainWindow, dock: QDockWidget, share_height: int) -> int:
    """A bottom dock's height: its share, but as tall as its panel needs (a plot keeps its
    data area) while the window has room for that: up to NEEDED_MAX_SHARE of its height,
    and never taking what the docks above need."""
    h = window.height()
    on_screen = [d for d in window.findChildren(QDockWidget) if d.isVisible() and not d.isFloating()
                 and window.rect().intersects(d.geometry())]  # (a tab behind another lies outside)
    above = CENTRAL_MIN[1]
    for area in (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea):
        above = max(above, sum(_least_height(d) for d in on_screen if window.dockWidgetArea(d) == area))
    chrome = window.menuBar().height() + (window.statusBar().height() if window.statusBar().isVisible() else 0)
    room = min(round(NEEDED_MAX_SHARE * h), h - chrome - above)
    return max(share_height, min(panel_min_height(dock), room))


def size_docks_by_default(window: QMainWindow, left: QDockWidget, right: QDockWidget, bottom: QDockWidget,
                          right_below: QDockWidget | None = None) -> None:
    """The default layout's sizes for the window's current size: each side dock its share,
    but as wide as its panel needs while the window has room for that; ``right_below``
    (under ``right``) gets a third of that column."""
    w, h = window.width(), window.height()
    bottom_h = round(DEFAULT_SHARES["bottom"] * h)
    if right_below is not None:
        # the column stands above the bottom docks: split what they leave, not the whole height
        column = max(h - bottom_h, 2 * DOCK_MIN[1])
        window.resizeDocks([right, right_below], [2 * column // 3, column // 3], Qt.Orientation.Vertical)
    for dock, share in ((left, DEFAULT_SHARES["left"]), (right, DEFAULT_SHARES["right"])):
        need = min(panel_min_width(dock), round(NEEDED_MAX_SHARE * w))
        window.resizeDocks([dock], [max(round(share * w), need)], Qt.Orientation.Horizontal)
    window.resizeDocks([bottom], [_bottom_height(window, bottom, bottom_h)], Qt.Orientation.Vertical)


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

    def settle(self) -> None:
        """The layout has settled (the window shows): each bottom dock as tall as its panel
        needs while the window has room, then the shares taken."""
        bottom = [d for _k, d in self._docked()
                  if self._window.dockWidgetArea(d) == Qt.DockWidgetArea.BottomDockWidgetArea]
        short = [(d, _bottom_height(self._window, d, d.height())) for d in bottom]
        short = [(d, want) for d, want in short if want > d.height()]
        if short:
            self._window.resizeDocks([d for d, _ in short], [want for _, want in short], Qt.Orientation.Vertical)
        self.record()

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
            bottom = Qt.DockWidgetArea.BottomDockWidgetArea
            heights = [_bottom_height(self._window, d, round(s[1] * h)) if self._window.dockWidgetArea(d) == bottom
                       else round(s[1] * h) for d, s in docks]
            self._window.resizeDocks([d for d, _ in docks], heights, Qt.Orientation.Vertical)

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
    underneath = window.property(LAYOUT_UNDERNEATH)
    st.setValue("window/state", underneath if isinstance(underneath, QByteArray) and not underneath.isEmpty()
                else window.saveState(LAYOUT_VERSION))
    st.sync()
