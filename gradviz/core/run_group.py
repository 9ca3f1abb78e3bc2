"""Several runs on the same data, stepped in lock step.

A ``RunGroup`` holds up to ``max_runs`` Trainers under short labels. ``advance(k)`` steps
every run k steps, so all runs that have not diverged share one step count: the runs of a
comparison are always shown at the same step. A diverged run stops where it diverged (its
trainer takes no more steps); the others go on. Each run is its own Trainer, so a run in a
group gives exactly the numbers it gives alone.
"""

from __future__ import annotations

from gradviz.core.trainer import Trainer

MAX_RUNS = 4


class RunGroupError(ValueError):
    """A run that cannot join the group (full, a label taken, a different step count)."""


class RunGroup:
    def __init__(self, max_runs: int = MAX_RUNS) -> None:
        if not 1 <= int(max_runs) <= MAX_RUNS:
            raise RunGroupError(f"a group holds 1 to {MAX_RUNS} runs, not {max_runs}")
        self._max = int(max_runs)
        self._runs: dict[str, Trainer] = {}

    @property
    def max_runs(self) -> int:
        return self._max

    def __len__(self) -> int:
        return len(self._runs)

    def labels(self) -> tuple[str, ...]:
        return tuple(self._runs)

    def trainer(self, label: str) -> Trainer:
        return self._runs[label]

    def trainers(self) -> tuple[Trainer, ...]:
        return tuple(self._runs.values())

    def step_count(self) -> int | None:
        """The step of the runs still training (None when there are none)."""
        steps = {t.step_count for t in self._runs.values() if t.diverged is None}
        return max(steps) if steps else None

    def add(self, label: str, trainer: Trainer, catch_up: int | None = None) -> None:
        """Add ``trainer`` as ``label``. ``catch_up``: the step the group is at; a run
        behind it is stepped there first, so that the group stays in lock step."""
        if not isinstance(trainer, Trainer):
            raise RunGroupError(f"a run must be a gradviz Trainer, got {type(trainer).__name__}")
        if label in self._runs:
            raise RunGroupError(f"there is already a run called {label!r}")
        if len(self._runs) >= self._max:
            raise RunGroupError(f"at most {self._max} runs at once")
        if catch_up is not None and trainer.step_count < catch_up:
            trainer.advance(catch_up - trainer.step_count)
        self._runs[label] = trainer

    def remove(self, label: str) -> Trainer | None:
        """Take the run out of the group (None if there is none of that label)."""
        return self._runs.pop(label, None)

    def clear(self) -> None:
        self._runs.clear()

    def advance(self, k: int = 1) -> dict[str, str]:
        """Step every run ``k`` steps; returns {label: reason} of the runs that have diverged."""
        diverged = {}
        for label, trainer in list(self._runs.items()):
            why = trainer.advance(k)
            if why is not None:
                diverged[label] = why
        return diverged

    def advance_to(self, step: int, back: bool = True) -> dict[str, str]:
        """Bring every run that has not diverged to ``step``: on by stepping, or back by
        ``Trainer.rewind`` (the run they keep pace with went back to a past step and branched);
        ``back`` False: runs ahead of ``step`` stay where they are (the run they keep pace
        with has diverged there). Returns {label: reason} of the runs that have diverged."""
        diverged = {}
        for label, trainer in list(self._runs.items()):
            if trainer.diverged is None and trainer.step_count < step:
                trainer.advance(step - trainer.step_count)
            elif back and trainer.diverged is None and trainer.step_count > step:
                trainer.rewind(step)
            if trainer.diverged is not None:
                diverged[label] = trainer.diverged
        return diverged

    def snapshots(self) -> tuple:
        """((label, snapshot), ...) in the order the runs were added."""
        return tuple((label, t.snapshot()) for label, t in self._runs.items())

    def each(self, command) -> None:
        """Apply ``command(trainer)`` to every run (a new data set, a reset)."""
        for trainer in self._runs.values():
            command(trainer)
