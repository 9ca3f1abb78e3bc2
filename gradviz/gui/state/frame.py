"""A Frame: one published state of the run, and everything it belongs to.

Panels draw from a Frame alone. The snapshot comes from the worker thread, which may still
be applying an older model, data set or settings than the session holds now; the Frame pairs
the snapshot with the model, settings and data set the worker had when it made it, so no
panel has to guess from array shapes whether a snapshot fits.
"""

from __future__ import annotations

from dataclasses import dataclass

import gradviz.core as gc

from gradviz.gui.state.settings import Settings


@dataclass(frozen=True, eq=False)
class Frame:
    snapshot: gc.Snapshot
    model: gc.Model
    settings: Settings
    dataset: gc.Dataset
    seq: int  # sequence number of the last change to the run that the snapshot reflects
    data_changes: tuple = ()  # steps of this run at which the data was edited (for the loss curve)
    eval_dataset: gc.Dataset | None = None  # the held-out points the snapshot's eval_loss is measured on
    scaling: gc.Standardization | None = None  # set when ``dataset`` is the standardized data
    companions: tuple = ()  # runs.Companion of each run beside this one, at the same step
    run_label: str = "A"  # the label of this run (the run in focus) among several runs

    @property
    def params(self):
        return self.snapshot.params

    @property
    def step(self) -> int:
        return self.snapshot.step


@dataclass(frozen=True, eq=False)
class RunContext:
    """What the worker's trainer holds after the change numbered ``seq``."""

    seq: int
    model: gc.Model
    settings: Settings
    dataset: gc.Dataset
    eval_dataset: gc.Dataset | None = None
    scaling: gc.Standardization | None = None
    run_label: str = "A"  # the run in focus
    runs: tuple = ()  # (label, Settings) of each run beside it


class ContextLog:
    """The run's contexts by change number, oldest first; a snapshot that reflects change
    ``seq`` belongs to the newest context at or before it. Contexts older than that are no
    longer needed once such a snapshot arrives."""

    def __init__(self, first: RunContext) -> None:
        self._items: list[RunContext] = [first]

    def record(self, ctx: RunContext) -> None:
        if self._items and self._items[-1].seq == ctx.seq:
            self._items[-1] = ctx  # a change that sent nothing to the worker (e.g. speed)
        else:
            self._items.append(ctx)

    def context_for(self, seq: int) -> RunContext:
        while len(self._items) > 1 and self._items[1].seq <= seq:
            self._items.pop(0)
        return self._items[0]

    def latest(self) -> RunContext:
        return self._items[-1]
