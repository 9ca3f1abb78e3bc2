"""Each data point's share of the step, drawn as faint arrows from the current point.

The arrows are −(each point's gradient) on the pair of parameters shown, all on one linear
scale: the same scale as the landscape's gradient arrow, so that together they add up to
it, unless that would make the longest one run far off the map; then all of them are
shrunk alike and the thin white arrow (their sum over every point) is the gradient on the
shrunk scale. The next mini-batch's gradient is the cyan arrow beside it.

Built once: one path item holds every faint arrow (shafts only), so 1,000 arrows cost one
item's paint.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from gradviz.gui.theme.palette import LIGHT

__all__ = ["PointArrows", "arrow_segments", "COLOR_POINTS", "COLOR_BATCH", "MAX_FRACTION"]

COLOR_POINTS = LIGHT.per_point  # opaque: blending hundreds of long strokes costs ms a frame
COLOR_LIT = LIGHT.lit
COLOR_SUM = (255, 255, 255, 220)
COLOR_BATCH = LIGHT.batch
MAX_FRACTION = 0.45  # the longest faint arrow is at most this fraction of the view
HEAD_PX = 7.0
HOVER_PX = 8.0


def arrow_segments(origin, vectors, pixel, heads: bool = True) -> np.ndarray:
    """Shaft and two head strokes of each arrow as point pairs, shape (6k, 2), in view
    units (without ``heads``: the shafts alone, (2k, 2)); ``pixel`` = (view units per pixel
    along u, along v) keeps the heads HEAD_PX long on screen whatever the axes' scales.
    Zero vectors give zero-length strokes."""
    V = np.asarray(vectors, dtype=np.float64).reshape(-1, 2)
    o = np.asarray(origin, dtype=np.float64)
    pw, ph = pixel
    tips = o + V
    if not heads:
        out = np.empty((len(V), 2, 2))
        out[:, 0] = o
        out[:, 1] = tips
        return out.reshape(-1, 2)
    s = V / (pw, ph)  # in pixels
    L = np.hypot(s[:, 0], s[:, 1])
    with np.errstate(invalid="ignore", divide="ignore"):
        unit = np.where(L[:, None] > 0, s / L[:, None], 0.0)
    h = np.minimum(HEAD_PX, 0.45 * L)[:, None]
    out = np.empty((len(V), 6, 2))
    out[:, 0] = o
    out[:, 1] = tips
    for k, ang in ((2, 0.45), (4, -0.45)):
        c, sn = math.cos(ang), math.sin(ang)
        rot = np.column_stack([unit[:, 0] * c - unit[:, 1] * sn, unit[:, 0] * sn + unit[:, 1] * c])
        out[:, k] = tips
        out[:, k + 1] = tips - h * rot * (pw, ph)
    return out.reshape(-1, 2)


def pairs_path(xy: np.ndarray) -> QtGui.QPainterPath:
    """A path of the segments (pairs of rows) of ``xy``; a few are added one by one, which
    is much cheaper than pyqtgraph's array route for them."""
    if len(xy) > 32:
        return pg.arrayToQPath(xy[:, 0], xy[:, 1], connect="pairs")
    path = QtGui.QPainterPath()
    for (x0, y0), (x1, y1) in zip(xy[0::2].tolist(), xy[1::2].tolist()):
        path.moveTo(x0, y0)
        path.lineTo(x1, y1)
    return path


def _arrows_path(origin, vectors, pixel, heads: bool = True):
    return pairs_path(arrow_segments(origin, vectors, pixel, heads))


class _PlainPathItem(QtWidgets.QGraphicsPathItem):
    """A path drawn without antialiasing: hundreds of 1-px strokes then take the raster's
    fast line route (antialiased, 300 long arrows cost ~10 ms a frame in software)."""

    def paint(self, painter, option, widget=None) -> None:
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, False)
        super().paint(painter, option, widget)


