"""The training loop, run in a QThread.

The worker owns the core ``Trainer``; the GUI never touches it after handing it over.
Settings reach it as commands (callables) applied between steps, so a change of learning
rate or data takes effect at once without a restart. Play, speed and stop are plain
thread-safe flags read every loop, not queued slots: the worker's event loop is busy.

Snapshots go out through a one-slot mailbox: the worker keeps only the latest one and
emits ``snapshotReady`` only when the GUI has taken the previous one, so a slow frame can
never queue up a backlog of stale snapshots, and the final state is always delivered.
"""

from __future__ import annotations

import math
import sys
import threading
import time
from typing import Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot

from gradviz.gui.training.pacer import COMPUTE_SLICE, DEFAULT_RATE, trainer_turn

CHUNK_SECONDS = 0.002  # flat out: step in chunks of about this long, then look at the flags
FRAME_WAIT_MAX = 0.25  # never wait longer than this for a frame (a stuck or hidden GUI)


class TrainingWorker(QObject):
    snapshotReady = Signal()  # take the payload with take_snapshot(): latest wins
    runningChanged = Signal(bool)  # emitted when the worker stops by itself (divergence)

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._commands: list[Callable] = []
        self._queries: list[Callable] = []
        self._trainer = None
        self._group = None  # companion runs (a gc.RunGroup) stepped in lock step with the trainer
        self._published_group: tuple = ()  # their snapshots, published with the trainer's
        self._taken_group: tuple = ()  # those that went with the snapshot the GUI took last
        self._running = False
        self._speed = 10.0  # steps per second; math.inf = as fast as the machine goes
        self._pending_steps = 0
        self._latest = None  # (snapshot, seq of the last command applied before it)
        self._in_flight = False
        self._frame_pending = False  # a published frame the GUI has not finished drawing
        self._submitted = 0  # commands submitted (GUI thread)
        self._applied = 0  # commands applied (worker thread)
        self._steps_per_second = 0.0
        self._frame_interval = 1.0 / DEFAULT_RATE  # never publish faster (the pacer sets the screen's)

    # ----- called from the GUI thread -------------------------------------------------
    def submit(self, command: Callable) -> int:
        """Run ``command(trainer)`` in the worker before its next step; returns its sequence
        number, which ``take_snapshot`` reports once a snapshot reflects it."""
        with self._lock:
            self._commands.append(command)
            self._submitted += 1
            seq = self._submitted
        self._wake.set()
        return seq

    def query(self, question: Callable) -> None:
        """Run ``question(trainer)`` in the worker after every command submitted so far, to
        read the trainer: it changes nothing, so it takes no sequence number and publishes no
        snapshot."""
        with self._lock:
            self._queries.append(question)
        self._wake.set()

    def submitted_seq(self) -> int:
        """Sequence number of the last command submitted."""
        with self._lock:
            return self._submitted

    def set_trainer(self, trainer) -> int:
        def install(_old, trainer=trainer):
            self._trainer = trainer

        return self.submit(install)

    def swap_trainer(self, swap: Callable) -> int:
        """Train the trainer ``swap(trainer)`` returns from then on: one command, so that no
        step falls between taking the old trainer out and putting the new one in."""
        def install(old, swap=swap):
            self._trainer = swap(old)

        return self.submit(install)

    def set_group(self, group) -> int:
        """Step ``group`` (a ``gc.RunGroup``, owned by this thread from now on) in lock step
        with the trainer; commands reach it through their closures."""
        def install(_tr, group=group):
            self._group = group

        return self.submit(install)

    def taken_group(self) -> tuple:
        """((label, snapshot), ...) of the companion runs, published with the snapshot
        ``take_snapshot`` returned last (the same step)."""
        with self._lock:
            return self._taken_group

    def set_running(self, running: bool) -> None:
        with self._lock:
            self._running = bool(running)
        self._wake.set()

    def is_running(self) -> bool:
        with self._lock:
            return self._running

    def set_speed(self, steps_per_second: float) -> None:
        if not (steps_per_second > 0):
            raise ValueError("speed must be > 0 steps per second")
        with self._lock:
            self._speed = float(steps_per_second)
        self._wake.set()

    def request_steps(self, k: int = 1) -> None:
        with self._lock:
            self._pending_steps += int(k)
        self._wake.set()

    def set_frame_interval(self, seconds: float) -> None:
        """Seconds between frames the GUI aims at (one refresh of its screen)."""
        with self._lock:
            self._frame_interval = float(seconds)
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def frame_done(self) -> None:
        """The GUI finished drawing the last snapshot (its repaints included)."""
        with self._lock:
            self._frame_pending = False
        self._wake.set()

    def take_snapshot(self):
        """(latest snapshot, sequence number of the last command it reflects), or (None, 0)."""
        with self._lock:
            self._in_flight = False
            self._taken_group = self._published_group
            return self._latest if self._latest is not None else (None, 0)

    @property
    def measured_steps_per_second(self) -> float:
        return self._steps_per_second

    # ----- the loop (worker thread) ---------------------------------------------------
    def _publish(self, snap) -> None:
        group = self._group.snapshots() if self._group is not None else ()
        with self._lock:
            self._latest = (snap, self._applied)
            self._published_group = group
            emit = not self._in_flight
            self._in_flight = True
            self._frame_pending = True
        if emit:
            self.snapshotReady.emit()

    def _keep_pace(self, trainer) -> None:
        """The companion runs to the trainer's step (lock step)."""
        if self._group is not None and len(self._group):
            # a diverged trainer stays at its step: the runs that went on are not taken back there
            self._group.advance_to(trainer.step_count, back=trainer.diverged is None)

    @Slot()
    def run(self) -> None:
        last_emit = 0.0
        last_tick = time.perf_counter()
        budget = 0.0  # fractional steps owed at a finite speed
        chunk = 1
        per_step = 1e-6  # seconds one step took lately (flat out)
        rate_steps, rate_t0 = 0, time.perf_counter()
        resume = None  # when the trainer got the GIL back after the GUI's last frame
        turn = COMPUTE_SLICE  # how long the trainer's turn lasts
        while not self._stop.is_set():
            with self._lock:
                commands, self._commands = self._commands, []
                queries, self._queries = self._queries, []
                running, speed = self._running, self._speed
                manual, self._pending_steps = self._pending_steps, 0
                in_flight = self._in_flight
                frame_pending = self._frame_pending
                frame_interval = self._frame_interval
            dirty = False
            for command in commands:
                try:
                    command(self._trainer)
                except Exception:  # report it, but a failed command must not end training for good
                    sys.excepthook(*sys.exc_info())
                dirty = True
            if commands:
                with self._lock:
                    self._applied += len(commands)
                chunk = 1  # a new model or data may cost far more per step: measure again
            for question in queries:  # after the commands taken with them: they see their effect
                try:
                    question(self._trainer)
                except Exception:
                    sys.excepthook(*sys.exc_info())
            trainer = self._trainer
            if commands and trainer is not None:
                self._keep_pace(trainer)  # e.g. a branch took the trainer back to a past step
            if trainer is None:
                self._wake.wait(0.05)
                self._wake.clear()
                continue
            now = time.perf_counter()
            fast = running and speed * frame_interval > 1.0
            if fast and not manual and frame_pending and now - last_emit < FRAME_WAIT_MAX:
                # the GUI is drawing: leave it the GIL (commands still apply at the loop's top)
                self._wake.wait(0.005)
                self._wake.clear()
                resume = None
                continue
            if fast and resume is None:
                resume = now  # the frame is drawn: now the trainer's turn
                turn = trainer_turn(now - last_emit, frame_interval)  # (from the publish to the frame drawn)
            k = manual
            if running:
                if math.isinf(speed):
                    # end the turn on time: a whole chunk past its end delays the next frame
                    k += min(chunk, max(1, int((resume + turn - now) / per_step))) if fast else chunk
                else:
                    budget = min(budget + (now - last_tick) * speed, max(1.0, speed * 0.25))
                    if speed * frame_interval <= 1.0:
                        # slow motion: one step per tick, each one shown, even after a late
                        # wake-up; and no new step while the GUI has not taken the last one
                        # (if frames are slower than the speed asked for, every step is still shown)
                        budget = min(budget, 1.0)
                        if in_flight:
                            budget = min(budget, 0.999)
                    whole = int(budget)
                    budget -= whole
                    k += whole
            else:
                budget = 0.0
            last_tick = now
            if k > 0:
                t0 = time.perf_counter()
                # advance, not step: a snapshot copies the whole path (ms for a network);
                # one is built only when a frame is published
                diverged = trainer.advance(k)
                self._keep_pace(trainer)
                spent = time.perf_counter() - t0
                if running and math.isinf(speed) and diverged is None:
                    # size the next chunk so one chunk takes about CHUNK_SECONDS; grow at most
                    # twofold a time, so one cheap chunk (e.g. a stuck trainer) cannot make the
                    # next one run for minutes
                    per_step = max(spent / k if k else spent, 1e-9)
                    target = int(CHUNK_SECONDS / per_step)
                    chunk = max(1, min(2 * chunk, target, 1_000_000))
                rate_steps += k
                dirty = True
                if diverged is not None and running:
                    with self._lock:
                        self._running = False
                    running = False
                    self.runningChanged.emit(False)
            t = time.perf_counter()
            if t - rate_t0 >= 0.5:
                self._steps_per_second = rate_steps / (t - rate_t0)
                rate_steps, rate_t0 = 0, t
            if dirty:
                # throttle at the source; the last state always goes out (see below)
                slice_done = not fast or resume is None or t - resume >= turn
                if not running or (t - last_emit >= frame_interval and slice_done):
                    self._publish(trainer.snapshot())
                    last_emit = t
                    dirty = False
                    resume = None
            if running and not math.isinf(speed):
                # sleep until the next step is due (slow motion), or a frame if it is soon
                wait = (1.0 - budget) / speed if speed > 0 else frame_interval
                if dirty:
                    wait = min(wait, max(0.0, frame_interval - (t - last_emit)))
                if wait > 0:
                    self._wake.wait(min(wait, 0.1))
                    self._wake.clear()
            elif not running:  # (any change was published just above)
                self._wake.wait(0.1)
                self._wake.clear()
        # deliver the final state before the thread ends
        if self._trainer is not None:
            self._publish(self._trainer.snapshot())


class WorkerThread:
    """A TrainingWorker living in its own QThread, with an explicit shutdown."""

    def __init__(self) -> None:
        self.thread = QThread()
        self.thread.setObjectName("gradviz-training")
        self.worker = TrainingWorker()
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.thread.start()

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        if not self.thread.isRunning():
            return True
        self.worker.stop()
        self.thread.quit()
        if QThread.currentThread() is self.thread:
            return False  # called from the loop itself (e.g. a finalizer during GC): it ends by itself
        return self.thread.wait(timeout_ms)
