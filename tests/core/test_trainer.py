"""Tests for gradviz.core.trainer: the lessons' runs, optimizers in a run, mutators, advance.

Divergence, the path history, snapshots and the fast routes have their own files
(test_divergence.py, test_history.py, test_snapshot.py, test_objectives.py).
"""

import math
import threading

import numpy as np
import pytest

from gradviz.core import OPTIMIZERS, Line, Network, Neuron, Trainer
from gradviz.core.optimizers import make_optimizer

from training_helpers import LESSON, LESSON_X, LESSON_Y, LS, assert_snapshot_sane, ds  # tests/core/


# -- seed 001 -------------------------------------------------------------------------------------

def test_seed001_gradient_descent_reaches_least_squares():
    tr = Trainer(Line(), LESSON, loss="l2", optimizer="gd", lr=0.001, params=[1.0, 0.0])
    s0 = tr.snapshot()
    assert s0.step == 0 and s0.loss == pytest.approx(0.5 * np.sum((LESSON_X - LESSON_Y) ** 2))
    s = tr.step(20_000)
    assert s.step == 20_000 and s.epoch == 20_000 and s.diverged is None
    np.testing.assert_allclose(s.params, LS, atol=1e-8)
    assert np.all(np.abs(s.grad) < 1e-6)
    assert s.path_steps[0] == 0 and s.path_losses[0] == s0.loss
    assert np.all(np.diff(s.path_losses) <= 1e-15)  # lr below 2/λmax: loss never goes up
    assert_snapshot_sane(s)


# -- seed 002 -------------------------------------------------------------------------------------

def test_seed002_per_sample_sgd():
    rng = np.random.default_rng(2)
    x = rng.integers(0, 100, 10_000).astype(float)
    y = 2.0 * x + 1.0
    tr = Trainer(Line(), ds(x, y), loss="mse", optimizer="sgd", lr=1e-4, params=[0.0, 0.0], batch_size=1, seed=0)
    bs = []
    for epoch in range(1, 11):
        s = tr.step(10_000)
        assert s.epoch == epoch and s.step == 10_000 * epoch
        bs.append(s.params[1])
    w, b = s.params
    assert w == pytest.approx(2.0, abs=0.005)  # seed 002: w = 2.000
    assert b == pytest.approx(0.993, abs=0.03)  # seed 002: b = 0.993
    assert 0.3 < bs[0] < 0.55  # seed 002 after epoch 0: 0.402
    assert np.all(np.diff(bs) > 0)  # b creeps up toward 1 every epoch
    assert np.all(np.diff(bs[1:]) < np.diff(bs[:-1]))  # ... by less and less
    assert s.loss < 1e-3
    assert_snapshot_sane(s)


def test_sgd_is_seeded_and_full_batch_sgd_is_gd():
    rng = np.random.default_rng(5)
    x = rng.uniform(0, 5, 50)
    d = ds(x, 3 * x - 1 + rng.normal(0, 0.1, 50))
    runs = [Trainer(Line(), d, loss="mse", optimizer="sgd", lr=0.01, batch_size=4, seed=s).step(100).params
            for s in (1, 1, 2)]
    np.testing.assert_array_equal(runs[0], runs[1])
    assert not np.array_equal(runs[0], runs[2])
    a = Trainer(Line(), d, optimizer="sgd", lr=1e-3, batch_size=None).step(50)
    b = Trainer(Line(), d, optimizer="gd", lr=1e-3, batch_size=3).step(50)  # gd ignores batch_size
    c = Trainer(Line(), d, optimizer="sgd", lr=1e-3, batch_size=500).step(50)
    np.testing.assert_array_equal(a.params, b.params)
    np.testing.assert_array_equal(a.params, c.params)


def test_epochs_count_passes_over_the_data():
    tr = Trainer(Line(), LESSON, optimizer="sgd", lr=1e-3, batch_size=3)  # 3 + 3 + 2 per epoch
    assert [tr.step(1).epoch for _ in range(7)] == [0, 0, 1, 1, 1, 2, 2]


# -- other optimizers -----------------------------------------------------------------------------

@pytest.mark.parametrize("opt,lr,steps", [("momentum", 0.001, 5000), ("adam", 0.05, 6000)])
def test_momentum_and_adam_reach_the_optimum(opt, lr, steps):
    tr = Trainer(Line(), LESSON, loss="l2", optimizer=opt, lr=lr)
    s = tr.step(steps)
    assert s.diverged is None
    np.testing.assert_allclose(s.params, LS, atol=2e-3)
    assert s.loss == pytest.approx(Line().loss(LS, LESSON_X, LESSON_Y, "l2"), rel=1e-3)


