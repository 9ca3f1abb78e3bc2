"""The window's layout at a zoom: what gives way when zoomed panels need more room than the
window has.

- While the window is roomy for the zoom, the side docks widen to what their zoomed panels
  need (up to ``NEEDED_MAX_SHARE`` of the window), and each panel's rows fit that width
  (``row_fit``): form rows wrap, rows of buttons stack, long group titles end in "…".
- In a window small for the zoom (under ``COMPACT_BELOW`` once divided by the zoom, or where
  the docks side by side leave a plot under ``PLOT_AREA``), every
  docked panel stacks as a tab in one column beside the data view, the landscape in front:
  each panel then has the column's whole height and the data view most of the width. The
  layout from before comes back when the window grows or the zoom goes down, and it is the
  one saved for the next launch.
- Texts inside plots are fitted to their plots whenever a plot's size changes
  (``plot_room`` through the scene zoom).
"""

from __future__ import annotations

import shiboken6
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QRect, Qt, QTimer
from PySide6.QtWidgets import QGraphicsView, QScrollArea, QTabBar

from gradviz.gui.presenter.row_fit import fit_rows
from gradviz.gui.window_layout import (
    CENTRAL_MIN, DOCK_MIN, LAYOUT_UNDERNEATH, LAYOUT_VERSION, NEEDED_MAX_SHARE, panel_min_width,
)

_SIDES = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea)
COMPACT_BELOW = (800, 500)  # window size / zoom under which the docks stack as tabs
COLUMN_SHARE = 0.5  # the stacked column's width at most (the data view keeps the rest)
PLOT_AREA = (80, 50)  # a plot's data area smaller than this (docks side by side): stack them
# the docks' order in the stacked column (the first is in front)
COLUMN_ORDER = ("landscape3d", "contour", "controls", "loss", "readout", "network", "code")


def _item_min_width(item) -> int:
    """What a layout item needs, its widget's own hint included (a panel that set a small
    minimum for itself still has rows that need their width)."""
    widget = item.widget()
    hint = widget.minimumSizeHint().width() if widget is not None and widget.isVisibleTo(widget.parentWidget()) else 0
    return max(item.minimumSize().width(), hint)


