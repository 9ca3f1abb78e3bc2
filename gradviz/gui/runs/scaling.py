"""A companion run that trains on the other scaling of x than the run in focus: raw x beside
standardized x, racing on the same data.

Its trainer sees the data as its own setting says (``training_data``); its start point, given
on the focused run's scale, is moved to its own scale through the core's exact mapping
(``gc.Standardization``). Its parameters are drawn on the landscape (which is over the
focused run's parameters) mapped the same way: both describe the same curves on x, so a
companion's point on the map is the model it has learned, and its loss there is its loss.
"""

from __future__ import annotations

import dataclasses

import numpy as np

import gradviz.core as gc

from gradviz.gui.state.scaling import rescaled_start, training_data


def scaling_of(frame, companion) -> gc.Standardization | None:
    """The standardization of x ``companion`` trains on in ``frame`` (None: x itself)."""
    if bool(companion.settings.standardize) == bool(frame.settings.standardize):
        return frame.scaling
    if not companion.settings.standardize:
        return None
    # the focused run trains on x itself: frame.dataset is the raw data the companion standardizes
    data, st = _LAST_DATA
    if data is not frame.dataset:
        try:
            st = gc.standardization(frame.dataset.x)
        except ValueError:  # nothing to scale (as training_data finds): the run trains on x
            st = None
        _LAST_DATA[:] = [frame.dataset, st]
    return st


_LAST_DATA: list = [None, None]  # (data set, its standardization): one per frame's data, not per call


def affine(model, source, target) -> tuple[np.ndarray, np.ndarray]:
    """(A, c) with ``rescaled_start(model, p, source, target) == A @ p + c`` for every p
    (up to rounding): the mapping is affine, so its columns are the images of the unit vectors."""
    key = (id(model), _key(source), _key(target))
    got = _AFFINE.get(key)
    if got is not None and got[0] is model:
        return got[1], got[2]
    n = model.n_params
    c = rescaled_start(model, np.zeros(n), source, target)
    A = np.column_stack([rescaled_start(model, e, source, target) - c for e in np.eye(n)])
    if len(_AFFINE) > 16:
        _AFFINE.clear()
    _AFFINE[key] = (model, A, c)
    return A, c


_AFFINE: dict = {}


def _key(st) -> tuple | None:
    # one mean and std per input column (numbers for one input, arrays for two)
    return None if st is None else (tuple(np.ravel(st.mean)), tuple(np.ravel(st.std)))


def landscape_params(frame, companion) -> tuple[np.ndarray, np.ndarray]:
    """(path rows (m, n_params), current parameters) of ``companion`` on the scale of the
    landscape, the focused run's: its own when it trains on the same scale, else mapped."""
    path = np.asarray(companion.snapshot.path_params, dtype=float)
    own = scaling_of(frame, companion)
    if own is frame.scaling or np.shape(companion.snapshot.params) != (frame.model.n_params,):
        return path, landscape_point(frame, companion)
    A, c = affine(frame.model, own, frame.scaling)
    return path @ A.T + c, landscape_point(frame, companion)


def landscape_point(frame, companion) -> np.ndarray:
    """``companion``'s current parameters on the landscape's scale (its path left alone: the
    runs table shows only these)."""
    params = np.asarray(companion.snapshot.params, dtype=float)
    own = scaling_of(frame, companion)
    if own is frame.scaling or params.shape != (frame.model.n_params,):
        return params
    return rescaled_start(frame.model, params, own, frame.scaling)


def in_data_units(frame, companion) -> np.ndarray:
    """``companion``'s parameters as a model on x itself (what the data view draws)."""
    own = scaling_of(frame, companion)
    params = np.asarray(companion.snapshot.params, dtype=float)
    return params if own is None else own.to_original(frame.model, params)


class RunScaling:
    """The data and start point of a companion run on its own scale, from the session's
    data on x itself. Lives with the companion's trainer in the training thread."""

    def __init__(self, standardize: bool, focused_standardize: bool) -> None:
        self.standardize = bool(standardize)
        self.focused_standardize = bool(focused_standardize)
        self.own = self.focused = None

    @classmethod
    def beside(cls, session, settings) -> RunScaling | None:
        """The scaling of a run with ``settings`` beside the session's run, or None when it
        trains on the same scale."""
        if bool(settings.standardize) == bool(session.settings.standardize):
            return None
        return cls(settings.standardize, session.settings.standardize)

    def trainer(self, session, settings, start=None) -> gc.Trainer:
        """A run of ``settings`` on the session's data on this scale, from ``start`` (on the
        focused run's scale; None: the session's start point)."""
        data = self.data(session.dataset, session.eval_dataset)
        p = session.start if start is None else np.asarray(start, dtype=float).ravel()
        return session.new_trainer(settings, self.start(session.model, p), data=data)

    def data(self, raw, raw_eval=None):
        """(training data, held-out data or None) on this run's scale, from ``raw`` (x
        itself); remembers both runs' scalings of it for ``start``."""
        ds, self.own = training_data(raw, self.standardize)
        self.focused = training_data(raw, self.focused_standardize)[1]
        held = raw_eval
        if raw_eval is not None and self.own is not None:
            held = dataclasses.replace(raw_eval, x=self.own.apply(raw_eval.x))
        return ds, held

    def start(self, model, params) -> np.ndarray:
        """A point given on the focused run's scale, on this run's."""
        return rescaled_start(model, params, self.focused, self.own)

