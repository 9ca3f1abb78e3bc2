"""The per-point arrows, their sum, the lit one and the mini-batch's arrow on the 3D view.

They are the contour's arrows (``PointArrows``: the same points, the same gradients, the
same shrink), carried onto the surface: each starts at the ball and its tip lies on the
surface, as the red gradient arrow's does, so an arrow pointing uphill rises. The scale
carries the contour's gradient arrow onto the 3D one, so the faint arrows' (x, y) add up
to the 3D gradient arrow whenever they add up to the contour's.

One line item holds every faint arrow (shafts only): 1,000 arrows cost one draw call.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg

from gradviz.gui.landscape.point_arrows import COLOR_BATCH, COLOR_LIT, COLOR_POINTS, COLOR_SUM

__all__ = ["SurfaceArrows"]

LIFT = 0.05        # above the surface, as the gradient arrow
HEAD = 0.35        # head stroke length, display units
HEAD_ANGLE = 0.45  # radians either side of the shaft


def _heads(starts: np.ndarray, tips: np.ndarray) -> np.ndarray:
    """Shaft and two head strokes of each 3D arrow as point pairs, (6k, 3); the head opens
    sideways (horizontally), so it reads from above and from the side."""
    d = tips - starts
    L = np.linalg.norm(d, axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        unit = np.where(L > 0, d / L, 0.0)
        side = np.column_stack([-unit[:, 1], unit[:, 0], np.zeros(len(unit))])
        n = np.linalg.norm(side, axis=1, keepdims=True)
        side = np.where(n > 0, side / n, 0.0)
    h = np.minimum(HEAD, 0.45 * L)
    back = tips - h * math.cos(HEAD_ANGLE) * unit
    out = np.empty((len(d), 6, 3))
    out[:, 0], out[:, 1] = starts, tips
    out[:, 2] = out[:, 4] = tips
    out[:, 3] = back + h * math.sin(HEAD_ANGLE) * side
    out[:, 5] = back - h * math.sin(HEAD_ANGLE) * side
    return out.reshape(-1, 3)


class SurfaceArrows:
    """Draws ``arrows`` (the contour's PointArrows) on ``view3d`` (a Landscape3DView);
    ``contour`` gives the gradient arrow the scale is carried from."""

    def __init__(self, view3d, arrows, contour) -> None:
        import pyqtgraph.opengl as gl

        from gradviz.gui.gl import items

        self.view = view3d
        self.source = arrows
        self.contour = contour
        self._origin = None  # (u, v) of the current point while drawn
        self._drawn: dict = {}
        self.items = {}
        for key, colour, width, depth in (("points", COLOR_POINTS, 1.0, 5.5), ("batch", COLOR_BATCH, 2.5, 6.5),
                                          ("lit", COLOR_LIT, 2.5, 6.6), ("sum", COLOR_SUM, 1.5, 7.2)):
            item = gl.GLLinePlotItem(mode="lines", color=pg.mkColor(colour).getRgbF(), width=width,
                                     antialias=False, glOptions=items.ON_TOP)
            item.setDepthValue(depth)
            item.setVisible(False)
            view3d.gl_view.addItem(item)
            self.items[key] = item

    # ----- public ------------------------------------------------------------------------
    def set_origin(self, origin) -> None:
        """Draw the source's arrows from the current point ``origin`` = (u, v)."""
        self._origin = (float(origin[0]), float(origin[1]))
        self.redraw()

    def clear(self) -> None:
        self._origin = None
        self._drawn = {}
        for item in self.items.values():
            item.setVisible(False)

    def redraw(self, *_args) -> None:
        """Follow the source (its lit arrow, its scale) and the view (a new surface)."""
        if self._origin is None:
            return
        ball = self.view.ball_position()
        V = self.source.drawn_vectors()
        c = self._carry()
        if ball is None or c is None or self.source.sum_vector() is None:
            self._drawn = {}
            for item in self.items.values():
                item.setVisible(False)
            return
        start = np.array([ball[0], ball[1], ball[2] + LIFT])
        idx, lit = self.source.shown_indices(), self.source.lit()
        batch = self.source.batch_vector()
        # one pass for every arrow: the faint ones, then the sum and the batch's
        extra = [self.source.sum_vector()] + ([batch] if batch is not None else [])
        vec = self._vectors(start, np.vstack([V] + extra) * c)
        k = len(V)
        self._drawn = {"points": vec[:k], "sum": vec[k:k + 1]}
        if batch is not None:
            self._drawn["batch"] = vec[k + 1:k + 2]
        pos = np.flatnonzero(idx == lit)
        if len(pos):
            self._drawn["lit"] = vec[pos[:1]]
        tips = start + vec[:k]
        self.items["points"].setData(pos=np.stack([np.broadcast_to(start, tips.shape), tips], axis=1)
                                     .reshape(-1, 3).astype(np.float32))
        keys = [key for key in ("sum", "batch", "lit") if key in self._drawn]
        heads = _heads(np.broadcast_to(start, (len(keys), 3)),
                       start + np.vstack([self._drawn[key] for key in keys])).reshape(len(keys), 6, 3)
        for key, seg in zip(keys, heads):
            self.items[key].setData(pos=seg.astype(np.float32))
        for key, item in self.items.items():
            item.setVisible(key in self._drawn and len(self._drawn[key]) > 0)

    def set_lit(self, _index: int = -1) -> None:
        """The source's lit arrow changed: light it here too."""
        self.redraw()

    def drawn_vectors(self) -> np.ndarray:
        """(k, 3) display vectors from the arrows' common start (just above the ball) to each
        faint arrow's tip, rows as the source's shown_indices(); empty when hidden."""
        v = self._drawn.get("points")
        return v.copy() if v is not None else np.empty((0, 3))

    def vector(self, key: str) -> np.ndarray | None:
        """The display vector of the "sum", "batch" or "lit" arrow, or None when not drawn."""
        v = self._drawn.get(key)
        return None if v is None else v.reshape(-1, 3)[0].copy()

    # ----- internals ---------------------------------------------------------------------
    def _display_delta(self, vectors) -> np.ndarray:
        """(u, v) steps from the current point -> (x, y) steps in the 3D box."""
        o = self._origin
        V = np.asarray(vectors, dtype=float).reshape(-1, 2)
        at = self.view.to_display(o[0] + V[:, 0], o[1] + V[:, 1], 0.0)[:, :2]
        return at - self.view.to_display(o[0], o[1], 0.0)[:2]

    def _carry(self) -> float | None:
        """The factor taking the contour's arrows onto the 3D view's: the 3D gradient arrow's
        length over the contour's, measured in the box (1 when neither is drawn)."""
        a3, a2 = self.view.arrow_vector(), self.contour.arrow_vector()
        if a3 is None or a2 is None:
            return 1.0
        d2 = float(np.hypot(*self._display_delta(a2)[0]))
        c = math.hypot(a3[0], a3[1]) / d2 if d2 > 0 else math.nan
        return c if math.isfinite(c) and c > 0 else None

    def _vectors(self, start, uv) -> np.ndarray:
        """(k, 3) display vectors from ``start`` to tips at the (u, v) steps ``uv``, each tip
        on the surface (at the start's height where the surface has no data)."""
        xy = self._display_delta(uv)
        tips_x, tips_y = start[0] + xy[:, 0], start[1] + xy[:, 1]
        z = self.view.surface_heights(tips_x, tips_y) + LIFT
        z = np.where(np.isfinite(z), z, start[2])
        return np.column_stack([xy, z - start[2]])