class ZoomLayout(QObject):
    def __init__(self, window, zoom, rescale) -> None:
        super().__init__(window)
        self.window = window
        self.zoom = zoom
        self._rescale = rescale  # the plots' texts at this zoom, fitted to their plots' sizes
        self._underneath = None  # the layout from before the docks were stacked
        self._cut_minimum: dict = {}  # panel -> its minimum width at 100 %
        self._watched: set[int] = set()
        self._settle_soon = QTimer(self, singleShot=True, interval=0)
        self._settle_soon.timeout.connect(self.settle)
        self._cramped_at = None  # (width, height, percent) at which a plot was found cramped
        self._check_soon = QTimer(self, singleShot=True, interval=100)
        self._check_soon.timeout.connect(self._check_plots)
        self._plots_soon = QTimer(self, singleShot=True, interval=30)
        self._plots_soon.timeout.connect(lambda: self._rescale())
        window.installEventFilter(self)
        self.watch_plots()

    # ----- when ------------------------------------------------------------------------------
    def eventFilter(self, obj, ev) -> bool:
        if ev.type() == QEvent.Type.Resize:
            if obj is self.window:
                self._settle_soon.start()
            else:
                self._plots_soon.start()
        return False

    def watch_plots(self) -> None:
        """Fit plot texts again when any plot's size changes (plots made since included)."""
        for view in self.window.findChildren(QGraphicsView):
            if id(view) not in self._watched:
                self._watched.add(id(view))
                view.installEventFilter(self)

    def changed(self) -> None:
        """The zoom changed: lay out again once the panels have their new sizes."""
        self._settle_soon.start()

    # ----- what ------------------------------------------------------------------------------
    def compact(self) -> bool:
        """The docks stand stacked in one column."""
        return self._underneath is not None

    def wants_compact(self) -> bool:
        f = self.zoom.factor()
        w = self.window
        if f == 1.0:
            return False
        small = w.width() / f < COMPACT_BELOW[0] or w.height() / f < COMPACT_BELOW[1]
        return small or self._cramped_at == (w.width(), w.height(), self.zoom.percent())

    def _check_plots(self) -> None:
        """Docks side by side that leave a plot too little room to show its data: stack
        them (for this window size and zoom)."""
        w = self.window
        if not shiboken6.isValid(w) or self.compact() or self.zoom.factor() == 1.0:
            return
        for plot in w.findChildren(pg.PlotWidget):
            on_screen = plot.isVisible() and w.rect().intersects(QRect(plot.mapTo(w, QPoint(0, 0)), plot.size()))
            box = plot.getPlotItem().getViewBox()
            if on_screen and (box.width() < PLOT_AREA[0] or box.height() < PLOT_AREA[1]):
                self._cramped_at = (w.width(), w.height(), self.zoom.percent())
                self._settle_soon.start()
                return

    def settle(self) -> None:
        w = self.window
        if not shiboken6.isValid(w) or not w.isVisible():
            return
        self._set_compact(self.wants_compact() and not w.isFullScreen())
        factor = self.zoom.factor()
        for dock in w.docks.values():
            panel = dock.widget()
            inner = panel.widget() if isinstance(panel, QScrollArea) else panel
            fit_rows(inner, None if factor == 1.0 else self._room(dock))
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # the rows' new sizes, now
        self._fit_cut_panels(factor)
        if factor != 1.0:
            QTimer.singleShot(0, self._size_docks)  # once the rows have their new sizes
        self.watch_plots()
        self._plots_soon.start()

    def _room(self, dock) -> int:
        """The width a dock's panel may take: its share of the window."""
        share = COLUMN_SHARE if self.compact() else NEEDED_MAX_SHARE
        if self.compact() or self.window.dockWidgetArea(dock) in _SIDES:
            return round(share * self.window.width()) - 24  # (the dock's frame, a scroll bar)
        return dock.width() - 24

    def _size_docks(self) -> None:
        """Side docks as wide as their zoomed panels need, up to their share of the window;
        a panel needing more scrolls inside its dock."""
        w = self.window
        if not shiboken6.isValid(w):
            return
        self._fit_cut_panels(self.zoom.factor())  # (the rows have settled since)
        share = COLUMN_SHARE if self.compact() else NEEDED_MAX_SHARE
        cap = round(share * w.width())
        docks = [d for d in w.docks.values() if d.isVisible() and not d.isFloating()
                 and (self.compact() or w.dockWidgetArea(d) in _SIDES)]
        if self.compact() and docks:
            # the column as wide as its widest panel needs, the data view the rest
            want = min(max(panel_min_width(d) for d in docks), cap)
            w.resizeDocks(docks, [want] * len(docks), Qt.Orientation.Horizontal)
        for dock in docks if not self.compact() else []:
            want = min(panel_min_width(dock), cap)
            if dock.width() < want:
                w.resizeDocks([dock], [want], Qt.Orientation.Horizontal)
        w.dock_shares.record()
        self._check_soon.start()  # once the plots have their new sizes

    def _fit_cut_panels(self, factor: float) -> None:
        """A dock panel that cannot scroll (it holds the 3D view, a native window) is cut at a
        small minimum; zoomed, its minimum is what its rows of controls need, so none is cut."""
        w = self.window
        for dock in w.docks.values():
            panel = dock.widget()
            if isinstance(panel, QScrollArea) or panel.layout() is None:
                continue
            if panel not in self._cut_minimum:
                self._cut_minimum[panel] = panel.minimumWidth()
            smallest = self._cut_minimum[panel]
            lay = panel.layout()
            need = max((_item_min_width(lay.itemAt(i)) for i in range(lay.count())), default=0) \
                + lay.contentsMargins().left() + lay.contentsMargins().right()
            # never wider than the window leaves beside the data view and one other dock (or
            # than the stacked column may be)
            room = w.width() - CENTRAL_MIN[0] - DOCK_MIN[0] - 24
            if self.compact():
                room = min(room, round(COLUMN_SHARE * w.width()))
            panel.setMinimumWidth(smallest if factor == 1.0 else max(smallest, min(need, room)))

    # ----- the stacked column ----------------------------------------------------------------
    def _whole_tab_names(self, on: bool) -> None:
        """The column's tabs say their docks' whole names, scrolling with arrows when they do
        not all fit (names cut to a letter or two could not be told apart); the dock tabs'
        own way (cut with "…") otherwise."""
        if not shiboken6.isValid(self.window):
            return
        for bar in self.window.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly):
            bar.setElideMode(Qt.TextElideMode.ElideNone if on else Qt.TextElideMode.ElideRight)
            bar.setUsesScrollButtons(True)

    def _set_compact(self, on: bool) -> None:
        w = self.window
        if on == self.compact():
            return
        if on:
            self._underneath = w.saveState(LAYOUT_VERSION)
            w.setProperty(LAYOUT_UNDERNEATH, self._underneath)
            docks = [w.docks[k] for k in COLUMN_ORDER if k in w.docks]
            shown = [d for d in docks if d.isVisible() and not d.isFloating()]
            for dock in shown:
                w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            for dock in shown[1:]:
                w.tabifyDockWidget(shown[0], dock)
            if shown:
                shown[0].raise_()
            QTimer.singleShot(0, lambda: self._whole_tab_names(True))
        else:
            state, self._underneath = self._underneath, None
            w.setProperty(LAYOUT_UNDERNEATH, None)
            for panel, smallest in self._cut_minimum.items():  # (a zoomed minimum would hold a dock wide)
                if shiboken6.isValid(panel):
                    panel.setMinimumWidth(smallest)
            w.restoreState(state, LAYOUT_VERSION)
            self._whole_tab_names(False)
        QTimer.singleShot(0, w.dock_shares.record)
