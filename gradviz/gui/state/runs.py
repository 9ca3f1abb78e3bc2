"""The runs beside the session's own: up to three companions, stepped in lock step with it.

The session's run is the run in focus (its controls, its full readout); each companion is a
run of its own (optimizer, rate, batch size, momentum, seed, start) on the same data, model
and loss. The companions' Trainers live in a ``gc.RunGroup`` that the training thread owns
(``TrainingWorker.set_group``): every change reaches them as a command, in order with the
focused run's, so Play, Step and Reset drive them all. Each frame carries their snapshots
(``Frame.companions``), taken at the same step as the focused run's.

Each run keeps its label (A, B, C, D) whichever run is in focus. ``focus(label)`` swaps the
session's run with that companion in the training thread, in one command: both trainers go
on from the same step, nothing of either is lost.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

import gradviz.core as gc

from gradviz.gui.runs.scaling import RunScaling
from gradviz.gui.state.settings import Settings
from gradviz.gui.theme.palette import OKABE_ITO

MAX_COMPANIONS = gc.MAX_RUNS - 1
FOCUS_LABEL = "A"  # the label of the session's run while it is the only one
# Colour and dash of each run while it is a companion; the run in focus is drawn in the
# panels' own colours (white path, orange ball, vermillion curve, blue loss), so those
# colours always mean "the run whose controls and readout you see". A run keeps its label and,
# whenever it is not in focus, its own colour and dash: a colour never passes to another run.
# Colours are Okabe-Ito apart from the focused run's (A, the first run, a silver grey that
# stays apart from them for colour-blind eyes), each with its own dash as a second cue.
STYLES = (("A", "#c0c0c0", "solid"), ("B", OKABE_ITO["sky_blue"], "dash"),
          ("C", OKABE_ITO["bluish_green"], "dot"), ("D", OKABE_ITO["reddish_purple"], "dashdot"))
LABELS = tuple(label for label, _c, _d in STYLES)
# the labels a restored companion may take: the run in focus is A once the others are cleared
COMPANION_LABELS = tuple(label for label in LABELS if label != FOCUS_LABEL)
# what is a run's own (the rest, model, loss and what the landscape draws, all runs share)
RUN_FIELDS = ("optimizer", "lr", "batch_size", "momentum", "seed", "beta1", "beta2", "eps", "weight_decay",
              "schedule", "standardize")


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


STYLE = {label: (colour, dash) for label, colour, dash in STYLES}


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
        self._starts: dict[str, np.ndarray | None] = {}  # each companion's own start (None: the session's)
        self._focus = FOCUS_LABEL
        self._follow: set[str] = set()  # (training thread) runs that start where the focused run starts
        self._scales: dict[str, RunScaling] = {}  # (training thread) runs on the other scale of x
        session.worker.set_group(self._group)
        session.modelChanged.connect(lambda _model: self.clear())  # they do not fit a new model

    # ----- queries (GUI thread) ---------------------------------------------------------
    def labels(self) -> tuple[str, ...]:
        """The companions' labels (the run in focus is not among them)."""
        return tuple(self._settings)

    def settings(self, label: str) -> Settings:
        """The companion's settings: its own run settings (``RUN_FIELDS``) with what every run
        shares (model, loss, what the landscape draws) as the session has it now."""
        return self._with_shared(self._settings[label])

    def _with_shared(self, own: Settings) -> Settings:
        return replace(self._session.settings, **{f: getattr(own, f) for f in RUN_FIELDS})

    def focus_label(self) -> str:
        """The label of the run in focus, the session's own run."""
        return self._focus

    def all_labels(self) -> tuple[str, ...]:
        """Every run's label, the one in focus included, in label order."""
        return tuple(lb for lb in LABELS if lb == self._focus or lb in self._settings)

    def entries(self) -> tuple:
        """((label, Settings), ...) of the companions, for a frame's context."""
        return tuple((label, self._with_shared(s)) for label, s in self._settings.items())

    def __len__(self) -> int:
        return len(self._settings)

    def full(self) -> bool:
        return len(self._settings) >= MAX_COMPANIONS

    def frame_entries(self, taken: tuple, runs: tuple | None = None) -> tuple:
        """Companions for a frame from the worker's ((label, snapshot), ...) and ``runs``,
        the companions' (label, Settings) when those were taken (None: now): only those
        still in the group (a run removed since is not drawn again)."""
        settings = dict(self.entries() if runs is None else runs)
        return tuple(Companion(label, *STYLE[label], settings[label], snap)
                     for label, snap in sorted(taken, key=lambda t: t[0]) if label in settings)

    def past_entries(self, looked: tuple, live: tuple) -> tuple:
        """Companions of a past frame: ``looked`` ((label, (snapshot, dataset, settings
        fields of then)), ...) from ``look_back``, ``live`` the live frame's companions."""
        then = dict(looked)
        return tuple(replace(c, settings=replace(c.settings, **then[c.label][2]), snapshot=then[c.label][0])
                     for c in live if c.label in then)

    # ----- changes ------------------------------------------------------------------------
    def add(self, settings: Settings, start=None, fork: bool = False) -> str | None:
        """A companion with ``settings``, from ``start`` (None: the session's start point),
        caught up to the focused run's step. ``fork``: instead a copy of the focused run as it
        is now (its path so far included) that goes on with ``settings``'s rate. Returns its
        label, or None (and a note in the status bar) when four runs are already going."""
        if self.full():
            self._session.notify(f"At most {gc.MAX_RUNS} runs at once: remove one first (Runs menu).")
            return None
        label = next(lb for lb in LABELS if lb != self._focus and lb not in self._settings)
        self._settings[label] = settings
        self._starts[label] = None if start is None or fork else np.asarray(start, dtype=float).ravel().copy()
        if fork:
            def command(tr, label=label, lr=settings.lr):
                copy = tr.fork()
                copy.set_lr(lr)
                self._join(label, copy, follows=True, scale=None)
        else:
            # a run on the other scale of x (raw beside standardized) gets its own data and start
            scale = RunScaling.beside(self._session, settings)
            trainer = self._session.new_trainer(settings, start) if scale is None else scale.trainer(
                self._session, settings, start)

            def command(tr, label=label, trainer=trainer, follows=start is None, scale=scale):
                self._join(label, trainer, follows, scale, catch_up=tr.step_count)
        self._session.request(command)
        return label

    def remove(self, label: str) -> None:
        """Take a companion away; the run in focus stays (a note says to focus another first)."""
        if label == self._focus and self._settings:
            self._session.notify(f"Run {label} is in focus: focus another run first (Runs ▸ Focus run), "
                                 "then remove this one.")
            return
        if self._settings.pop(label, None) is not None:
            self._starts.pop(label, None)
            if not self._settings:
                self._focus = FOCUS_LABEL  # the one run left is the first run again
            self._session.request(lambda _tr, g=self._group: g.remove(label))

    def clear(self) -> None:
        if self._settings:
            self._settings.clear()
            self._starts.clear()
            self._focus = FOCUS_LABEL
            self._session.request(lambda _tr, g=self._group: g.clear())

    def focus(self, label: str) -> bool:
        """Make the companion ``label`` the session's run: the Controls, readout and every
        panel follow it; the run in focus until now becomes a companion and goes on in lock
        step. Both go on from the same step with everything they had. False if there is no
        such companion."""
        if label not in self._settings:
            return False
        session, old = self._session, self._focus
        if bool(self._settings[label].standardize) != bool(session.settings.standardize):
            # the landscape, the readout and the Controls are on the focused run's scale of x
            on = "standardized x" if self._settings[label].standardize else "x itself"
            session.notify(f"Run {label} trains on {on}, the other scale of x: it stays beside the run in focus. "
                           f"To look at it in focus, switch Standardize x and add it again.")
            return False
        s = self._settings.pop(label)
        own = self._starts.pop(label)
        here = session.start.copy()
        self._settings[old] = session.settings
        self._settings = dict(sorted(self._settings.items()))
        if own is None:
            self._starts[old] = None
            start = here
        else:  # every run that started from the session's start point keeps that start as its own
            self._starts = {lb: here.copy() if st is None else st for lb, st in self._starts.items()}
            self._starts[old] = here
            start = own
        self._focus = label
        following = {lb for lb, st in self._starts.items() if st is None}
        group, follow = self._group, self._follow

        def swap(tr, label=label, old=old):
            focused = group.remove(label)
            group.add(old, tr)
            follow.clear()
            follow.update(following)
            return focused

        session.switch_run(swap, self._with_shared(s), start)
        session.notify(f"Run {label} in focus: the Controls and the readout are its own; "
                       f"run {old} goes on beside it.")
        return True

    # ----- in the training thread, from the session's own commands ---------------------------
    def _join(self, label: str, trainer, follows: bool, scale, catch_up: int | None = None) -> None:
        """``trainer`` joins the group as ``label``: ``follows``, it starts again where the
        focused run starts; ``scale``, its scale of x when it is not the focused run's."""
        self._group.add(label, trainer, catch_up=catch_up)
        if follows:
            self._follow.add(label)
        else:
            self._follow.discard(label)
        if scale is None:
            self._scales.pop(label, None)
        else:
            self._scales[label] = scale

    def look_back(self, step: int, look) -> tuple:
        """((label, look(trainer, step)), ...) of every companion that reaches back to
        ``step`` (one that diverged before it: at the step where it stopped)."""
        out = []
        for label in self._group.labels():
            tr = self._group.trainer(label)
            got = look(tr, min(int(step), tr.step_count))
            if got is not None:
                out.append((label, got))
        return tuple(out)

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

    def set_eval_dataset(self, eval_dataset, raw=None) -> None:
        """The same held-out points as the focused run (None: none); ``raw``: (data,
        held-out data) on x itself, for the runs on the other scale."""
        for label in self._group.labels():
            scale = self._scales.get(label)
            held = eval_dataset if scale is None or raw is None else scale.data(*raw)[1]
            self._group.trainer(label).set_eval_dataset(held)

    def set_loss(self, loss: str) -> None:
        self._group.each(lambda t: t.set_loss(loss))

    # ----- saved and restored (session files, the autosave) -------------------------------
    def request_saved(self):
        """A Future of (the focused run's trainer state, ((label, settings, follows the
        focused run's start, trainer state), ...) of the companions), all taken in the
        training thread between two steps, after every change sent so far: the same step.
        None once that thread has stopped."""
        settings, group, follow = dict(self.entries()), self._group, self._follow

        def take(tr):
            runs = tuple((label, settings[label], label in follow, group.trainer(label).state())
                         for label in group.labels() if label in settings)
            return tr.state(), runs

        return self._session.ask(take)

    def restore(self, saved) -> None:
        """Companions carried on from ``saved``: ((label, settings, follows the focused
        run's start, trainer state), ...), each at the focused run's step, in place of the
        current ones. ``settings`` apply on top of the state as live changes. ValueError
        (and nothing changed) if a state does not fit the model and data."""
        from gradviz.gui.state.timeline import apply_settings

        s = self._session
        built = []
        for label, settings, follows, state in saved:
            if label not in COMPANION_LABELS or label in {b[0] for b in built}:
                raise ValueError(f"{label!r} is not a free run label ({', '.join(COMPANION_LABELS)})")
            scale = RunScaling.beside(s, settings)  # a run on the other scale of x has its own data
            trained, held = (s.training_dataset(), s.training_eval_dataset()) if scale is None else \
                scale.data(s.dataset, s.eval_dataset)
            trainer = gc.Trainer.from_state(s.model, trained, state, eval_dataset=held)
            apply_settings(trainer, settings, trained, held)
            built.append((label, settings, follows, trainer, np.asarray(state["start"], dtype=float).copy(), scale))
        self.clear()
        for label, settings, follows, trainer, start, scale in built:
            self._settings[label] = settings
            self._starts[label] = None if follows else start
            s.request(lambda _tr, args=(label, trainer, follows, scale): self._join(*args))
