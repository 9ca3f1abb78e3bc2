"""Looking at a past step of the run, and branching from it: :class:`Timeline`.

While a past step is shown the run is paused and the session publishes a Frame built
from the trainer's exact replay of that step (``Trainer.trainer_at``: the parameters,
path, settings and data of then), so every panel draws the past; live frames are held
back until :meth:`Timeline.back_to_now`. Play and Reset go back to now first.

A change of a run setting while the past is shown branches the run there: the trainer
rewinds to that step, takes the settings now in the controls, and goes on from there.
The abandoned future stays as a ghost path (``ghost``: parameter rows) until
:meth:`dismiss_ghost`; :meth:`undo_branch` brings the abandoned run back whole.
"""

from __future__ import annotations

from dataclasses import fields, replace

import numpy as np
from PySide6.QtCore import QObject, Qt, Signal

from gradviz.gui.state.frame import Frame

# the settings that shape the run (speed only paces it)
RUN_SETTINGS = ("loss", "optimizer", "lr", "batch_size", "momentum", "beta1", "beta2", "eps", "weight_decay",
                "schedule")
# what the landscape draws: changing it while the past is shown neither branches nor leaves the past
VIEW_SETTINGS = ("speed", "curvature", "point_arrows")


def apply_settings(tr, settings, dataset, eval_dataset=None) -> None:
    """Make ``tr`` train with ``settings`` on ``dataset`` (measuring ``eval_dataset``), as
    live changes that keep the optimizer state wherever the change allows it."""
    if tr.dataset is not dataset:
        tr.set_dataset(dataset)
    if tr.eval_dataset is not eval_dataset:
        tr.set_eval_dataset(eval_dataset)
    tr.set_lr(settings.lr)
    tr.set_loss(settings.loss)
    if tr.optimizer_name != settings.optimizer:
        tr.set_optimizer(settings.optimizer)
    batch = settings.effective_batch(len(dataset))
    if tr.batch_size != batch:
        tr.set_batch_size(batch)
    opts = settings.optimizer_options()
    tr.set_momentum(settings.momentum)
    tr.set_betas(opts["betas"])
    tr.set_eps(settings.eps)
    tr.set_weight_decay(settings.weight_decay)
    tr.set_schedule(opts["schedule"])


def _look_back(tr, step):
    """(In the worker) what the run was at ``step``: (snapshot, dataset, settings fields),
    or None when the run no longer reaches back there (it was reset meanwhile)."""
    try:
        then = tr.trainer_at(step)
    except ValueError:
        return None
    fields = {"lr": then.lr, "loss": then.loss_name, "optimizer": then.optimizer_name, "momentum": then.momentum}
    return then.snapshot(), then.dataset, fields


