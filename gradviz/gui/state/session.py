"""The one owner of the app's state: data, model, training settings, latest snapshot.

Views take the session and subscribe to its signals; the session never knows its views.
The core ``Trainer`` lives in the worker thread; every change to it is sent as a command.
"""

from __future__ import annotations


import math
import time
import weakref
from concurrent.futures import Future
from dataclasses import replace

import numpy as np
from PySide6.QtCore import QObject, Signal

import gradviz.core as gc

from gradviz.gui.state.frame import ContextLog, Frame, RunContext
from gradviz.gui.state.runs import CompanionRuns
from gradviz.gui.state.session_data import SessionDataMixin
from gradviz.gui.state.session_settings import SessionSettingsMixin
from gradviz.gui.state.scaling import training_data
from gradviz.gui.state.settings import Settings
from gradviz.gui.state.timeline import Timeline, apply_settings
from gradviz.gui.state import two_inputs
from gradviz.gui.training.pacer import FramePacer
from gradviz.gui.training.worker import WorkerThread

SPEED_MAX = math.inf


_LIVE: "weakref.WeakSet[Session]" = weakref.WeakSet()  # for tests: sessions not yet garbage


def running_sessions() -> list:
    """Sessions whose training thread is still running (a test must leave none)."""
    return [s for s in list(_LIVE) if s.thread_running()]


