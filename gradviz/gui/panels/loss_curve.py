"""Loss against step, with a log-scale toggle and a mark where training diverged."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QVBoxLayout, QWidget

from gradviz.gui.widgets.plot_cache import cache_axes


class LossCurvePanel(QWidget):
    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.plot = pg.PlotWidget(background="w")
        pi = self.plot.getPlotItem()
        pi.setTitle("Loss over steps")
        pi.setLabel("bottom", "step")
        pi.setLabel("left", "loss")
        pi.showGrid(x=True, y=True, alpha=0.25)
        # The range is set here, not auto-ranged every frame: an auto-range re-lays out the
        # axes and paints the plot twice per frame (the costliest panel in bench_gui).
        pi.getViewBox().disableAutoRange()
        self._x_hi = 0.0
        self._y_range: tuple[float, float] | None = None
        # a 1-px pen: thicker lines cost several times more to draw in Qt's raster engine
        self.curve = pg.PlotDataItem(pen=pg.mkPen(31, 119, 180, width=1))
        # up to ~4,000 path entries across a few hundred pixels: draw the min/max of each
        # pixel column (the same picture, fewer segments)
        self.curve.setDownsampling(auto=True, method="peak")
        cache_axes(pi)  # axes repaint only when their ticks change, not with every frame of the curve
        self.current = pg.ScatterPlotItem(size=8, brush=pg.mkBrush(214, 39, 40))
        self.diverged_line = pg.InfiniteLine(angle=90, movable=False,
                                             pen=pg.mkPen(214, 39, 40, width=2, style=Qt.PenStyle.DashLine),
                                             label="diverged", labelOpts={"color": (214, 39, 40), "position": 0.9})
        self.diverged_line.setVisible(False)
        for item in (self.curve, self.current, self.diverged_line):
            pi.addItem(item)
        self.log_box = QCheckBox("Log scale")
        self.log_box.setToolTip("Show the loss on a logarithmic axis: small late improvements become visible")
        self.log_box.toggled.connect(self.set_log)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        layout.addWidget(self.log_box)
        self.log_scale = False
        session.snapshotChanged.connect(self.on_snapshot)
        if session.snapshot is not None:
            self.on_snapshot(session.snapshot)

    def set_log(self, on: bool) -> None:
        self.log_scale = bool(on)
        if self.log_box.isChecked() != self.log_scale:
            self.log_box.setChecked(self.log_scale)
        self.plot.getPlotItem().setLogMode(y=self.log_scale)
        self._y_range = None  # view coordinates change meaning (log10)
        if self.session.snapshot is not None:
            self.on_snapshot(self.session.snapshot)

    def on_snapshot(self, snap) -> None:
        steps = np.asarray(snap.path_steps, dtype=float)
        losses = np.asarray(snap.path_losses, dtype=float)
        ok = np.isfinite(losses)
        if self.log_scale:
            ok &= losses > 0  # log axis: a loss of exactly 0 cannot be drawn
        self.curve.setData(steps[ok], losses[ok])
        self._fit(steps[ok], losses[ok], snap)
        if np.isfinite(snap.loss) and (snap.loss > 0 or not self.log_scale):
            self.current.setData([float(snap.step)], [float(snap.loss)])
        else:
            self.current.setData([], [])
        if snap.diverged:
            self.diverged_line.setValue(float(snap.step))
            self.diverged_line.setVisible(True)
        else:
            self.diverged_line.setVisible(False)

    def _fit(self, steps: np.ndarray, losses: np.ndarray, snap) -> None:
        """Change the range only when the curve leaves it (or shrinks to a sliver of it)."""
        vb = self.plot.getPlotItem().getViewBox()
        last = float(max(snap.step, steps[-1] if len(steps) else 0))
        if last > self._x_hi or last < self._x_hi / 4:
            self._x_hi = max(10.0, 1.5 * last)  # room to grow: re-range about every 50% more steps
            vb.setXRange(0.0, self._x_hi, padding=0.02)
        if not len(losses):
            return
        with np.errstate(all="ignore"):
            vals = np.log10(losses) if self.log_scale else losses
        vals = vals[np.isfinite(vals)]
        if not len(vals):
            return
        lo, hi = float(vals.min()), float(vals.max())
        if self._y_range is not None:
            clo, chi = self._y_range
            if clo <= lo and hi <= chi and (hi - lo) >= 0.3 * (chi - clo):
                return
        with np.errstate(all="ignore"):
            span = hi - lo if hi > lo else max(abs(hi) * 0.1, 1e-12 if not self.log_scale else 0.5)
            y_range = (lo - 0.08 * span, hi + 0.08 * span)
        if not all(np.isfinite(y_range)):  # losses near the float limit: keep the last range
            return
        self._y_range = y_range
        vb.setYRange(*self._y_range, padding=0)
