"""The data view: points, the model's curve, residuals, least-squares line and, for the
network, each hidden neuron's contribution. Points are edited with the mouse (see
:mod:`gradviz.gui.data_view.editing`).

The view never re-ranges itself while the user edits; only a whole new data set (a load, a
preset, or undoing one) fits the view to the data.

Large data: up to :data:`MAX_DRAWN_POINTS` points in view are drawn one by one; beyond
that the view shows a density image of *every* point in view (log-scaled counts per
screen cell, so a lone outlier still shows), recomputed when the view moves.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal
from superqt.utils import QSignalThrottler

import gradviz.core as gc

from gradviz.gui.data_view.density import DENSITY_CELL_PX, MAX_DRAWN_POINTS, density_image, density_lut
from gradviz.gui.data_view.editing import EditViewBox, InertScatter, PointEditing
from gradviz.gui.data_view.keyboard import PointKeys
from gradviz.gui.data_view.legend import PlotLegend, PlotNote
from gradviz.gui.runs.layers import CompanionLines, model_entries
from gradviz.gui.state.edit_history import DataEditor
from gradviz.gui.state.scaling import params_in_data_units
from gradviz.gui.theme.apply import qcolor, style_legend, style_plot, themes
from gradviz.gui.theme.palette import LIGHT
from gradviz.gui.widgets.plot_cache import cache_as_pixmap, cache_axes
from gradviz.gui.widgets.subscriptions import disconnect_all

POINT_BRUSH = pg.mkBrush(qcolor(LIGHT.points + "dc"))
CURVE_PEN = pg.mkPen(LIGHT.model_curve, width=3)
RESID_PEN = pg.mkPen(LIGHT.residuals, width=1.5)
CONTRIB_COLORS = [(44, 160, 44), (148, 103, 189), (140, 86, 75), (227, 119, 194),
                  (127, 127, 127), (188, 189, 34), (23, 190, 207), (31, 119, 180)]
CURVE_SAMPLES = 400
VIEW_LIMIT = gc.MAX_ABS_VALUE  # the view never goes beyond: a click adds a point the app can handle


class DataPanel(PointEditing, pg.PlotWidget):
    """Subscribes to a Session; changes the data only through its DataEditor (every edit
    is undoable)."""

    probeMoved = Signal(object)  # x under the mouse (float) or None: the network view shades by it
    selectionChanged = Signal(object)  # sorted indices (ndarray) of the selected points

    def __init__(self, session, parent=None, editor: DataEditor | None = None) -> None:
        vb = EditViewBox()
        super().__init__(parent=parent, background="w", viewBox=vb)
        self.session = session
        self.editor = editor if editor is not None else DataEditor(session, self)
        self.show_residuals = True
        self.show_lsq = True
        self.show_contributions = True
        self._fit_next = False  # the next data set is a whole new one: fit the view to it
        self._lsq_cache: tuple[object, tuple[float, float] | None] = (None, None)
        self._density_shown = False
        self._ranged = False  # the view has been fitted to the data once
        pi = self.getPlotItem()
        pi.showGrid(x=True, y=True, alpha=0.25)
        pi.setLabel("bottom", "x")
        pi.setLabel("left", "y")
        self.legend = PlotLegend(pi)
        self.hint = PlotNote(pi)
        self._set_title(session.dataset)
        cache_axes(pi, self.legend, self.hint, pi.titleLabel)
        # build every item once; later only setData
        self.density = pg.ImageItem(axisOrder="row-major")
        self.density.setLookupTable(density_lut())
        self.density.setLevels((0, 255))
        self.density.setZValue(-10)
        self.density.setVisible(False)
        self.residuals = pg.PlotDataItem(pen=RESID_PEN, connect="pairs", name="residuals (error)")
        self.lsq = pg.PlotDataItem(name="least-squares best line")
        self.contribs: list[pg.PlotCurveItem] = []
        self.curve = pg.PlotDataItem(pen=CURVE_PEN, name="model")
        self.points = InertScatter(size=9, brush=POINT_BRUSH, pen=pg.mkPen("w", width=0.8),
                                   name="data", hoverable=False)
        self.addItem(self.density, ignoreBounds=True)
        self.runs = CompanionLines(self, width=2)  # the model of each run beside this one
        for item in (self.residuals, self.lsq, self.curve, self.points):
            self.addItem(item)
        themes().follow(self, self._restyle)
        # the points and the best line stand still while the model's curve moves over them
        # every frame: blit them from a pixmap (5,000 points: data view 6.9 -> 3.7 ms a frame)
        cache_as_pixmap(self.points, self.lsq.curve)  # (a PlotDataItem draws through its curve)
        vb.setLimits(xMin=-VIEW_LIMIT, xMax=VIEW_LIMIT, yMin=-VIEW_LIMIT, yMax=VIEW_LIMIT)
        self._init_editing()
        self.keys = PointKeys(self)  # select, move and add points without a mouse
        pi.vb.sigXRangeChanged.connect(lambda *_: self._on_x_range())
        pi.vb.sigRangeChanged.connect(lambda *_: self._schedule_density())
        # zooming and panning redraw the density at most every 30 ms, after the range moved
        self._density_redraw = QSignalThrottler(QSignalThrottler.EmissionPolicy.Trailing, parent=self)
        self._density_redraw.setTimeout(30)
        self._density_redraw.triggered.connect(self._draw_points)
        self._subscriptions = [
            (session.datasetChanged, self._on_dataset),
            (session.frameChanged, self._on_frame),
            (session.modelChanged, self._on_model),
            (session.settingsChanged, self._on_settings),
            (self.editor.replacing, self._on_replacing),
        ]
        for signal, slot in self._subscriptions:
            signal.connect(slot)
        self._on_model(session.model)
        self._on_dataset(session.dataset, autorange=True)

    def _restyle(self, p) -> None:
        style_plot(self, p)
        self.lsq.setPen(pg.mkPen(p.best_line, width=2, style=Qt.PenStyle.DashLine))
        self.points.setPen(pg.mkPen(p.plot_background, width=0.8))
        style_legend(self.legend, p)

    def close(self) -> bool:
        # pyqtgraph's close() drops the plot item; stop listening first, as the session
        # (and its worker's last snapshot) may outlive this view
        self._subscriptions = disconnect_all(self._subscriptions)
        self._density_redraw.cancel()
        return super().close()

    def _on_frame(self, _frame) -> None:
        self._draw_model()

    def _on_settings(self, _settings) -> None:
        self._draw_lsq()

    # ----- data -------------------------------------------------------------------------
    def _on_replacing(self, _ds) -> None:
        self._fit_next = True

    def _on_dataset(self, ds, autorange: bool = False) -> None:
        self._editing_dataset_changed(ds)
        if ds.n_inputs == 2:  # the plane view shows it; this view keeps nothing of it
            self._fit_next = True
            for item in (self.points, self.curve, self.residuals, self.lsq):
                item.setData([], [])
            return
        if autorange or self._fit_next or not self._ranged:
            self._fit_next = False
            self.fit_view()
        self._draw_points()
        self._density_redraw.cancel()
        self._set_title(ds)
        self._draw_lsq()
        self._draw_model()
        if len(self.selected):
            self._draw_selection()

    def _set_title(self, ds) -> None:
        """The short title, and a faint hint below the plot: how to edit, or what is unusual
        about the data."""
        self.getPlotItem().setTitle("Data and the model's curve")
        if self._density_shown:
            text = f"{len(ds):,} points, drawn as density<br>(darker: more points; zoom in to see each)"
        else:
            text = "click: add · drag a point: move · right-click: delete<br>Shift+drag: select · Ctrl+Z: undo"
        if self._all_x_equal(ds):
            text = ("every x is the same: no single best line<br>(any line through the mean point "
                    "fits as well)<br>" + text)
        if text != self.hint.text:
            self.hint.setText(text)

    def _view_ranges(self):
        (x0, x1), (y0, y1) = self.getPlotItem().vb.viewRange()
        return (float(x0), float(x1)), (float(y0), float(y1))

    def _schedule_density(self) -> None:
        if len(self.session.dataset) > MAX_DRAWN_POINTS:
            self._density_redraw.throttle()

    def _draw_points(self) -> None:
        """The scatter, or (more than MAX_DRAWN_POINTS in view) the density of all points."""
        ds = self.session.dataset
        x, y = ds.x, ds.y
        was = self._density_shown
        if len(x) <= MAX_DRAWN_POINTS:
            self.points.setData(x, y)
            self.density.setVisible(False)
            self._density_shown = False
        else:
            (x0, x1), (y0, y1) = self._view_ranges()
            inside = (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)
            k = int(np.count_nonzero(inside))
            if k <= MAX_DRAWN_POINTS:
                self.points.setData(x[inside], y[inside])  # zoomed in: every point in view, exactly
                self.density.setVisible(False)
                self._density_shown = False
            else:
                self.points.setData([], [])
                vb = self.getPlotItem().vb
                w, h = vb.width(), vb.height()
                nx = int(np.clip(w / DENSITY_CELL_PX, 16, 1200))
                ny = int(np.clip(h / DENSITY_CELL_PX, 16, 1200))
                img, _k = density_image(x, y, (x0, x1), (y0, y1), nx, ny, inside)
                self.density.setImage(img, autoLevels=False, levels=(0, 255))
                self.density.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
                self.density.setVisible(True)
                self._density_shown = True
        if was != self._density_shown:
            self._set_title(ds)

    def fit_view(self) -> None:
        ds = self.session.dataset
        if len(ds) == 0:
            self.setRange(xRange=(-5, 5), yRange=(-5, 5), padding=0)
        else:
            x0, x1 = float(ds.x.min()), float(ds.x.max())
            y0, y1 = float(ds.y.min()), float(ds.y.max())
            dx = max(x1 - x0, 1e-9 + abs(x0) * 1e-6, 1.0 if x1 == x0 else 0)
            dy = max(y1 - y0, 1e-9 + abs(y0) * 1e-6, 1.0 if y1 == y0 else 0)
            lim = VIEW_LIMIT  # the margins around data near the limit stay inside it
            self.setRange(xRange=np.clip((x0 - 0.1 * dx, x1 + 0.1 * dx), -lim, lim),
                          yRange=np.clip((y0 - 0.15 * dy, y1 + 0.15 * dy), -lim, lim), padding=0)
        self._ranged = True

    def _lsq_line(self) -> tuple[float, float] | None:
        ds = self.session.dataset
        cached_ds, wb = self._lsq_cache
        if cached_ds is not ds:
            wb = None
            if len(ds) >= 2 and not self._all_x_equal(ds):
                w, b = gc.least_squares(ds.x, ds.y)
                wb = (float(w), float(b)) if np.isfinite(w) and np.isfinite(b) else None
            self._lsq_cache = (ds, wb)
        return wb

    @staticmethod
    def _all_x_equal(ds) -> bool:
        # then every line through the mean point fits equally well: no single best line
        return len(ds) >= 2 and bool(np.all(ds.x == ds.x[0]))

    def _draw_lsq(self) -> None:
        ds = self.session.dataset
        if not self.show_lsq or len(ds) < 2 or self.session.settings.model != "line":
            self.lsq.setData([], [])
            self._legend_sync(self.lsq, "least-squares best line", False)
            return
        wb = self._lsq_line()
        if wb is None:  # every x the same: no unique best line
            self.lsq.setData([], [])
            self._legend_sync(self.lsq, "least-squares best line", False)
            return
        w, b = wb
        xs = np.array(self._x_range())
        self.lsq.setData(xs, w * xs + b)
        self._legend_sync(self.lsq, "least-squares best line", True)

    def _on_x_range(self) -> None:
        self._draw_model()
        if self.show_lsq and len(self.session.dataset) >= 2:
            self._draw_lsq()  # the best line spans the view (cached: no O(n) work per pan)

    def _legend_sync(self, item, name: str, shown: bool) -> None:
        present = any(sample.item is item for sample, _label in self.legend.items)
        if shown and not present:
            self.legend.addItem(item, name)
        elif not shown and present:
            self.legend.removeItem(item)

    # ----- model ------------------------------------------------------------------------
    def _on_model(self, model) -> None:
        hidden = model.hidden if model.name == "network" else 0
        while len(self.contribs) < hidden:
            color = CONTRIB_COLORS[len(self.contribs) % len(CONTRIB_COLORS)]
            # 1 px: Qt's raster engine draws 1-px cosmetic dashes on a fast path, 1.2 px not.
            # A bare PlotCurveItem, not a PlotDataItem: 16 of them take new data every frame,
            # and a PlotDataItem's setData (downsampling, clipping, its scatter) costs ~3x more
            item = pg.PlotCurveItem(pen=pg.mkPen(*color, 170, width=1, style=Qt.PenStyle.DashLine))
            self.addItem(item)
            self.contribs.append(item)
        for k, item in enumerate(self.contribs):
            item.setVisible(k < hidden and self.show_contributions)
            if k >= hidden:
                item.setData([], [])
        if self.contribs:  # one legend entry stands for all the neurons' curves
            self._legend_sync(self.contribs[0], "neuron contributions vᵢσ(wᵢx+bᵢ)",
                              hidden > 0 and self.show_contributions)
        self.legend.removeItem(self.curve)
        self.legend.addItem(self.curve, f"model: {model.describe()}")
        self._draw_lsq()
        self._draw_model()

    def _x_range(self) -> tuple[float, float]:
        (x0, x1), _ = self.getPlotItem().vb.viewRange()
        return float(x0), float(x1)

    def _draw_model(self) -> None:
        frame = self.session.frame
        # a frame of a model the session has already left draws nothing: the next one fits
        if frame is None or frame.model != self.session.model or frame.model.n_inputs == 2:
            self.curve.setData([], [])
            self.residuals.setData([], [])
            self.runs.draw(())
            return
        model, params = frame.model, params_in_data_units(frame)  # the fit in x's own units
        x0, x1 = self._x_range()
        # a straight line needs its two ends (a 3-px pen over 400 segments cost a frame ~1 ms)
        xs = np.linspace(x0, x1, 2 if model.name == "line" else CURVE_SAMPLES)
        with np.errstate(all="ignore"):
            ys = model.predict(params, xs)
        ok = np.isfinite(ys)
        self.curve.setData(xs[ok], ys[ok])
        self.runs.draw(model_entries(frame, xs))
        ds = self.session.dataset
        if self.show_residuals and 0 < len(ds) <= 2000:
            with np.errstate(all="ignore"):
                pred = model.predict(params, ds.x)
            seg_x = np.repeat(ds.x, 2)
            seg_y = np.empty(2 * len(ds))
            seg_y[0::2] = ds.y
            seg_y[1::2] = pred
            if np.all(np.isfinite(seg_y)):
                self.residuals.setData(seg_x, seg_y)
            else:
                self.residuals.setData([], [])
        else:
            self.residuals.setData([], [])
        if isinstance(model, gc.Network) and self.show_contributions:
            contrib = model.contributions(params, xs)  # (xs: CURVE_SAMPLES, not a line's 2)
            for k in range(contrib.shape[0]):
                row = contrib[k]
                good = np.isfinite(row)
                self.contribs[k].setData(xs[good], row[good])

    # ----- toggles ----------------------------------------------------------------------
    def set_show_residuals(self, on: bool) -> None:
        self.show_residuals = bool(on)
        self._draw_model()

    def set_show_lsq(self, on: bool) -> None:
        self.show_lsq = bool(on)
        self._draw_lsq()

    def set_show_contributions(self, on: bool) -> None:
        self.show_contributions = bool(on)
        self._on_model(self.session.model)