def test_network_trains_with_adam():
    x = np.linspace(-3, 3, 40)
    tr = Trainer(Network(4), ds(x, np.sin(x)), loss="mse", optimizer="adam", lr=0.03, seed=3)
    first = tr.snapshot().loss
    s = tr.step(1500)
    assert s.diverged is None and s.loss < 0.1 * first
    assert_snapshot_sane(s)


def test_minibatch_path_losses_are_whole_data_losses():
    rng = np.random.default_rng(9)
    x = rng.uniform(-1, 1, 3000)
    d = ds(x, x ** 2)
    model = Network(4)
    tr = Trainer(model, d, loss="mse", optimizer="momentum", lr=0.01, batch_size=2, seed=2)
    s = tr.step(500)
    assert s.step == 500 and s.path_steps[0] == 0 and s.path_steps[-1] == 500
    np.testing.assert_allclose(s.path_losses, model.loss_many(s.path_params, d.x, d.y, "mse"), rtol=1e-10)
    np.testing.assert_allclose(s.grad, model.loss_and_grad(s.params, d.x, d.y, "mse")[1], rtol=1e-10)


# -- mutators --------------------------------------------------------------------------------------

def test_set_params_jumps_and_records_the_point():
    tr = Trainer(Line(), LESSON, lr=0.01)
    assert tr.step(1000).diverged is not None
    tr.set_lr(0.001)
    tr.set_params([0.2, 1.0])
    s = tr.snapshot()
    assert s.diverged is None and tr.diverged is None
    assert s.step == tr.step_count  # the step count is kept
    np.testing.assert_array_equal(s.params, [0.2, 1.0])
    assert s.path_steps[-1] == s.path_steps[-2] == s.step  # both the old and the new point
    s2 = tr.step(10)
    assert s2.step == s.step + 10
    with pytest.raises(ValueError):
        tr.set_params([1.0, np.nan])
    with pytest.raises(ValueError):
        tr.set_params([1.0, 2.0, 3.0])


def test_set_params_with_steps_taken_elsewhere_moves_the_step_count_on():
    tr = Trainer(Line(), LESSON, lr=0.001, params=[1.0, 0.0])
    tr.step(5)
    tr.set_params([0.7, 0.1], steps_taken=20)
    s = tr.snapshot()
    assert s.step == tr.step_count == 25
    assert s.path_steps[-1] == 25 and s.path_steps[-2] == 5
    assert s.loss == pytest.approx(Line().loss([0.7, 0.1], LESSON_X, LESSON_Y))
    for bad in (-1, 1.5, True):
        with pytest.raises(ValueError, match="steps_taken"):
            tr.set_params([0.7, 0.1], steps_taken=bad)


def test_set_loss_and_dataset_keep_params_and_recompute_path_losses():
    tr = Trainer(Line(), LESSON, loss="l2", optimizer="momentum", lr=0.001)
    s = tr.step(30)
    tr.set_loss("mse")
    m = tr.snapshot()
    assert m.step == 30 and tr.loss_name == "mse"
    np.testing.assert_array_equal(m.params, s.params)
    np.testing.assert_allclose(m.path_losses, s.path_losses * 2 / 8, rtol=1e-12)
    tr.set_loss("l1")
    l1 = tr.snapshot()
    np.testing.assert_allclose(l1.path_losses, Line().loss_many(l1.path_params, LESSON_X, LESSON_Y, "l1"))
    new = ds([0.0, 1.0, 2.0], [1.0, 1.0, 3.0])
    tr.set_dataset(new)
    d = tr.snapshot()
    assert d.step == 30 and tr.dataset is new
    np.testing.assert_array_equal(d.params, s.params)
    np.testing.assert_allclose(d.path_losses, Line().loss_many(d.path_params, new.x, new.y, "l1"))
    assert d.loss == pytest.approx(Line().loss(d.params, new.x, new.y, "l1"))
    assert tr.step(5).step == 35


def test_set_optimizer_batch_momentum_mid_run():
    tr = Trainer(Line(), LESSON, loss="l2", optimizer="gd", lr=0.001)
    tr.step(10)
    for name in OPTIMIZERS:
        tr.set_optimizer(name)
        assert tr.optimizer_name == name
        tr.step(10)
    tr.set_batch_size(2)
    tr.set_momentum(0.5)
    s = tr.step(10)
    last = 10 + 10 * len(OPTIMIZERS) + 10
    assert s.step == last and s.diverged is None and tr.batch_size == 2 and tr.momentum == 0.5
    tr.set_batch_size(None)
    assert tr.step(1).step == last + 1


