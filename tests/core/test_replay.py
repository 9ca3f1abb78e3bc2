"""Tests for exact replay: Trainer.params_at, snapshot_at and rewind (gradviz.core.replay).

The reference is always a fresh trainer given the same calls, stepped in one go: replay
must give the same bits, whatever the optimizer, batch size, thinning or setting changes.
"""

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.core import Line, Network, Trainer
from gradviz.core import replay as replay_mod
from gradviz.core import trainer as trainer_mod
from gradviz.core.history import HISTORY_MAX

from training_helpers import LESSON, ds  # tests/core/

RNG = np.random.default_rng(12)
X40 = RNG.uniform(0, 10, 40)
NOISY = ds(X40, 0.6 * X40 + 2 + RNG.normal(0, 1, 40))
X_BIG = RNG.uniform(-1, 1, 3000)
BIG = ds(X_BIG, np.sin(3 * X_BIG))  # a network on it checks the whole data only every few steps

RUNS = [(opt, bs) for opt in ("gd", "sgd", "momentum", "adam") for bs in (1, 3, None)
        if not (opt == "gd" and bs is not None)]
LR = {"gd": 0.001, "sgd": 0.0005, "momentum": 0.0002, "adam": 0.01}


def _without_path(state):
    return {k: v for k, v in state.items() if not k.startswith("path_")}


def assert_same_run(a: Trainer, b: Trainer):
    """Every bit of the two runs' states but the path history (and its checked points)."""
    sa, sb = _without_path(a.state()), _without_path(b.state())
    assert sa.keys() == sb.keys()
    for k in sa:
        if k == "limit":
            continue
        va, vb = sa[k], sb[k]
        if isinstance(va, np.ndarray):
            assert va.dtype == vb.dtype and va.shape == vb.shape and va.tobytes() == vb.tobytes(), k  # NaN too
        else:
            assert va == vb, k


def play(trainer, script, upto=None):
    """Step ``trainer`` through ``script`` [(steps, setter or None, args)], stopping at step ``upto``."""
    for k, setter, args in script:
        if upto is not None and trainer.step_count + k > upto:
            trainer.step(upto - trainer.step_count)
            return trainer
        trainer.step(k)
        if setter:
            getattr(trainer, setter)(*args)
    if upto is not None:
        trainer.step(upto - trainer.step_count)
    return trainer


def fresh(opt, bs, data=NOISY, model=None, **kw):
    return Trainer(model or Line(), data, optimizer=opt, lr=LR[opt], batch_size=bs, seed=3, **kw)


@pytest.mark.parametrize("opt,bs", RUNS)
def test_stepping_in_chunks_is_the_same_run(opt, bs):
    a, b = fresh(opt, bs), fresh(opt, bs)
    for _ in range(7):
        a.step(10)
    a.advance(1)
    b.step(71)
    assert_same_run(a, b)


@pytest.mark.parametrize("bs", [1, 7])
def test_chunked_network_with_spaced_checks_is_the_same_run(bs):
    a = Trainer(Network(4), BIG, optimizer="sgd", lr=1e-3, batch_size=bs, seed=1)
    b = Trainer(Network(4), BIG, optimizer="sgd", lr=1e-3, batch_size=bs, seed=1)
    for k in (3, 10, 17, 1, 300):
        a.step(k)
    b.step(331)
    assert_same_run(a, b)


@pytest.mark.parametrize("opt,bs", RUNS)
def test_params_at_equals_a_fresh_run_also_in_the_thinned_history(opt, bs):
    n = HISTORY_MAX + 2500  # the oldest entries are thinned: their steps come from replay
    tr = fresh(opt, bs)
    tr.step(n)
    steps = tr.snapshot().path_steps
    missing = sorted(set(range(0, 2000)) - set(steps.tolist()))
    assert missing  # the thinned part is exercised
    for s in [0, 1, missing[0], missing[-1], 255, 256, 257, 3000, n - 1999, n - 1, n]:
        ref = fresh(opt, bs)
        ref.step(s)
        assert np.array_equal(tr.params_at(s), ref.params), s
        assert np.array_equal(tr.snapshot_at(s).params, ref.params), s


CHANGES = [  # (steps, setter, args): every recorded setter, twice at one step, one at a checkpoint's step
    (100, "set_lr", (0.0003,)),
    (0, "set_momentum", (0.5,)),
    (156, "set_batch_size", (5,)),
    (44, "set_loss", ("mse",)),
    (100, "set_optimizer", ("adam",)),
    (200, "set_dataset", (ds(X40, 0.5 * X40 + 1),)),
    (150, "set_params", ([0.4, 1.5],)),
    (250, "set_lr", (0.02,)),
    (300, None, ()),
]


