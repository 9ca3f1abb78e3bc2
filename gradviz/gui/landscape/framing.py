"""Which part of the parameter plane the landscape shows (the window), and when it moves.

The window holds the current point, the start, the recent part of the path and the optimum,
and the same of every run beside the focused one (up to where a run climbs far above the loss
it started at: a run flying off towards divergence is not followed across the plane).
It follows the point (and the other runs' points) when it walks out (growing past the old window, so a steady walk does
not regrow it every frame), and it is chosen afresh when a new run starts far inside a
window grown for an old one (a diverged run leaves one a million times too wide).
"""

from __future__ import annotations

import math

import numpy as np

import gradviz.core as gc

from gradviz.gui.runs.scaling import landscape_params

MIN_HALF_SPAN = 1.0
MARGIN = 0.35
RECENT_STEPS = 200  # the path's recent part that a fresh window holds
# a new run's fresh window this many times narrower (on either axis) than the one shown
# replaces it: the old one was grown for something that is gone
TOO_WIDE = 8.0
# a companion's points more than this many times above the loss it started at are left out
CLIMB = 10.0

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
               optimum=None, others=None) -> Window:
    """The window for the current point ``params``, the run's ``start``, the recent part of
    ``path`` (rows of full parameter vectors), ``optimum`` (a full vector, or None) and the
    rows ``others`` (the other runs' points, see ``companion_points``)."""
    rows = [np.asarray(start, dtype=float).reshape(1, -1)] if start is not None else []
    if path is not None and len(path):
        rows.append(np.asarray(path, dtype=float)[-RECENT_STEPS:])
    if others is not None and len(others):
        rows.append(np.asarray(others, dtype=float))
    stacked = np.vstack(rows) if rows else None
    return widen(gc.suggest_window(model, params, i, j, ds.x, ds.y, loss, path=stacked,
                                   optimum=optimum, margin=MARGIN))


def inside(window: Window, u: float, v: float) -> bool:
    (u0, u1), (v0, v1) = window
    return u0 <= u <= u1 and v0 <= v <= v1


def companion_points(frame, recent: int = RECENT_STEPS) -> np.ndarray:
    """Rows (full parameter vectors on the landscape's scale) of the runs beside the focused
    one in ``frame``: each run's start, the last ``recent`` points of its path (its current
    point last), leaving out the points more than CLIMB times above its starting loss."""
    n = frame.model.n_params
    rows = [np.empty((0, n))]
    for c in frame.companions:
        path, _params = landscape_params(frame, c)
        if path.ndim != 2 or path.shape[1] != n or not len(path):
            continue
        losses = np.asarray(c.snapshot.path_losses, dtype=float)
        tail = np.arange(max(1, len(path) - recent), len(path))
        keep = [0] + tail.tolist()
        start_loss = losses[0]
        if np.isfinite(start_loss) and start_loss > 0:
            with np.errstate(all="ignore"):
                keep = [0] + tail[losses[tail] <= CLIMB * start_loss].tolist()
        got = path[keep]
        rows.append(got[np.all(np.isfinite(got), axis=1)])
    return np.vstack(rows)


def holds(window: Window, rows, i: int, j: int) -> bool:
    """Every row's parameters (i, j) lie in ``window``."""
    (u0, u1), (v0, v1) = window
    rows = np.asarray(rows, dtype=float)
    if not len(rows):
        return True
    u, v = rows[:, i], rows[:, j]
    return bool(np.all((u0 <= u) & (u <= u1) & (v0 <= v) & (v <= v1)))


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
