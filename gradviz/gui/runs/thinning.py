"""Fewer points for a companion's line where they cannot be told apart on screen.

A run's path holds thousands of points, most of them piled up within a pixel of each other
where the run slows down near a minimum; drawing each of them (dashed, antialiased, for
every run, every frame) costs more than the rest of the frame. A point is left out when it
lies in the same cell of a grid as the point before it, so the line drawn moves at most one
cell from the full one; the first and the last point always stay.
"""

from __future__ import annotations

import numpy as np


def thin(points, cell) -> np.ndarray:
    """Indices of the rows of ``points`` (m, d) to draw, in order. ``cell``: the grid's
    cell size on each axis (a number or d numbers; a cell that is not a positive finite
    number keeps every row)."""
    p = np.asarray(points, dtype=float)
    m = len(p)
    cell = np.broadcast_to(np.asarray(cell, dtype=float), p.shape[1:])
    if m <= 2 or not np.all(np.isfinite(cell) & (cell > 0)):
        return np.arange(m)
    with np.errstate(all="ignore"):
        q = np.floor(p / cell)
    keep = np.empty(m, dtype=bool)
    keep[0] = keep[-1] = True
    keep[1:-1] = np.any(q[1:-1] != q[:-2], axis=1)
    return np.flatnonzero(keep)
