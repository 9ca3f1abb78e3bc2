"""Replay of a trainer's past: ``params_at``, ``snapshot_at``, ``trainer_at``, ``rewind``,
``fork`` and ``replay_stats``, over the checkpoints and setting log of ``replay``.

A mixin of :class:`gradviz.core.trainer.Trainer`; the methods work on the trainer's own
state and lock.
"""

from __future__ import annotations

import copy
import threading
from typing import TYPE_CHECKING

import numpy as np

from .snapshot import Snapshot
from .trainer_setters import RECOMPUTE_BUDGET

if TYPE_CHECKING:
    from .trainer import Trainer

__all__ = ["ReplayMixin"]


class ReplayMixin:
    """The methods of :class:`Trainer` that look at, or go back to, a past step of the run."""

    # -- replay (see replay) -----------------------------------------------------------------------
    def params_at(self, step) -> np.ndarray:
        """The exact parameters at ``step`` (from the start of this history, 0 unless the
        trainer was built from a saved state, to the current step), after the setting
        changes made at it: the same bits as a fresh run stepped that far. Inside steps made
        outside the trainer (``set_params(..., steps_taken)``), of which only the end is
        known, they are the parameters at that end."""
        with self._lock, np.errstate(all="ignore"):
            self._check_past_step(step)
            p = self._hist.params_at(int(step))
            return p if p is not None else self._replay.replay(int(step)).params

    def snapshot_at(self, step) -> Snapshot:
        """The snapshot this run had at ``step`` (see :meth:`params_at`), with the path up to it."""
        with self._lock, np.errstate(all="ignore"):
            self._check_past_step(step)
            return self._snapshot() if step == self._step else self._past(int(step))._snapshot()

    def trainer_at(self, step) -> "Trainer":
        """A new trainer in this run's state at ``step`` (settings and data of then included,
        see :meth:`params_at`), with the path up to it: this run as it was, to look at."""
        with self._lock, np.errstate(all="ignore"):
            self._check_past_step(step)
            return self._past(int(step))

    def rewind(self, step) -> Snapshot:
        """Put the whole run back to ``step`` (parameters, optimizer state, shuffling, settings,
        path history, and the setting changes it remembers), so that stepping on takes exactly
        the steps it took from there; returns the snapshot."""
        with self._lock, np.errstate(all="ignore"):
            self._check_past_step(step)
            if step != self._step:
                past, log, lock = self._past(int(step)), self._replay, self._lock
                log.truncate(past.step_count)
                self.__dict__.update(past.__dict__)
                self._replay, self._lock, self._snap = log, lock, None
            return self._snapshot()

    def fork(self) -> "Trainer":
        """An independent copy of this run, its replay history included (the model and
        data set objects are shared: they are never changed)."""
        with self._lock:
            lock, self._lock = self._lock, None
            try:
                other = copy.deepcopy(self, {id(self._model): self._model, id(self._dataset): self._dataset})
            finally:
                self._lock = lock
            other._lock = threading.RLock()
            return other

    def replay_stats(self) -> dict:
        """What the replay log holds (checkpoints, events, bytes, spacing)."""
        with self._lock:
            return self._replay.stats()

    def _check_past_step(self, step):
        self._settle()
        if isinstance(step, bool) or not isinstance(step, (int, np.integer)):
            raise ValueError(f"step must be an integer, got {step!r}")
        first = self._replay.first_step
        if not first <= step <= self._step:
            raise ValueError(f"step must be between {first} and the current step {self._step}, got {step}")

    def _past(self, step):
        """A new trainer in this run's state at ``step``, with this run's path up to it."""
        past = self._replay.replay(step)
        step = past.step_count  # later than asked inside steps taken outside the trainer
        hist = self._hist.truncated(step)
        if hist.params_at(step) is None or not np.array_equal(hist.params_at(step), past._p):
            hist.add(step, past._p, past._L)
        if len(hist) * past._obj.full_work() <= RECOMPUTE_BUDGET:  # the losses of that step's data and loss
            hist.recompute_losses(past._obj.losses)
        past._hist = hist
        return past
