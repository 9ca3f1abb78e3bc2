"""The training worker's scheduling rule (a pure function: no clock involved)."""

from __future__ import annotations

import numpy as np
import pytest

from gradviz.gui.training.worker import COMPUTE_SLICE, FRAME_RATE_AIM, MIN_FRAME_RATE, MIN_SLICE, SLOW_FRAME, trainer_turn


def test_fast_frames_leave_the_trainer_its_full_slice():
    assert trainer_turn(0.004) == COMPUTE_SLICE


def test_slower_frames_squeeze_the_trainer_to_keep_the_rate_aimed_at():
    assert FRAME_RATE_AIM > MIN_FRAME_RATE                     # a margin over the floor
    frame = 1.0 / FRAME_RATE_AIM - 0.005
    assert trainer_turn(frame) == pytest.approx(0.005)        # frame + turn = 1/40 s
    assert trainer_turn(1.0 / FRAME_RATE_AIM - 0.001) == MIN_SLICE  # but never below the minimum
    assert trainer_turn(1.0 / MIN_FRAME_RATE - 0.002) == MIN_SLICE


def test_frames_too_slow_for_the_floor_give_the_trainer_a_fair_slice():
    assert trainer_turn(SLOW_FRAME + 0.001) == COMPUTE_SLICE
    assert trainer_turn(0.2) == COMPUTE_SLICE


def test_the_turn_shrinks_as_frames_slow_down_until_the_floor_is_lost():
    frames = np.linspace(0.0, SLOW_FRAME, 200)
    turns = [trainer_turn(f) for f in frames]
    assert all(MIN_SLICE <= t <= COMPUTE_SLICE for t in turns)
    assert all(a >= b for a, b in zip(turns, turns[1:]))