class PointArrows(QtCore.QObject):
    """Per-point arrows, the lit one, their sum and the mini-batch's arrow on a ViewBox.
    ``hovered(index)`` (-1: none) when the mouse comes near an arrow's tip."""

    hovered = QtCore.Signal(int)

    def __init__(self, view_box: pg.ViewBox, parent=None) -> None:
        super().__init__(parent)
        self.view_box = view_box
        self._data = None  # (origin, vectors of the shown points, their indices, sum, batch)
        self._lit = -1
        self._hover = -1
        self.scale = 0.0  # view units per unit of gradient, for every arrow drawn
        self.items = {}
        for key, pen, z in (("points", pg.mkPen(COLOR_POINTS, width=1), 4.5),
                            ("sum", pg.mkPen(COLOR_SUM, width=1.5), 7.2),  # over the red arrow
                            ("batch", pg.mkPen(COLOR_BATCH, width=2.5), 6.5),
                            ("lit", pg.mkPen(COLOR_LIT, width=2.5), 6.6)):
            item = _PlainPathItem() if key == "points" else QtWidgets.QGraphicsPathItem()
            item.setPen(pen)
            item.setZValue(z)
            view_box.addItem(item, ignoreBounds=True)
            self.items[key] = item
        view_box.sigRangeChanged.connect(self._redraw)
        view_box.scene().sigMouseMoved.connect(self._on_mouse)
        self.clear()

    # ----- public ------------------------------------------------------------------------
    def set_arrows(self, origin, grads, indices, total, batch=None, main_scale=None) -> None:
        """``grads`` (k, 2): the shown points' gradients on the pair, ``indices`` their data
        indices, ``total`` the whole gradient on the pair, ``batch`` the mini-batch's (or
        None); ``main_scale`` the gradient arrow's view units per unit of gradient (None:
        no gradient arrow is drawn)."""
        self._data = (np.asarray(origin, float), -np.asarray(grads, float).reshape(-1, 2),
                      np.asarray(indices, np.intp), -np.asarray(total, float),
                      None if batch is None else -np.asarray(batch, float), main_scale)
        self._redraw()

    def clear(self) -> None:
        self._data = None
        for item in self.items.values():
            item.setVisible(False)

    def set_lit(self, index: int) -> None:
        """Light the arrow of data point ``index`` (-1: none)."""
        if index != self._lit:
            self._lit = index
            self._redraw()

    def lit(self) -> int:
        return self._lit

    def shown_indices(self) -> np.ndarray:
        return self._data[2].copy() if self._data is not None else np.empty(0, np.intp)

    def drawn_vectors(self) -> np.ndarray:
        """(k, 2) the faint arrows as drawn, in view units, from the current point."""
        return self._data[1] * self.scale if self._data is not None else np.empty((0, 2))

    def sum_vector(self) -> np.ndarray | None:
        return self._data[3] * self.scale if self._data is not None else None

    def batch_vector(self) -> np.ndarray | None:
        if self._data is None or self._data[4] is None:
            return None
        return self._data[4] * self.scale

    def shrunk(self) -> bool:
        """The arrows are drawn on a smaller scale than the gradient arrow (see the module)."""
        d = self._data
        return d is not None and (d[5] is None or self.scale < d[5] * (1 - 1e-12))

    # ----- internals ---------------------------------------------------------------------
    def _fit_scale(self, vectors, main_scale) -> float:
        (x0, x1), (y0, y1) = self.view_box.viewRange()
        span = np.array([x1 - x0, y1 - y0])
        if not (span > 0).all() or len(vectors) == 0:
            return main_scale or 0.0
        longest = float(np.max(np.hypot(*(vectors / span).T)))  # in view fractions per unit
        if not (longest > 0 and math.isfinite(longest)):
            return main_scale or 0.0
        cap = MAX_FRACTION / longest
        return cap if main_scale is None or not math.isfinite(main_scale) else min(main_scale, cap)

    def _redraw(self, *_args) -> None:
        d = self._data
        if d is None:
            return
        origin, V, idx, total, batch, main_scale = d
        extra = [total] + ([batch] if batch is not None else [])
        self.scale = k = self._fit_scale(np.vstack([V] + extra), main_scale)
        pixel = self.view_box.viewPixelSize()
        if not (k > 0 and all(v > 0 for v in pixel)):
            for item in self.items.values():
                item.setVisible(False)
            return
        # the faint arrows all start at the ball: their shafts say the direction, and
        # 1,000 heads would only be clutter (and a third of the drawing time)
        self.items["points"].setPath(_arrows_path(origin, V * k, pixel, heads=False))
        self.items["points"].setVisible(len(V) > 0)
        self.items["sum"].setPath(_arrows_path(origin, total * k, pixel))
        self.items["sum"].setVisible(True)
        self.items["batch"].setVisible(batch is not None)
        if batch is not None:
            self.items["batch"].setPath(_arrows_path(origin, batch * k, pixel))
        pos = np.flatnonzero(idx == self._lit)
        self.items["lit"].setVisible(len(pos) > 0)
        if len(pos):
            self.items["lit"].setPath(_arrows_path(origin, V[pos[:1]] * k, pixel))

    def _on_mouse(self, scene_pos) -> None:
        d = self._data
        found = -1
        if d is not None and self.items["points"].isVisible() and self.view_box.sceneBoundingRect().contains(scene_pos):
            p = self.view_box.mapSceneToView(scene_pos)
            pw, ph = self.view_box.viewPixelSize()
            tips = d[0] + d[1] * self.scale
            dist = np.hypot((tips[:, 0] - p.x()) / pw, (tips[:, 1] - p.y()) / ph)
            if len(dist):
                k = int(np.argmin(dist))
                if dist[k] <= HOVER_PX:
                    found = int(d[2][k])
        if found != self._hover:
            self._hover = found
            self.set_lit(found)
            self.hovered.emit(found)
