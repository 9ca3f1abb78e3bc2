"""Tests for gradviz.core.snapshot: immutable, finite snapshots."""

import numpy as np
import pytest

from gradviz.core import Line, Trainer
from gradviz.core.snapshot import frozen

from training_helpers import LESSON  # tests/core/


def test_snapshots_are_read_only_copies():
    tr = Trainer(Line(), LESSON, lr=0.001)
    s = tr.step(10)
    p = s.params.copy()
    with pytest.raises(ValueError):
        s.params[0] = 5.0
    with pytest.raises(ValueError):
        s.path_params[0, 0] = 5.0
    tr.step(10)
    np.testing.assert_array_equal(s.params, p)
    assert s.step == 10
    with pytest.raises(AttributeError):
        s.step = 3
    q = tr.params
    q[0] = 100.0
    assert tr.params[0] != 100.0


def test_frozen_is_a_read_only_finite_copy():
    a = np.array([1.0, np.nan, np.inf, -np.inf])
    f = frozen(a)
    assert not f.flags.writeable and f is not a
    assert f.tolist() == [1.0, 0.0, np.finfo(np.float64).max, -np.finfo(np.float64).max]
    assert np.isnan(a[1])  # the source is untouched
    steps = frozen([0, 5], np.int64)
    assert steps.dtype == np.int64 and not steps.flags.writeable


def test_the_next_mini_batch_is_the_one_the_next_step_takes():
    """At every step (mid-epoch and at an epoch's end, where the next step reshuffles) the
    snapshot names the points of the next batch: one plain SGD step on them by hand gives
    the trainer's next parameters."""
    tr = Trainer(Line(), LESSON, optimizer="sgd", lr=0.002, batch_size=3, seed=5)
    for _ in range(8):
        s = tr.snapshot()
        idx = s.next_batch
        assert idx.dtype == np.int64 and not idx.flags.writeable and len(idx) in (2, 3)
        _, gb = Line().loss_and_grad(s.params, LESSON.x[idx], LESSON.y[idx], "l2")
        np.testing.assert_allclose(tr.step(1).params, s.params - 0.002 * gb, rtol=1e-13, atol=1e-15)
    assert tr.epoch >= 2
    assert Trainer(Line(), LESSON, optimizer="sgd", batch_size=8).snapshot().next_batch is None  # whole data


def test_optimizer_state_is_in_the_snapshot():
    mom = Trainer(Line(), LESSON, optimizer="momentum", lr=0.001, momentum=0.7)
    s = mom.step(3)
    np.testing.assert_array_equal(s.velocity, mom.state()["velocity"])
    assert not s.velocity.flags.writeable and s.adam_m is None and s.adam_t == 0
    mom.step(2)
    assert not np.array_equal(s.velocity, mom.snapshot().velocity)  # a copy, not a view
    adam = Trainer(Line(), LESSON, optimizer="adam", lr=0.01)
    s = adam.step(4)
    st = adam.state()
    assert s.adam_t == 4 and s.velocity is None and s.next_batch is None
    np.testing.assert_array_equal(s.adam_m, st["adam_m"])
    np.testing.assert_array_equal(s.adam_v, st["adam_v"])
    assert not s.adam_m.flags.writeable and not s.adam_v.flags.writeable
