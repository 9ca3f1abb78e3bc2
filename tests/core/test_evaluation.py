"""The held-out evaluation set: split, the evaluation loss, the turning step, edge cases."""

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.core import Dataset, Line, Network, Trainer

from training_helpers import ds  # tests/core/

RNG = np.random.default_rng(11)
X = np.linspace(-3, 3, 40)
DATA = Dataset(X, np.sin(X) + 0.1 * RNG.standard_normal(40), name="sine", x_name="t", y_name="s")


def _pairs(d):
    return sorted(zip(d.x.tolist(), d.y.tolist()))


@pytest.mark.parametrize("fraction", [0.0, 0.1, 0.25, 0.5, 0.99])
def test_split_is_disjoint_complete_and_seeded(fraction):
    train, held = gc.split(DATA, fraction, seed=3)
    assert len(held) == round(fraction * len(DATA)) and len(train) + len(held) == len(DATA)
    assert _pairs(train.concat(held)) == _pairs(DATA)  # complete, and no point in both (x values are distinct)
    assert not set(train.x.tolist()) & set(held.x.tolist())
    again = gc.split(DATA, fraction, seed=3)
    assert again[0] == train and again[1] == held
    assert (train.name, train.x_name, train.y_name) == ("sine", "t", "s")
    # the training points keep their order
    assert np.all(np.diff(train.x) > 0)


def test_another_seed_draws_other_points():
    a = gc.split(DATA, 0.25, seed=0)[1]
    b = gc.split(DATA, 0.25, seed=1)[1]
    assert _pairs(a) != _pairs(b)


@pytest.mark.parametrize("bad", [-0.1, 1.0, 1.5, float("nan"), "half", None, True])
def test_split_refuses_a_bad_fraction(bad):
    with pytest.raises(ValueError, match="evaluation fraction must be a number from 0 to below 1"):
        gc.split(DATA, bad)


@pytest.mark.parametrize("model, loss", [(Line(), "mse"), (Line(), "l2"), (Network(5), "mse"), (Line(), "l1")])
def test_eval_loss_is_the_models_loss_on_the_held_out_points(model, loss):
    train, held = gc.split(DATA, 0.25, seed=2)
    tr = Trainer(model, train, loss=loss, optimizer="sgd", lr=0.01, batch_size=3, eval_dataset=held)
    s = tr.step(57)
    e = model.predict(s.params, held.x) - held.y
    assert s.eval_loss == pytest.approx(gc.loss_value(e, loss), rel=1e-12)
    for step, p, L in zip(s.path_steps, s.path_params, s.eval_path_losses):
        assert L == pytest.approx(gc.loss_value(model.predict(p, held.x) - held.y, loss), rel=1e-12), step
    # and the training loss is the loss on the training points alone
    assert s.loss == pytest.approx(gc.loss_value(model.predict(s.params, train.x) - train.y, loss), rel=1e-12)


def test_no_eval_set_means_none_and_the_run_is_unchanged():
    train, held = gc.split(DATA, 0.25, seed=2)
    a = Trainer(Line(), train, loss="mse", optimizer="sgd", lr=0.01, batch_size=3).step(40)
    b = Trainer(Line(), train, loss="mse", optimizer="sgd", lr=0.01, batch_size=3, eval_dataset=held).step(40)
    assert a.eval_loss is None and a.eval_path_losses is None
    np.testing.assert_array_equal(a.params, b.params)  # never trained on
    np.testing.assert_array_equal(a.path_losses, b.path_losses)


def test_an_evaluation_set_of_one_point_and_of_none():
    one = Dataset([1.5], [0.2])
    tr = Trainer(Line(), DATA, loss="mse", optimizer="sgd", lr=0.01, batch_size=4, eval_dataset=one)
    s = tr.step(25)
    assert s.eval_loss == pytest.approx((s.params[0] * 1.5 + s.params[1] - 0.2) ** 2)
    assert [r.eval_loss for r in s.epochs] == [pytest.approx((r.params[0] * 1.5 + r.params[1] - 0.2) ** 2)
                                                for r in s.epochs]
    empty = Dataset(np.zeros(0), np.zeros(0))
    tr.set_eval_dataset(empty)
    s = tr.step(10)
    assert s.eval_loss is None and s.eval_path_losses is None and s.epochs[-1].eval_loss is None


