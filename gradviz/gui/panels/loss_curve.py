"""Loss against step, with a log-scale toggle, a mark where training diverged, marks
where the data was edited during the run, and the scheduled learning rate on a second
axis (``rate_axis``)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QVBoxLayout, QWidget

from gradviz.gui.held_out.curve_marks import EvalCurveMarks
from gradviz.gui.panels.rate_axis import RateAxis
from gradviz.gui.panels.timeline_bar import TimelineBar
from gradviz.gui.runs.layers import CompanionLines, loss_entries
from gradviz.gui.runs.table import RunsTable
from gradviz.gui.theme.apply import style_legend, style_plot, themes
from gradviz.gui.theme.palette import LIGHT
from gradviz.gui.widgets.plot_cache import cache_axes
from gradviz.gui.widgets.plot_floor import PlotFloor
from gradviz.gui.widgets.value_axis import ValueAxis


class LossCurvePanel(QWidget):
    """Draws each frame's path losses. On the log scale the curve holds log10 of the loss
    and the axis labels the real values (a loss of 0 cannot be drawn there)."""

    logScaleChanged = Signal(bool)

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self._frame = None
        self._axis = ValueAxis("left")
        self.plot = pg.PlotWidget(background="w", axisItems={"left": self._axis,
                                                             "bottom": ValueAxis("bottom")})
        pi = self.plot.getPlotItem()
        pi.setTitle("Loss over steps")
        pi.setLabel("bottom", "step")
        pi.setLabel("left", "loss")
        pi.showGrid(x=True, y=True, alpha=0.25)
        # The range is set here, not auto-ranged every frame: an auto-range re-lays out the
        # axes and paints the plot twice per frame (the costliest panel in bench_gui).
        pi.getViewBox().disableAutoRange()
        self._x_hi = -1.0  # the first frame sets the step range
        self._y_range: tuple[float, float] | None = None
        # a 1-px pen: thicker lines cost several times more to draw in Qt's raster engine
        self.curve = pg.PlotDataItem(pen=pg.mkPen(LIGHT.points, width=1))
        # up to ~4,000 path entries across a few hundred pixels: draw the min/max of each
        # pixel column (the same picture, fewer segments)
        self.curve.setDownsampling(auto=True, method="peak")
        cache_axes(pi)  # axes repaint only when their ticks change, not with every frame of the curve
        self.rate = RateAxis(pi)
        self.current = pg.ScatterPlotItem(size=8, brush=pg.mkBrush(LIGHT.current))
        self.diverged_line = pg.InfiniteLine(angle=90, movable=False,
                                             pen=pg.mkPen(214, 39, 40, width=2, style=Qt.PenStyle.DashLine),
                                             label="diverged", labelOpts={"color": (214, 39, 40), "position": 0.9})
        self.diverged_line.setVisible(False)
        # one item for every edit of the data during this run: thin vertical segments
        self.data_marks = pg.PlotDataItem(pen=pg.mkPen(140, 140, 140, width=1, style=Qt.PenStyle.DashLine),
                                          connect="pairs", name="data edited")
        self.data_marks.setToolTip("data edited: the loss after this step is measured on the edited data")
        self._marks: tuple = ()
        self._marks_drawn = None  # (marks, y range) last drawn
        self.legend = pi.addLegend(offset=(-10, 10))
        for item in (self.curve, self.current, self.diverged_line, self.data_marks):
            pi.addItem(item)
        self.legend.setVisible(False)
        self.eval_marks = EvalCurveMarks(pi, self.curve)  # held-out loss, epochs
        # the loss of each run beside this one; one pixel wide, as this run's: a wider dashed
        # line costs milliseconds a frame for each run
        self.runs = CompanionLines(pi, width=1)
        self.runs_table = RunsTable(self.plot, LIGHT.points, session.runs.focus)  # every run; a click or Enter focuses one
        pi.getViewBox().sigYRangeChanged.connect(lambda *_: self._draw_marks())
        self._log_box = QCheckBox("Log scale")
        self._log_box.setToolTip("Show the loss on a logarithmic axis: small late improvements become visible")
        self._log_box.toggled.connect(self.set_log)
        themes().follow(self, self._restyle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        PlotFloor(self.plot)  # the timeline and the check box below never squeeze the curve away
        self.timeline = TimelineBar(session)  # scrub to a past step under the curve
        layout.addWidget(self.timeline)
        layout.addWidget(self._log_box)
        session.frameChanged.connect(self.on_frame)
        if session.frame is not None:
            self.on_frame(session.frame)

    def _restyle(self, p) -> None:
        style_plot(self.plot, p, axes=("left", "bottom", "top"))  # top: the epochs
        style_legend(self.legend, p)
        style_legend(self.eval_marks.legend, p, framed=True)

    def is_log(self) -> bool:
        return self._axis.is_log()

    def set_log(self, on: bool) -> None:
        """Log or linear loss axis; emits logScaleChanged when it changes."""
        on = bool(on)
        with QSignalBlocker(self._log_box):
            self._log_box.setChecked(on)
        if on == self.is_log():
            return
        self._axis.set_log(on)
        self._y_range = None  # view coordinates change meaning (log10)
        if self._frame is not None:
            self.on_frame(self._frame)
        self.logScaleChanged.emit(on)

    def y_ticks(self) -> list[tuple[float, str]]:
        """(position, label) of the loss axis's major ticks in view, as now drawn (finer
        levels are labelled only where their text has room)."""
        axis = self._axis
        lo, hi = self.plot.getPlotItem().getViewBox().viewRange()[1]
        spacing, vals = axis.tickValues(lo, hi, axis.geometry().height())[0]
        vals = [v for v in vals if lo <= v <= hi]
        return list(zip(vals, axis.tickStrings(vals, 1.0, spacing)))

    def _shown(self, losses: np.ndarray) -> np.ndarray:
        """Losses in view coordinates (log10 on the log scale; NaN where not drawable)."""
        losses = np.asarray(losses, dtype=float)
        if not self.is_log():
            return np.where(np.isfinite(losses), losses, np.nan)
        with np.errstate(all="ignore"):
            return np.where(np.isfinite(losses) & (losses > 0), np.log10(losses), np.nan)

    def on_frame(self, frame) -> None:
        self._frame = frame
        snap = frame.snapshot
        steps = np.asarray(snap.path_steps, dtype=float)
        shown = self._shown(snap.path_losses)
        ok = np.isfinite(shown)
        self.curve.setData(steps[ok], shown[ok])
        held = self.eval_marks.update(frame, self._shown)
        others = loss_entries(frame, self._shown)
        self.runs.draw(others)
        self.runs_table.update(frame)
        # the others' curves in range too, below the top of this run's (one that diverges may go off the top)
        top = np.nanmax(shown[ok]) if ok.any() else np.inf
        beside = [y[np.isfinite(y) & (y <= top)] for _c, _x, y in others]
        self._fit(steps[ok], np.concatenate([shown[ok], held, *beside]), snap)
        now = self._shown([snap.loss])
        if np.isfinite(now[0]):
            self.current.setData([float(snap.step)], [float(now[0])])
        else:
            self.current.setData([], [])
        if snap.diverged:
            self.diverged_line.setValue(float(snap.step))
            self.diverged_line.setVisible(True)
        else:
            self.diverged_line.setVisible(False)
        self._marks = tuple(frame.data_changes)
        self._draw_marks()
        self.rate.update(snap)

    def data_edit_steps(self) -> list[float]:
        """The steps marked as data edits, as drawn."""
        x, _y = self.data_marks.getData()
        return [] if x is None else [float(v) for v in x[::2]]

    def _draw_marks(self) -> None:
        lo, hi = self.plot.getPlotItem().getViewBox().viewRange()[1]
        key = (self._marks, lo, hi)
        if key == self._marks_drawn:
            return
        self._marks_drawn = key
        x = np.repeat(np.asarray(self._marks, dtype=float), 2)
        y = np.tile([lo, hi], len(self._marks))
        self.data_marks.setData(x, y)
        self.legend.setVisible(bool(self._marks))

    def _fit(self, steps: np.ndarray, vals: np.ndarray, snap) -> None:
        """Change the range only when the curve leaves it (or shrinks to a sliver of it)."""
        vb = self.plot.getPlotItem().getViewBox()
        last = float(max(snap.step, steps[-1] if len(steps) else 0))
        if last > self._x_hi or last < self._x_hi / 4:
            self._x_hi = max(10.0, 1.5 * last)  # room to grow: re-range about every 50% more steps
            vb.setXRange(0.0, self._x_hi, padding=0.02)
        if not len(vals):
            return
        lo, hi = float(vals.min()), float(vals.max())
        if self._y_range is not None:
            clo, chi = self._y_range
            if clo <= lo and hi <= chi and (hi - lo) >= 0.3 * (chi - clo):
                return
        with np.errstate(all="ignore"):
            span = hi - lo if hi > lo else max(abs(hi) * 0.1, 1e-12 if not self.is_log() else 0.5)
            y_range = (lo - 0.08 * span, hi + 0.08 * span)
        if not all(np.isfinite(y_range)):  # losses near the float limit: keep the last range
            return
        self._y_range = y_range
        vb.setYRange(*self._y_range, padding=0)
