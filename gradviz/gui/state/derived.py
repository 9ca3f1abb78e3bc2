"""Numbers derived from a Frame that several panels draw: computed once per frame.

The readout and the landscape both show the curvature of the frame they are given. The
network's Hessian costs about n·P² operations (P parameters): for large data it is
recomputed at most HESSIAN_HZ times a second while training, and between two computations
the panels say at which step the one they show was taken.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

import gradviz.core as gc

__all__ = ["FrameHessian", "frame_hessian", "point_gradients", "HESSIAN_BUDGET", "HESSIAN_HZ"]

HESSIAN_BUDGET = 5_000_000  # n·P² up to which every frame gets its own Hessian (~a few ms)
HESSIAN_HZ = 4.0


@dataclass(frozen=True, eq=False)
class FrameHessian:
    matrix: np.ndarray  # (P, P)
    step: int  # the step whose parameters it was computed at


_last: dict = {"frame": None, "value": None, "key": None, "time": 0.0}


def frame_hessian(frame) -> FrameHessian:
    """The analytic Hessian of the frame's loss at its parameters, or, for large data while
    the frames come faster than HESSIAN_HZ, the last one of the same run and data."""
    if _last["frame"] is frame:
        return _last["value"]
    ds, model = frame.dataset, frame.model
    key = (model, ds, frame.settings.loss, frame.scaling)
    same = _last["key"] is not None and all(a is b for a, b in zip(key, _last["key"]))
    now = time.perf_counter()
    heavy = len(ds) * model.n_params ** 2 > HESSIAN_BUDGET
    if not (heavy and same and now - _last["time"] < 1.0 / HESSIAN_HZ):
        with np.errstate(all="ignore"):
            H = gc.hessian(model, frame.snapshot.params, ds.x, ds.y, frame.settings.loss)
        _last.update(value=FrameHessian(H, frame.step), key=key, time=now)
    _last["frame"] = frame
    return _last["value"]


def point_gradients(frame, indices) -> np.ndarray:
    """The rows of ``gc.per_point_gradients`` for the data points ``indices`` only (the rows
    of the whole data set, not of a data set of those points: for mse each keeps its 1/n)."""
    ds = frame.dataset
    idx = np.asarray(indices, dtype=np.intp)
    loss = frame.settings.loss
    with np.errstate(all="ignore"):
        G = gc.per_point_gradients(frame.model, frame.snapshot.params, ds.x[idx], ds.y[idx], loss)
    if loss == "mse" and idx.size:
        G *= idx.size / len(ds)  # the subset's own 1/len(idx) -> the data set's 1/n
    return G
