"""The trainer's live setting changes (``set_lr`` ... ``set_params``), the checks of the
values they take, and ``@_recorded``, which logs each successful call for replay.

A mixin of :class:`gradviz.core.trainer.Trainer` (see that module for the behaviour each
setter promises); the methods work on the trainer's own state and lock.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from .bce import check_any_loss
from .divergence import NOT_FINITE_HERE, loss_limit
from .evaluation import eval_data_of
from .objectives import make_objective
from .optimizers import check_betas, check_eps, check_lr, check_momentum, check_optimizer, check_weight_decay
from .schedules import check_schedule

__all__ = ["RECOMPUTE_BUDGET", "SettersMixin"]

# set_dataset recomputes the path's losses on the new data when that costs at most this
# many point evaluations (always for the line under l2/mse: O(1) per entry); otherwise
# the entries keep the loss they were recorded with (the GUI may call set_dataset
# for every mouse move while a point is dragged).
RECOMPUTE_BUDGET = 1 << 24


def _recorded(setter):
    """A setter whose successful calls go to the run's replay log, with the step they were
    made at and the step they left the run at (replay makes them again there)."""
    @functools.wraps(setter)
    def call(self, *args, **kwargs):
        with self._lock:
            before = self._step
            out = setter(self, *args, **kwargs)
            self._replay.record(before, self._step, setter.__name__, args, kwargs)
            return out
    return call


def _check_batch(bs):
    if bs is None:
        return None
    if isinstance(bs, bool) or not isinstance(bs, (int, np.integer)) or bs < 1:
        raise ValueError(f"batch_size must be None (whole data set) or an integer >= 1, got {bs!r}")
    return int(bs)


def _check_optional(check, v):
    return None if v is None else check(v)


def _data_of(dataset):
    try:
        x, y = dataset.x, dataset.y
    except AttributeError:
        raise ValueError("dataset must have .x and .y arrays") from None
    x = np.array(x, dtype=np.float64, copy=True)
    y = np.array(y, dtype=np.float64, copy=True)
    two = x.ndim == 2 and x.shape[1] == 2  # two inputs: one (x1, x2) row per point
    if not (x.ndim == 1 or two) or y.ndim != 1 or x.shape[0] != y.size:
        raise ValueError(f"dataset .x must be 1-D (or of shape (n, 2) for two inputs) and .y 1-D of the same "
                         f"length, got shapes {x.shape} and {y.shape}")
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise ValueError("dataset values must be finite")
    return x, y


class SettersMixin:
    """The setters of :class:`Trainer` that change a run as it goes (logged for replay)."""

    # -- mutators (apply at once, no restart unless said) ---------------------------------------
    @_recorded
    def set_lr(self, lr):
        """New learning rate from the next step on. Does not clear a divergence."""
        lr = check_lr(lr)
        with self._lock:
            self._lr = lr
            self._snap = None

    @_recorded
    def set_loss(self, loss):
        """New loss: keeps params and step count; resets the optimizer state (the gradient
        scale changes); recomputes the path's losses and the divergence limit."""
        loss = check_any_loss(loss)
        with self._lock, np.errstate(all="ignore"):
            if loss == self._loss:
                return
            self._check_fit(self._model, loss, (self._x, self._y), self._eval_xy)
            self._settle()
            self._loss = loss
            self._new_evaluator()
            self._epochs.new_pass()  # a pass's mean is of one loss: it counts the batches from here
            self._clear_optimizer_state()
            self._rebuild(recompute_limit=True)

    @_recorded
    def set_optimizer(self, name):
        """New optimizer; resets the optimizer state only."""
        name = check_optimizer(name)
        with self._lock, np.errstate(all="ignore"):
            self._settle()
            self._opt = name
            self._new_optimizer()
            self._update_check_every()
            self._snap = None

    @_recorded
    def set_batch_size(self, batch_size):
        """None (whole data set) or an integer >= 1; the current epoch's order is kept."""
        bs = _check_batch(batch_size)
        with self._lock, np.errstate(all="ignore"):
            self._settle()
            self._batch = bs
            self._update_check_every()
            self._snap = None

    @_recorded
    def set_momentum(self, momentum):
        """Momentum coefficient μ in [0, 1); the velocity is kept."""
        mu = check_momentum(momentum)
        with self._lock:
            self._mu = mu
            self._optimizer.set("momentum", mu)
            self._snap = None

    @_recorded
    def set_betas(self, betas):
        """Adam's and AdamW's (β1, β2), each in [0, 1); the moments are kept."""
        b = check_betas(betas)
        with self._lock:
            self._betas = b
            self._optimizer.set("betas", b)
            self._snap = None

    @_recorded
    def set_eps(self, eps):
        """ε of Adam, AdamW, RMSprop and Adagrad (None: each one's torch default); the state is kept."""
        eps = _check_optional(check_eps, eps)
        with self._lock:
            self._eps = eps
            self._optimizer.set("eps", self._optimizer.default_eps if eps is None else eps)
            self._snap = None

    @_recorded
    def set_weight_decay(self, weight_decay):
        """Weight decay >= 0 (None: the optimizer's torch default, 0.01 for AdamW and 0 for
        the others); the state is kept."""
        wd = _check_optional(check_weight_decay, weight_decay)
        with self._lock:
            self._wd = wd
            self._optimizer.set("weight_decay", self._optimizer.default_weight_decay if wd is None else wd)
            self._snap = None

    @_recorded
    def set_schedule(self, schedule):
        """A learning-rate schedule (``schedules``) or None (constant), from the next step
        on; the schedule counts from step 0 of the run, not from now."""
        sch = check_schedule(schedule)
        with self._lock:
            self._schedule = sch
            self._snap = None

    @_recorded
    def set_dataset(self, dataset):
        """New data: keeps params, step count and optimizer state; starts a fresh shuffled
        epoch; recomputes the divergence limit and the path's losses (when cheap enough:
        see RECOMPUTE_BUDGET). A divergence stays until reset/set_params/set_model."""
        x, y = _data_of(dataset)
        with self._lock, np.errstate(all="ignore"):
            self._check_fit(self._model, self._loss, (x, y), None)
            self._settle()
            self._dataset = dataset
            self._x, self._y = x, y
            self._pos = y.size  # next mini-batch step draws a new permutation
            self._rebuild(recompute_limit=True, data_change=True)

    @_recorded
    def set_eval_dataset(self, eval_dataset):
        """New evaluation set (None: none); the run goes on untouched."""
        xy = eval_data_of(eval_dataset)
        with self._lock:
            self._check_fit(self._model, self._loss, None, xy)
            self._eval_dataset, self._eval_xy = eval_dataset, xy
            self._new_evaluator()
            self._snap = None

    @_recorded
    def set_params(self, params, steps_taken: int = 0):
        """Jump to ``params`` (the user moved the point): keeps the step count, clears a
        divergence and the optimizer state, records the point in the path. ``steps_taken``:
        steps made outside the trainer to reach ``params`` (the learner's own code), by which
        the step count moves on."""
        if isinstance(steps_taken, bool) or not isinstance(steps_taken, (int, np.integer)) or steps_taken < 0:
            raise ValueError(f"steps_taken must be a whole number >= 0, got {steps_taken!r}")
        with self._lock, np.errstate(all="ignore"):
            p = self._check_params(self._model, params)
            self._settle()
            self._step += int(steps_taken)
            L, g = self._evaluate(p)
            np.copyto(self._p, p)
            self._set_verified(L, g)
            self._diverged = None
            self._clear_optimizer_state()
            self._limit = loss_limit(L)
            self._hist.add(self._step, self._p, L)
            self._snap = None

    def _rebuild(self, recompute_limit, data_change=False):
        """After a data or loss change: new objective, whole-data values at _p, path losses
        (for a data change only if that is cheap enough, see RECOMPUTE_BUDGET)."""
        self._obj = make_objective(self._model, self._x, self._y, self._loss)
        g = np.empty(self._p.size)
        L = self._obj.full(self._p, g)
        self._set_verified(L, g)
        if not (math.isfinite(L) and np.isfinite(g).all()) and self._diverged is None:
            self._diverged = NOT_FINITE_HERE
        if recompute_limit and math.isfinite(L):
            self._limit = loss_limit(L)
        if not data_change or len(self._hist) * self._obj.full_work() <= RECOMPUTE_BUDGET:
            self._hist.recompute_losses(self._obj.losses)
        self._update_check_every()
        self._snap = None
