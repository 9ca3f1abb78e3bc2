"""Which part of the parameter plane the landscape shows (the window), and when it moves.

The window holds the current point, the start, the recent part of the path and the optimum.
It follows the point when it walks out (growing past the old window, so a steady walk does
not regrow it every frame), and it is chosen afresh when a new run starts far inside a
window grown for an old one (a diverged run leaves one a million times too wide).
"""

from __future__ import annotations

import math

import numpy as np

import gradviz.core as gc

MIN_HALF_SPAN = 1.0
MARGIN = 0.35
RECENT_STEPS = 200  # the path's recent part that a fresh window holds
# a new run's fresh window this many times narrower (on either axis) than the one shown
# replaces it: the old one was grown for something that is gone
TOO_WIDE = 8.0

Window = tuple[tuple[float, float], tuple[float, float]]


def widen(window, min_half: float = MIN_HALF_SPAN):
    """Give each axis at least +-min_half around its centre, so a narrow valley (the
    lesson's data makes one) still shows as a bowl rather than a sliver."""
    out = []
    for lo, hi in window:
        c, h = (lo + hi) / 2, max((hi - lo) / 2, min_half)
        out.append((c - h, c + h))
    return tuple(out)


def grow_past(new, old, factor: float = 1.5):
    """When the point walks out of the window, the next one spans at least ``factor``
    times the old one on each axis, so a steady walk does not regrow it every frame."""
    out = []
    for (lo, hi), (olo, ohi) in zip(new, old):
        c, h = (lo + hi) / 2, max((hi - lo) / 2, factor * (ohi - olo) / 2)
        out.append((c - h, c + h))
    return tuple(out)


def fit_window(model, params, i: int, j: int, ds, loss: str, start=None, path=None,
               optimum=None) -> Window:
    """The window for the current point ``params``, the run's ``start``, the recent part of
    ``path`` (rows of full parameter vectors) and ``optimum`` (a full vector, or None)."""
    rows = [np.asarray(start, dtype=float).reshape(1, -1)] if start is not None else []
    if path is not None and len(path):
        rows.append(np.asarray(path, dtype=float)[-RECENT_STEPS:])
    stacked = np.vstack(rows) if rows else None
    return widen(gc.suggest_window(model, params, i, j, ds.x, ds.y, loss, path=stacked,
                                   optimum=optimum, margin=MARGIN))


def inside(window: Window, u: float, v: float) -> bool:
    (u0, u1), (v0, v1) = window
    return u0 <= u <= u1 and v0 <= v <= v1


def far_too_wide(shown: Window, fresh: Window, factor: float = TOO_WIDE) -> bool:
    """``shown`` is more than ``factor`` times wider than ``fresh`` on either axis."""
    return any((h1 - h0) > factor * (f1 - f0) for (h0, h1), (f0, f1) in zip(shown, fresh))


def check_window(window, names=("the first parameter", "the second parameter")) -> Window:
    """``window`` as ((u0, u1), (v0, v1)) floats, or ValueError naming what is wrong."""
    try:
        (u0, u1), (v0, v1) = ((float(a), float(b)) for a, b in window)
    except (TypeError, ValueError):
        raise ValueError("a window is two (low, high) pairs of numbers") from None
    for name, lo, hi in ((names[0], u0, u1), (names[1], v0, v1)):
        if not (math.isfinite(lo) and math.isfinite(hi)):
            raise ValueError(f"{name}: both ends must be finite numbers.")
        if not hi > lo:
            raise ValueError(f"{name}: the high end ({hi:g}) must be above the low end ({lo:g}).")
        if (hi - lo) < 1e-9 * max(1.0, abs(lo), abs(hi)):
            raise ValueError(f"{name}: the range is too narrow to draw.")
    return ((u0, u1), (v0, v1))