class Timeline(QObject):
    """The past step shown (None: now), the ghost of an abandoned future, branch and undo."""

    stepChanged = Signal(object)  # the past step shown, or None when the present is
    ghostChanged = Signal(object)  # ((k, P) parameters, (k,) losses) of the abandoned future, or None
    _lookedBack = Signal(int, object)  # (request number, _look_back's answer), from the worker

    def __init__(self, session) -> None:
        super().__init__(session)
        self._session = session
        self._step: int | None = None
        self._live: Frame | None = None  # the newest live frame while the past is shown
        self._asked = 0  # number of the latest look-back request (older answers are dropped)
        self._ghost: tuple | None = None
        self._undo = None  # run state of the abandoned run, to bring back
        self._lookedBack.connect(self._on_looked_back, Qt.ConnectionType.QueuedConnection)
        for signal in (session.startChanged, session.modelChanged, session.datasetChanged):
            signal.connect(lambda *_: self.back_to_now())

    # -- queries ----------------------------------------------------------------------------
    @property
    def step(self) -> int | None:
        """The past step shown, or None when the present is."""
        return self._step

    @property
    def ghost(self) -> tuple | None:
        """(parameter rows, losses) of the future the last branch left, or None."""
        return None if self._ghost is None else (self._ghost[0].copy(), self._ghost[1].copy())

    def now_step(self) -> int:
        """The step the run has reached (also while the past is shown)."""
        frame = self._live or self._session.frame
        return 0 if frame is None else frame.step

    def can_undo_branch(self) -> bool:
        return self._undo is not None

    # -- scrubbing ----------------------------------------------------------------------------
    def show_step(self, step: int) -> None:
        """Show the run as it was at ``step``; the present step (or later) means now."""
        session = self._session
        if session.frame is None:
            return
        step = max(0, int(step))
        if step >= self.now_step():
            self.back_to_now()
            return
        session.pause()
        if self._step is None:
            self._live = session.frame
        self._step = step
        self._asked += 1
        asked = self._asked

        def question(tr, asked=asked, step=step):
            if asked == self._asked:  # a newer request is queued: this answer would be dropped
                # the runs beside this one at the same step too
                self._lookedBack.emit(asked, (_look_back(tr, step), session.runs.look_back(step, _look_back)))

        session.worker.query(question)
        self.stepChanged.emit(step)

    def _on_looked_back(self, asked: int, answers) -> None:
        answer, others = answers
        if asked != self._asked or self._step is None:
            return
        if answer is None:
            self.back_to_now()
            return
        snap, dataset, fields = answer
        live = self._live
        settings = replace(live.settings, **fields)
        marks = tuple(m for m in live.data_changes if m <= snap.step)
        self._session.show_frame(Frame(snap, live.model, settings, dataset, live.seq, marks,
                                       live.eval_dataset, live.scaling,
                                       self._session.runs.past_entries(others, live.companions), live.run_label))

    def hold(self, frame: Frame) -> bool:
        """(Session) keep a live frame back while the past is shown; True if it was."""
        if self._step is None:
            return False
        self._live = frame
        return True

    def back_to_now(self) -> None:
        """Show the present again (the newest live frame)."""
        if self._step is None:
            return
        live, self._live, self._step = self._live, None, None
        self._asked += 1
        self._session.show_frame(live)
        self.stepChanged.emit(None)

    # -- branching ------------------------------------------------------------------------------
    def branch_if_past(self, old, new) -> None:
        """(Session, before it sends a settings change) a change of a run setting while the
        past is shown branches the run at that step."""
        if self._step is None:
            return
        changed = {f.name for f in fields(old) if getattr(old, f.name) != getattr(new, f.name)} - set(VIEW_SETTINGS)
        if not changed:
            return
        if not changed <= set(RUN_SETTINGS):  # a new model or seed: a new run, not a branch
            self.back_to_now()
            return
        step, live = self._step, self._live
        snap = live.snapshot
        future = np.asarray(snap.path_steps) >= step
        ghost = (np.asarray(snap.path_params)[future], np.asarray(snap.path_losses)[future])
        session = self._session
        dataset, held = session.training_dataset(), session.training_eval_dataset()
        undo = {}

        def rewind(tr, step=step, settings=old, dataset=dataset, held=held):
            undo["run"] = tr.fork()
            tr.rewind(step)
            apply_settings(tr, settings, dataset, held)

        session.worker.submit(rewind)
        self._undo = (undo, old, live)
        self._live, self._step = None, None
        self._asked += 1
        self._set_ghost(ghost if len(ghost[1]) > 1 else None)
        self.stepChanged.emit(None)
        session.notify(f"Branched at step {step:,}: the old run is drawn faded (Esc hides it, "
                       "Undo Branch brings it back).")

    def undo_branch(self) -> None:
        """Bring back the run abandoned by the last branch, with its settings."""
        if self._undo is None or "run" not in self._undo[0]:
            return
        undo, settings, _live = self._undo
        self._undo = None
        self.back_to_now()
        self._set_ghost(None)
        self._session.restore_run(undo["run"], settings)

    def forget_branch(self) -> None:
        """The last branch can no longer be undone, and its ghost goes (another run takes the focus)."""
        self._undo = None
        self._set_ghost(None)

    def dismiss_ghost(self) -> None:
        self._set_ghost(None)

    def _set_ghost(self, ghost) -> None:
        self._ghost = ghost
        self.ghostChanged.emit(self.ghost)
