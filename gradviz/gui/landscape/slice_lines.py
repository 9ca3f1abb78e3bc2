"""The two partial-derivative slices through the current point, as curves over the
landscape's window: the loss along u with v held, and along v with u held.

The views draw them as lines on the map and on the surface while the Slopes room is shown;
the room's slice plots draw the same curves with the current point's tangent.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import gradviz.core as gc

SLICE_POINTS = 121  # samples along each slice line
# slices are recomputed every frame while shown: on many points the lines take fewer samples
# so that a frame's two slices stay around this many point evaluations
SLICE_WORK = 2_000_000
MIN_SLICE_POINTS = 24
COLOR_SLICE_U = "#4fd1ff"   # the slice along the first parameter of the pair (the other held)
COLOR_SLICE_V = "#ff7ae0"   # the slice along the second


@dataclass(frozen=True, eq=False)
class SliceCurves:
    """``u`` with ``loss_u`` (v held at ``at[1]``) and ``v`` with ``loss_v`` (u held at
    ``at[0]``), through the point ``at`` = (u, v)."""

    at: tuple[float, float]
    u: np.ndarray
    loss_u: np.ndarray
    v: np.ndarray
    loss_v: np.ndarray


@np.errstate(all="ignore")  # absurd parameters give inf losses, drawn as gaps
def slice_curves(model, params, pair, window, x, y, loss, scale: float = 1.0,
                 points: int | None = None) -> SliceCurves:
    """The slices through ``params`` along the pair's two parameters over ``window`` =
    ((u0, u1), (v0, v1)); ``scale`` multiplies the losses (a sample standing for its data).
    ``points`` per slice: by default SLICE_POINTS, fewer on many data points."""
    i, j = pair
    if points is None:
        work = max(1, len(x)) * (1 if model.name == "line" else model.n_params)
        points = int(min(SLICE_POINTS, max(MIN_SLICE_POINTS, SLICE_WORK // work)))
    (u0, u1), (v0, v1) = window
    u = np.linspace(u0, u1, points)
    v = np.linspace(v0, v1, points)
    lu = gc.loss_slice(model, params, i, u, x, y, loss) * scale
    lv = gc.loss_slice(model, params, j, v, x, y, loss) * scale
    return SliceCurves((float(params[i]), float(params[j])), u, lu, v, lv)
