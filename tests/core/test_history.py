"""Tests for gradviz.core.history: the bounded path history."""

import numpy as np

from gradviz.core import Line, Trainer
from gradviz.core.history import HISTORY_MAX, PathHistory

from training_helpers import LESSON, assert_snapshot_sane  # tests/core/


def test_history_is_bounded_and_keeps_start_and_current():
    tr = Trainer(Line(), LESSON, lr=0.001)
    s = None
    for _ in range(4):
        s = tr.step(50_000)
        assert len(s.path_steps) <= HISTORY_MAX
        assert s.path_steps[0] == 0 and s.path_steps[-1] == s.step
    assert s.step == 200_000
    np.testing.assert_array_equal(s.path_params[0], [1.0, 0.0])
    assert np.all(np.diff(s.path_steps) > 0)
    # the most recent steps are all there
    np.testing.assert_array_equal(s.path_steps[-2000:], np.arange(198_001, 200_001))
    assert_snapshot_sane(s)


def test_path_history_thins_old_entries_and_keeps_the_ends():
    h = PathHistory(2, recent=4, old=4)
    for k in range(100):
        h.add(k, [k, -k], 0.5 * k)
        assert len(h) <= 8
    steps, params, losses = h.arrays()
    assert steps[0] == 0 and steps[-1] == 99
    assert steps[-4:].tolist() == [96, 97, 98, 99]  # the recent ones in full
    assert np.all(np.diff(steps) > 0)
    np.testing.assert_array_equal(params[:, 0], steps)
    np.testing.assert_array_equal(params[:, 1], -steps)
    np.testing.assert_array_equal(losses, 0.5 * steps)


def test_path_history_copies_recomputes_and_clears():
    h = PathHistory(2, recent=3, old=3)
    p = np.array([1.0, 2.0])
    for k in range(5):
        h.add(k, p, 1.0)
        p += 1.0  # the history keeps its own copy
    steps, params, _ = h.arrays()
    np.testing.assert_array_equal(params[:, 0], steps + 1)
    h.recompute_losses(lambda P: P.sum(axis=1))
    _, params, losses = h.arrays()
    np.testing.assert_array_equal(losses, params.sum(axis=1))
    h.clear()
    assert len(h) == 0 and h.arrays()[0].size == 0
    h.add(9, [0.0, 0.0], 0.0)
    assert h.arrays()[0].tolist() == [9]


def test_history_max_is_the_two_buffers():
    h = PathHistory(1)
    for k in range(3 * HISTORY_MAX):
        h.add(k, [float(k)], 0.0)
    assert len(h) <= HISTORY_MAX
