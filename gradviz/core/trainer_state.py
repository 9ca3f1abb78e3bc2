"""Saving a trainer's run and carrying it on: ``state``, ``from_state`` (see ``run_state``
for the format).

A mixin of :class:`gradviz.core.trainer.Trainer`; the methods work on the trainer's own
state and lock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .models import Model
from .replay import ReplayLog
from .run_state import RUN_STATE_VERSION, RunStateError, check_run_state
from .schedules import from_dict as schedule_from_dict
from .trainer_setters import _data_of

if TYPE_CHECKING:
    from .trainer import Trainer

__all__ = ["StateMixin"]


class StateMixin:
    """The methods of :class:`Trainer` that save its run as plain data and build a trainer from it."""

    # -- saving and carrying on a run ---------------------------------------------------------
    def state(self, path: bool = True) -> dict:
        """The run as plain data (numpy arrays, numbers, strings; see ``run_state``), from
        which :meth:`from_state` builds a trainer that takes exactly the same next steps.
        Pending mini-batch steps are checked first, as for a snapshot. ``path`` False: the
        path_* arrays are None (a replay checkpoint needs no copy of the path)."""
        with self._lock, np.errstate(all="ignore"):
            self._settle()
            opt = self._optimizer.state()
            zeros = np.zeros(self._p.size)
            steps, P, Ls, recent, count, stride = self._hist.state() if path else (None, None, None, 0, 0, 0)
            return {
                "version": RUN_STATE_VERSION, "model": self._model.name, "n_params": int(self._p.size),
                "probability": bool(self._model.probability),
                "n_points": int(self._y.size), "loss": self._loss, "optimizer": self._opt, "lr": self._lr,
                "batch_size": self._batch, "momentum": self._mu, "beta1": self._betas[0],
                "beta2": self._betas[1], "eps": self._eps, "weight_decay": self._wd,
                "schedule": None if self._schedule is None else self._schedule.to_dict(),
                "seed": self._seed, "step": int(self._step),
                "epoch": int(self._epoch), "limit": float(self._limit), "diverged": self._diverged,
                "pos": int(self._pos), "rng": self._rng.bit_generator.state,
                "params": self._p.copy(), "start": self._start.copy(),
                "velocity": opt.get("momentum_buffer", zeros), "adam_m": opt.get("exp_avg", zeros),
                "adam_v": opt.get("exp_avg_sq", zeros), "adam_t": int(opt.get("step", 0)),
                "square_avg": opt.get("square_avg", zeros), "state_sum": opt.get("sum", zeros),
                "perm": self._perm.copy(), "path_steps": steps, "path_params": P, "path_losses": Ls,
                "path_recent": int(recent), "path_count": int(count), "path_stride": int(stride),
                **self._epochs.state(self._p.size),
            }

    @classmethod
    def from_state(cls, model, dataset, state, eval_dataset=None) -> "Trainer":
        """A trainer carrying on the run ``state`` (from :meth:`state`) with ``model`` and
        ``dataset``. RunStateError (a ValueError) if the state is damaged or was saved for
        another model (or one whose output is, or is not, a probability where ``model``'s is
        not, or is), number of parameters or number of data points."""
        if not isinstance(model, Model):
            raise ValueError(f"model must be a gradviz Model, got {type(model).__name__}")
        s = check_run_state(state, model.name, model.n_params, _data_of(dataset)[1].size, model.probability)
        try:
            tr = cls(model, dataset, loss=s["loss"], optimizer=s["optimizer"], lr=s["lr"], params=s["start"],
                     batch_size=s["batch_size"], seed=s["seed"], momentum=s["momentum"],
                     betas=(s["beta1"], s["beta2"]), eps=s["eps"], weight_decay=s["weight_decay"],
                     schedule=schedule_from_dict(s["schedule"]), eval_dataset=eval_dataset)
            with tr._lock, np.errstate(all="ignore"):
                tr._load(s)
        except (ValueError, TypeError, KeyError) as exc:
            raise RunStateError(f"the run state does not fit ({exc})") from None
        return tr

    def _load(self, s):
        self._rng.bit_generator.state = s["rng"]
        np.copyto(self._p, s["params"])
        self._step, self._epoch = s["step"], s["epoch"]
        self._optimizer.load_state({"momentum_buffer": s["velocity"], "exp_avg": s["adam_m"],
                                    "exp_avg_sq": s["adam_v"], "step": s["adam_t"],
                                    "square_avg": s["square_avg"], "sum": s["state_sum"]})
        self._perm, self._pos = s["perm"], s["pos"]
        if self._pos < self._y.size:
            self._xs, self._ys = self._x[self._perm], self._y[self._perm]
        self._hist.load(s["path_steps"], s["path_params"], s["path_losses"], s["path_recent"],
                        s["path_count"], s["path_stride"])
        g = np.empty(self._p.size)
        self._set_verified(self._obj.full(self._p, g), g)
        self._limit, self._diverged = s["limit"], s["diverged"]
        self._epochs.load(s)
        self._snap = None
        self._replay = ReplayLog(self)  # the history starts here
