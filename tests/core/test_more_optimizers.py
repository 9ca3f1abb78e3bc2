"""Nesterov, RMSprop, Adagrad, AdamW and weight decay against torch.optim, by hand.

No torch here: each reference is the update rule of the torch.optim class written out
scalar by scalar in plain Python floats, in the order of operations the core uses
(torch's ``addcmul``/``addcdiv`` give the same numbers up to rounding), over several
steps, with and without weight decay.
"""

import math

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.core.more_optimizers import Adagrad, AdamW, Nesterov, RMSprop
from gradviz.core.optimizers import Adam, Momentum, make_optimizer

from training_helpers import run_optimizer  # tests/core/

RNG = np.random.default_rng(15)
GRADS = (RNG.normal(size=(7, 3)) * [1.0, 1e-3, 10.0]).tolist()
P0 = [0.5, -1.0, 3.0]


run = run_optimizer


def close(got, want):
    np.testing.assert_allclose(got, want, rtol=1e-15, atol=1e-300)


def decayed(g, p, wd):
    """torch's coupled L2 weight decay: grad = grad.add(param, alpha=weight_decay)."""
    return [p_ * wd + g_ for g_, p_ in zip(g, p)] if wd else list(g)


# -- Nesterov -----------------------------------------------------------------------------------

def test_nesterov_by_hand_in_exact_binary_numbers():
    # SGD(lr=0.25, momentum=0.5, nesterov=True): buf = g on the first step, then
    # buf = 0.5·buf + g; p -= 0.25·(g + 0.5·buf)
    #   g1 = 1:   buf = 1       p = 1 - 0.25·(1 + 0.5)      = 0.625
    #   g2 = 0.5: buf = 1       p = 0.625 - 0.25·(0.5+0.5)  = 0.375
    #   g3 = -2:  buf = -1.5    p = 0.375 - 0.25·(-2-0.75)  = 1.0625
    opt = Nesterov(1, momentum=0.5)
    assert run(opt, [1.0], [[1.0], [0.5], [-2.0]], 0.25) == [[0.625], [0.375], [1.0625]]
    assert opt.state()["momentum_buffer"].tolist() == [-1.5]


@pytest.mark.parametrize("wd", [0.0, 0.3])
def test_nesterov_matches_torch_step_for_step(wd):
    mu, lr = 0.9, 0.03
    p, buf, want = list(P0), None, []
    for g in GRADS:
        g = decayed(g, p, wd)
        buf = list(g) if buf is None else [b * mu + gi for b, gi in zip(buf, g)]
        p = [pi - (b * mu + gi) * lr for pi, b, gi in zip(p, buf, g)]
        want.append(p)
    close(run(Nesterov(3, momentum=mu, weight_decay=wd), P0, GRADS, lr), want)


# -- RMSprop and Adagrad --------------------------------------------------------------------------

@pytest.mark.parametrize("wd, eps", [(0.0, 1e-8), (0.2, 1e-3)])
def test_rmsprop_matches_torch_step_for_step(wd, eps):
    alpha, lr = 0.99, 0.01
    p, s, want = list(P0), [0.0] * 3, []
    for g in GRADS:
        g = decayed(g, p, wd)
        s = [si * alpha + gi * gi * (1 - alpha) for si, gi in zip(s, g)]
        p = [pi - gi / (math.sqrt(si) + eps) * lr for pi, gi, si in zip(p, g, s)]
        want.append(p)
    opt = RMSprop(3, eps=eps, weight_decay=wd)
    close(run(opt, P0, GRADS, lr), want)
    close(opt.state()["square_avg"], s)


def test_rmsprop_defaults_are_torchs():
    opt = make_optimizer("rmsprop", 2)
    assert (opt.alpha, opt.eps, opt.weight_decay) == (0.99, 1e-8, 0.0)


@pytest.mark.parametrize("wd, eps", [(0.0, 1e-10), (0.5, 1e-2)])
def test_adagrad_matches_torch_step_for_step(wd, eps):
    lr = 0.1
    p, s, want = list(P0), [0.0] * 3, []
    for g in GRADS:
        g = decayed(g, p, wd)
        s = [si + gi * gi for si, gi in zip(s, g)]
        p = [pi - gi / (math.sqrt(si) + eps) * lr for pi, gi, si in zip(p, g, s)]
        want.append(p)
    opt = Adagrad(3, eps=eps, weight_decay=wd)
    close(run(opt, P0, GRADS, lr), want)
    state = opt.state()
    assert state["step"] == len(GRADS)
    close(state["sum"], s)
    assert make_optimizer("adagrad", 1).eps == 1e-10  # torch's default


def test_adagrad_first_step_moves_each_parameter_by_about_lr():
    got = run(Adagrad(2), [0.0, 0.0], [[4.0, -0.25]], 0.5)[0]
    assert got == [-0.5 * 4.0 / (4.0 + 1e-10), 0.5 * 0.25 / (0.25 + 1e-10)]


# -- Adam with coupled decay and AdamW --------------------------------------------------------------

