"""Lines cut at the faces of a 3D view's box, so nothing is drawn floating outside the
range the axes show (pure numpy, no OpenGL).

A path over a loss surface leaves the box where its points lie outside the surface's
window or above its highest loss: for a model of more than two parameters the surface is a
slice through the current point, and the earlier steps, taken with other values of the
other parameters, had losses this slice never reaches.
"""

from __future__ import annotations

import numpy as np

__all__ = ["clip_tail"]

_EPS = 1e-9


def _segments_in_box(a: np.ndarray, b: np.ndarray, lo: np.ndarray, hi: np.ndarray):
    """Liang-Barsky for many segments at once: (t0, t1) per segment a -> b, the part of it
    inside [lo, hi] (per axis); empty where t0 > t1."""
    d = b - a
    t0 = np.zeros(len(a))
    t1 = np.ones(len(a))
    with np.errstate(divide="ignore", invalid="ignore"):
        for axis in range(a.shape[1]):
            da, aa = d[:, axis], a[:, axis]
            still = np.abs(da) < _EPS
            outside = still & ((aa < lo[axis] - _EPS) | (aa > hi[axis] + _EPS))
            ta = (lo[axis] - aa) / da
            tb = (hi[axis] - aa) / da
            enter = np.where(still, -np.inf, np.minimum(ta, tb))
            leave = np.where(still, np.inf, np.maximum(ta, tb))
            t0 = np.maximum(t0, enter)
            t1 = np.minimum(t1, leave)
            t1[outside] = -1.0
    return t0, t1


def clip_tail(pos, lo, hi) -> tuple[np.ndarray, bool]:
    """The last connected piece of the polyline ``pos`` (k, 3) inside the box [lo, hi], its
    ends cut exactly where it crosses the box's faces, and whether anything was cut.

    The last piece: a path ends at the current point, which the view keeps inside its box;
    earlier pieces that come back into the box after leaving it are left out, so the line
    drawn is one unbroken stretch of the path."""
    pos = np.asarray(pos, dtype=float)
    lo, hi = np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)
    inside = np.all((pos >= lo - _EPS) & (pos <= hi + _EPS), axis=1)
    if inside.all():
        return pos, False
    if len(pos) < 2:
        return pos[:0], True
    a, b = pos[:-1], pos[1:]
    t0, t1 = _segments_in_box(a, b, lo, hi)
    shown = np.flatnonzero(t0 <= t1)
    if len(shown) == 0:
        return pos[:0], True
    last = int(shown[-1])
    out_before = np.flatnonzero(~inside[1:last + 1])  # points 1..last that lie outside
    first = int(out_before[-1]) + 1 if len(out_before) else 0
    start = a[first] + t0[first] * (b[first] - a[first])
    end = a[last] + t1[last] * (b[last] - a[last])
    piece = np.vstack([start, pos[first + 1:last + 1], end])
    return piece, True