@pytest.mark.parametrize("opt,bs", [("sgd", 1), ("momentum", 3), ("gd", None)])
def test_replay_is_exact_across_mid_run_setting_changes(opt, bs):
    tr = play(fresh(opt, bs), CHANGES)
    end = tr.step_count
    for s in [0, 99, 100, 101, 256, 300, 400, 550, 700, 1000, end]:
        ref = play(fresh(opt, bs), CHANGES, upto=s)
        assert np.array_equal(tr.params_at(s), ref.params), s
        past = tr.snapshot_at(s)
        assert np.array_equal(past.params, ref.params) and past.lr == ref.lr, s
        then = tr.trainer_at(s)
        assert (then.loss_name, then.optimizer_name, then.batch_size, then.momentum, then.dataset) == (
            ref.loss_name, ref.optimizer_name, ref.batch_size, ref.momentum, ref.dataset), s
        assert np.array_equal(then.snapshot().path_steps, past.path_steps)


@pytest.mark.parametrize("opt,bs", RUNS)
def test_rewind_then_continue_equals_the_uninterrupted_run(opt, bs):
    tr = play(fresh(opt, bs), CHANGES)
    end = tr.step_count
    back = tr.rewind(400)
    assert back.step == 400 and tr.step_count == 400 and back.path_steps[-1] == 400
    assert np.array_equal(back.params, back.path_params[-1])
    assert np.all(back.path_steps <= 400)
    ref = play(fresh(opt, bs), CHANGES, upto=400)
    assert_same_run(tr, ref)
    # the settings changed after step 400 are forgotten with the rest of the future
    tr.step(end - 400)
    ref.step(end - 400)
    assert_same_run(tr, ref)
    assert tr.lr == ref.lr == 0.0003 and tr.loss_name == "mse"
    a, b = tr.snapshot(), ref.snapshot()
    assert np.array_equal(a.grad, b.grad) and a.loss == b.loss
    np.testing.assert_array_equal(a.path_params[-300:], b.path_params[-300:])


def test_rewind_and_branch_keeps_the_shared_past():
    tr = fresh("momentum", None)
    tr.step(500)
    tr.rewind(37)
    tr.set_lr(0.0001)
    tr.step(63)
    ref = fresh("momentum", None)
    ref.step(37)
    ref.set_lr(0.0001)
    ref.step(63)
    assert_same_run(tr, ref)
    assert np.array_equal(tr.params_at(50), ref.params_at(50))
    assert np.array_equal(tr.snapshot().path_params, ref.snapshot().path_params)


def test_bounded_checkpoints_with_thinning(monkeypatch):
    monkeypatch.setattr(replay_mod, "MAX_CHECKPOINTS", 6)
    monkeypatch.setattr(replay_mod, "FIRST_SPACING", 16)
    tr = fresh("adam", 3)
    tr.step(5000)
    st = tr.replay_stats()
    assert st["checkpoints"] <= 6 and st["spacing"] >= 1024
    for s in (17, 1500, 2049, 4999):
        ref = fresh("adam", 3)
        ref.step(s)
        assert np.array_equal(tr.params_at(s), ref.params)


def test_checkpoint_memory_stays_bounded():
    tr = fresh("sgd", 1)
    tr.step(300_000)
    st = tr.replay_stats()
    assert st["checkpoints"] <= replay_mod.MAX_CHECKPOINTS
    assert st["bytes"] <= replay_mod.MAX_CHECKPOINT_BYTES


def test_params_at_out_of_range_says_what_is_allowed():
    tr = fresh("gd", None)
    tr.step(10)
    for bad in (-1, 11):
        with pytest.raises(ValueError, match=r"between 0 and the current step 10, got"):
            tr.params_at(bad)
    with pytest.raises(ValueError, match="step must be an integer"):
        tr.rewind(2.5)
    with pytest.raises(ValueError, match="between 0 and the current step 10"):
        tr.snapshot_at(12)


def test_reset_and_a_new_model_start_a_new_history():
    tr = fresh("gd", None)
    tr.step(10)
    tr.reset()
    with pytest.raises(ValueError, match="current step 0"):
        tr.params_at(5)
    tr.step(20)
    tr.set_model(Line())
    with pytest.raises(ValueError, match="current step 0"):
        tr.params_at(5)


def test_a_restored_run_replays_from_where_it_was_saved():
    tr = fresh("sgd", 3)
    tr.step(100)
    back = Trainer.from_state(Line(), NOISY, tr.state())
    back.step(50)
    tr.step(50)
    assert np.array_equal(back.params_at(120), tr.params_at(120))
    with pytest.raises(ValueError, match="between 100 and the current step 150"):
        back.params_at(99)


def test_replay_through_a_divergence_and_the_way_out():
    tr = Trainer(Network(4), BIG, optimizer="sgd", lr=1e-3, batch_size=1, seed=1)
    tr.step(60)
    tr.set_lr(1e30)
    s = tr.step(1000)
    assert s.diverged is not None
    stuck = s.step
    tr.set_lr(1e-3)
    tr.set_params(tr.params_at(30))  # moving the point clears the divergence
    tr.step(40)
    assert tr.diverged is None
    end = tr.step_count
    after = tr.params
    # the diverged state is kept whole: replay crosses it exactly
    assert np.array_equal(tr.params_at(end), after)
    assert tr.snapshot_at(stuck).params is not None
    tr.rewind(stuck + 10)
    assert np.array_equal(tr.params, tr.params_at(stuck + 10))
    tr.step(end - stuck - 10)
    assert np.array_equal(tr.params, after)
    # rewinding to before the rate was raised gives the run as it was then
    tr.rewind(59)
    assert tr.diverged is None and tr.lr == 1e-3
    ref = Trainer(Network(4), BIG, optimizer="sgd", lr=1e-3, batch_size=1, seed=1)
    ref.step(59)
    assert_same_run(tr, ref)


