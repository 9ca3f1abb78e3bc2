"""Feature scaling in the app: with the "standardize x" setting the trainer (and the landscape,
the readout, the curvature) works on u = (x - mean) / std, while the data view keeps the
points in x's own units and draws the fit there, through the exact parameter mapping of
:class:`gradviz.core.Standardization`."""

from __future__ import annotations

import dataclasses

import numpy as np

import gradviz.core as gc

__all__ = ["training_data", "params_in_data_units", "data_x", "rescaled_start"]


def training_data(dataset, standardize: bool):
    """(the data the trainer sees, its Standardization or None): ``dataset`` itself when not
    standardizing or when there is nothing to scale (fewer than two points, all x equal)."""
    if not standardize:
        return dataset, None
    try:
        st = gc.standardization(dataset.x)
    except ValueError:
        return dataset, None
    return dataclasses.replace(dataset, x=st.apply(dataset.x)), st


def params_in_data_units(frame) -> np.ndarray:
    """The frame's parameters as a model on x itself (the trained ones when not standardized)."""
    scaling = frame.scaling
    return frame.params if scaling is None else scaling.to_original(frame.model, frame.params)


def data_x(frame) -> np.ndarray:
    """The frame's data x in x's own units (what the data view shows)."""
    x = frame.dataset.x
    return x if frame.scaling is None else frame.scaling.restore(x)


def rescaled_start(model, start, old, new) -> np.ndarray:
    """A start point on one scaling's data moved to another's, describing the same curve
    (``old``, ``new``: Standardization or None)."""
    p = np.asarray(start, dtype=float)
    if old is not None:
        p = old.to_original(model, p)
    if new is not None:
        p = new.to_standardized(model, p)
    return p
