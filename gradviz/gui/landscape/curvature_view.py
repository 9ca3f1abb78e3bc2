"""The local quadratic model of the loss, drawn over the contour map.

Around the current point p the loss is approximately

    q(p + d) = L + g·d + ½ dᵀ B d      (g: the gradient, B: the Hessian's block of the pair shown)

Where B is positive definite, q's level set through p is an ellipse: it touches the real
contour line at the ball, its centre c = p - B⁻¹g is where q is lowest, and its axes lie
along B's eigenvectors with half-lengths √(gᵀB⁻¹g / λ). A long thin ellipse is a long
valley: small curvature along it, large across it. For the line under l2/mse the model is
exact: the ellipse is the contour line itself and its centre is the least-squares star.
Where B is not positive definite there is no ellipse; the two principal directions are
drawn through the ball instead (dashed: the one curving down).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

import gradviz.core as gc
from gradviz.gui.landscape.point_arrows import pairs_path

__all__ = ["CurvatureOverlay", "EllipseGeometry", "quadratic_ellipse", "COLOR_CURVATURE"]

COLOR_CURVATURE = "#4fd8ff"
ELLIPSE_SAMPLES = 121
DIRECTION_FRACTION = 0.12  # length of each half of a principal direction drawn through the ball
CLIP_VIEWS = 4.0  # geometry further than this many view sizes away is not drawn (huge valleys)


@dataclass(frozen=True, eq=False)
class EllipseGeometry:
    center: np.ndarray  # (2,) where the quadratic model is lowest
    points: np.ndarray  # (k, 2) the closed level set through the current point
    axes: np.ndarray  # (4, 2) two segments: the axes along the eigenvectors (small λ first)
    semi_axes: np.ndarray  # (2,) half-lengths along the eigenvectors (small λ first)


@functools.lru_cache(maxsize=4)
def _unit_circle(samples: int):
    t = np.linspace(0.0, 2.0 * math.pi, samples)
    return np.cos(t), np.sin(t)


def quadratic_ellipse(p, g, block, samples: int = ELLIPSE_SAMPLES) -> EllipseGeometry | None:
    """The level set of the local quadratic model through ``p`` (see the module docstring),
    or None where it is not an ellipse (B not positive definite, g = 0, not finite)."""
    p, g, B = (np.asarray(a, dtype=np.float64) for a in (p, g, block))
    if not (np.isfinite(p).all() and np.isfinite(g).all() and np.isfinite(B).all()):
        return None
    s = gc.quadratic_summary(B)
    if not s.convex:
        return None
    lam, vec = s.eigenvalues, s.directions
    d = vec @ ((vec.T @ g) / lam)  # B⁻¹g through the eigenbasis (B is symmetric)
    r2 = float(g @ d)
    if not (r2 > 0 and math.isfinite(r2)):
        return None
    c = p - d
    a = np.sqrt(r2 / lam)
    cos, sin = _unit_circle(samples)
    pts = c + np.outer(cos * a[0], vec[:, 0]) + np.outer(sin * a[1], vec[:, 1])
    axes = np.array([c - a[0] * vec[:, 0], c + a[0] * vec[:, 0], c - a[1] * vec[:, 1], c + a[1] * vec[:, 1]])
    return EllipseGeometry(center=c, points=pts, axes=axes, semi_axes=a)


def _clipped_path(xy: np.ndarray, connect: np.ndarray, window):
    """A QPainterPath of ``xy`` dropping what lies beyond CLIP_VIEWS views (Qt draws huge
    coordinates wrongly); ``connect[i]`` joins point i to i + 1."""
    (x0, x1), (y0, y1) = window
    mx, my = CLIP_VIEWS * (x1 - x0), CLIP_VIEWS * (y1 - y0)
    inside = (xy[:, 0] > x0 - mx) & (xy[:, 0] < x1 + mx) & (xy[:, 1] > y0 - my) & (xy[:, 1] < y1 + my)
    if inside.all():
        return pg.arrayToQPath(xy[:, 0], xy[:, 1], connect=connect.astype(np.int32))
    conn = connect & inside & np.roll(inside, -1)
    xy, conn = xy[inside], conn[inside]
    if len(xy) < 2:
        return None
    return pg.arrayToQPath(xy[:, 0], xy[:, 1], connect=conn.astype(np.int32))


def _clipped_segments(points: np.ndarray, window):
    """A QPainterPath of the segments (pairs of rows), each cut to CLIP_VIEWS views around
    ``window`` (Liang–Barsky), or None when none of them comes near."""
    (x0, x1), (y0, y1) = window
    mx, my = CLIP_VIEWS * (x1 - x0), CLIP_VIEWS * (y1 - y0)
    lo, hi = np.array([x0 - mx, y0 - my]), np.array([x1 + mx, y1 + my])
    kept = []
    for a, b in zip(points[0::2], points[1::2]):
        d = b - a
        t0, t1 = 0.0, 1.0
        for k in range(2):
            if d[k] == 0.0:
                if not lo[k] <= a[k] <= hi[k]:
                    t0, t1 = 1.0, 0.0
                continue
            ta, tb = sorted(((lo[k] - a[k]) / d[k], (hi[k] - a[k]) / d[k]))
            t0, t1 = max(t0, ta), min(t1, tb)
        if t0 < t1:
            kept += [a + t0 * d, a + t1 * d]
    return pairs_path(np.array(kept)) if kept else None


class CurvatureOverlay:
    """The ellipse and the principal directions, added to a contour view's ViewBox. Built
    once; ``set_model(p, g, block)`` moves them, ``clear()`` hides them."""

    def __init__(self, view_box: pg.ViewBox) -> None:
        self.view_box = view_box
        self._args = None
        self._geometry: EllipseGeometry | None = None
        pen = pg.mkPen(COLOR_CURVATURE, width=2)
        self.ellipse = QtWidgets.QGraphicsPathItem()
        self.ellipse.setPen(pen)
        self.axes = QtWidgets.QGraphicsPathItem()
        self.axes.setPen(pg.mkPen(COLOR_CURVATURE, width=1.5))
        self.down = QtWidgets.QGraphicsPathItem()  # a direction curving down (no ellipse here)
        self.down.setPen(pg.mkPen(COLOR_CURVATURE, width=1.5, style=QtCore.Qt.PenStyle.DashLine))
        self.centre = pg.ScatterPlotItem([0.0], [0.0], size=7, symbol="+", pen=pg.mkPen(COLOR_CURVATURE, width=2))
        for z, item in enumerate((self.axes, self.down, self.ellipse, self.centre)):
            item.setZValue(4.0 + 0.1 * z)  # under the path (5) and the ball
            view_box.addItem(item, ignoreBounds=True)
        view_box.sigRangeChanged.connect(self._redraw)
        self.clear()

    # ----- public ------------------------------------------------------------------------
    def set_model(self, p, g, block) -> None:
        """The quadratic model at ``p`` = (u, v) with gradient ``g`` and 2 × 2 Hessian block."""
        self._args = (np.asarray(p, float), np.asarray(g, float), np.asarray(block, float))
        self._redraw()

    def clear(self) -> None:
        self._args = None
        self._geometry = None
        for item in (self.ellipse, self.axes, self.down, self.centre):
            item.setVisible(False)

    def geometry(self) -> EllipseGeometry | None:
        """What the ellipse shows now (None when no ellipse is drawn)."""
        return self._geometry if self.ellipse.isVisible() else None

    def directions_shown(self) -> bool:
        """Principal directions drawn through the ball (the model is not a bowl here)."""
        return self.down.isVisible() or (self.axes.isVisible() and not self.ellipse.isVisible())

    # ----- internals ---------------------------------------------------------------------
    def _redraw(self, *_args) -> None:
        if self._args is None:
            return
        p, g, B = self._args
        window = self.view_box.viewRange()
        geo = quadratic_ellipse(p, g, B)
        self._geometry = geo
        if geo is None:
            for item in (self.ellipse, self.axes, self.down, self.centre):
                item.setVisible(False)
            self._directions_through(p, B, window)
            return
        # each item's visibility is set once: flipping it costs a scene update per item
        path = _clipped_path(geo.points, np.r_[np.ones(len(geo.points) - 1, bool), False], window)
        if path is not None:
            self.ellipse.setPath(path)
        self.ellipse.setVisible(path is not None)
        axes_path = _clipped_segments(geo.axes, window)
        if axes_path is not None:
            self.axes.setPath(axes_path)
        self.axes.setVisible(axes_path is not None)
        self.down.setVisible(False)
        self.centre.setPos(*geo.center)
        self.centre.setVisible(True)

    def _directions_through(self, p, B, window) -> None:
        if not (np.isfinite(p).all() and np.isfinite(B).all()) or not np.any(B):
            return  # zero curvature (l1 on the line): nothing to draw
        s = gc.quadratic_summary(B)
        (x0, x1), (y0, y1) = window
        span = np.array([x1 - x0, y1 - y0])
        for lam, e in zip(s.eigenvalues, s.directions.T):
            n = float(np.hypot(*(e / span)))  # length in view fractions of the unit vector
            if not n > 0:
                continue
            half = DIRECTION_FRACTION / n * e
            seg = np.array([p - half, p + half])
            target = self.down if lam < 0 else self.axes
            if target.isVisible():  # both curve the same way: one item holds both
                old = target.path()
                old.addPath(pairs_path(seg))
                target.setPath(old)
            else:
                target.setPath(pairs_path(seg))
                target.setVisible(True)
