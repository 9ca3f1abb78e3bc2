"""Training: a :class:`Trainer` steps an optimizer over a model and data.

    tr = Trainer(Line(), dataset, loss="l2", optimizer="gd", lr=0.001)
    snap = tr.step(1000)        # advance 1000 steps, get an immutable Snapshot

The update rules are in ``optimizers`` (``OPTIMIZERS``: gd, sgd, momentum, adam, nesterov,
rmsprop, adagrad, adamw), with ``weight_decay`` (None: each rule's torch default). Every
optimizer but ``gd`` steps on mini-batches of ``batch_size`` points (None or >= n: the
whole data set; 1: seed 002's per-sample update), in an order reshuffled every epoch by
a ``np.random.Generator`` seeded with ``seed``. A mini-batch's loss is the chosen loss
applied to the batch alone (for l2 a sum over the batch, for mse its mean), so seed
002's update is ``sgd`` with batch_size=1, mse.

Snapshots always report the loss and gradient over the whole data set.

Divergence (see ``divergence``): a step that makes the whole-data loss, a parameter or
the gradient go wrong is not accepted: the parameters stay at the last good point and
``diverged`` holds a sentence for the learner. Further ``step()`` calls do nothing.
Only ``reset()``, ``set_params()`` and ``set_model()`` clear it; ``set_lr()`` alone does
not (lower the rate, then press reset or move the point). With large data and small
batches the whole-data loss is checked every few steps (cost-balanced; always at the
end of ``step()``), plus whenever the batch loss hints at trouble; a failing check rolls
back to the last checked point.

Path history (see ``history``): every checked step is recorded, in bounded memory. Its
losses are those of the current data and loss (``set_loss`` recomputes them,
``set_dataset`` too unless that would cost more than RECOMPUTE_BUDGET point
evaluations), so the path lies on the landscape.

Optimizer state (velocity, Adam's moments) is cleared by ``set_loss``,
``set_optimizer``, ``set_params``, ``set_model`` and ``reset``, and kept by ``set_lr``,
``set_momentum``, ``set_betas``, ``set_eps``, ``set_weight_decay``, ``set_schedule``,
``set_batch_size`` and ``set_dataset``.

A learning-rate schedule (``schedules``; None: constant) gives the rate of step k from
the base rate ``lr``: ``lr_at(k)`` is the rate of the update from step k to k + 1.

A run is saved with ``state()`` (plain arrays and numbers, see ``run_state``) and carried
on with ``Trainer.from_state(model, dataset, state)``: the same next steps, bit for bit.
A snapshot also carries what the next step starts from (velocity, Adam's moments, the
next mini-batch's points), copied only when the snapshot is built.

Held-out evaluation (see ``evaluation`` and ``epochs``): ``eval_dataset`` is never
trained on; snapshots carry its loss (``eval_loss``, ``eval_path_losses``) and the epoch
table, also ``epoch_table()``; ``set_eval_dataset`` swaps it without touching the run.

Replay (see ``replay``): ``params_at``, ``snapshot_at`` and ``trainer_at`` give any past
step of the run exactly, ``rewind`` takes the whole run back to one, ``fork`` copies it.
Every setter marked ``@_recorded`` is logged with the step it was made at and the step it
left the run at, so replay makes it again there.

Thread safety: every public method takes an internal lock, so a GUI thread may call a
setter while a worker thread is inside ``step(k)``; the setter waits for that call.

Code layout: ``Trainer`` is one public class assembled from mixins, one module per concern:
``trainer_steps`` (``step``, ``advance``, the loops, the divergence checks),
``trainer_setters`` (the live setters, ``@_recorded``, the checks of their values),
``trainer_replay`` (``params_at`` ... ``fork``) and ``trainer_state`` (``state``,
``from_state``, snapshots); this module keeps construction, the properties, ``set_model``,
``reset`` and the internals they all share. Mixins rather than helper functions taking the
trainer: the methods share the trainer's private state and lock, so they keep their bodies
and signatures, and ``Trainer`` stays the one class to read, subclass and ``help()``.
The mixins mean nothing alone and are not part of the API.
"""

from __future__ import annotations

import math
import threading

import numpy as np

