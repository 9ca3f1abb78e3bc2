"""What the landscape views draw over the surface, and how they read it safely.

Non-finite numbers in a state are never drawn and never raise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

# longer paths are thinned (evenly, keeping the last point) for drawing: about a point per
# pixel of either view; an antialiased 2,000-point path cost ~1 ms a frame in each
MAX_PATH_POINTS = 600


@dataclass(frozen=True, eq=False)
class LandscapeState:
    """What the landscape views draw on top of the surface (plain data, immutable)."""

    current: tuple[float, float, float]          # (u, v, loss) of the current point
    path: np.ndarray                             # (m, 3): u, v, loss along the path so far
    neg_grad: tuple[float, float]                # -dL/du, -dL/dv at the current point
    grad_ref: float                              # reference |g| (e.g. at the run's start)
    optimum: tuple[float, float, float] | None   # the star: (u, v, loss), or None
    optimum_exact: bool = True                   # the true minimum (else the slice's lowest point)
    slices: object = None                        # SliceCurves through the current point, or None (not drawn)
    ghost: np.ndarray | None = None              # (k, 3): u, v, loss of a future left by a branch, drawn faded
    companions: tuple = ()                       # (companion, u, v) of each run beside this one (runs.layers)


def finite_tuple(values, n: int) -> tuple[float, ...] | None:
    """``values`` as n finite floats, or None."""
    try:
        out = tuple(float(x) for x in values)
    except (TypeError, ValueError):
        return None
    if len(out) != n or not all(math.isfinite(x) for x in out):
        return None
    return out


def path_array(path) -> np.ndarray:
    """(k, 3) finite rows of the path (thinned to MAX_PATH_POINTS), possibly empty."""
    try:
        arr = np.asarray(path, dtype=float)
        arr = arr.reshape(-1, arr.shape[-1]) if arr.ndim >= 1 and arr.size else np.empty((0, 3))
    except (TypeError, ValueError):
        return np.empty((0, 3))
    if arr.shape[1] < 3:
        return np.empty((0, 3))
    if len(arr) > MAX_PATH_POINTS:   # thin first: O(MAX_PATH_POINTS) work below, whatever m is
        arr = arr[np.linspace(0, len(arr) - 1, MAX_PATH_POINTS).round().astype(np.intp)]
    arr = arr[:, :3]
    return arr[np.isfinite(arr).all(axis=1)]