class Session(QObject, SessionDataMixin, SessionSettingsMixin):
    datasetChanged = Signal(object)  # gc.Dataset
    modelChanged = Signal(object)  # gc.Model (new model or hidden size)
    settingsChanged = Signal(object)  # Settings
    frameChanged = Signal(object)  # Frame: the snapshot with the model, settings and data it belongs to
    runningChanged = Signal(bool)
    startChanged = Signal(object)  # start params (ndarray)
    message = Signal(str)  # for the status bar
    evalDatasetChanged = Signal(object)  # gc.Dataset of the held-out points, or None

    def __init__(self, dataset: gc.Dataset | None = None, settings: Settings | None = None,
                 start=None, parent=None, run_state: dict | None = None, eval_dataset=None) -> None:
        super().__init__(parent)
        self.dataset = dataset if dataset is not None else gc.preset("lesson")
        self.eval_dataset: gc.Dataset | None = eval_dataset  # held out: measured, never trained on
        self.settings = two_inputs.fit_settings(settings or Settings(), self.dataset)
        # what each number of inputs had when the data switched to the other: switching
        # back brings it back (settings, start point, held-out points)
        self._by_inputs: dict[int, tuple] = {}
        self._scaled = training_data(self.dataset, self.settings.standardize)
        self.model = self._build_model()
        self.start = self._valid_start(start)
        self.snapshot: gc.Snapshot | None = None
        self.frame: Frame | None = None
        self._contexts: ContextLog | None = None
        self._running = False
        self._last_diverged: str | None = None
        self._intent_seq = 0  # a set_start not yet reflected by any snapshot
        # steps of the current run at which the data was edited; rebound (never mutated) by
        # commands in the worker thread, read whole by the GUI thread
        self._data_changes: tuple = ()
        self._threaded = WorkerThread()
        self.worker = self._threaded.worker
        # A session that is dropped without shutdown() (a window never closed) must still
        # stop its thread: Qt aborts the process if a running QThread is destroyed.
        self._finalizer = weakref.finalize(self, self._threaded.shutdown)
        _LIVE.add(self)
        # the pacer decides when a snapshot of the worker becomes a Frame (see pacer.py)
        self.pacer = FramePacer(self.worker, self._publish, self)
        self.worker.runningChanged.connect(self._on_worker_stopped)
        self.worker.set_speed(self.settings.speed)
        # why ``run_state`` (a saved run to carry on) could not be used, for the status bar
        self.run_restore_problem: str | None = None
        self.timeline = Timeline(self)  # a past step shown instead of the present, and branches
        self.runs = CompanionRuns(self)  # the runs beside this one, in lock step with it
        self._install_trainer(run_state)

    # ----- construction helpers -------------------------------------------------------
    def _build_model(self) -> gc.Model:
        return two_inputs.build_model(self.settings, self.dataset.n_inputs)

    def _valid_start(self, start) -> np.ndarray:
        if start is not None:
            p = np.asarray(start, dtype=float).ravel()
            if p.shape == (self.model.n_params,) and np.all(np.isfinite(p)):
                return p.copy()
        return np.asarray(self.model.init_params(self.settings.seed), dtype=float)

    def _make_trainer(self) -> gc.Trainer:
        return self.new_trainer(self.settings)

    def new_trainer(self, settings: Settings, start=None, data=None) -> gc.Trainer:
        """A run of the current model and data with ``settings`` from ``start`` (None: the
        start point), at step 0. ``data``: (training data, held-out data) on another scale
        of x than this run's (None: this run's)."""
        s = settings
        p = self.start.copy() if start is None else np.asarray(start, dtype=float).ravel()
        trained, held = data if data is not None else (self.training_dataset(), self.training_eval_dataset())
        return gc.Trainer(self.model, trained, loss=s.loss, optimizer=s.optimizer, lr=s.lr,
                          params=p, batch_size=s.effective_batch(len(self.dataset)),
                          seed=s.seed, eval_dataset=held, **s.optimizer_options())

    def _restored_trainer(self, state) -> gc.Trainer:
        """The saved run carried on, with the current settings applied as live changes
        (as if they had been made after it was saved); a new seed means a new run."""
        s = self.settings
        if state.get("seed") != s.seed:
            raise gc.RunStateError(f"it was trained with seed {state.get('seed')!r}, not {s.seed}")
        trained, held = self.training_dataset(), self.training_eval_dataset()
        tr = gc.Trainer.from_state(self.model, trained, state, eval_dataset=held)
        apply_settings(tr, s, trained, held)
        return tr

    def _install_trainer(self, run_state: dict | None = None, keep_runs: bool = False) -> None:
        # Built here (GUI thread) and handed over; only the worker touches it afterwards.
        # ``keep_runs``: the companions stay, back at step 0 with it (a new seed of this run).
        self.timeline.back_to_now()  # the new run's frame is shown at once (below)
        trainer = None
        if run_state is not None:
            try:
                trainer = self._restored_trainer(run_state)
            except ValueError as exc:
                self.run_restore_problem = (f"Your training run of last time could not be carried on ({exc}); "
                                            "started a new run with the restored data and settings.")
        trainer = trainer or self._make_trainer()
        if not keep_runs:
            self.runs.clear()  # a new run (scaling, a saved run): the companions do not fit it
        self.worker.submit(self._forget_data_changes)  # in order: after any edit already sent
        if keep_runs and len(self.runs):
            def swap(_old, new=trainer, start=self.start.copy()):
                self.runs.restart_all(start)
                return new

            seq = self.worker.swap_trainer(swap)
        else:
            seq = self.worker.set_trainer(trainer)
        ctx = RunContext(seq, self.model, self.settings, self.training_dataset(), self.eval_dataset, self.scaling,
                         self.runs.focus_label(), self.runs.entries())
        if self._contexts is None:
            self._contexts = ContextLog(ctx)
        else:
            self._contexts.record(ctx)
        self.snapshot = trainer.snapshot()
        # the new run's first frame is known now: show it at once (a snapshot of the old
        # trainer still on its way is older than it and is dropped in _publish)
        self.frame = Frame(self.snapshot, ctx.model, ctx.settings, ctx.dataset, seq,
                           eval_dataset=ctx.eval_dataset, scaling=ctx.scaling, run_label=ctx.run_label)
        self.frameChanged.emit(self.frame)

    def _restart(self, tr, params, model=None) -> None:
        """(In the worker) a new run: step 0 from ``params``; the old run's marks go with it."""
        if model is not None:
            tr.set_model(model, params=params)
            self.runs.drop_all()
        else:
            tr.reset(params=params)
            self.runs.restart_all(params)
        self._forget_data_changes(tr)

    def _forget_data_changes(self, _tr=None) -> None:
        self._data_changes = ()

    def request(self, command) -> int:
        """Send ``command(trainer)`` to the training thread, in order with every other change
        (for the companion runs); returns its change number."""
        return self._submit(command)

    def _submit(self, command) -> int:
        """Send a change to the worker's trainer and note what the run holds after it."""
        seq = self.worker.submit(command)
        self._record()
        return seq

    def _record(self) -> None:
        # keyed by the last change sent: a snapshot reflecting it belongs to this state
        self._contexts.record(RunContext(self.worker.submitted_seq(), self.model, self.settings,
                                         self.training_dataset(), self.eval_dataset, self.scaling,
                                         self.runs.focus_label(), self.runs.entries()))

    # ----- state queries -----------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._running

    def training_dataset(self) -> gc.Dataset:
        """The data the trainer sees: ``dataset``, or its standardized copy (see ``scaling``)."""
        return self._scaled[0]

    def training_eval_dataset(self) -> gc.Dataset | None:
        """The held-out points as the trainer measures them: on the training data's scale
        (``eval_dataset`` itself unless x is standardized)."""
        ds, scaling = self.eval_dataset, self.scaling
        if ds is None or scaling is None:
            return ds
        return replace(ds, x=scaling.apply(ds.x))

    @property
    def scaling(self) -> gc.Standardization | None:
        """The standardization of x the run trains on, or None."""
        return self._scaled[1]

    def stable_lr(self) -> float | None:
        """Largest stable rate of full-batch GD, where the core knows it (the line)."""
        if self.settings.model != "line" or len(self.dataset) < 2:
            return None
        try:
            lr = gc.max_stable_lr(self.training_dataset().x, self.dataset.y, self.settings.loss)
        except ValueError:
            return None
        return lr if math.isfinite(lr) and lr > 0 else None

    def can_train(self) -> str | None:
        """None if training makes sense, else a sentence saying why not."""
        need = 2 if self.settings.model == "line" else 1
        if len(self.dataset) < need:
            what = "a line" if self.settings.model == "line" else f"the {self.settings.model}"
            return f"Add at least {need} point{'s' if need > 1 else ''} to fit {what}."
        return None

    def steps_per_second(self) -> float:
        """Training steps per second the worker measured lately (0 while paused)."""
        return self.worker.measured_steps_per_second if self._running else 0.0

    def notify(self, text: str) -> None:
        """A sentence for the status bar (every part of the app says things through here)."""
        self.message.emit(text)

    def request_run_state(self) -> Future | None:
        """A Future of the trainer's ``state()`` (see ``gc.Trainer.state``) after every change
        sent so far; the training thread fills it in between steps. None once that thread
        has stopped."""
        return self.ask(lambda tr: tr.state())

    def ask(self, read) -> Future | None:
        """A Future of ``read(trainer)``, called in the training thread between two steps
        after every change sent so far (its exception, if it raises). None once that thread
        has stopped."""
        if not self.thread_running():
            return None
        future: Future = Future()

        def take(tr):
            try:
                future.set_result(read(tr))
            except Exception as exc:  # handed to whoever waits for it
                future.set_exception(exc)

        self.worker.query(take)  # a read: not a change of the run, so it takes no change number
        return future

    def request_sync(self) -> int:
        """Send an empty change to the run and return its number: once ``frame.seq`` reaches
        it, the frame on screen reflects every change made before this call."""
        return self._submit(lambda _tr: None)

    # ----- transport ---------------------------------------------------------------------
    def play(self) -> None:
        self.timeline.back_to_now()  # play goes on from the present
        why = self.can_train()
        if why:
            self.notify(why)
            return
        if self.snapshot is not None and self.snapshot.diverged:
            self.notify("Training diverged. Press Reset (R) or lower the learning rate first.")
            return
        self._set_running(True)

    def pause(self) -> None:
        self._set_running(False)

    def toggle(self) -> None:
        self.pause() if self._running else self.play()

    def step_once(self, k: int = 1) -> None:
        self.timeline.back_to_now()  # a step goes on from the present
        why = self.can_train()
        if why:
            self.notify(why)
            return
        self._set_running(False)
        self.worker.request_steps(k)

    def reset(self) -> None:
        self.timeline.back_to_now()
        start = self.start.copy()
        self._submit(lambda tr: self._restart(tr, start))
        self._last_diverged = None
        self.notify("Reset to the start point.")

    def _set_running(self, running: bool) -> None:
        if running == self._running:
            return
        self._running = running
        self.worker.set_running(running)
        self.runningChanged.emit(running)

    def _on_worker_stopped(self, running: bool) -> None:
        if not running and self._running:
            self._running = False
            self.runningChanged.emit(False)

    # ----- snapshots -----------------------------------------------------------------------
    def current_params(self) -> np.ndarray:
        """The parameters the user sees or has just asked for: the start point while a
        set_start is on its way to the worker, else the latest snapshot's."""
        snap = self.snapshot
        if self._intent_seq or snap is None or snap.params.shape != self.start.shape:
            return self.start.copy()
        return snap.params.copy()

    def follow_screen(self, screen) -> None:
        """Pace frames at ``screen``'s refresh rate (the screen the window is on)."""
        self.pacer.follow_screen(screen)

    def add_paint_barrier(self, window) -> None:
        """A frame is done only once ``window`` has painted it too (see FramePacer)."""
        self.pacer.add_paint_barrier(window)

    def _publish(self, snap, seq: int) -> None:
        """The pacer's frame: ``snap`` reflects every change up to number ``seq``."""
        if self.frame is not None and seq < self.frame.seq:
            return  # made before a change whose frame is already shown: frames never go back
        if self._intent_seq and seq >= self._intent_seq:
            self._intent_seq = 0
        self.snapshot = snap
        ctx = self._contexts.context_for(seq)
        changes = tuple(m for m in self._data_changes if m <= snap.step)
        frame = Frame(snap, ctx.model, ctx.settings, ctx.dataset, seq, changes, ctx.eval_dataset, ctx.scaling,
                      companions=self.runs.frame_entries(self.worker.taken_group(), ctx.runs),
                      run_label=ctx.run_label)
        if self.timeline.hold(frame):  # a past step is shown: the present waits
            return
        self.frame = frame
        if snap.diverged and snap.diverged != self._last_diverged:
            self._last_diverged = snap.diverged
            self.notify(snap.diverged)
        elif not snap.diverged:
            self._last_diverged = None
        self.frameChanged.emit(self.frame)

    def show_frame(self, frame: Frame) -> None:
        """Publish ``frame`` (the timeline's past step, or the present again)."""
        self.frame = frame
        self.frameChanged.emit(frame)

    def restore_run(self, trainer: gc.Trainer, settings: Settings) -> None:
        """Carry on ``trainer``, a run kept aside (the run before a branch), with ``settings``."""
        self._set_running(False)
        self.settings = replace(settings, speed=self.settings.speed)
        self.worker.set_trainer(trainer)
        self._record()
        self.settingsChanged.emit(self.settings)

    def switch_run(self, swap, settings: Settings, start) -> None:
        """Another run takes the focus (``runs.focus``): ``swap(trainer)`` returns the trainer
        to train from now on, in the training thread as one change (no step falls between);
        it runs with ``settings`` from ``start``. The past shown and the last branch go: they
        were the other run's."""
        self.timeline.forget_branch()
        self.timeline.back_to_now()
        moved = not np.array_equal(start, self.start)
        self.settings = settings
        self.start = np.asarray(start, dtype=float).copy()
        self._last_diverged = None
        self.worker.swap_trainer(swap)
        self._record()
        self.settingsChanged.emit(settings)
        if moved:
            self.startChanged.emit(self.start.copy())

    def wait_for_step(self, step: int, timeout_s: float = 10.0) -> bool:
        """Block (processing events) until a snapshot at ``step`` or later arrives."""
        from PySide6.QtCore import QCoreApplication

        end = time.perf_counter() + timeout_s
        while time.perf_counter() < end:
            QCoreApplication.processEvents()
            snap = self.snapshot
            if snap is not None and (snap.step >= step or snap.diverged):
                return True
            time.sleep(0.002)
        return False

    # ----- shutdown -------------------------------------------------------------------------
    def thread_running(self) -> bool:
        """Whether the training thread still runs (after shutdown() it must not)."""
        return self._threaded.thread.isRunning()

    def shutdown(self) -> None:
        self.pacer.stop()
        self._running = False
        self.worker.set_running(False)
        ok = self._threaded.shutdown()
        if ok:
            # the final snapshot was published by the loop; take it so nothing is lost
            snap, seq = self.worker.take_snapshot()
            if snap is not None:
                self.snapshot = snap
                ctx = self._contexts.context_for(seq)
                self.frame = Frame(snap, ctx.model, ctx.settings, ctx.dataset, seq, eval_dataset=ctx.eval_dataset,
                                   scaling=ctx.scaling)
