"""The runs beside the session's own: up to three companions, stepped in lock step with it.

The session's run is the run in focus (its controls, its full readout); each companion is a
run of its own (optimizer, rate, batch size, momentum, seed, start) on the same data, model
and loss. The companions' Trainers live in a ``gc.RunGroup`` that the training thread owns
(``TrainingWorker.set_group``): every change reaches them as a command, in order with the
focused run's, so Play, Step and Reset drive them all. Each frame carries their snapshots
(``Frame.companions``), taken at the same step as the focused run's.
"""

from __future__ import annotations

from dataclasses import dataclass

import gradviz.core as gc

from gradviz.gui.runs.scaling import RunScaling
from gradviz.gui.state.settings import Settings
from gradviz.gui.theme.palette import OKABE_ITO

MAX_COMPANIONS = gc.MAX_RUNS - 1
FOCUS_LABEL = "A"
# colour and dash of each companion: Okabe-Ito colours apart from the focused run's (white
# path, orange ball, vermillion curve, blue loss), each with its own dash as a second cue
STYLES = (("B", OKABE_ITO["sky_blue"], "dash"), ("C", OKABE_ITO["bluish_green"], "dot"),
          ("D", OKABE_ITO["reddish_purple"], "dashdot"))


@dataclass(frozen=True, eq=False)
class Companion:
    """A companion run as one frame shows it."""

    label: str
    colour: str
    dash: str  # "dash", "dot" or "dashdot"
    settings: Settings
    snapshot: gc.Snapshot

    def describe(self) -> str:
        return describe(self.settings)


def describe(s: Settings) -> str:
    """A few words that tell runs apart: optimizer, rate, batch size (sgd) and seed."""
    words = [s.optimizer, f"lr {s.lr:.3g}"]
    if s.optimizer == "sgd":
        words.append(f"batch {s.batch_size}")
    if s.optimizer == "momentum":
        words.append(f"μ {s.momentum:g}")
    if s.standardize:
        words.append("x standardized")
    return ", ".join(words)


class CompanionRuns:
    """The session's companion runs: their settings here (GUI thread), their trainers in the
    training thread."""

    def __init__(self, session) -> None:
        self._session = session
        self._group = gc.RunGroup(max_runs=MAX_COMPANIONS)  # the worker's from now on
        self._settings: dict[str, Settings] = {}
        self._follow: set[str] = set()  # (training thread) runs that start where the focused run starts
        self._scales: dict[str, RunScaling] = {}  # (training thread) runs on the other scale of x
        session.worker.set_group(self._group)
        session.modelChanged.connect(lambda _model: self.clear())  # they do not fit a new model

    # ----- queries (GUI thread) ---------------------------------------------------------
    def labels(self) -> tuple[str, ...]:
        return tuple(self._settings)

    def settings(self, label: str) -> Settings:
        return self._settings[label]

    def __len__(self) -> int:
        return len(self._settings)

    def full(self) -> bool:
        return len(self._settings) >= MAX_COMPANIONS

    def frame_entries(self, taken: tuple) -> tuple:
        """Companions for a frame from the worker's ((label, snapshot), ...): only those
        still in the group (a run removed since is not drawn again)."""
        styles = {label: (colour, dash) for label, colour, dash in STYLES}
        return tuple(Companion(label, *styles[label], self._settings[label], snap)
                     for label, snap in taken if label in self._settings)

    # ----- changes ------------------------------------------------------------------------
    def add(self, settings: Settings, start=None, fork: bool = False) -> str | None:
        """A companion with ``settings``, from ``start`` (None: the session's start point),
        caught up to the focused run's step. ``fork``: instead a copy of the focused run as it
        is now (its path so far included) that goes on with ``settings``'s rate. Returns its
        label, or None (and a note in the status bar) when four runs are already going."""
        if self.full():
            self._session.notify(f"At most {gc.MAX_RUNS} runs at once: remove one first (Runs menu).")
            return None
        label = next(lb for lb, _c, _d in STYLES if lb not in self._settings)
        self._settings[label] = settings
        group, follow, scales = self._group, self._follow, self._scales
        if fork:
            def command(tr, label=label, lr=settings.lr):
                copy = tr.fork()
                copy.set_lr(lr)
                group.add(label, copy)
                follow.add(label)
                scales.pop(label, None)
        else:
            # a run on the other scale of x (raw beside standardized) gets its own data and start
            scale = RunScaling.beside(self._session, settings)
            trainer = self._session.new_trainer(settings, start) if scale is None else scale.trainer(
                self._session, settings, start)

            def command(tr, label=label, trainer=trainer, own_start=start is not None, scale=scale):
                group.add(label, trainer, catch_up=tr.step_count)
                follow.discard(label) if own_start else follow.add(label)
                scales.pop(label, None) if scale is None else scales.__setitem__(label, scale)
        self._session.request(command)
        return label

    def remove(self, label: str) -> None:
        if self._settings.pop(label, None) is not None:
            self._session.request(lambda _tr, g=self._group: g.remove(label))

    def clear(self) -> None:
        if self._settings:
            self._settings.clear()
            self._session.request(lambda _tr, g=self._group: g.clear())

    # ----- in the training thread, from the session's own commands ---------------------------
    def restart_all(self, start) -> None:
        """Every companion back to step 0 with the focused run (reset, a new start point, new
        data): from ``start``, the focused run's, or from its own start if it was given one."""
        for label in self._group.labels():
            tr = self._group.trainer(label)
            scale = self._scales.get(label)
            tr.reset((start if scale is None else scale.start(tr.model, start)) if label in self._follow else None)

    def drop_all(self) -> None:
        """A new model: the companions' trainers do not fit it."""
        self._group.clear()

    def set_dataset(self, dataset, eval_dataset=None, raw=None) -> None:
        """The same data as the focused run (an edit keeps them going; its batch stays);
        ``raw``: (data, held-out data) on x itself, for the runs on the other scale."""
        n = len(dataset)

        def apply(t, dataset=dataset, eval_dataset=eval_dataset):
            t.set_dataset(dataset)
            if eval_dataset is not None:
                t.set_eval_dataset(eval_dataset)
            if t.batch_size is not None and t.batch_size > n:
                t.set_batch_size(n)
        for label in self._group.labels():
            scale = self._scales.get(label)
            apply(self._group.trainer(label), *(() if scale is None or raw is None else scale.data(*raw)))

    def set_loss(self, loss: str) -> None:
        self._group.each(lambda t: t.set_loss(loss))