def test_set_model_and_reset():
    tr = Trainer(Line(), LESSON, lr=0.001)
    tr.step(20)
    tr.set_model(Network(2))
    s = tr.snapshot()
    assert s.step == 0 and len(s.path_steps) == 1 and s.params.shape == (7,)
    np.testing.assert_array_equal(s.params, Network(2).init_params(0))
    tr.step(5)
    tr.reset()
    np.testing.assert_array_equal(tr.params, Network(2).init_params(0))
    tr.reset(params=np.ones(7))
    tr.step(3)
    tr.reset()
    np.testing.assert_array_equal(tr.params, np.ones(7))
    assert tr.step_count == 0
    tr.set_model(Neuron(), params=[2.0, -1.0])
    np.testing.assert_array_equal(tr.params, [2.0, -1.0])


def test_reset_reproduces_the_run():
    x = np.linspace(0, 1, 30)
    tr = Trainer(Line(), ds(x, x), optimizer="sgd", batch_size=4, lr=0.05, seed=4)
    a = tr.step(40).params
    tr.reset()
    np.testing.assert_array_equal(tr.step(40).params, a)


@pytest.mark.parametrize("kwargs", [
    dict(lr=0), dict(lr=-1e-3), dict(lr=math.inf), dict(lr=math.nan), dict(lr="fast"),
    dict(loss="L2"), dict(optimizer="lbfgs"), dict(batch_size=0), dict(batch_size=2.5),
    dict(batch_size=True), dict(momentum=1.0), dict(momentum=-0.1), dict(betas=(0.9,)),
    dict(params=[1.0]), dict(params=[np.inf, 0.0]), dict(eps=0.0), dict(weight_decay=-0.1),
    dict(weight_decay=math.inf), dict(schedule="cosine:10"),
])
def test_bad_settings_are_rejected_clearly(kwargs):
    with pytest.raises(ValueError):
        Trainer(Line(), LESSON, **kwargs)


def test_bad_mutator_values_leave_the_trainer_unchanged():
    tr = Trainer(Line(), LESSON, lr=0.001)
    for call, val in ((tr.set_lr, 0.0), (tr.set_lr, math.nan), (tr.set_loss, "hinge"),
                      (tr.set_optimizer, "lbfgs"), (tr.set_batch_size, 0), (tr.set_momentum, 1.5),
                      (tr.set_dataset, object()), (tr.set_dataset, ds([1.0, 2.0], [1.0]))):
        with pytest.raises(ValueError):
            call(val)
    with pytest.raises(ValueError, match="learning rate must be finite and > 0"):
        tr.set_lr(-1)
    with pytest.raises(ValueError, match="'gd'"):
        tr.set_optimizer("nope")
    with pytest.raises(ValueError):
        tr.step(-1)
    assert tr.lr == 0.001 and tr.step(2).step == 2


def test_empty_dataset_does_not_crash():
    tr = Trainer(Line(), ds([], []), loss="mse", optimizer="sgd", batch_size=1, lr=0.1)
    s = tr.step(5)
    assert s.loss == 0.0 and s.step == 5 and s.diverged is None
    np.testing.assert_array_equal(s.params, [1.0, 0.0])
    tr.set_dataset(LESSON)
    assert tr.step(5).loss > 0


def test_dataset_is_copied():
    x = LESSON_X.copy()
    d = ds(x, LESSON_Y.copy())
    tr = Trainer(Line(), d, lr=0.001)
    d.x[:] = 0.0  # the GUI mutating its arrays must not change a running trainer
    assert tr.step(1).loss == pytest.approx(Trainer(Line(), LESSON, lr=0.001).step(1).loss)


def test_setters_from_another_thread_while_stepping():
    tr = Trainer(Network(3), LESSON, loss="mse", optimizer="adam", lr=0.01)
    stop = threading.Event()
    errors = []

    def worker():
        try:
            while not stop.is_set():
                assert_snapshot_sane(tr.step(20))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    t = threading.Thread(target=worker)
    t.start()
    try:
        for k in range(100):
            tr.set_lr(0.01 + 0.001 * (k % 5))
            tr.set_loss(("mse", "l2", "l1")[k % 3])
            if k % 10 == 0:
                tr.set_params(Network(3).init_params(k))
            tr.snapshot()
    finally:
        stop.set()
        t.join(timeout=30)
    assert not t.is_alive() and not errors


