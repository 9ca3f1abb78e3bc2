"""A trainer's run read out: saved as plain data and carried on (``state``, ``from_state``;
see ``run_state`` for the format), and shown as an immutable ``Snapshot`` (``snapshot``).

A mixin of :class:`gradviz.core.trainer.Trainer`; the methods work on the trainer's own
state and lock.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

import numpy as np

from .models import Model
from .replay import ReplayLog
from .run_state import RUN_STATE_VERSION, RunStateError, check_run_state
from .schedules import from_dict as schedule_from_dict
from .snapshot import Snapshot, frozen
from .trainer_setters import _data_of

if TYPE_CHECKING:
    from .trainer import Trainer

__all__ = ["StateMixin"]


class StateMixin:
    """The methods of :class:`Trainer` that save its run as plain data, build a trainer from
    that, and build its snapshots."""

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

    # -- snapshots ----------------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        with self._lock, np.errstate(all="ignore"):
            return self._snapshot()

    def _snapshot(self) -> Snapshot:
        if self._snap is not None:
            return self._snap
        self._settle()
        steps, P, Ls = self._hist.arrays()
        snap = Snapshot(
            step=int(self._step),
            params=frozen(self._p),
            loss=float(np.nan_to_num(self._L, nan=0.0, posinf=np.finfo(np.float64).max)),
            grad=frozen(self._g),
            diverged=self._diverged,
            lr=self._lr,
            epoch=int(self._epoch),
            path_steps=frozen(steps, np.int64),
            path_params=frozen(P),
            path_losses=frozen(Ls),
            **self._next_step_state(),
            **self._eval_state(steps, P),
        )
        self._snap = snap
        return snap

    def _eval_state(self, steps, P) -> dict:
        """The evaluation loss now and along the path, and the epoch table, for a snapshot."""
        out = {"epochs": self._epochs.table()}
        if self._evaluator is not None:
            out["eval_loss"] = self._evaluator.loss_at(self._p)
            out["eval_path_losses"] = None if self._evaluator.n == 0 else frozen(self._evaluator.path_losses(steps, P))
        return out

    def _next_step_state(self) -> dict:
        """The optimizer state and the next mini-batch, read-only copies for a snapshot."""
        opt = self._optimizer.state()
        out = {"velocity": opt.get("momentum_buffer"), "adam_m": opt.get("exp_avg"), "adam_v": opt.get("exp_avg_sq"),
               "square_avg": opt.get("square_avg"), "adagrad_sum": opt.get("sum")}
        out = {k: None if v is None else frozen(v) for k, v in out.items()}
        out["adam_t"] = int(opt.get("step", 0))
        out["schedule"] = self._schedule
        out["next_lr"] = self.lr_at(self._step)
        if not self._full_batch():
            if self._pos < self._y.size:
                perm, pos = self._perm, self._pos
            else:  # the next step shuffles: the same draw, from a copy of the generator
                perm, pos = copy.deepcopy(self._rng).permutation(self._y.size), 0
            out["next_batch"] = frozen(perm[pos:pos + self._batch], np.int64)
        return out