def test_a_fork_is_an_independent_run_with_its_history():
    tr = play(fresh("adam", 3), CHANGES)
    twin = tr.fork()
    assert twin.dataset is tr.dataset and twin.model is tr.model
    tr.rewind(100)
    tr.set_lr(0.05)
    tr.step(10)
    ref = play(fresh("adam", 3), CHANGES)
    assert_same_run(twin, ref)
    assert np.array_equal(twin.params_at(700), ref.params_at(700))
    twin.step(5)
    ref.step(5)
    assert_same_run(twin, ref)


# the setters of the optimizers' hyperparameters, the schedule and the held-out points
MORE_CHANGES = [
    (90, "set_schedule", (gc.schedules.step(50, 0.5),)),
    (0, "set_eval_dataset", (ds(np.array([1.0, 4.0, 8.0]), np.array([2.5, 4.4, 6.9])),)),
    (120, "set_optimizer", ("adamw",)),
    (0, "set_weight_decay", (0.05,)),
    (70, "set_betas", ((0.8, 0.99),)),
    (60, "set_eps", (1e-6,)),
    (100, "set_optimizer", ("rmsprop",)),
    (90, "set_eval_dataset", (None,)),
    (150, None, ()),
]


@pytest.mark.parametrize("bs", [1, None])
def test_replay_and_rewind_are_exact_across_the_optimizers_settings_and_held_out_points(bs):
    tr = play(fresh("sgd", bs), MORE_CHANGES)
    end = tr.step_count
    for s in [0, 89, 90, 91, 200, 256, 300, 390, 512, 600, end]:
        ref = play(fresh("sgd", bs), MORE_CHANGES, upto=s)
        assert np.array_equal(tr.params_at(s), ref.params), s
        past = tr.snapshot_at(s)
        assert past.eval_loss == ref.snapshot().eval_loss and past.next_lr == ref.snapshot().next_lr, s
    for back in (600, 300):  # after every change; then before the last ones, which are forgotten
        tr.rewind(back)
        ref = play(fresh("sgd", bs), MORE_CHANGES, upto=back)
        assert_same_run(tr, ref)
        tr.step(end - back)
        ref.step(end - back)
        assert_same_run(tr, ref)
        assert tr.optimizer_name == ("rmsprop" if back == 600 else "adamw")
        assert (tr.eval_dataset is None) == (back == 600)


def _jumped(tr, jump):
    """``tr`` after 30 steps, ``jump(tr)`` (to (0.7, 0.1), 40 steps on) and 30 more steps."""
    tr.step(30)
    jump(tr)
    tr.step(30)
    assert tr.step_count == 100
    return tr


def test_steps_taken_outside_the_trainer_replay_to_their_end():
    """The learner's own code moves the point on by 40 steps: the steps inside show where
    it ended, the steps around it are exact, and a rewind into it lands at its end."""
    tr = _jumped(fresh("gd", None), lambda t: t.set_params([0.7, 0.1], steps_taken=40))
    ref = fresh("gd", None)
    ref.step(30)
    assert np.array_equal(tr.params_at(30), ref.params)
    for inside in (31, 55, 70):
        assert np.array_equal(tr.params_at(inside), [0.7, 0.1]), inside
        assert tr.snapshot_at(inside).step == 70
    ref.set_params([0.7, 0.1], steps_taken=40)
    ref.step(20)
    assert np.array_equal(tr.params_at(90), ref.params)
    assert tr.rewind(50).step == 70
    assert np.array_equal(tr.params, [0.7, 0.1])
    tr.step(10)
    assert np.array_equal(tr.params_at(75), tr.trainer_at(75).params) and np.array_equal(tr.params_at(60), [0.7, 0.1])
    ref = fresh("gd", None)
    ref.step(30)
    ref.set_params([0.7, 0.1], steps_taken=40)
    ref.step(5)
    assert np.array_equal(tr.params_at(75), ref.params)


class _Leaping(Trainer):
    """A trainer with a setter of its own that moves the step count on (as set_params with
    steps_taken does), under another name and signature."""

    @trainer_mod._recorded
    def leap(self, params, *, leaped):
        Trainer.set_params.__wrapped__(self, params, leaped)


def test_replay_reads_how_far_a_setter_moved_the_step_count_from_the_log_not_its_arguments():
    tr = _Leaping(Line(), NOISY, optimizer="gd", lr=LR["gd"], batch_size=None, seed=3)
    _jumped(tr, lambda t: t.leap([0.7, 0.1], leaped=40))
    ref = fresh("gd", None)
    ref.step(30)
    ref.set_params([0.7, 0.1], steps_taken=40)
    ref.step(20)
    assert np.array_equal(tr.params_at(55), [0.7, 0.1]) and tr.snapshot_at(55).step == 70
    assert np.array_equal(tr.params_at(90), ref.params)
