"""The data view for two inputs: the points in the (x1, x2) plane over a heat map of the
model's output, with the 0.5 level drawn as the decision boundary when the labels are
classes (0 and 1).

Class 0 is a blue circle, class 1 a vermillion triangle (Okabe & Ito's colour-blind-safe
pair, and a shape as the second cue); for regression the points are coloured by their y
on the heat map's own scale. A click adds a point of the chosen class (C switches it); for
regression its y is the model's output there (a top view has no y axis to place it on;
the status bar says the value). Dragging a point moves it in the plane (its class or y
stays; Esc puts it back), a right-click deletes the nearest point, a drag elsewhere pans.
Every edit goes through the DataEditor, so Undo and Redo work as in the one-input view,
and a whole drag is one undo step.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal

import gradviz.core as gc

from gradviz.gui.data_view.legend import PlotNote
from gradviz.gui.state.scaling import params_in_data_units
from gradviz.gui.state.two_inputs import is_classification
from gradviz.gui.theme.apply import style_plot, themes
from gradviz.gui.theme.palette import OKABE_ITO
from gradviz.gui.widgets.subscriptions import disconnect_all

GRID = 100  # heat-map samples along each input
CLASS_COLORS = (OKABE_ITO["blue"], OKABE_ITO["vermillion"])
CLASS_SYMBOLS = ("o", "t1")  # a circle, a triangle pointing up
PICK_PX = 12  # a right-click deletes the nearest point within this many pixels


def class_lut() -> np.ndarray:
    """256 colours from class 0's (output 0) through white (0.5) to class 1's (output 1),
    pale so that the points stay readable over it."""
    c0, c1 = (np.array(pg.mkColor(c).getRgb()[:3], dtype=float) for c in CLASS_COLORS)
    t = np.linspace(-1.0, 1.0, 256)[:, None]
    white = np.full(3, 255.0)
    side = np.where(t < 0, c0, c1)
    mix = white + (side - white) * (0.55 * np.abs(t))
    return mix.astype(np.ubyte)


def value_lut() -> np.ndarray:
    return pg.colormap.get("viridis").getLookupTable(nPts=256)


def grid_extent(x: np.ndarray) -> tuple[float, float, float, float]:
    """(x1 lo, x1 hi, x2 lo, x2 hi): the data's box with a 15 % margin (a 10 x 10 box
    around 0 when there are no points)."""
    if len(x) == 0:
        return -5.0, 5.0, -5.0, 5.0
    lo, hi = x.min(axis=0), x.max(axis=0)
    pad = np.maximum(0.15 * (hi - lo), 0.5)
    return float(lo[0] - pad[0]), float(hi[0] + pad[0]), float(lo[1] - pad[1]), float(hi[1] + pad[1])


def grid_points(extent, n: int = GRID) -> np.ndarray:
    """The cell centres of an n x n grid over ``extent``, shape (n * n, 2), row by row
    (rows go along x2)."""
    a0, a1, b0, b1 = extent
    u = a0 + (np.arange(n) + 0.5) * (a1 - a0) / n
    v = b0 + (np.arange(n) + 0.5) * (b1 - b0) / n
    U, V = np.meshgrid(u, v)
    return np.column_stack([U.ravel(), V.ravel()])


def boundary_segments(Z: np.ndarray, extent, level: float = 0.5) -> np.ndarray:
    """The ``level`` contour of Z (rows along x2) as segments in (x1, x2): shape (k, 2, 2)."""
    segs, _ = gc.marching_squares(Z, [level])
    if len(segs) == 0:
        return np.empty((0, 2, 2))
    a0, a1, b0, b1 = extent
    n_rows, n_cols = Z.shape
    out = np.empty_like(segs)
    out[..., 0] = a0 + (segs[..., 1] + 0.5) * (a1 - a0) / n_cols
    out[..., 1] = b0 + (segs[..., 0] + 0.5) * (b1 - b0) / n_rows
    return out


class _ClickBox(pg.ViewBox):
    """A ViewBox that hands its clicks to ``on_click(ev)`` (which accepts the ones it uses)
    and its drags to ``on_drag(ev)`` (True: the drag is an edit, else the view pans)."""

    on_click = None
    on_drag = None

    def mouseClickEvent(self, ev) -> None:
        if self.on_click is not None:
            self.on_click(ev)
            if ev.isAccepted():
                return
        super().mouseClickEvent(ev)

    def mouseDragEvent(self, ev, axis=None) -> None:
        if axis is None and self.on_drag is not None and self.on_drag(ev):
            ev.accept()
            return
        super().mouseDragEvent(ev, axis)


class PlaneView(pg.PlotWidget):
    """Subscribes to a Session; edits the data only through its DataEditor."""

    clickClassChanged = Signal(int)

    def __init__(self, session, editor, parent=None) -> None:
        vb = _ClickBox()
        super().__init__(parent=parent, background="w", viewBox=vb)
        self.setAccessibleName("Data in the (x1, x2) plane over the model's output")
        self.setAccessibleDescription("Each point coloured by its class or value; the heat map is the model's "
                                      "output and the line its 0.5 boundary. Click adds a point, drag moves "
                                      "one, C switches class, right-click deletes.")
        self.session = session
        self.editor = editor
        self.click_class = 1
        self._extent = (-5.0, 5.0, -5.0, 5.0)
        self._grid = grid_points(self._extent)
        self._classes = False
        self._fit_next = True
        self._drag_origin: tuple[float, float] | None = None  # where a drag of a point began
        pi = self.getPlotItem()
        pi.setLabel("bottom", "x1")
        pi.setLabel("left", "x2")
        pi.setMenuEnabled(False)  # a right-click deletes a point
        self.hint = PlotNote(pi)
        self.heat = pg.ImageItem(axisOrder="row-major")
        self.heat.setZValue(-10)
        self.boundary = pg.PlotCurveItem(pen=pg.mkPen("k", width=2.5), connect="pairs")
        self.class_points = [pg.ScatterPlotItem(size=10, symbol=CLASS_SYMBOLS[k], brush=pg.mkBrush(CLASS_COLORS[k]),
                                                pen=pg.mkPen("w", width=1)) for k in (0, 1)]
        self.value_points = pg.ScatterPlotItem(size=10, symbol="o", pen=pg.mkPen("k", width=1))
        self.addItem(self.heat, ignoreBounds=True)
        for item in (self.boundary, *self.class_points, self.value_points):
            self.addItem(item)
        themes().follow(self, lambda p: style_plot(self, p))
        vb.on_click = self._on_click
        vb.on_drag = self._on_drag
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # C switches the class a click adds
        self._subscriptions = [(session.datasetChanged, self._on_dataset), (session.frameChanged, self._on_frame),
                               (editor.replacing, self._on_replacing)]
        for signal, slot in self._subscriptions:
            signal.connect(slot)
        self._on_dataset(session.dataset)

    def close(self) -> bool:
        self._subscriptions = disconnect_all(self._subscriptions)
        return super().close()

    def mousePressEvent(self, ev) -> None:
        super().mousePressEvent(ev)
        ev.accept()  # pyqtgraph's scene made a click of it; do not pass it on

    def mouseReleaseEvent(self, ev) -> None:
        super().mouseReleaseEvent(ev)
        ev.accept()

    # ----- what a click adds ---------------------------------------------------------------
    def set_click_class(self, k: int) -> None:
        self.click_class = 1 if k else 0
        self._set_hint()
        self.clickClassChanged.emit(self.click_class)

    def toggle_click_class(self) -> None:
        self.set_click_class(1 - self.click_class)

    def keyPressEvent(self, ev) -> None:
        if ev.key() == Qt.Key.Key_C and not ev.modifiers():
            self.toggle_click_class()
            self.session.notify(f"A click now adds class {self.click_class}.")
            ev.accept()
            return
        if ev.key() == Qt.Key.Key_Escape and self.editor.moving:
            self.editor.cancel_move()  # the dragged point goes back
            ev.accept()
            return
        super().keyPressEvent(ev)

    def add_point_at(self, x1: float, x2: float) -> int:
        """Add a point at (x1, x2): of the chosen class, or (regression) with the model's
        output there as its y (the mean y where the output is not finite)."""
        if self._classes or len(self.session.dataset) == 0:
            return self.editor.add_point((x1, x2), float(self.click_class))
        frame = self.session.frame
        with np.errstate(all="ignore"):
            y = float(frame.model.predict(params_in_data_units(frame), np.array([[x1, x2]]))[0])
        where = "the model's output there"
        if not np.isfinite(y):
            y, where = float(np.mean(self.session.dataset.y)), "the mean y (the model's output is not finite there)"
        i = self.editor.add_point((x1, x2), y)
        self.session.notify(f"Added a point at x1 = {x1:.4g}, x2 = {x2:.4g} with y = {y:.4g}, {where}; "
                            "drag it to move it, Ctrl+Z takes it back.")
        return i

    def nearest_point(self, x1: float, x2: float, max_px: float = PICK_PX) -> int | None:
        """The index of the point nearest to (x1, x2) on screen, within ``max_px``."""
        x = self.session.dataset.x
        if len(x) == 0:
            return None
        vb = self.getPlotItem().vb
        (a0, a1), (b0, b1) = vb.viewRange()
        sx = vb.width() / max(a1 - a0, 1e-300)
        sy = vb.height() / max(b1 - b0, 1e-300)
        d = np.hypot((x[:, 0] - x1) * sx, (x[:, 1] - x2) * sy)
        i = int(np.argmin(d))
        return i if d[i] <= max_px else None

    def _on_drag(self, ev) -> bool:
        """A left-button drag that starts on a point moves it (live, one undo step); True
        while the drag is ours (else the view pans)."""
        if ev.isStart():
            self._drag_origin = None
            if ev.button() != Qt.MouseButton.LeftButton:
                return False
            p = self.getPlotItem().vb.mapSceneToView(ev.buttonDownScenePos(Qt.MouseButton.LeftButton))
            i = self.nearest_point(p.x(), p.y())
            if i is None or not self.editor.begin_move([i]):
                return False
            self._drag_origin = (p.x(), p.y())
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        if self._drag_origin is None:
            return False
        if self.editor.moving:  # else cancelled (Esc, Ctrl+Z) mid-drag: the rest is swallowed
            p = self.getPlotItem().vb.mapSceneToView(ev.scenePos())
            x0, y0 = self._drag_origin
            self.editor.update_move((p.x() - x0, p.y() - y0), 0.0)
        if ev.isFinish():
            self.editor.finish_move()
            self._drag_origin = None
            self.unsetCursor()
        return True

    def _on_click(self, ev) -> None:
        p = self.getPlotItem().vb.mapSceneToView(ev.scenePos())
        if ev.button() == Qt.MouseButton.LeftButton:
            self.add_point_at(p.x(), p.y())
        elif ev.button() == Qt.MouseButton.RightButton:
            i = self.nearest_point(p.x(), p.y())
            if i is not None:
                self.editor.delete_points([i])
        ev.accept()

    # ----- drawing -------------------------------------------------------------------------
    def _on_replacing(self, _ds) -> None:
        self._fit_next = True

    def _on_dataset(self, ds) -> None:
        if ds.n_inputs != 2:
            return
        self._classes = is_classification(ds)
        if self._fit_next and len(ds):  # a whole new data set: the view fits it
            self._fit_next = False
            self._extent = grid_extent(ds.x)
            self._grid = grid_points(self._extent)
        a0, a1, b0, b1 = self._extent
        self.setRange(xRange=(a0, a1), yRange=(b0, b1), padding=0)
        self.getPlotItem().setTitle(f"{ds.name or 'data'}: x1, x2 and the model's output")
        if self._classes:
            for k, item in enumerate(self.class_points):
                item.setData(pos=ds.x[ds.y == k])
            self.value_points.setData([])
        else:
            for item in self.class_points:
                item.setData([])
            self.value_points.setData(pos=ds.x, brush=self._value_brushes(ds.y))
        self._set_hint()
        self._on_frame(self.session.frame)

    def _value_levels(self) -> tuple[float, float]:
        y = self.session.dataset.y
        if len(y) == 0:
            return 0.0, 1.0
        lo, hi = float(y.min()), float(y.max())
        return (lo, hi) if hi > lo else (lo - 0.5, hi + 0.5)

    def _value_brushes(self, y) -> list:
        lo, hi = self._value_levels()
        lut = value_lut()
        idx = np.clip(((y - lo) / (hi - lo) * 255).astype(int), 0, 255)
        return [pg.mkBrush(*lut[i]) for i in idx]

    def _set_hint(self) -> None:
        if self._classes or len(self.session.dataset) == 0:
            shape = "triangle" if self.click_class else "circle"
            text = (f"click: add class {self.click_class} ({shape}) · C: switch class · drag a point: move · "
                    "right-click: delete")
        else:
            text = "click: add a point, y = the model's output there · drag a point: move · right-click: delete"
        self.hint.setText(text)

    def sample_points(self) -> np.ndarray:
        """The (x1, x2) of the heat map's cells, row by row (a copy)."""
        return self._grid.copy()

    def output_grid(self, frame) -> np.ndarray | None:
        """The model's output over the grid (rows along x2), or None for a one-input frame."""
        if frame is None or frame.model.n_inputs != 2:
            return None
        with np.errstate(all="ignore"):
            return frame.model.predict(params_in_data_units(frame), self._grid).reshape(GRID, GRID)

    def _on_frame(self, frame) -> None:
        Z = self.output_grid(frame)
        if Z is None:
            return
        if self._classes:
            self.heat.setLookupTable(class_lut())
            self.heat.setImage(np.nan_to_num(Z, nan=0.5), autoLevels=False, levels=(0.0, 1.0))
            segs = boundary_segments(Z, self._extent)
            self.boundary.setData(segs[..., 0].ravel(), segs[..., 1].ravel())
        else:
            self.heat.setLookupTable(value_lut())
            self.heat.setImage(np.nan_to_num(Z), autoLevels=False, levels=self._value_levels())
            self.boundary.setData([], [])
        a0, a1, b0, b1 = self._extent  # after setImage: the rect scales the image's own size
        self.heat.setRect(QRectF(a0, b0, a1 - a0, b1 - b0))

    def boundary_points(self) -> np.ndarray:
        """The drawn boundary's segment ends, shape (2k, 2) (for tests and exports)."""
        x, y = self.boundary.getData()
        return np.empty((0, 2)) if x is None else np.column_stack([x, y])
