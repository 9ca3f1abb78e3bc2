"""The loss curve's held-out extras: the evaluation loss beside the training loss, a mark
where it turned up, and an epoch axis on top for mini-batch training. Each shows only
when it has something to say: without held-out points or epochs the curve is as before."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

import gradviz.core as gc
from gradviz.gui.theme.palette import LIGHT

EVAL_PEN = pg.mkPen(LIGHT.held_out, width=1.5, style=Qt.PenStyle.DashLine)  # training: solid blue
TURN_PEN = pg.mkPen(LIGHT.turn, width=1.5, style=Qt.PenStyle.DotLine)
MAX_EPOCH_LABELS = 10


class EvalCurveMarks:
    def __init__(self, plot_item: pg.PlotItem, train_curve) -> None:
        self.pi, self.train_curve = plot_item, train_curve
        # a legend of its own, on one line; below the panel's while that names data edits
        self.legend = pg.LegendItem(offset=(-10, 10), colCount=2, brush=pg.mkBrush(255, 255, 255, 200))
        self.legend.setParentItem(plot_item.getViewBox())
        self.legend.addItem(train_curve, "training loss")
        self.legend.setVisible(False)
        self.curve = pg.PlotDataItem(pen=EVAL_PEN, name="evaluation loss (held out)")
        self.curve.setDownsampling(auto=True, method="peak")
        self.turn_line = pg.InfiniteLine(angle=90, movable=False, pen=TURN_PEN,
                                         label="held-out loss turned up", labelOpts={
                                             "color": LIGHT.turn, "position": 0.75})
        self.turn_line.setVisible(False)
        for item in (self.curve, self.turn_line):
            plot_item.addItem(item)
        self.turn: int | None = None
        self.epoch_ticks: list[tuple[float, str]] = []
        self._ticks_key = None

    def active(self) -> bool:
        """Whether there is an evaluation curve (the legend then names both curves)."""
        return self.curve.isVisible() and self.curve.getData()[0] is not None and len(self.curve.getData()[0]) > 0

    def update(self, frame, shown) -> np.ndarray:
        """Draw for ``frame``; ``shown`` maps losses to view coordinates (log scale).
        Returns the evaluation losses as drawn (for the y range)."""
        snap = frame.snapshot
        ev = snap.eval_path_losses
        vals = np.zeros(0)
        if ev is None:
            self.curve.setData([], [])
            self.turn = None
        else:
            steps = np.asarray(snap.path_steps, dtype=float)
            vals = shown(ev)
            ok = np.isfinite(vals)
            self.curve.setData(steps[ok], vals[ok])
            vals = vals[ok]
            self.turn = gc.turning_step(snap.path_steps, ev)
        if self.turn is not None:
            self.turn_line.setValue(float(self.turn))
        self.turn_line.setVisible(self.turn is not None)
        self._sync_legend()
        self._draw_epochs(snap.epochs)
        return vals

    def _sync_legend(self) -> None:
        on = self.active()
        other = getattr(self.pi, "legend", None)
        self.legend.setOffset((-10, 40 if other is not None and other.isVisible() else 10))
        if on != self.legend.isVisible():
            if on:
                self.legend.addItem(self.curve, "evaluation loss (held out)")
            else:
                self.legend.removeItem(self.curve)
            self.legend.setVisible(on)

    def _draw_epochs(self, rows) -> None:
        key = (len(rows), rows[-1].step if rows else None)
        if key == self._ticks_key:
            return
        self._ticks_key = key
        axis = self.pi.getAxis("top")
        if not rows:
            self.epoch_ticks = []
            self.pi.hideAxis("top")
            return
        every = max(1, -(-len(rows) // MAX_EPOCH_LABELS))
        # the top axis counts completed epochs (1 at the end of the first pass); the table
        # numbers the passes from 0, as seed 002 prints them
        major = [(float(r.step), str(r.epoch + 1)) for r in rows[every - 1::every]]
        minor = [(float(r.step), "") for r in rows] if len(rows) <= 200 else []
        self.epoch_ticks = major
        axis.setTicks([major, minor])
        axis.setLabel("epochs completed")
        self.pi.showAxis("top")
