"""Which part of the parameter plane the landscape shows (the window), and when it moves.

The window holds the current point, the path and the optimum. It follows the point when it
walks out, growing past the old window, so a steady walk does not regrow it every frame.
"""

from __future__ import annotations

import gradviz.core as gc

MIN_HALF_SPAN = 1.0
MARGIN = 0.35

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


def fit_window(model, params, i: int, j: int, ds, loss: str, path=None, optimum=None) -> Window:
    """The window for the current point ``params``, the ``path`` (rows of full parameter
    vectors) and ``optimum`` (a full vector, or None)."""
    return widen(gc.suggest_window(model, params, i, j, ds.x, ds.y, loss, path=path,
                                   optimum=optimum, margin=MARGIN))


def inside(window: Window, u: float, v: float) -> bool:
    (u0, u1), (v0, v1) = window
    return u0 <= u <= u1 and v0 <= v <= v1
