"""Contour lines of a surface: :func:`marching_squares` (the landscape views draw them)."""

from __future__ import annotations

import numpy as np

__all__ = ["marching_squares"]


def marching_squares(Z: np.ndarray, levels) -> tuple[np.ndarray, np.ndarray]:
    """Contour segments of the grid Z at the given levels, vectorised.

    Returns (segments, level_index): segments (k, 2, 2) in fractional index coordinates
    (a, b) of Z -- a along axis 0, b along axis 1 -- and the level each segment belongs to,
    grouped by level. Cells with a non-finite corner get no segment. Saddles are split by
    the cell centre.

    A level crosses only the cells whose corner values straddle it (about one cell in a
    grid's width), so those are found first for every level at once, and the crossings
    are computed for them alone."""
    Z = np.asarray(Z, dtype=float)
    empty = np.empty((0, 2, 2)), np.empty(0, dtype=int)
    if Z.ndim != 2 or min(Z.shape) < 2:
        return empty
    levels = np.asarray(levels, dtype=float).ravel()
    # corners: p0 (a, b), p1 (a+1, b), p2 (a+1, b+1), p3 (a, b+1)
    corners = np.stack([Z[:-1, :-1], Z[1:, :-1], Z[1:, 1:], Z[:-1, 1:]])
    ok_cell = np.isfinite(corners).all(axis=0)
    with np.errstate(invalid="ignore"):
        lo, hi = corners.min(axis=0), corners.max(axis=0)
    fin = np.isfinite(levels)
    # a corner is "up" when above the level: crossed cells have corners on both sides
    hit = (ok_cell[None] & fin[:, None, None]
           & (lo[None] <= levels[:, None, None]) & (hi[None] > levels[:, None, None]))
    k, a, b = np.nonzero(hit)                     # by level, then cell (row-major)
    if not len(k):
        return empty
    c = corners[:, a, b] - levels[k]              # (4, m)
    up = c > 0
    start = np.array([(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)])
    pts = np.empty((4, len(k), 2))
    cross = np.empty((4, len(k)), dtype=bool)
    for e in range(4):
        f = (e + 1) % 4
        p, q = c[e], c[f]
        cr = up[e] != up[f]
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(cr, p / np.where(cr, p - q, 1.0), 0.0)
        (a0, b0), (a1, b1) = start[e], start[f]
        pts[e, :, 0] = a + a0 + t * (a1 - a0)
        pts[e, :, 1] = b + b0 + t * (b1 - b0)
        cross[e] = cr
    n_cross = cross.sum(axis=0)
    segs, which = [], []
    two = n_cross == 2
    if two.any():
        edges = np.nonzero(cross[:, two].T)[1].reshape(-1, 2)   # the two crossing edges per cell
        p2 = pts[:, two]
        m = np.arange(edges.shape[0])
        segs.append(np.stack([p2[edges[:, 0], m], p2[edges[:, 1], m]], axis=1))
        which.append(k[two])
    four = n_cross == 4                                          # a saddle
    if four.any():
        centre = c[:, four].sum(axis=0) / 4.0
        same = (centre > 0) == up[0][four]
        p4 = pts[:, four]
        first = np.where(same[:, None], p4[0], p4[3])
        second = np.where(same[:, None], p4[1], p4[0])
        third = np.where(same[:, None], p4[2], p4[1])
        fourth = np.where(same[:, None], p4[3], p4[2])
        segs += [np.stack([first, second], axis=1), np.stack([third, fourth], axis=1)]
        which += [k[four], k[four]]
    segs, which = np.concatenate(segs), np.concatenate(which)
    order = np.argsort(which, kind="stable")                     # grouped by level
    return segs[order], which[order]
