"""Numbers derived from a Frame that several panels draw: computed once per frame.

The readout and the landscape both show the curvature of the frame they are given; the
Hessian of the network on large data costs milliseconds, so the last frame's is kept.
"""

from __future__ import annotations

import numpy as np

import gradviz.core as gc

__all__ = ["frame_hessian", "point_gradients"]

_last: dict = {"frame": None, "hessian": None}


def frame_hessian(frame) -> np.ndarray:
    """The analytic Hessian of the frame's loss at its parameters (n_params × n_params)."""
    if _last["frame"] is not frame:
        ds = frame.dataset
        with np.errstate(all="ignore"):
            H = gc.hessian(frame.model, frame.snapshot.params, ds.x, ds.y, frame.settings.loss)
        _last["frame"], _last["hessian"] = frame, H
    return _last["hessian"]


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
