"""The data view: points, the model's current curve, residuals, least-squares line and,
for the network, each hidden neuron's contribution. Also where the data is drawn and
edited with the mouse.

Mouse (left button unless said otherwise):

* click on empty space: add a point there (data coordinates);
* click on a point: select it (Ctrl+click: add it to / take it out of the selection);
* drag a point: move it (or the whole selection, if the point is selected) -- the data
  follows the mouse live and the whole drag is one undo step;
* right-click a point: delete it; Delete/Backspace deletes the selection;
* Shift+drag: rubber-band selection (Shift+Ctrl+drag adds to it);
* drag on empty space pans, the wheel zooms, right-click on empty space opens the menu.

"On a point" means within :data:`HIT_RADIUS_PX` screen pixels of it. The view never
re-ranges itself while the user edits; only a whole new data set (a load, a preset, or
undoing one) fits the view to the data.

Large data: up to :data:`MAX_DRAWN_POINTS` points in view are drawn one by one; beyond
that the view shows a density image of *every* point in view (log-scaled counts per
screen cell, so a lone outlier still shows), recomputed when the view moves.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QCursor, QPen
from PySide6.QtWidgets import QGraphicsRectItem

import gradviz.core as gc

from gradviz.gui.state.edit_history import DataEditor
from gradviz.gui.widgets.plot_cache import cache_as_pixmap, cache_axes

POINT_BRUSH = pg.mkBrush(31, 119, 180, 220)
CURVE_PEN = pg.mkPen(214, 39, 40, width=3)
LSQ_PEN = pg.mkPen(90, 90, 90, width=2, style=Qt.PenStyle.DashLine)
RESID_PEN = pg.mkPen(255, 127, 14, width=1.5)
SELECT_PEN = pg.mkPen(255, 140, 0, width=2.5)
CONTRIB_COLORS = [(44, 160, 44), (148, 103, 189), (140, 86, 75), (227, 119, 194),
                  (127, 127, 127), (188, 189, 34), (23, 190, 207), (31, 119, 180)]
MAX_DRAWN_POINTS = 20_000  # more points than this in view: a density image of all of them
CURVE_SAMPLES = 400
HIT_RADIUS_PX = 8.0  # a click this close to a point (in screen pixels) is a click on it
HOVER_HIT_MAX_POINTS = 200_000  # the hover cursor looks for points only below this size
DENSITY_CELL_PX = 2  # one density cell per this many screen pixels
VIEW_LIMIT = gc.MAX_ABS_VALUE  # the view never goes beyond: a click adds a point the app can handle


def density_lut() -> np.ndarray:
    """Transparent for empty cells; light to dark blue, never too faint to see, else."""
    lut = np.zeros((256, 4), dtype=np.uint8)
    t = np.linspace(0.0, 1.0, 255)
    lut[1:, 0] = (170 - 160 * t).astype(np.uint8)
    lut[1:, 1] = (200 - 140 * t).astype(np.uint8)
    lut[1:, 2] = (240 - 110 * t).astype(np.uint8)
    lut[1:, 3] = (110 + 145 * t).astype(np.uint8)
    return lut


def density_image(x: np.ndarray, y: np.ndarray, x_range, y_range, nx: int, ny: int,
                  inside: np.ndarray | None = None) -> tuple[np.ndarray, int]:
    """Counts of the points in each of nx * ny cells over the ranges, as a uint8 image
    (row-major: [row = y cell, column = x cell]) for :func:`density_lut`: 0 for an empty
    cell, 1..255 on a log scale of the count otherwise. Returns (image, points counted).
    ``inside``: the mask of the points within the ranges, if already known."""
    (x0, x1), (y0, y1) = x_range, y_range
    if inside is None:
        inside = (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)
    xs, ys = x[inside], y[inside]
    ix = ((xs - x0) * (nx / (x1 - x0))).astype(np.intp)
    iy = ((ys - y0) * (ny / (y1 - y0))).astype(np.intp)
    np.minimum(ix, nx - 1, out=ix)  # a point on the far edge belongs to the last cell
    np.minimum(iy, ny - 1, out=iy)
    iy *= nx
    iy += ix
    counts = np.bincount(iy, minlength=nx * ny).reshape(ny, nx)
    top = int(counts.max()) if counts.size else 0
    img = np.zeros((ny, nx), dtype=np.uint8)
    if top > 0:
        nz = counts > 0
        scale = 254.0 / np.log1p(top) if top > 1 else 0.0
        img[nz] = (1.0 + np.log(counts[nz]) * scale).clip(1, 255).astype(np.uint8)
    return img, int(xs.size)


class _InertScatter(pg.ScatterPlotItem):
    """A scatter that leaves every mouse event to the view box (which decides, by pixel
    distance over all points, what a click means)."""

    def mouseClickEvent(self, ev) -> None:
        ev.ignore()

    def mouseDragEvent(self, ev) -> None:
        ev.ignore()


class EditViewBox(pg.ViewBox):
    """A ViewBox that first offers clicks and drags to the data panel's editing."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.editor_handler = None

    def mouseClickEvent(self, ev) -> None:
        h = self.editor_handler
        if h is not None and h._on_click(ev):
            ev.accept()
            return
        super().mouseClickEvent(ev)

    def mouseDragEvent(self, ev, axis=None) -> None:
        h = self.editor_handler
        if axis is None and h is not None and h._on_drag(ev):
            ev.accept()
            return
        super().mouseDragEvent(ev, axis)


