"""The learning rate over the steps on the loss curve's second (right) y axis, shown
while a schedule is set: the schedule over the whole step range in view, ahead of the
run too, and a dot at the rate of the next step."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from gradviz.gui.theme.palette import LIGHT

RATE_COLOR = tuple(int(LIGHT.rate[i:i + 2], 16) for i in (1, 3, 5))
SAMPLES = 800  # points along the step axis (a step decay's jumps stay sharp at this width)


class RateAxis:
    """Adds a right axis and its own view box to ``plot_item``; :meth:`update` draws a snapshot."""

    def __init__(self, plot_item: pg.PlotItem) -> None:
        self._pi = plot_item
        self.view = pg.ViewBox(enableMenu=False)
        self.view.setMouseEnabled(False, False)
        self.axis = plot_item.getAxis("right")
        self.axis.enableAutoSIPrefix(False)  # 0.001, not "1 (×0.001)"
        self.axis.setLabel("learning rate", color=pg.mkColor(*RATE_COLOR))
        self.axis.setTextPen(pg.mkPen(*RATE_COLOR))
        plot_item.scene().addItem(self.view)
        self.axis.linkToView(self.view)
        self.view.setXLink(plot_item.getViewBox())
        self.curve = pg.PlotDataItem(pen=pg.mkPen(*RATE_COLOR, width=1, style=Qt.PenStyle.DashLine))
        self.curve.setToolTip("the learning rate the schedule gives each step")
        self.now = pg.ScatterPlotItem(size=7, brush=pg.mkBrush(*RATE_COLOR), pen=None)
        self.view.addItem(self.curve)
        self.view.addItem(self.now)
        self._drawn = None  # (schedule, base rate, step range) last drawn
        plot_item.getViewBox().sigResized.connect(self._follow_geometry)
        plot_item.getViewBox().sigXRangeChanged.connect(lambda *_: self._redraw())
        self._snap = None
        self._set_shown(False)

    def is_shown(self) -> bool:
        return self.axis.isVisible()

    def data(self) -> tuple[np.ndarray, np.ndarray]:
        """(steps, rates) as drawn (empty when hidden)."""
        x, y = self.curve.getData()
        return (np.array([]), np.array([])) if x is None else (np.asarray(x), np.asarray(y))

    def update(self, snap) -> None:
        self._snap = snap
        if snap.schedule is None:
            self._set_shown(False)
            return
        self._set_shown(True)
        self._redraw()
        self.now.setData([float(snap.step)], [float(snap.next_lr)])

    def _redraw(self) -> None:
        snap = self._snap
        if snap is None or snap.schedule is None:
            return
        lo, hi = self._pi.getViewBox().viewRange()[0]
        key = (snap.schedule, snap.lr, int(max(lo, 0)), int(hi))
        if key == self._drawn:
            return
        self._drawn = key
        steps = np.unique(np.linspace(max(lo, 0.0), max(hi, 1.0), SAMPLES).astype(np.int64))
        rates = snap.schedule.rate(snap.lr, steps)
        self.curve.setData(steps.astype(float), rates)
        top = float(np.max(rates)) if rates.size else snap.lr
        self.view.setYRange(0.0, max(top, snap.lr) * 1.08, padding=0)

    def _set_shown(self, on: bool) -> None:
        if on == self.axis.isVisible() and on == self.view.isVisible():
            return
        self._pi.showAxis("right", on)
        self.view.setVisible(on)
        if on:
            self._follow_geometry()
        else:
            self._drawn = None

    def _follow_geometry(self) -> None:
        self.view.setGeometry(self._pi.getViewBox().sceneBoundingRect())
