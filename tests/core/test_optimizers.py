"""Tests for gradviz.core.optimizers: each rule against PyTorch's torch.optim, by hand.

No torch here: the references are the update formulas of torch.optim.SGD and
torch.optim.Adam written out scalar by scalar, in torch's own order of operations
(``lerp_`` for Adam's first moment, ``sqrt(v) / sqrt(1 - β2^t) + eps``), and where the
numbers allow it, exact values worked out on paper.
"""

import math

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.core.more_optimizers import Adagrad, AdamW, Nesterov, RMSprop
from gradviz.core.optimizers import GD, OPTIMIZERS, SGD, Adam, Momentum, check_lr, check_optimizer, make_optimizer

from training_helpers import run_optimizer  # tests/core/


run = run_optimizer


# -- registry ---------------------------------------------------------------------------------

def test_registry_names_and_classes():
    assert OPTIMIZERS == ("gd", "sgd", "momentum", "adam", "nesterov", "rmsprop", "adagrad", "adamw")
    assert gc.OPTIMIZERS is OPTIMIZERS
    made = [make_optimizer(name, 3, momentum=0.5, betas=(0.8, 0.99), eps=1e-6) for name in OPTIMIZERS]
    assert [type(o) for o in made] == [GD, SGD, Momentum, Adam, Nesterov, RMSprop, Adagrad, AdamW]
    assert [o.name for o in made] == list(OPTIMIZERS)
    assert all(o.n_params == 3 for o in made)
    assert made[2].momentum == 0.5
    assert made[3].betas == (0.8, 0.99) and made[3].eps == 1e-6
    assert make_optimizer("adam", 2).betas == (0.9, 0.999)  # torch's defaults
    for bad in ("lbfgs", "", None, "GD"):
        with pytest.raises(ValueError, match="'gd', 'sgd', 'momentum', 'adam', 'nesterov', 'rmsprop', 'adagrad', 'adamw'"):
            check_optimizer(bad)
        with pytest.raises(ValueError, match="unknown optimizer"):
            make_optimizer(bad, 2)


def test_only_gd_insists_on_the_whole_data_set():
    assert [make_optimizer(n, 1).whole_data for n in OPTIMIZERS] == [True] + [False] * 7


@pytest.mark.parametrize("make", [
    lambda: Momentum(2, momentum=1.0), lambda: Momentum(2, momentum=-0.1), lambda: Adam(2, betas=(0.9,)),
    lambda: Adam(2, betas=(0.9, 1.0)), lambda: Adam(2, eps=0.0), lambda: Adam(2, eps=math.inf),
    lambda: Adam(2, eps=None),
])
def test_bad_hyperparameters_are_refused(make):
    with pytest.raises(ValueError):
        make()


def test_check_lr():
    assert check_lr(1) == 1.0 and check_lr("0.5") == 0.5
    for bad in (0, -1e-3, math.inf, math.nan, "fast", None):
        with pytest.raises(ValueError, match="learning rate"):
            check_lr(bad)


# -- plain gradient descent ------------------------------------------------------------------

@pytest.mark.parametrize("cls", [GD, SGD])
def test_gd_and_sgd_step_is_params_minus_lr_times_grad(cls):
    # torch.optim.SGD(lr=0.25): p.add_(g, alpha=-0.25); exact in binary
    assert run(cls(2), [1.0, -2.0], [[1.0, 2.0], [0.5, -1.0]], 0.25) == [[0.75, -2.5], [0.625, -2.25]]
    assert cls(2).state() == {}


def test_step_out_argument():
    opt = GD(2)
    p = np.array([1.0, 2.0])
    q = np.empty(2)
    assert opt.step(p, np.array([4.0, 8.0]), 0.5, q) is q
    assert q.tolist() == [-1.0, -2.0] and p.tolist() == [1.0, 2.0]
    assert opt.step(p, np.array([4.0, 8.0]), 0.5, p) is p  # in place, as torch.optim does
    assert p.tolist() == [-1.0, -2.0]


# -- momentum ----------------------------------------------------------------------------------

def test_momentum_matches_torch_by_hand():
    # torch.optim.SGD(lr=0.25, momentum=0.5): buf = g on the first step, then
    # buf = 0.5·buf + g; p -= 0.25·buf. Every number is exact in binary:
    #   g1 = ( 1,  2)    buf = ( 1,  2)       p = (1 - 0.25,   -2 - 0.5)    = (0.75,  -2.5)
    #   g2 = (.5, -1)    buf = ( 1,  0)       p = (0.75 - 0.25, -2.5)       = (0.5,   -2.5)
    #   g3 = (-2, .25)   buf = (-1.5, .25)    p = (0.5 + 0.375, -2.5 - 1/16) = (0.875, -2.5625)
    opt = Momentum(2, momentum=0.5)
    got = run(opt, [1.0, -2.0], [[1.0, 2.0], [0.5, -1.0], [-2.0, 0.25]], 0.25)
    assert got == [[0.75, -2.5], [0.5, -2.5], [0.875, -2.5625]]
    assert opt.state()["momentum_buffer"].tolist() == [-1.5, 0.25]