def test_an_evaluation_set_with_nan_is_refused_with_a_message():
    with pytest.raises(gc.DataError, match="every value must be a finite number"):
        Dataset([1.0, float("nan")], [1.0, 2.0])
    bad = type("Pts", (), {"x": np.array([1.0, 2.0]), "y": np.array([0.0, np.nan])})()
    with pytest.raises(ValueError, match="evaluation set's point 1 is not a finite number"):
        Trainer(Line(), DATA, eval_dataset=bad)
    tr = Trainer(Line(), DATA)
    with pytest.raises(ValueError, match="evaluation set's point 1"):
        tr.set_eval_dataset(bad)
    assert tr.eval_dataset is None  # the old one stays


def test_set_eval_dataset_leaves_the_run_alone():
    train, held = gc.split(DATA, 0.2, seed=5)
    a = Trainer(Network(4), train, loss="mse", optimizer="adam", lr=0.01)
    b = Trainer(Network(4), train, loss="mse", optimizer="adam", lr=0.01)
    a.step(30)
    b.step(10)
    b.set_eval_dataset(held)
    b.step(20)
    sa, sb = a.snapshot(), b.snapshot()
    np.testing.assert_array_equal(sa.params, sb.params)
    assert sb.eval_loss == pytest.approx(gc.loss_value(Network(4).predict(sb.params, held.x) - held.y, "mse"))
    assert sb.eval_path_losses.shape == sb.path_losses.shape


def test_turning_step_marks_the_lowest_evaluation_loss_once_it_rose():
    steps = np.arange(0, 60, 10)
    assert gc.turning_step(steps, [5, 3, 2, 2.5, 3, 4]) == 20
    assert gc.turning_step(steps, [5, 4, 3, 2, 1.5, 1]) is None  # still falling
    assert gc.turning_step(steps, [5, 4, 3, 2, 1.0, 1.05]) is None  # a rise within 10 %: noise
    assert gc.turning_step(steps[:2], [5, 6]) is None
    assert gc.turning_step(steps, None) is None
    # the last 5 % of the steps must all lie above: a single late spike is no turn
    steps = np.arange(100)
    e = np.linspace(5, 1, 100)
    assert gc.turning_step(steps, np.r_[e[:-1], 3.0]) is None
    assert gc.turning_step(steps, np.r_[e[:50], np.full(50, 4.0)]) == 49


def test_seed_002s_jittery_held_out_loss_does_not_turn():
    s = gc.setup("seed-002")
    tr = Trainer(Line(), s.dataset, loss="mse", optimizer="sgd", lr=s.lr, params=s.start, batch_size=1,
                 eval_dataset=s.eval_dataset)
    snap = tr.step(s.steps)
    assert gc.turning_step(snap.path_steps, snap.eval_path_losses) is None


def test_overfitting_network_turns_up():
    """16 neurons on 10 noisy points: the held-out loss falls, then rises while training falls."""
    rng = np.random.default_rng(0)
    x = np.linspace(-3, 3, 10)
    train = Dataset(x, 0.5 * x + rng.normal(0, 0.6, 10))
    xe = np.linspace(-2.7, 2.7, 8)
    held = Dataset(xe, 0.5 * xe)
    tr = Trainer(Network(16), train, loss="mse", optimizer="adam", lr=0.05, seed=1, eval_dataset=held)
    s = tr.step(3000)
    turn = gc.turning_step(s.path_steps, s.eval_path_losses)
    assert turn is not None and 0 < turn < 3000
    i = int(np.searchsorted(s.path_steps, turn))
    assert s.eval_loss > s.eval_path_losses[i] and s.loss < s.path_losses[i]
