"""Tests for gradviz.core.divergence: when a run stops, and what it says."""

import math

import numpy as np
import pytest

from gradviz.core import Line, Network, Neuron, Trainer, max_stable_lr
from gradviz.core.divergence import DIVERGENCE_GROWTH, DIVERGENCE_LOSS, divergence_message, loss_limit

from training_helpers import LESSON, LESSON_X, LESSON_Y, PlainLine, assert_snapshot_sane, ds  # tests/core/


def test_seed001_learning_rate_001_diverges_with_a_message():
    tr = Trainer(Line(), LESSON, loss="l2", optimizer="gd", lr=0.01, params=[1.0, 0.0])
    s = tr.step(10_000)
    assert s.diverged is not None
    assert s.diverged.startswith(f"Diverged at step {s.step + 1}:")
    assert "grew past 1e12" in s.diverged and "largest stable: 0.0095" in s.diverged
    assert 50 < s.step < 500 and s.loss <= 1e12
    assert_snapshot_sane(s)
    assert tr.diverged == s.diverged
    # stepping further does nothing; lowering the rate alone does not restart
    assert tr.step(100) is s
    tr.set_lr(0.001)
    s2 = tr.step(5)
    assert s2.step == s.step and s2.diverged == s.diverged and s2.lr == 0.001
    tr.reset()
    s3 = tr.step(5)
    assert s3.diverged is None and s3.step == 5 and len(s3.path_steps) == 6
    np.testing.assert_array_equal(s3.path_params[0], [1.0, 0.0])


@pytest.mark.parametrize("model,loss,opt,lr", [
    (Line(), "l2", "gd", 1.0),  # loss past 1e12 in a couple of steps
    (Line(), "mse", "momentum", 1e200),  # overflows to inf at once
    (PlainLine(), "l2", "gd", 1e300),
    (Line(), "l1", "sgd", 1e308),  # params become infinite
    (Network(3), "l2", "adam", 1e300),
])
def test_divergence_never_puts_nan_in_a_snapshot(model, loss, opt, lr):
    tr = Trainer(model, LESSON, loss=loss, optimizer=opt, lr=lr, batch_size=2 if opt == "sgd" else None)
    s = tr.step(10_000)
    assert s.diverged is not None and s.diverged.startswith("Diverged at step")
    assert_snapshot_sane(s)
    assert tr.step(3) is s


def test_saturated_neuron_is_stuck_not_diverged():
    # a huge step throws the neuron far out where σ is flat: the gradient is exactly 0
    # and the loss stays finite, so this is not a divergence, and nothing is NaN
    tr = Trainer(Neuron(), LESSON, loss="mse", optimizer="gd", lr=1e306)
    s = tr.step(100)
    assert s.diverged is None and s.step == 100 and np.all(s.grad == 0)
    assert_snapshot_sane(s)


def test_minibatch_divergence_rolls_back_to_the_last_checked_point():
    rng = np.random.default_rng(8)
    x = rng.uniform(-1, 1, 4000)
    d = ds(x, np.sin(3 * x))
    tr = Trainer(Network(8), d, loss="l2", optimizer="sgd", lr=1e-4, batch_size=1, seed=1)
    assert tr._every > 1  # whole-data checks are spaced out for this size
    s = tr.step(60)
    assert s.diverged is None and s.step == 60
    assert_snapshot_sane(s)
    tr.set_lr(1e30)
    s = tr.step(1000)
    assert s.diverged is not None
    assert s.step >= 60
    assert_snapshot_sane(s)
    assert s.loss == pytest.approx(Network(8).loss(s.params, d.x, d.y, "l2"), rel=1e-12)


def test_max_stable_lr_in_the_message_uses_momentum_bound():
    tr = Trainer(Line(), LESSON, optimizer="momentum", momentum=0.5, lr=0.05)
    s = tr.step(2000)
    top = max_stable_lr(LESSON_X, LESSON_Y, "l2") * 1.5
    assert f"largest stable: {top:.2g}" in s.diverged


def test_advance_reports_divergence_like_step():
    a = Trainer(Line(), LESSON, lr=0.05)        # far above the largest stable rate (~0.0095)
    b = Trainer(Line(), LESSON, lr=0.05)
    reason = None
    for _ in range(100):
        reason = a.advance(5)
        if reason:
            break
    assert reason and reason.startswith("Diverged at step")
    while b.step(5).diverged is None:
        pass
    assert a.snapshot().diverged == b.snapshot().diverged == reason
    assert a.advance(3) == reason and a.snapshot().step == b.snapshot().step  # no more steps
    with pytest.raises(ValueError):
        a.advance(-1)


def test_loss_limit_is_absolute_or_relative_to_the_start():
    assert loss_limit(0.0) == DIVERGENCE_LOSS
    assert loss_limit(1e10) == DIVERGENCE_GROWTH * 1e10
    assert loss_limit(math.nan) == DIVERGENCE_LOSS  # a start that is not finite still has a limit


def test_divergence_message_names_what_went_wrong_and_the_way_out():
    p, g = np.array([1.0, 2.0]), np.array([3.0, 4.0])
    assert divergence_message(7, 2e12, p, g, 1e12) == (
        "Diverged at step 7: the loss grew past 1e12. Lower the learning rate, then reset or move the point.")
    assert "grew past 3.5e13" in divergence_message(7, 4e13, p, g, 3.5e13)
    assert "the loss became infinite" in divergence_message(7, math.inf, p, g, 1e12)
    assert "the loss became infinite" in divergence_message(7, math.nan, p, None, 1e12)
    assert "parameters or the gradient became infinite" in divergence_message(7, 1.0, p, np.array([math.inf, 0]), 1e12)
    assert "parameters or the gradient became infinite" in divergence_message(7, 1.0, np.array([math.nan, 0]), None, 1e12)
    assert "(largest stable: 0.0095)" in divergence_message(7, 2e12, p, g, 1e12, largest_stable_lr=0.00952)
    assert "largest stable" not in divergence_message(7, 2e12, p, g, 1e12, largest_stable_lr=math.inf)