@pytest.mark.parametrize("name", ["sine", "plateau", "step"])
def test_adam_fits_network_presets(name):
    """Issue 5: Adam fits these presets with 8 hidden neurons to a good fit within seconds."""
    import gradviz.core as gc

    ds = gc.preset(name)
    tr = gc.Trainer(gc.make_model("network", hidden=8), ds, loss="mse", optimizer="adam", lr=0.01, seed=0)
    snap = tr.step(10_000)
    assert snap.diverged is None
    assert snap.loss < 0.02 * np.var(ds.y), f"R² = {1 - snap.loss / np.var(ds.y):.3f}"


# -- advance: step without building a snapshot --------------------------------------------------

@pytest.mark.parametrize("optimizer, batch", [("gd", None), ("sgd", 3), ("adam", None), ("momentum", None)])
def test_advance_then_snapshot_is_step(optimizer, batch):
    """advance(k) + snapshot() gives exactly what step(k) gives, chunk by chunk."""
    net = Network(3)
    data = ds(np.linspace(-2, 2, 11), np.sin(np.linspace(-2, 2, 11)))
    a = Trainer(net, data, optimizer=optimizer, lr=0.05, batch_size=batch, seed=4)
    b = Trainer(net, data, optimizer=optimizer, lr=0.05, batch_size=batch, seed=4)
    for k in (1, 2, 7, 0, 40):
        assert a.advance(k) is None
        sa, sb = a.snapshot(), b.step(k)
        assert sa.step == sb.step
        np.testing.assert_array_equal(sa.params, sb.params)
        np.testing.assert_array_equal(sa.grad, sb.grad)
        np.testing.assert_array_equal(sa.path_params, sb.path_params)
        np.testing.assert_array_equal(sa.path_losses, sb.path_losses)




# -- the optimizer objects inside a run ---------------------------------------------------------

def _manual(model, data, loss, opt, p, lr, k):
    """k whole-data steps of ``opt`` by hand: what the trainer must do."""
    for _ in range(k):
        _, g = model.loss_and_grad(p, data.x, data.y, loss)
        p = opt.step(p, g, lr)
    return p


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_trainer_steps_are_the_optimizer_objects_steps(name):
    net = Network(2)
    tr = Trainer(net, LESSON, loss="mse", optimizer=name, lr=0.02, momentum=0.8, betas=(0.8, 0.99), eps=1e-6)
    opt = make_optimizer(name, net.n_params, momentum=0.8, betas=(0.8, 0.99), eps=1e-6)
    want = _manual(net, LESSON, "mse", opt, net.init_params(0), 0.02, 25)
    np.testing.assert_array_equal(tr.step(25).params, want)


def test_when_the_optimizer_state_is_kept_and_when_it_is_cleared():
    """Kept by set_lr, set_momentum, set_batch_size and set_dataset; cleared by set_loss,
    set_optimizer, set_params and reset."""
    net = Network(2)
    other = ds(LESSON_X[:5], LESSON_Y[:5] + 0.5)
    tr = Trainer(net, LESSON, loss="mse", optimizer="momentum", lr=0.02, momentum=0.8)
    opt = make_optimizer("momentum", net.n_params, momentum=0.8)
    p = _manual(net, LESSON, "mse", opt, net.init_params(0), 0.02, 5)
    tr.step(5)

    def same(k, data=LESSON, loss="mse", lr=0.02):
        nonlocal p
        p = _manual(net, data, loss, opt, p, lr, k)
        np.testing.assert_array_equal(tr.step(k).params, p)

    tr.set_lr(0.03)
    same(3, lr=0.03)
    tr.set_momentum(0.5)
    opt.momentum = 0.5
    same(3, lr=0.03)
    tr.set_batch_size(100)  # >= n: still whole-data steps
    same(2, lr=0.03)
    tr.set_dataset(other)
    same(3, data=other, lr=0.03)
    tr.set_loss("l2")
    opt.reset()
    same(3, data=other, loss="l2", lr=0.03)
    tr.set_optimizer("adam")
    opt = make_optimizer("adam", net.n_params)
    same(4, data=other, loss="l2", lr=0.03)
    tr.set_params(p + 0.1)
    p = p + 0.1
    opt.reset()
    same(4, data=other, loss="l2", lr=0.03)
    tr.reset()
    p = net.init_params(0)
    opt.reset()
    same(4, data=other, loss="l2", lr=0.03)
