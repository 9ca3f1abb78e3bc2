"""Exact replay of a run: the checkpoints and the log of setting changes behind
``Trainer.params_at``, ``Trainer.snapshot_at`` and ``Trainer.rewind``.

A run is deterministic given its settings, its seed and the setting changes made along
the way, so any past step can be recomputed exactly: from the nearest checkpoint at or
before it (the trainer's whole state but its path history), re-applying every recorded
setter call at the step it was made at. Checkpoints are taken at multiples of a spacing;
when there are more than :data:`MAX_CHECKPOINTS` of them, or they hold more than
:data:`MAX_CHECKPOINT_BYTES`, every other one is dropped and the spacing doubles. So the
memory stays bounded however long the run, and a replay recomputes fewer than
``2 * steps / MAX_CHECKPOINTS`` steps.

Where a divergence check runs depends on how the steps were chunked, and a failed check
leaves the shuffling and optimizer state where the failing step left them; so the state
right after a divergence is kept whole, as an event of the log, instead of recomputed.

One :class:`ReplayLog` belongs to one history of one trainer: ``reset()`` and
``set_model()`` start a new one, and a trainer built with ``from_state`` starts its
history at the step it was saved at.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["MAX_CHECKPOINTS", "MAX_CHECKPOINT_BYTES", "FIRST_SPACING", "ReplayLog"]

MAX_CHECKPOINTS = 8192  # a line's checkpoint is ~1 kB; a scrub recomputes fewer than 2 * steps / 8192 steps
MAX_CHECKPOINT_BYTES = 32 << 20  # large data: each checkpoint holds the epoch's shuffled order
FIRST_SPACING = 256  # steps between checkpoints before any thinning (a capture costs ~ 3 line steps)

_PATH_KEYS = ("path_steps", "path_params", "path_losses", "path_recent", "path_count", "path_stride")


@dataclass(frozen=True, eq=False)
class Checkpoint:
    step: int
    events: int  # how many events of the log it already reflects
    state: dict  # Trainer.state() without the path history
    dataset: object
    eval_dataset: object  # the held-out points of then (measured, never trained on)
    nbytes: int


@dataclass(frozen=True, eq=False)
class Event:
    step: int  # the step the run was at after it
    setter: str | None  # None: a divergence, whose resulting state is ``checkpoint``
    args: tuple = ()
    kwargs: dict | None = None
    checkpoint: Checkpoint | None = None
    made_at: int | None = None  # the step the setter was called at (None: ``step``)

    @property
    def start(self) -> int:
        """The step replay makes it at."""
        return self.step if self.made_at is None else self.made_at


def _frozen_arg(a):
    """A copy of a mutable argument, so later changes by the caller do not rewrite history."""
    if isinstance(a, np.ndarray):
        return a.copy()
    if isinstance(a, list):
        return list(a)
    return a


class ReplayLog:
    """Checkpoints and setter calls of one run's history; see the module docstring."""

    def __init__(self, trainer) -> None:
        self._cls = type(trainer)
        self._model = trainer.model
        self._spacing = FIRST_SPACING
        self._events: list[Event] = []
        self._checkpoints: list[Checkpoint] = []
        self._origin = self._capture(trainer)
        self._checkpoints.append(self._origin)
        self._bytes = self._origin.nbytes

    # -- what the trainer tells the log -----------------------------------------------------------
    @property
    def first_step(self) -> int:
        """The step this history starts at (0 unless the trainer was built from a saved state)."""
        return self._origin.step

    def steps_before_checkpoint(self, step: int, k: int) -> int:
        """How many of ``k`` steps from ``step`` to take before the log may want a checkpoint."""
        return min(k, self._spacing - step % self._spacing)

    def stepped(self, trainer) -> None:
        """After a chunk of steps (settled): keep a checkpoint when one is due, or the whole
        state when the chunk ended in a divergence."""
        step = trainer.step_count
        if trainer.diverged is not None:
            self._events.append(Event(step, None, checkpoint=self._capture(trainer)))
        elif step % self._spacing == 0 and step > self._checkpoints[-1].step:
            cp = self._capture(trainer)
            self._checkpoints.append(cp)
            self._bytes += cp.nbytes
            self._thin()

    def record(self, made_at: int, step: int, setter: str, args: tuple, kwargs: dict) -> None:
        """A setter call that succeeded at step ``made_at`` and left the run at ``step``
        (further on when steps were made outside the trainer); replay makes it again there."""
        self._events.append(Event(step, setter, tuple(_frozen_arg(a) for a in args),
                                  {k: _frozen_arg(v) for k, v in kwargs.items()}, made_at=made_at))

    # -- replay ----------------------------------------------------------------------------------
    def replay(self, step: int):
        """A new trainer in the state the run had at ``step`` (after every setting change
        made at that step); its path history holds only that step."""
        i = len(self._checkpoints) - 1
        while self._checkpoints[i].step > step:
            i -= 1
        cp = self._checkpoints[i]
        tr = self._restore(cp)
        for ev in self._events[cp.events:]:
            # a setter that moved the step count on (set_params(..., steps_taken)) stands
            # for steps made outside the trainer (the learner's own code) of which only the
            # end is known: a step inside them shows the end
            if ev.start > step:
                break
            self._advance(tr, ev.start)
            if ev.setter is None:
                tr = self._restore(ev.checkpoint)
            else:
                getattr(tr, ev.setter)(*ev.args, **ev.kwargs)
            if tr.step_count > step:
                return tr
        self._advance(tr, step)
        return tr

    def truncate(self, step: int) -> None:
        """Forget everything after ``step`` (the run was rewound to it)."""
        self._events = [ev for ev in self._events if ev.step <= step]
        self._checkpoints = [cp for cp in self._checkpoints if cp.step <= step]
        self._bytes = sum(cp.nbytes for cp in self._checkpoints)

    def stats(self) -> dict:
        """Sizes, for benchmarks and tests: checkpoints, events, bytes held, spacing."""
        return {"checkpoints": len(self._checkpoints), "events": len(self._events),
                "bytes": self._bytes + sum(ev.checkpoint.nbytes for ev in self._events if ev.checkpoint),
                "spacing": self._spacing}

    # -- internals -------------------------------------------------------------------------------
    @staticmethod
    def _advance(tr, step):
        if step > tr.step_count:
            tr.advance(step - tr.step_count)
        if tr.step_count != step:  # a check failed where the recorded run's passed
            raise RuntimeError(f"replay stopped at step {tr.step_count} before reaching step {step}: {tr.diverged}")

    def _capture(self, trainer) -> Checkpoint:
        state = trainer.state(path=False)
        for key in _PATH_KEYS:
            del state[key]
        last = self._checkpoints[-1].state if self._checkpoints else None
        if last is not None and np.array_equal(last["perm"], state["perm"]):
            state["perm"] = last["perm"]  # one epoch's order, shared by its checkpoints
            shared = state["perm"].nbytes
        else:
            shared = 0
        nbytes = sum(v.nbytes for v in state.values() if isinstance(v, np.ndarray)) - shared + 1024
        return Checkpoint(state["step"], len(self._events), state, trainer.dataset, trainer.eval_dataset, nbytes)

    def _restore(self, cp: Checkpoint):
        s = dict(cp.state, path_steps=np.array([cp.step]), path_params=cp.state["params"][None],
                 path_losses=np.zeros(1), path_recent=1, path_count=0, path_stride=1)
        return self._cls.from_state(self._model, cp.dataset, s, eval_dataset=cp.eval_dataset)

    def _thin(self) -> None:
        while len(self._checkpoints) > 1 and (len(self._checkpoints) > MAX_CHECKPOINTS
                                              or self._bytes > MAX_CHECKPOINT_BYTES):
            self._spacing *= 2
            keep = [cp for cp in self._checkpoints if cp is self._origin or cp.step % self._spacing == 0]
            self._checkpoints = keep
            self._bytes = sum(cp.nbytes for cp in keep)