class DataPanel(pg.PlotWidget):
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
        self.selected = np.zeros(0, dtype=np.intp)
        self._drag: dict | None = None  # the drag in progress: {"mode": "move"|"select", ...}
        self._fit_next = False  # the next data set is a whole new one: fit the view to it
        self._lsq_cache: tuple[object, tuple[float, float] | None] = (None, None)
        self._density_shown = False
        self._hover_over = False
        self._selection_ds = session.dataset
        pi = self.getPlotItem()
        pi.showGrid(x=True, y=True, alpha=0.25)
        pi.setLabel("bottom", "x")
        pi.setLabel("left", "y")
        self.hint = pg.LabelItem("", size="8pt", color="#808080")
        self.hint.setParentItem(pi.vb)
        # bottom right: the legend has the top left, and rising data (the lesson's) leaves
        # this corner empty
        self.hint.anchor(itemPos=(1, 1), parentPos=(1, 1), offset=(-4, -2))
        self.hint.setZValue(30)
        self._set_title(session.dataset)
        # over the data on a pale backing: points that fall under it (a sine's peak) must not
        # make its text unreadable
        self.legend = pi.addLegend(offset=(10, 10), brush=pg.mkBrush(255, 255, 255, 190))
        self.legend.setZValue(20)
        cache_axes(pi, self.legend, self.hint, pi.titleLabel)
        # build every item once; later only setData
        self.density = pg.ImageItem(axisOrder="row-major")
        self.density.setLookupTable(density_lut())
        self.density.setLevels((0, 255))
        self.density.setZValue(-10)
        self.density.setVisible(False)
        self.residuals = pg.PlotDataItem(pen=RESID_PEN, connect="pairs", name="residuals (error)")
        self.lsq = pg.PlotDataItem(pen=LSQ_PEN, name="least-squares best line")
        self.contribs: list[pg.PlotCurveItem] = []
        self.curve = pg.PlotDataItem(pen=CURVE_PEN, name="model")
        self.points = _InertScatter(size=9, brush=POINT_BRUSH, pen=pg.mkPen("w", width=0.8),
                                    name="data", hoverable=False)
        self.selection_marks = _InertScatter(size=15, brush=None, pen=SELECT_PEN, hoverable=False)
        self.selection_marks.setZValue(5)
        self.addItem(self.density, ignoreBounds=True)
        for item in (self.residuals, self.lsq, self.curve, self.points):
            self.addItem(item)
        # the points and the best line stand still while the model's curve moves over them
        # every frame: blit them from a pixmap (5,000 points: data view 6.9 -> 3.7 ms a frame)
        cache_as_pixmap(self.points, self.lsq.curve)  # (a PlotDataItem draws through its curve)
        self.addItem(self.selection_marks, ignoreBounds=True)
        self.rubber_band = QGraphicsRectItem()
        pen = QPen(QColor(255, 140, 0))
        pen.setCosmetic(True)
        pen.setStyle(Qt.PenStyle.DashLine)
        self.rubber_band.setPen(pen)
        self.rubber_band.setBrush(pg.mkBrush(255, 140, 0, 40))
        self.rubber_band.setZValue(20)
        self.rubber_band.setVisible(False)
        self.addItem(self.rubber_band, ignoreBounds=True)
        vb.editor_handler = self
        vb.setLimits(xMin=-VIEW_LIMIT, xMax=VIEW_LIMIT, yMin=-VIEW_LIMIT, yMax=VIEW_LIMIT)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Delete / Escape reach keyPressEvent
        self.setMouseTracking(True)
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        pi.vb.sigXRangeChanged.connect(lambda *_: self._on_x_range())
        pi.vb.sigRangeChanged.connect(lambda *_: self._schedule_density())
        self._density_timer = QTimer(self)
        self._density_timer.setSingleShot(True)
        self._density_timer.timeout.connect(self._draw_points)
        self._subscriptions = [
            (session.datasetChanged, self._on_dataset),
            (session.snapshotChanged, self._on_snapshot),
            (session.modelChanged, self._on_model),
            (session.settingsChanged, self._on_settings),
            (self.editor.replacing, self._on_replacing),
        ]
        for signal, slot in self._subscriptions:
            signal.connect(slot)
        self._on_model(session.model)
        self._on_dataset(session.dataset, autorange=True)

    def close(self) -> bool:
        # pyqtgraph's close() drops the plot item; stop listening first, as the session
        # (and its worker's last snapshot) may outlive this view
        for signal, slot in self._subscriptions:
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
        self._subscriptions = []
        self._density_timer.stop()
        return super().close()

    def mousePressEvent(self, ev) -> None:
        super().mousePressEvent(ev)
        ev.accept()  # pyqtgraph's scene made a click/drag of it; do not pass it on

    def mouseReleaseEvent(self, ev) -> None:
        super().mouseReleaseEvent(ev)
        ev.accept()

    def mouseDoubleClickEvent(self, ev) -> None:
        super().mouseDoubleClickEvent(ev)
        ev.accept()

    def _on_snapshot(self, _snap) -> None:
        self._draw_model()

    def _on_settings(self, _settings) -> None:
        self._draw_lsq()

    # ----- data -------------------------------------------------------------------------
    def _on_replacing(self, _ds) -> None:
        self._fit_next = True

    def _on_dataset(self, ds, autorange: bool = False) -> None:
        if self._drag is not None and self._drag.get("mode") == "move" and not self.editor.moving:
            self._drag = None  # the drag was cancelled or undone under us
        if len(self.selected):
            if self.selected[-1] < len(ds) and self._keeps_selection(ds):
                self._selection_ds = ds
            else:
                self._set_selection(np.zeros(0, dtype=np.intp))
        if autorange or self._fit_next or not getattr(self, "_ranged", False):
            self._fit_next = False
            self.fit_view()
        self._draw_points()
        self._density_timer.stop()
        self._set_title(ds)
        self._draw_lsq()
        self._draw_model()
        if len(self.selected):
            self._draw_selection()

    def _keeps_selection(self, ds) -> bool:
        """The selection survives a change that came from dragging it (the same points,
        moved); any other new data set (an undo, a load) clears it."""
        dragging = self._drag is not None and self._drag.get("mode") == "move"
        return dragging or self.editor.moving or self._selection_ds is ds

    def _set_title(self, ds) -> None:
        """The short title, and a faint hint in the view's bottom-right corner (inside the
        view, so a long text never widens the plot beyond a narrow dock layout)."""
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
        if len(self.session.dataset) > MAX_DRAWN_POINTS and not self._density_timer.isActive():
            self._density_timer.start(30)

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
        hidden = model.n_params // 3 if model.name == "network" else 0
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
        snap = self.session.snapshot
        model = self.session.model
        if snap is None or snap.params.shape != (model.n_params,):
            self.curve.setData([], [])
            self.residuals.setData([], [])
            return
        x0, x1 = self._x_range()
        # a straight line needs its two ends (a 3-px pen over 400 segments cost a frame ~1 ms)
        xs = np.linspace(x0, x1, 2 if model.name == "line" else CURVE_SAMPLES)
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
            contrib = model.contributions(snap.params, xs)  # (xs: CURVE_SAMPLES, not a line's 2)
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

    # ----- geometry helpers -----------------------------------------------------------------
    def view_pos(self, scene_pos) -> tuple[float, float]:
        p = self.getPlotItem().vb.mapSceneToView(scene_pos)
        return float(p.x()), float(p.y())

    def point_at(self, scene_pos, radius_px: float = HIT_RADIUS_PX) -> int | None:
        """Index of the point nearest ``scene_pos`` if within ``radius_px`` screen pixels
        (over ALL points, drawn or not), else None."""
        ds = self.session.dataset
        if len(ds) == 0:
            return None
        vb = self.getPlotItem().vb
        pw, ph = vb.viewPixelSize()
        if not (pw > 0 and ph > 0):
            return None
        x, y = self.view_pos(scene_pos)
        rx, ry = radius_px * pw, radius_px * ph
        near = np.flatnonzero((np.abs(ds.x - x) <= rx) & (np.abs(ds.y - y) <= ry))
        if near.size == 0:
            return None
        d2 = ((ds.x[near] - x) / pw) ** 2 + ((ds.y[near] - y) / ph) ** 2
        k = int(np.argmin(d2))
        if d2[k] > radius_px * radius_px:
            return None
        # several points under the cursor: the last one drawn is the one on top
        best = near[d2 == d2[k]]
        return int(best[-1])

    # ----- selection ----------------------------------------------------------------------
    def _set_selection(self, indices) -> None:
        idx = np.unique(np.asarray(indices, dtype=np.intp).ravel())
        n = len(self.session.dataset)
        idx = idx[(idx >= 0) & (idx < n)]
        self.selected = idx
        self._selection_ds = self.session.dataset
        self._draw_selection()
        self.selectionChanged.emit(idx.copy())

    def set_selection(self, indices) -> None:
        self._set_selection(indices)

    def clear_selection(self) -> None:
        if len(self.selected):
            self._set_selection(np.zeros(0, dtype=np.intp))

    def select_all(self) -> None:
        n = len(self.session.dataset)
        self._set_selection(np.arange(n))
        self.session.message.emit(f"Selected all {n:,} points." if n else "There are no points to select.")

    def _draw_selection(self) -> None:
        ds = self.session.dataset
        idx = self.selected[self.selected < len(ds)]
        if idx.size > MAX_DRAWN_POINTS:
            idx = idx[np.linspace(0, idx.size - 1, MAX_DRAWN_POINTS).astype(np.int64)]
        self.selection_marks.setData(ds.x[idx], ds.y[idx])

    def delete_selected(self) -> bool:
        if not len(self.selected):
            self.session.message.emit("Nothing selected: click a point, or Shift+drag a box around several.")
            return False
        idx = self.selected
        self._set_selection(np.zeros(0, dtype=np.intp))
        return self.editor.delete_points(idx)

    # ----- mouse editing (called by EditViewBox) --------------------------------------------
    def _on_click(self, ev) -> bool:
        """True if the click was an edit (else the view box handles it: its menu)."""
        button, mods = ev.button(), ev.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        if button == Qt.MouseButton.LeftButton:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            if ev.double():
                return True  # the first click of the pair already did it
            hit = self.point_at(ev.scenePos())
            if hit is not None:
                if ctrl or shift:
                    sel = set(self.selected.tolist())
                    sel.symmetric_difference_update({hit}) if ctrl else sel.add(hit)
                    self._set_selection(sorted(sel))
                else:
                    self._set_selection([hit])
                ds = self.session.dataset
                self.session.message.emit(
                    f"Point {hit + 1:,} of {len(ds):,}: ({ds.x[hit]:.4g}, {ds.y[hit]:.4g}). "
                    "Drag to move it; Delete or right-click removes it.")
                return True
            if ctrl or shift:
                return True  # a modified click on empty space changes nothing
            self.clear_selection()
            x, y = self.view_pos(ev.scenePos())
            self.editor.add_point(x, y)
            return True
        if button == Qt.MouseButton.RightButton:
            hit = self.point_at(ev.scenePos())
            if hit is None:
                return False  # the view box's context menu
            self._set_selection(np.zeros(0, dtype=np.intp))
            self.editor.delete_points([hit])
            return True
        return False

    def _on_drag(self, ev) -> bool:
        """True if the drag is ours (moving points, rubber band); else the view pans."""
        if ev.isStart():
            self._drag = None
            if ev.button() != Qt.MouseButton.LeftButton:
                return False
            mods = ev.modifiers()
            if mods & Qt.KeyboardModifier.ShiftModifier:
                self._drag = {"mode": "select", "add": bool(mods & Qt.KeyboardModifier.ControlModifier)}
            else:
                start_scene = ev.buttonDownScenePos(Qt.MouseButton.LeftButton)
                hit = self.point_at(start_scene)
                if hit is None:
                    return False
                if hit not in set(self.selected.tolist()):
                    self._set_selection([hit])
                moving = self.selected.copy()
                if not self.editor.begin_move(moving):
                    return False
                self._drag = {"mode": "move", "origin": self.view_pos(start_scene), "n": len(moving)}
                self.setCursor(QCursor(Qt.CursorShape.ClosedHandCursor))
        drag = self._drag
        if drag is None:
            return False
        if drag["mode"] == "move":
            if not self.editor.moving:  # cancelled (Escape, Ctrl+Z) mid-drag: swallow the rest
                if ev.isFinish():
                    self._drag = None
                    self.unsetCursor()
                return True
            x0, y0 = drag["origin"]
            x, y = self.view_pos(ev.scenePos())
            self.editor.update_move(x - x0, y - y0)
            if ev.isFinish():
                self.editor.finish_move()  # one undo step for the whole drag
                self._drag = None
                self.unsetCursor()
                self._draw_selection()
            return True
        # rubber band
        (ax, ay) = self.view_pos(ev.buttonDownScenePos(Qt.MouseButton.LeftButton))
        (bx, by) = self.view_pos(ev.scenePos())
        rect = QRectF(min(ax, bx), min(ay, by), abs(bx - ax), abs(by - ay))
        if ev.isFinish():
            self.rubber_band.setVisible(False)
            self._drag = None
            ds = self.session.dataset
            inside = np.flatnonzero((ds.x >= rect.left()) & (ds.x <= rect.right())
                                    & (ds.y >= rect.top()) & (ds.y <= rect.bottom()))
            if drag["add"]:
                inside = np.union1d(self.selected, inside)
            self._set_selection(inside)
            k = len(self.selected)
            self.session.message.emit(
                f"Selected {k:,} point{'' if k == 1 else 's'}. Drag one to move them all; Delete removes them."
                if k else "No points in that box.")
        else:
            self.rubber_band.setRect(rect)
            self.rubber_band.setVisible(True)
        return True

    def keyPressEvent(self, ev) -> None:
        key = ev.key()
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_selected()
            ev.accept()
            return
        if key == Qt.Key.Key_Escape:
            if self.editor.moving:
                self.editor.cancel_move()
            elif self._drag is not None and self._drag.get("mode") == "select":
                self.rubber_band.setVisible(False)
            else:
                self.clear_selection()
            ev.accept()
            return
        super().keyPressEvent(ev)

    def _on_mouse_moved(self, pos) -> None:
        vb = self.getPlotItem().vb
        if vb.sceneBoundingRect().contains(pos):
            self.probeMoved.emit(float(vb.mapSceneToView(pos).x()))
            if self._drag is None and len(self.session.dataset) <= HOVER_HIT_MAX_POINTS:
                over = self.point_at(pos) is not None
                if over != self._hover_over:
                    self._hover_over = over
                    if over:
                        self.setCursor(QCursor(Qt.CursorShape.OpenHandCursor))
                    else:
                        self.unsetCursor()
        else:
            self.probeMoved.emit(None)
