"""The data view: points, the model's current curve, residuals, least-squares line and,
for the network, each hidden neuron's contribution."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal

import gradviz.core as gc

POINT_BRUSH = pg.mkBrush(31, 119, 180, 220)
CURVE_PEN = pg.mkPen(214, 39, 40, width=3)
LSQ_PEN = pg.mkPen(90, 90, 90, width=2, style=Qt.PenStyle.DashLine)
RESID_PEN = pg.mkPen(255, 127, 14, width=1.5)
CONTRIB_COLORS = [(44, 160, 44), (148, 103, 189), (140, 86, 75), (227, 119, 194),
                  (127, 127, 127), (188, 189, 34), (23, 190, 207), (31, 119, 180)]
MAX_DRAWN_POINTS = 20_000  # beyond this the scatter shows a faithful subsample
CURVE_SAMPLES = 400


class DataPanel(pg.PlotWidget):
    """Subscribes to a Session; never changes it except through explicit user edits."""

    probeMoved = Signal(object)  # x under the mouse (float) or None: the network view shades by it

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent=parent, background="w")
        self.session = session
        self.show_residuals = True
        self.show_lsq = True
        self.show_contributions = True
        pi = self.getPlotItem()
        pi.showGrid(x=True, y=True, alpha=0.25)
        pi.setLabel("bottom", "x")
        pi.setLabel("left", "y")
        pi.setTitle("Data and the model's curve")
        self.legend = pi.addLegend(offset=(10, 10))
        # build every item once; later only setData
        self.residuals = pg.PlotDataItem(pen=RESID_PEN, connect="pairs", name="residuals (error)")
        self.lsq = pg.PlotDataItem(pen=LSQ_PEN, name="least-squares best line")
        self.contribs: list[pg.PlotDataItem] = []
        self.curve = pg.PlotDataItem(pen=CURVE_PEN, name="model")
        self.points = pg.ScatterPlotItem(size=9, brush=POINT_BRUSH, pen=pg.mkPen("w", width=0.8),
                                         name="data", hoverable=False)
        for item in (self.residuals, self.lsq, self.curve, self.points):
            self.addItem(item)
        self.setMouseTracking(True)
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        pi.vb.sigXRangeChanged.connect(lambda *_: self._draw_model())
        session.datasetChanged.connect(self._on_dataset)
        session.snapshotChanged.connect(lambda _s: self._draw_model())
        session.modelChanged.connect(self._on_model)
        session.settingsChanged.connect(lambda _s: self._draw_lsq())
        self._on_model(session.model)
        self._on_dataset(session.dataset, autorange=True)

    # ----- data -------------------------------------------------------------------------
    def _on_dataset(self, ds, autorange: bool = False) -> None:
        x, y = ds.x, ds.y
        if len(x) > MAX_DRAWN_POINTS:
            # a deterministic, evenly spread subsample keeps the view faithful and fast
            idx = np.linspace(0, len(x) - 1, MAX_DRAWN_POINTS).astype(np.int64)
            self.points.setData(x[idx], y[idx])
        else:
            self.points.setData(x, y)
        if autorange or not getattr(self, "_ranged", False):
            self.fit_view()
        self._draw_lsq()
        self._draw_model()

    def fit_view(self) -> None:
        ds = self.session.dataset
        if len(ds) == 0:
            self.setRange(xRange=(-5, 5), yRange=(-5, 5), padding=0)
        else:
            x0, x1 = float(ds.x.min()), float(ds.x.max())
            y0, y1 = float(ds.y.min()), float(ds.y.max())
            dx = max(x1 - x0, 1e-9 + abs(x0) * 1e-6, 1.0 if x1 == x0 else 0)
            dy = max(y1 - y0, 1e-9 + abs(y0) * 1e-6, 1.0 if y1 == y0 else 0)
            self.setRange(xRange=(x0 - 0.1 * dx, x1 + 0.1 * dx), yRange=(y0 - 0.15 * dy, y1 + 0.15 * dy),
                          padding=0)
        self._ranged = True

    def _draw_lsq(self) -> None:
        ds = self.session.dataset
        if not self.show_lsq or len(ds) < 2 or self.session.settings.model != "line":
            self.lsq.setData([], [])
            self._legend_sync(self.lsq, "least-squares best line", False)
            return
        w, b = gc.least_squares(ds.x, ds.y)
        xs = np.array(self._x_range())
        self.lsq.setData(xs, w * xs + b)
        self._legend_sync(self.lsq, "least-squares best line", True)

    def _legend_sync(self, item, name: str, shown: bool) -> None:
        present = any(sample.item is item for sample, _label in self.legend.items)
        if shown and not present:
            self.legend.addItem(item, name)
        elif not shown and present:
            self.legend.removeItem(item)

    # ----- model ------------------------------------------------------------------------
    def _on_model(self, model) -> None:
        hidden = model.n_params // 3 if model.name == "network" else 0
        while len(self.contribs) < hidden:
            color = CONTRIB_COLORS[len(self.contribs) % len(CONTRIB_COLORS)]
            item = pg.PlotDataItem(pen=pg.mkPen(*color, 170, width=1.2, style=Qt.PenStyle.DashLine))
            self.addItem(item)
            self.contribs.append(item)
        for k, item in enumerate(self.contribs):
            item.setVisible(k < hidden and self.show_contributions)
            if k >= hidden:
                item.setData([], [])
        self._legend_sync(self.contribs[0] if self.contribs else None, "neuron contributions vᵢσ(wᵢx+bᵢ)",
                          hidden > 0 and self.show_contributions) if self.contribs else None
        self.legend.removeItem(self.curve)
        self.legend.addItem(self.curve, f"model: {model.describe()}")
        self._draw_lsq()
        self._draw_model()

    def _x_range(self) -> tuple[float, float]:
        (x0, x1), _ = self.getPlotItem().vb.viewRange()
        return float(x0), float(x1)

    def _draw_model(self) -> None:
        snap = self.session.snapshot
        model = self.session.model
        if snap is None or snap.params.shape != (model.n_params,):
            self.curve.setData([], [])
            self.residuals.setData([], [])
            return
        x0, x1 = self._x_range()
        xs = np.linspace(x0, x1, CURVE_SAMPLES)
        with np.errstate(all="ignore"):
            ys = model.predict(snap.params, xs)
        ok = np.isfinite(ys)
        self.curve.setData(xs[ok], ys[ok])
        ds = self.session.dataset
        if self.show_residuals and 0 < len(ds) <= 2000:
            with np.errstate(all="ignore"):
                pred = model.predict(snap.params, ds.x)
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
        if model.name == "network" and self.show_contributions:
            contrib = model.contributions(snap.params, xs)
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

    def _on_mouse_moved(self, pos) -> None:
        vb = self.getPlotItem().vb
        if vb.sceneBoundingRect().contains(pos):
            self.probeMoved.emit(float(vb.mapSceneToView(pos).x()))
        else:
            self.probeMoved.emit(None)