def adam_reference(p0, grads, lr, b1, b2, eps, wd, decoupled):
    """torch.optim.Adam (coupled decay) or AdamW (decoupled), in the core's order."""
    p, m, v, out = list(p0), [0.0] * len(p0), [0.0] * len(p0), []
    for t, g in enumerate(grads, 1):
        if decoupled:
            p = [pi * (1 - lr * wd) for pi in p]  # param.mul_(1 - lr * weight_decay)
        else:
            g = decayed(g, p, wd)
        m = [mi * b1 + gi * (1 - b1) for mi, gi in zip(m, g)]
        v = [vi * b2 + gi * gi * (1 - b2) for vi, gi in zip(v, g)]
        c1, c2 = 1 - b1 ** t, 1 - b2 ** t
        p = [pi - mi / (math.sqrt(vi * (1 / c2)) + eps) * (lr / c1) for pi, mi, vi in zip(p, m, v)]
        out.append(p)
    return out


@pytest.mark.parametrize("wd", [0.0, 0.1])
def test_adam_with_weight_decay_matches_torch(wd):
    got = run(Adam(3, betas=(0.8, 0.99), eps=1e-6, weight_decay=wd), P0, GRADS, 0.05)
    close(got, adam_reference(P0, GRADS, 0.05, 0.8, 0.99, 1e-6, wd, decoupled=False))


@pytest.mark.parametrize("wd", [0.01, 0.5])
def test_adamw_matches_torch_step_for_step(wd):
    got = run(AdamW(3, weight_decay=wd), P0, GRADS, 0.05)
    close(got, adam_reference(P0, GRADS, 0.05, 0.9, 0.999, 1e-8, wd, decoupled=True))


def test_adamw_defaults_and_without_decay_is_adam():
    assert make_optimizer("adamw", 1).weight_decay == 0.01  # torch.optim.AdamW's default
    assert make_optimizer("adam", 1).weight_decay == 0.0
    assert run(AdamW(3, weight_decay=0.0), P0, GRADS, 0.05) == run(Adam(3), P0, GRADS, 0.05)
    assert run(AdamW(3), P0, GRADS, 0.05) != run(Adam(3), P0, GRADS, 0.05)


@pytest.mark.parametrize("name", gc.OPTIMIZERS)
def test_weight_decay_adds_wd_times_p_to_the_gradient(name):
    # for every rule but AdamW, decay wd is the rule on g + wd·p: the same steps as no
    # decay fed that gradient
    if name == "adamw":
        return
    wd = 0.25
    a, b = make_optimizer(name, 3, weight_decay=wd), make_optimizer(name, 3, weight_decay=0.0)
    pa, pb = np.array(P0), np.array(P0)
    for g in GRADS:
        pa = a.step(pa, np.array(g), 0.01)
        pb = b.step(pb, np.array(g) + wd * pb, 0.01)
        assert pa.tolist() == pb.tolist()


# -- changing hyperparameters, reset, out -------------------------------------------------------------

def test_set_changes_hyperparameters_and_keeps_the_state():
    opt = make_optimizer("adamw", 2, weight_decay=0.0)
    opt.step(np.zeros(2), np.ones(2), 0.1)
    opt.set("betas", (0.5, 0.6))
    opt.set("eps", 1e-3)
    opt.set("weight_decay", 0.2)
    opt.set("momentum", 0.3)  # not Adam's: ignored
    assert (opt.betas, opt.eps, opt.weight_decay, opt.state()["step"]) == ((0.5, 0.6), 1e-3, 0.2, 1)
    for name, bad in (("betas", (1.0, 0.5)), ("eps", 0.0), ("weight_decay", -1.0)):
        with pytest.raises(ValueError):
            opt.set(name, bad)
    rms = make_optimizer("rmsprop", 1)
    rms.set("eps", 0.5)
    assert rms.eps == 0.5


@pytest.mark.parametrize("name", gc.OPTIMIZERS)
@pytest.mark.parametrize("wd", [0.0, 0.1])
def test_reset_starts_again_and_out_is_honoured(name, wd):
    opt = make_optimizer(name, 3, weight_decay=wd)
    first = run(opt, P0, GRADS[:2], 0.01)
    run(opt, P0, GRADS, 0.01)
    opt.reset()
    assert run(opt, P0, GRADS[:2], 0.01) == first
    opt.reset()
    p, q = np.array(P0), np.empty(3)
    assert opt.step(p, np.array(GRADS[0]), 0.01, q) is q and p.tolist() == P0
    assert q.tolist() == first[0]
    opt.reset()
    assert opt.step(p, np.array(GRADS[0]), 0.01, p) is p and p.tolist() == first[0]


# -- stable rates ----------------------------------------------------------------------------------

# Nesterov's edge of stability is tested with the others' in test_optimizers.py


def test_no_bound_where_none_is_known():
    assert [make_optimizer(n, 1).stable_lr_factor() for n in ("rmsprop", "adagrad", "adamw")] == [None] * 3
    assert Momentum(1, weight_decay=0.1).stable_lr_factor() is None
    assert make_optimizer("gd", 1, weight_decay=0.1).stable_lr_factor() is None


def test_optimizer_defaults():
    assert gc.optimizer_defaults("adagrad") == {"settings": ("eps",), "eps": 1e-10, "weight_decay": 0.0}
    assert gc.optimizer_defaults("adamw") == {"settings": ("betas", "eps"), "eps": 1e-8, "weight_decay": 0.01}
    assert gc.optimizer_defaults("nesterov")["settings"] == ("momentum",)
    assert gc.optimizer_defaults("gd") == {"settings": (), "eps": None, "weight_decay": 0.0}
