"""What a trainer reports: the immutable :class:`Snapshot`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Snapshot", "frozen"]


@dataclass(frozen=True, eq=False)
class Snapshot:
    """Immutable state of a trainer; every array is a read-only copy (safe across threads).

    ``loss`` and ``grad`` are over the whole data set. ``path_*`` is the bounded path
    history (step, params, loss), oldest first, the current point last.

    What the next step starts from, so that it can be written out with its numbers:
    ``velocity`` (momentum's v; None for the other optimizers), ``adam_m``, ``adam_v`` and
    ``adam_t`` (Adam's moments and its step count; None and 0 for the others; its betas
    and eps are the trainer's), ``next_batch`` (indices into the data
    set of the points the next step's mini-batch takes, in order; None when it takes the
    whole data set), ``square_avg`` (RMSprop's running mean of g²), ``adagrad_sum``
    (Adagrad's sum of g²; its step count is ``adam_t``), ``next_lr`` (the rate of the next
    step; ``lr`` is the base rate) and ``schedule`` (the learning-rate schedule or None).

    The held-out evaluation set (None without one): ``eval_loss`` (the training loss
    computed on it) and ``eval_path_losses`` (at every path entry); ``epochs`` is the epoch
    table (``EpochRow``s, oldest first; empty for whole-batch training)."""

    step: int
    params: np.ndarray
    loss: float
    grad: np.ndarray
    diverged: str | None
    lr: float
    epoch: int
    path_steps: np.ndarray
    path_params: np.ndarray
    path_losses: np.ndarray
    velocity: np.ndarray | None = None
    adam_m: np.ndarray | None = None
    adam_v: np.ndarray | None = None
    adam_t: int = 0
    next_batch: np.ndarray | None = None
    eval_loss: float | None = None
    eval_path_losses: np.ndarray | None = None
    epochs: tuple = ()
    square_avg: np.ndarray | None = None
    adagrad_sum: np.ndarray | None = None
    next_lr: float | None = None
    schedule: object = None


def frozen(a, dtype=np.float64) -> np.ndarray:
    """A read-only copy of ``a`` for a snapshot, with no NaN or infinity in it."""
    a = np.array(a, dtype=dtype, copy=True)
    if a.dtype.kind == "f" and not np.isfinite(a).all():  # last line of defence
        a = np.nan_to_num(a, nan=0.0, posinf=np.finfo(np.float64).max, neginf=-np.finfo(np.float64).max)
    a.flags.writeable = False
    return a