from .bce import check_any_loss, check_fit
from .epochs import EpochLog
from .evaluation import Evaluator, eval_data_of
from .divergence import NOT_FINITE_AT_START, loss_limit
from .history import PathHistory
from .models import Model
from .objectives import make_objective
from .optimizers import (
    ADAM_BETAS, check_betas, check_eps, check_lr, check_momentum, check_optimizer, check_weight_decay, make_optimizer,
)
from .replay import ReplayLog
from .schedules import check_schedule
from .trainer_replay import ReplayMixin
from .trainer_setters import SettersMixin, _check_batch, _check_optional, _data_of
from .trainer_state import StateMixin
from .trainer_steps import SteppingMixin
# re-exported: the docstrings name the budget, and a subclass's own setters are logged with _recorded
from .trainer_setters import RECOMPUTE_BUDGET, _recorded  # noqa: F401

__all__ = ["Trainer"]


class Trainer(SteppingMixin, SettersMixin, ReplayMixin, StateMixin):
    """Steps an optimizer over a model and data; see the module docstring."""

    def __init__(self, model, dataset, loss="l2", optimizer="gd", lr=0.001, params=None,
                 batch_size=None, seed=0, momentum=0.9, betas=ADAM_BETAS, eps=None, weight_decay=None,
                 schedule=None, eval_dataset=None):
        if not isinstance(model, Model):
            raise ValueError(f"model must be a gradviz Model, got {type(model).__name__}")
        self._lock = threading.RLock()
        self._loss = check_any_loss(loss)
        self._opt = check_optimizer(optimizer)
        self._lr = check_lr(lr)
        self._batch = _check_batch(batch_size)
        # every hyperparameter is checked now, also those the chosen optimizer ignores
        self._mu = check_momentum(momentum)
        self._betas = check_betas(betas)
        self._eps = _check_optional(check_eps, eps)  # None: the rule's own default
        self._wd = _check_optional(check_weight_decay, weight_decay)
        self._schedule = check_schedule(schedule)
        self._seed = seed
        np.random.default_rng(seed)  # validates the seed early
        self._dataset = dataset
        self._x, self._y = _data_of(dataset)
        self._eval_dataset, self._eval_xy = eval_dataset, eval_data_of(eval_dataset)
        self._epochs = EpochLog()
        self._check_fit(model, self._loss, (self._x, self._y), self._eval_xy)
        self._model = model
        start = self._check_params(model, model.init_params(seed) if params is None else params)
        self._restart(model, start)

    # -- properties ---------------------------------------------------------------------------
    @property
    def step_count(self) -> int:
        return self._step

    @property
    def epoch(self) -> int:
        return self._epoch

    @property
    def params(self) -> np.ndarray:
        with self._lock:
            return self._p.copy()

    @property
    def diverged(self):
        return self._diverged

    @property
    def lr(self) -> float:
        return self._lr

    @property
    def loss_name(self) -> str:
        return self._loss

    @property
    def optimizer_name(self) -> str:
        return self._opt

    @property
    def batch_size(self):
        return self._batch

    @property
    def momentum(self) -> float:
        return self._mu

    @property
    def betas(self) -> tuple[float, float]:
        return self._betas

    @property
    def eps(self) -> float | None:
        """ε as given (None: the optimizer's own default)."""
        return self._eps

    @property
    def weight_decay(self) -> float | None:
        """The weight decay as given (None: the optimizer's own default)."""
        return self._wd

    @property
    def schedule(self):
        return self._schedule

    def lr_at(self, step: int) -> float:
        """The rate of the update from step ``step`` to ``step + 1``: the schedule's at that
        step with the current base rate (the base rate itself without a schedule)."""
        with self._lock:
            return self._lr if self._schedule is None else self._schedule.rate_at(self._lr, step)

    @property
    def model(self) -> Model:
        return self._model

    @property
    def dataset(self):
        return self._dataset

    @property
    def eval_dataset(self):
        return self._eval_dataset

    def epoch_table(self) -> tuple:
        """The completed epochs of mini-batch training, oldest first (see ``epochs.EpochRow``)."""
        with self._lock, np.errstate(all="ignore"):
            self._settle()
            return self._epochs.table()

    # -- starting over --------------------------------------------------------------------------
    def set_model(self, model, params=None):
        """New model: step 0, history and optimizer state cleared; params None ->
        ``model.init_params(seed)``. The new params become the start point."""
        if not isinstance(model, Model):
            raise ValueError(f"model must be a gradviz Model, got {type(model).__name__}")
        with self._lock, np.errstate(all="ignore"):
            self._check_fit(model, self._loss, (self._x, self._y), self._eval_xy)
            p = self._check_params(model, model.init_params(self._seed) if params is None else params)
            self._restart(model, p)

    def reset(self, params=None):
        """Back to step 0: history, optimizer state, divergence and shuffling cleared.
        params None -> the start point (given at construction, set_model or the last
        reset(params)); otherwise ``params`` becomes the start point."""
        with self._lock, np.errstate(all="ignore"):
            p = self._start if params is None else self._check_params(self._model, params)
            self._restart(self._model, p)

    # -- internals ------------------------------------------------------------------------------
    @staticmethod
    def _check_fit(model, loss, xy, eval_xy):
        """ValueError unless the model takes the data's inputs (and, for 'bce', is a
        probability model with 0/1 labels), for the training and the evaluation data."""
        for what, pair in (("the data", xy), ("the evaluation set", eval_xy)):
            if pair is not None:
                check_fit(model, loss, pair[0], pair[1], what)

    def _check_params(self, model, params):
        try:
            p = np.array(model.as_params(params), dtype=np.float64, copy=True)
        except ValueError:
            raise
        except (TypeError, OverflowError):
            raise ValueError(f"params must be {model.n_params} numbers {model.param_names}") from None
        if not np.isfinite(p).all():
            raise ValueError(f"params must be finite, got {p.tolist()}")
        return p

    def _evaluate(self, p):
        """Whole-data (loss, grad) at p, computed before any state changes (ValueError if
        it is not finite there)."""
        g = np.empty(p.size)
        L = self._obj.full(p, g)
        if not (math.isfinite(L) and np.isfinite(g).all()):
            raise ValueError("the loss is not finite at these parameters; choose smaller values")
        return L, g

    @np.errstate(all="ignore")  # __init__ calls it too: data with huge values may overflow
    def _restart(self, model, p):
        obj = make_objective(model, self._x, self._y, self._loss)
        g = np.empty(p.size)
        L = obj.full(p, g)
        # Not finite (data so large that its squares overflow): start diverged, with the
        # reason, rather than raise. A raise here left the GUI's worker without a trainer
        # (reset, model switch) or the app unable to start on such autosaved data.
        finite = math.isfinite(L) and bool(np.isfinite(g).all())
        self._model = model
        self._start = p.copy()
        P = p.size
        self._p = p.copy()
        self._q = np.empty(P)  # spare params buffer
        self._g = g  # whole-data gradient at _p (valid when _g_step == _step)
        self._gq = np.empty(P)  # spare gradient buffer
        self._vp = np.empty(P)  # last checked params (rollback target)
        self._step = 0
        self._epoch = 0
        self._diverged = None
        self._obj = obj
        self._rng = np.random.default_rng(self._seed)
        self._pos = self._y.size
        self._perm = np.empty(0, np.int64)  # this epoch's order (drawn when the first batch is)
        self._xs = self._ys = None
        self._new_optimizer()
        self._new_evaluator()
        self._epochs.clear()
        self._set_verified(L, g)
        self._limit = loss_limit(L)
        self._hist = PathHistory(P)
        self._hist.add(0, self._p, L)
        self._update_check_every()
        if not finite:
            self._diverged = NOT_FINITE_AT_START
        self._snap = None
        self._replay = ReplayLog(self)

    def _set_verified(self, L, g):
        self._L = L
        self._g = g
        self._g_step = self._step
        self._v_step = self._step
        self._v_epoch = self._epoch
        self._vL = L
        np.copyto(self._vp, self._p)
        self._epochs.save()

    def _new_evaluator(self):
        self._evaluator = None if self._eval_xy is None else Evaluator(self._model, self._loss, *self._eval_xy)

    def _new_optimizer(self):
        self._optimizer = make_optimizer(self._opt, self._p.size, momentum=self._mu, betas=self._betas,
                                         eps=self._eps, weight_decay=self._wd)

    def _clear_optimizer_state(self):
        self._optimizer.reset()