def test_momentum_reference_on_random_numbers():
    rng = np.random.default_rng(1)
    grads = rng.normal(size=(6, 3))
    mu, lr = 0.9, 0.03
    p, buf = [0.3, -1.2, 2.0], None
    want = []
    for g in grads.tolist():
        buf = list(g) if buf is None else [mu * b + gi for b, gi in zip(buf, g)]
        p = [pi - lr * b for pi, b in zip(p, buf)]
        want.append(p)
    np.testing.assert_allclose(run(Momentum(3, momentum=mu), [0.3, -1.2, 2.0], grads, lr), want, rtol=1e-15, atol=1e-16)


def test_changing_momentum_keeps_the_velocity_and_reset_clears_it():
    opt = Momentum(1, momentum=0.5)
    run(opt, [0.0], [[2.0]], 1.0)  # buf = 2
    opt.momentum = 0.25
    assert run(opt, [0.0], [[1.0]], 1.0) == [[-1.5]]  # buf = 0.25·2 + 1
    with pytest.raises(ValueError):
        opt.momentum = 1.5
    assert opt.momentum == 0.25
    opt.reset()
    assert opt.state()["momentum_buffer"].tolist() == [0.0]
    assert run(opt, [0.0], [[1.0]], 1.0) == [[-1.0]]  # the first step again: buf = g


# -- Adam ----------------------------------------------------------------------------------------

def torch_adam(p0, grads, lr, b1=0.9, b2=0.999, eps=1e-8):
    """torch.optim.Adam's single-tensor step, one scalar at a time."""
    p = list(p0)
    m = [0.0] * len(p)
    v = [0.0] * len(p)
    out = []
    for t, g in enumerate(grads, 1):
        for k, gk in enumerate(g):
            m[k] = m[k] + (gk - m[k]) * (1 - b1)          # exp_avg.lerp_(grad, 1 - beta1)
            v[k] = v[k] * b2 + (1 - b2) * gk * gk         # exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
            step_size = lr / (1 - b1 ** t)
            denom = math.sqrt(v[k]) / math.sqrt(1 - b2 ** t) + eps
            p[k] = p[k] - step_size * m[k] / denom        # param.addcdiv_(exp_avg, denom, value=-step_size)
        out.append(list(p))
    return out, m, v


def test_adam_first_step_moves_each_parameter_by_lr():
    # after one step m̂ = g and v̂ = g², so the step is lr·g / (|g| + eps)
    got = run(Adam(3), [1.0, -1.0, 0.0], [[0.5, -2.0, 1e-3]], 0.1)[0]
    want = [1.0 - 0.1 * 0.5 / (0.5 + 1e-8), -1.0 + 0.1 * 2.0 / (2.0 + 1e-8), -0.1 * 1e-3 / (1e-3 + 1e-8)]
    np.testing.assert_allclose(got, want, rtol=1e-15)


@pytest.mark.parametrize("betas, eps", [((0.9, 0.999), 1e-8), ((0.5, 0.75), 1e-3), ((0.0, 0.0), 1e-8)])
def test_adam_matches_torch_step_for_step(betas, eps):
    rng = np.random.default_rng(7)
    grads = rng.normal(size=(8, 4)) * [1.0, 1e-3, 10.0, 0.0]  # includes a parameter with no gradient
    p0 = [0.5, -1.0, 3.0, 2.0]
    opt = Adam(4, betas=betas, eps=eps)
    got = run(opt, p0, grads, 0.05)
    want, m, v = torch_adam(p0, grads.tolist(), 0.05, *betas, eps)
    np.testing.assert_allclose(got, want, rtol=1e-14, atol=1e-15)  # the same numbers up to rounding
    state = opt.state()
    assert state["step"] == 8
    np.testing.assert_allclose(state["exp_avg"], m, rtol=1e-14, atol=1e-300)
    np.testing.assert_allclose(state["exp_avg_sq"], v, rtol=1e-14, atol=1e-300)


def test_adam_reset_starts_the_bias_correction_again():
    opt = Adam(2)
    first = run(opt, [1.0, 1.0], [[3.0, -0.5]], 0.01)
    run(opt, [0.0, 0.0], [[1.0, 1.0]] * 5, 0.01)
    opt.reset()
    assert opt.state()["step"] == 0 and not opt.state()["exp_avg"].any() and not opt.state()["exp_avg_sq"].any()
    assert run(opt, [1.0, 1.0], [[3.0, -0.5]], 0.01) == first


# -- the stable learning rate each rule admits ------------------------------------------------

def _blows_up(opt, lam, lr, steps=3000):
    """Whole-data steps on L(x) = λ/2·x² from x = 1."""
    p = np.array([1.0])
    for _ in range(steps):
        p = opt.step(p, lam * p, lr)
        if not abs(p[0]) < 1e6:
            return True
    return False


@pytest.mark.parametrize("make", [lambda: GD(1), lambda: SGD(1), lambda: Momentum(1, momentum=0.6),
                                  lambda: Nesterov(1, momentum=0.0), lambda: Nesterov(1, momentum=0.5),
                                  lambda: Nesterov(1, momentum=0.9)], ids=repr)
def test_stable_lr_factor_is_the_edge_of_stability_on_a_quadratic(make):
    lam = 4.0
    top = 2.0 / lam * make().stable_lr_factor()
    assert not _blows_up(make(), lam, 0.98 * top)
    assert _blows_up(make(), lam, 1.02 * top)


def test_adam_has_no_stable_lr_bound():
    assert Adam(1).stable_lr_factor() is None
    assert not _blows_up(Adam(1), 4.0, 100.0)  # its steps are about lr whatever the gradient
