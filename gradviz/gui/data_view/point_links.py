"""Points of the data view linked to the landscape's per-point arrows: rings around the
next mini-batch's points, a highlight on one lit point, and ``hovered(index)`` when the
mouse comes near a point (-1: none), so its arrow can light up."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore

__all__ = ["PointHighlights"]

COLOR_BATCH = (20, 170, 140)
COLOR_LIT = (230, 160, 0)
HOVER_PX = 8.0


class PointHighlights(QtCore.QObject):
    hovered = QtCore.Signal(int)

    def __init__(self, plot_widget: pg.PlotWidget, parent=None) -> None:
        super().__init__(parent)
        self.plot = plot_widget
        self.view_box = plot_widget.getPlotItem().getViewBox()
        self._x = self._y = np.empty(0)
        self._batch = np.empty(0, np.intp)
        self._lit = -1
        self._hover = -1
        self.enabled = False
        self.batch_rings = pg.ScatterPlotItem(size=17, symbol="o", pen=pg.mkPen(COLOR_BATCH, width=2.5),
                                              brush=None, hoverable=False)
        self.lit_ring = pg.ScatterPlotItem(size=21, symbol="o", pen=pg.mkPen(COLOR_LIT, width=3),
                                           brush=pg.mkBrush(*COLOR_LIT, 90), hoverable=False)
        for z, item in enumerate((self.batch_rings, self.lit_ring)):
            item.setZValue(20 + z)
            item.setVisible(False)
            plot_widget.addItem(item, ignoreBounds=True)
        plot_widget.scene().sigMouseMoved.connect(self._on_mouse)

    # ----- public ------------------------------------------------------------------------
    def set_points(self, x, y) -> None:
        """The data set's points (indices refer to them)."""
        self._x = np.asarray(x, dtype=float)
        self._y = np.asarray(y, dtype=float)
        self._draw_batch()
        self._draw_lit()

    def set_enabled(self, on: bool) -> None:
        """Off: nothing is drawn and hovering lights nothing."""
        if on != self.enabled:
            self.enabled = on
            self._draw_batch()
            self._draw_lit()
            if not on and self._hover != -1:
                self._hover = -1
                self.hovered.emit(-1)

    def set_batch(self, indices) -> None:
        """Ring the points of the next mini-batch (None or empty: none)."""
        idx = np.empty(0, np.intp) if indices is None else np.asarray(indices, np.intp)
        if not np.array_equal(idx, self._batch):
            self._batch = idx
            self._draw_batch()

    def batch(self) -> np.ndarray:
        return self._batch.copy() if self.enabled else np.empty(0, np.intp)

    def set_lit(self, index: int) -> None:
        if index != self._lit:
            self._lit = index
            self._draw_lit()

    def lit(self) -> int:
        return self._lit if self.enabled and self.lit_ring.isVisible() else -1

    # ----- internals ---------------------------------------------------------------------
    def _valid(self, idx: np.ndarray) -> np.ndarray:
        return idx[(idx >= 0) & (idx < self._x.size)]

    def _draw_batch(self) -> None:
        idx = self._valid(self._batch)
        show = self.enabled and idx.size > 0
        if show:
            self.batch_rings.setData(self._x[idx], self._y[idx])
        self.batch_rings.setVisible(show)

    def _draw_lit(self) -> None:
        k = self._lit
        show = self.enabled and 0 <= k < self._x.size
        if show:
            self.lit_ring.setData([self._x[k]], [self._y[k]])
        self.lit_ring.setVisible(show)

    def _on_mouse(self, scene_pos) -> None:
        found = -1
        if self.enabled and self._x.size and self.view_box.sceneBoundingRect().contains(scene_pos):
            p = self.view_box.mapSceneToView(scene_pos)
            pw, ph = self.view_box.viewPixelSize()
            if pw > 0 and ph > 0:
                dist = np.hypot((self._x - p.x()) / pw, (self._y - p.y()) / ph)
                k = int(np.argmin(dist))
                if dist[k] <= HOVER_PX:
                    found = k
        if found != self._hover:
            self._hover = found
            self.set_lit(found)
            self.hovered.emit(found)
