"""A held-out evaluation set: :func:`split` makes one, :class:`Evaluator` measures a model
on it, :func:`turning_step` finds where its loss turned up.

The evaluation loss is the training loss (the same loss name, so l2 is a sum and mse a
mean) computed on the held-out points, which are never trained on.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from .dataset import DataError, Dataset

__all__ = ["Evaluator", "check_eval_fraction", "eval_data_of", "split", "turning_step"]

# the evaluation loss "turned up" once it has risen this fraction above its lowest value
# and stayed above it for this fraction of the path since (per-sample SGD's held-out loss
# jitters by a few per cent from step to step: that is no turn)
TURN_RISE = 0.1
TURN_HOLD = 0.05


def check_eval_fraction(fraction) -> float:
    """``fraction`` as a float in [0, 1); ValueError naming what is allowed otherwise."""
    try:
        f = float(fraction)
    except (TypeError, ValueError):
        raise ValueError(f"the evaluation fraction must be a number from 0 to below 1, got {fraction!r}") from None
    if isinstance(fraction, bool) or not (0.0 <= f < 1.0):
        raise ValueError(f"the evaluation fraction must be a number from 0 to below 1, got {fraction!r}")
    return f


def split(dataset: Dataset, eval_fraction, seed=0) -> tuple[Dataset, Dataset]:
    """``(train, eval)``: ``round(eval_fraction * n)`` points drawn at random (numpy
    Generator seeded with ``seed``) are held out; the rest, in their original order, are
    for training. Disjoint and complete; the same seed gives the same split."""
    f = check_eval_fraction(eval_fraction)
    n = len(dataset)
    k = int(round(f * n))
    held = np.zeros(n, dtype=bool)
    held[np.random.default_rng(seed).permutation(n)[:k]] = True
    return part(dataset, ~held), part(dataset, held)


def part(dataset: Dataset, mask) -> Dataset:
    """The points of ``dataset`` where ``mask`` is true, in order, with its names."""
    return dataclasses.replace(dataset, x=dataset.x[mask], y=dataset.y[mask])


def eval_data_of(dataset):
    """``(x, y)`` float64 copies of an evaluation set (None -> None); ValueError with a
    message if it is not one-dimensional data of finite numbers."""
    if dataset is None:
        return None
    try:
        x = np.array(dataset.x, dtype=np.float64, copy=True)
        y = np.array(dataset.y, dtype=np.float64, copy=True)
    except AttributeError:
        raise ValueError("the evaluation set must have .x and .y arrays") from None
    except (TypeError, ValueError):
        raise ValueError("the evaluation set must hold numbers") from None
    two = x.ndim == 2 and x.shape[1] == 2  # two inputs: one (x1, x2) row per point
    if not (x.ndim == 1 or two) or y.ndim != 1 or x.shape[0] != y.size:
        raise ValueError(f"the evaluation set's x must be 1-D (or of shape (n, 2) for two inputs) and y 1-D of "
                         f"the same length, got {x.shape} and {y.shape}")
    fine_x = np.isfinite(x) if x.ndim == 1 else np.isfinite(x).all(axis=1)
    bad = ~(fine_x & np.isfinite(y))
    if bad.any():
        raise DataError(f"the evaluation set's point {int(np.argmax(bad))} is not a finite number: "
                        "every value must be finite")
    return x, y


class Evaluator:
    """The loss of a model on a fixed evaluation set, with the path's losses kept from one
    call to the next (a snapshot asks for the whole path; only its new entries cost a
    model evaluation, the rest a vectorised lookup)."""

    def __init__(self, model, loss: str, x, y) -> None:
        self.model, self.loss, self.x, self.y = model, loss, x, y
        self.n = y.size
        self._steps = np.zeros(0, np.int64)  # the last path, sorted by step
        self._P = np.zeros((0, 0))
        self._L = np.zeros(0)

    def loss_at(self, p) -> float | None:
        """The evaluation loss at ``p`` (None for an empty evaluation set)."""
        if self.n == 0:
            return None
        with np.errstate(all="ignore"):
            return float(self.model.loss_many(np.asarray(p, float)[None, :], self.x, self.y, self.loss)[0])

    def path_losses(self, steps, P) -> np.ndarray | None:
        """The evaluation loss at every path entry (steps (H,), P (H, n_params))."""
        if self.n == 0:
            return None
        steps = np.asarray(steps, dtype=np.int64)
        out = np.empty(len(steps))
        known = np.zeros(len(steps), dtype=bool)
        if len(self._steps) and self._P.shape[1:] == P.shape[1:]:
            j = np.minimum(np.searchsorted(self._steps, steps), len(self._steps) - 1)
            known = (self._steps[j] == steps) & np.all(self._P[j] == P, axis=1)
            out[known] = self._L[j[known]]
        todo = ~known
        if todo.any():
            with np.errstate(all="ignore"):
                out[todo] = self.model.loss_many(P[todo], self.x, self.y, self.loss)
        order = np.argsort(steps, kind="stable")
        self._steps, self._P, self._L = steps[order], np.array(P[order]), out[order]
        return out


def turning_step(steps, eval_losses, rise: float = TURN_RISE, hold: float = TURN_HOLD):
    """The step with the lowest evaluation loss if every loss of the last ``hold`` of the
    steps since the start lies more than ``rise`` of it above it (the evaluation loss turned
    up: overfitting from there on), else None."""
    if eval_losses is None or len(eval_losses) < 3:
        return None
    e = np.asarray(eval_losses, dtype=float)
    s = np.asarray(steps, dtype=float)
    i = int(np.argmin(e))
    low = float(e[i])
    if i == len(e) - 1 or not math.isfinite(low):
        return None
    tail = e[s >= s[-1] - hold * (s[-1] - s[0])]
    if s[i] < s[-1] - hold * (s[-1] - s[0]) and np.all(tail - low > rise * abs(low) + 1e-12):
        return int(steps[i])
    return None
