"""Frame pacing: the trainer's turn between frames, the rate aimed at, and the pacer's
hand-over between a worker and the session (with a stand-in worker: no thread involved)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import QObject, Signal

from gradviz.gui.training.pacer import (
    COMPUTE_SLICE, DEFAULT_RATE, MIN_FRAME_RATE, MIN_SLICE, SLOW_FRAME, FramePacer, display_rate, trainer_turn,
)

AIM = 1.0 / DEFAULT_RATE


# ----- the trainer's turn (a pure function: no clock involved) ---------------------------------

def test_fast_frames_leave_the_trainer_its_full_slice():
    assert trainer_turn(0.004, AIM) == COMPUTE_SLICE


def test_slower_frames_squeeze_the_trainer_so_frame_and_turn_fit_one_refresh():
    frame = AIM - 0.005
    assert trainer_turn(frame, AIM) == pytest.approx(0.005)       # frame + turn = one refresh
    assert trainer_turn(AIM - 0.001, AIM) == MIN_SLICE            # but never below the minimum
    assert trainer_turn(1.0 / MIN_FRAME_RATE - 0.002, AIM) == MIN_SLICE


def test_the_turn_follows_the_refresh_rate_aimed_at():
    frame = 0.010
    assert trainer_turn(frame, 1.0 / 90.0) == MIN_SLICE  # 1 ms left of the refresh: the minimum
    assert trainer_turn(frame, 1.0 / 75.0) == pytest.approx(1.0 / 75.0 - frame)
    assert trainer_turn(frame, 1.0 / 60.0) == pytest.approx(1.0 / 60.0 - frame)
    # a slower screen leaves the trainer more of each refresh, up to the full slice
    assert trainer_turn(frame, 1.0 / 30.0) == COMPUTE_SLICE


def test_frames_too_slow_for_the_floor_give_the_trainer_a_fair_slice():
    assert trainer_turn(SLOW_FRAME + 0.001, AIM) == COMPUTE_SLICE
    assert trainer_turn(0.2, AIM) == COMPUTE_SLICE


def test_the_turn_shrinks_as_frames_slow_down_until_the_floor_is_lost():
    frames = np.linspace(0.0, SLOW_FRAME, 200)
    turns = [trainer_turn(f, AIM) for f in frames]
    assert all(MIN_SLICE <= t <= COMPUTE_SLICE for t in turns)
    assert all(a >= b for a, b in zip(turns, turns[1:]))


@pytest.mark.parametrize("reported, aimed", [
    (60.0, 60.0), (75.0, 75.0), (144.0, 144.0), (59.94, 59.94),
    (None, DEFAULT_RATE), (0.0, DEFAULT_RATE), (-1.0, DEFAULT_RATE), (math.nan, DEFAULT_RATE),
    (math.inf, DEFAULT_RATE), (1.0, DEFAULT_RATE), (100_000.0, DEFAULT_RATE), ("x", DEFAULT_RATE),
])
def test_display_rate_believes_sensible_screens_only(reported, aimed):
    assert display_rate(reported) == aimed


# ----- the pacer with a stand-in worker -----------------------------------------------------

class FakeWorker(QObject):
    snapshotReady = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.latest = (None, 0)
        self.done = 0
        self.interval = None

    def publish(self, snap, seq) -> None:
        self.latest = (snap, seq)
        self.snapshotReady.emit()

    def take_snapshot(self):
        return self.latest

    def frame_done(self) -> None:
        self.done += 1

    def set_frame_interval(self, seconds) -> None:
        self.interval = seconds


class FakeWindow(QObject):
    painted = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.pending = False

    def paint_pending(self) -> bool:
        return self.pending

    def paint(self) -> None:
        self.pending = False
        self.painted.emit()


@pytest.fixture
def pacer(qapp):
    worker = FakeWorker()
    delivered = []
    p = FramePacer(worker, lambda snap, seq: delivered.append((snap, seq)), rate=75.0)
    p.delivered = delivered
    p.worker = worker
    yield p
    p.stop()


def test_the_pacer_tells_the_worker_the_rate_it_aims_at(pacer):
    assert pacer.rate() == pytest.approx(75.0)
    assert pacer.worker.interval == pytest.approx(1.0 / 75.0)
    pacer.set_rate(0.0)  # a screen that does not know
    assert pacer.rate() == DEFAULT_RATE
    assert pacer.worker.interval == pytest.approx(1.0 / DEFAULT_RATE)


def test_a_snapshot_is_delivered_once_and_the_worker_hears_the_frame_is_done(qtbot, pacer):
    pacer.worker.publish("snap-1", 3)
    qtbot.waitUntil(lambda: pacer.worker.done == 1)
    assert pacer.delivered == [("snap-1", 3)]
    qtbot.wait(50)
    assert pacer.delivered == [("snap-1", 3)] and pacer.worker.done == 1


def test_a_paint_barrier_holds_the_worker_until_the_window_painted(qtbot, pacer):
    window = FakeWindow()
    pacer.add_paint_barrier(window)
    window.pending = True
    pacer.worker.publish("snap", 1)
    qtbot.waitUntil(lambda: bool(pacer.delivered))
    qtbot.wait(30)
    assert pacer.worker.done == 0  # the 3D view has not painted yet
    window.paint()
    assert pacer.worker.done == 1


def test_a_window_that_never_paints_holds_training_up_only_briefly(qtbot, pacer):
    window = FakeWindow()
    pacer.add_paint_barrier(window)
    window.pending = True
    pacer.worker.publish("snap", 1)
    qtbot.waitUntil(lambda: pacer.worker.done == 1, timeout=2000)


def test_a_stopped_pacer_delivers_nothing(qtbot, pacer):
    pacer.stop()
    pacer.worker.publish("late", 9)
    qtbot.wait(50)
    assert pacer.delivered == [] and pacer.worker.done == 0
