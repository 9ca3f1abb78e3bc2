"""A plain reference for ``gradviz.core.marching_squares``: the first implementation, which
works on the whole grid once per level. The tests check the sparse one gives the very same
segments in the same order; benchmarks/bench_core.py times both."""

from __future__ import annotations

import math

import numpy as np


def marching_squares_per_level(Z: np.ndarray, levels) -> tuple[np.ndarray, np.ndarray]:
    """gradviz's first marching squares (until session 3): every level over the whole grid.

    Returns (segments, level_index): segments (k, 2, 2) in fractional index coordinates
    (a, b) of Z -- a along axis 0, b along axis 1 -- and the level each segment belongs to.
    Cells with a non-finite corner get no segment. Saddles are split by the cell centre."""
    Z = np.asarray(Z, dtype=float)
    segs, which = [], []
    if Z.ndim != 2 or min(Z.shape) < 2:
        return np.empty((0, 2, 2)), np.empty(0, dtype=int)
    na, nb = Z.shape[0] - 1, Z.shape[1] - 1
    ia, ib = np.meshgrid(np.arange(na, dtype=float), np.arange(nb, dtype=float), indexing="ij")
    ok_cell = (np.isfinite(Z[:-1, :-1]) & np.isfinite(Z[1:, :-1])
               & np.isfinite(Z[1:, 1:]) & np.isfinite(Z[:-1, 1:]))
    for k, level in enumerate(np.asarray(levels, dtype=float).ravel()):
        if not math.isfinite(level):
            continue
        s = np.where(np.isfinite(Z), Z - level, 0.0)
        # corners: p0 (a, b), p1 (a+1, b), p2 (a+1, b+1), p3 (a, b+1)
        c = (s[:-1, :-1], s[1:, :-1], s[1:, 1:], s[:-1, 1:])
        up = [x > 0 for x in c]
        code = up[0] * 1 + up[1] * 2 + up[2] * 4 + up[3] * 8
        cell = ok_cell & (code != 0) & (code != 15)
        if not cell.any():
            continue
        # edge e joins corner e and corner e+1 (mod 4); crossing fraction from corner e
        pts = np.full((4, na, nb, 2), np.nan)
        cross = np.zeros((4, na, nb), dtype=bool)
        start = ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0))
        for e in range(4):
            p, q = c[e], c[(e + 1) % 4]
            cr = cell & (up[e] != up[(e + 1) % 4])
            with np.errstate(divide="ignore", invalid="ignore"):
                t = np.where(cr, p / np.where(cr, p - q, 1.0), 0.0)
            (a0, b0), (a1, b1) = start[e], start[(e + 1) % 4]
            pts[e, ..., 0] = ia + a0 + t * (a1 - a0)
            pts[e, ..., 1] = ib + b0 + t * (b1 - b0)
            cross[e] = cr
        n_cross = cross.sum(axis=0)
        # two crossings: one segment between them
        two = n_cross == 2
        if two.any():
            cr2 = cross[:, two].T                       # (m, 4)
            edges = np.nonzero(cr2)[1].reshape(-1, 2)   # the two crossing edges per cell
            p2 = pts[:, two]                            # (4, m, 2)
            m = np.arange(edges.shape[0])
            segs.append(np.stack([p2[edges[:, 0], m], p2[edges[:, 1], m]], axis=1))
            which.append(np.full(edges.shape[0], k))
        # four crossings (saddle): pair edges by the sign of the cell centre
        four = n_cross == 4
        if four.any():
            centre = (c[0] + c[1] + c[2] + c[3])[four] / 4.0
            same = (centre > 0) == up[0][four]
            p4 = pts[:, four]
            first = np.where(same[:, None], p4[0], p4[3])
            second = np.where(same[:, None], p4[1], p4[0])
            third = np.where(same[:, None], p4[2], p4[1])
            fourth = np.where(same[:, None], p4[3], p4[2])
            segs.append(np.stack([first, second], axis=1))
            segs.append(np.stack([third, fourth], axis=1))
            which.append(np.full(2 * int(four.sum()), k))
    if not segs:
        return np.empty((0, 2, 2)), np.empty(0, dtype=int)
    return np.concatenate(segs), np.concatenate(which)
