"""Landscape: least squares, the stable learning rate, fast surfaces vs brute force, windows."""

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gradviz.core import (LOSSES, Line, Network, Neuron, least_squares, loss_surface, loss_surface_naive,
                          max_stable_lr, suggest_window)

LESSON_X = np.arange(1.0, 9.0)
LESSON_Y = np.array([0.85, 1.43, 1.92, 2.59, 3.20, 3.82, 4.38, 4.97])


def _lstsq(x, y):
    A = np.column_stack([x, np.ones_like(x)])
    return np.linalg.lstsq(A, y, rcond=None)[0]


def _close_surface(Z, Zn, rtol=1e-10):
    assert Z.shape == Zn.shape
    scale = max(1.0, float(np.max(np.abs(Zn))))
    np.testing.assert_allclose(Z, Zn, rtol=rtol, atol=rtol * scale)


# -- least squares -------------------------------------------------------------------------------

def test_least_squares_lesson():
    w, b = least_squares(LESSON_X, LESSON_Y)
    np.testing.assert_allclose([w, b], _lstsq(LESSON_X, LESSON_Y), rtol=1e-12)
    assert isinstance(w, float) and isinstance(b, float)


@pytest.mark.parametrize("seed", range(5))
def test_least_squares_matches_lstsq(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 300))
    x = rng.normal(rng.normal(0, 10), rng.uniform(0.1, 10), n)
    y = rng.normal(0, 3) * x + rng.normal(0, 5) + rng.normal(0, 1, n)
    np.testing.assert_allclose(least_squares(x, y), _lstsq(x, y), rtol=1e-9, atol=1e-9)


def test_least_squares_singular_cases():
    assert least_squares([], []) == (0.0, 0.0)
    assert least_squares([3.0], [5.0]) == (0.0, 5.0)
    assert least_squares([2.0, 2.0, 2.0], [1.0, 2.0, 6.0]) == (0.0, pytest.approx(3.0))


def test_least_squares_large_offsets():
    rng = np.random.default_rng(7)
    off = 1e9
    k = rng.uniform(0, 100, 200)
    x = off + k
    y = 0.37 * k - 4.0 + rng.normal(0, 0.5, 200)
    w_ref, b0 = _lstsq(k, y)  # fit on the shifted data: well conditioned
    b_ref = b0 - w_ref * off
    w, b = least_squares(x, y)
    assert w == pytest.approx(w_ref, rel=1e-7)
    # the intercept at x = 0 is ~1e9 away from the data; compare the line where the data is
    assert w * off + b == pytest.approx(w_ref * off + b_ref, abs=1e-5)


# -- max stable learning rate -------------------------------------------------------------------

def test_max_stable_lr_lesson():
    lr = max_stable_lr(LESSON_X, LESSON_Y, "l2")
    assert lr == pytest.approx(0.0095, abs=1e-4)  # why seed 001's 0.01 is too high
    assert 0.001 < lr < 0.01
    assert max_stable_lr(LESSON_X, LESSON_Y, "mse") == pytest.approx(lr * 8 / 2)
    assert max_stable_lr(LESSON_X, LESSON_Y, "l1") == math.inf
    assert max_stable_lr([], [], "l2") == math.inf
    with pytest.raises(ValueError):
        max_stable_lr(LESSON_X, LESSON_Y, "huber")


def _gd_line(x, y, loss, lr, steps, p0=(1.0, 0.0)):
    """Independent plain-numpy gradient descent; returns the final params and max loss."""
    w, b = p0
    n = x.size
    k = 1.0 if loss == "l2" else 2.0 / n
    worst = 0.0
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            e = w * x + b - y
            worst = max(worst, float(e @ e))
            if not np.isfinite(worst) or worst > 1e30:
                return None, worst
            w, b = w - lr * k * float(e @ x), b - lr * k * float(e.sum())
    return (w, b), worst


@pytest.mark.parametrize("loss", ["l2", "mse"])
@pytest.mark.parametrize("data", ["lesson", "random"])
def test_gd_converges_just_below_and_diverges_just_above(loss, data):
    if data == "lesson":
        x, y = LESSON_X, LESSON_Y
    else:
        rng = np.random.default_rng(11)
        x = rng.uniform(-1, 4, 30)
        y = 1.7 * x - 0.3 + rng.normal(0, 0.3, 30)
    lr = max_stable_lr(x, y, loss)
    opt = np.array(least_squares(x, y))
    p, _ = _gd_line(x, y, loss, 0.98 * lr, 6000)
    assert p is not None
    np.testing.assert_allclose(p, opt, atol=1e-6)
    p, worst = _gd_line(x, y, loss, 1.02 * lr, 6000)
    assert p is None and worst > 1e30


# -- surfaces vs brute force ----------------------------------------------------------------------

def _data(seed, n=15):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2, 3, n)
    y = np.sin(x) + rng.normal(0, 0.3, n)
    return x, y


@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize("ij", [(0, 1), (1, 0)])
def test_line_surface_matches_naive(loss, ij):
    x, y = _data(1, 40)
    u = np.linspace(-3, 3, 23)
    v = np.linspace(-2, 4, 17)
    Z = loss_surface(Line(), [0.5, 0.5], *ij, u, v, x, y, loss)
    _close_surface(Z, loss_surface_naive(Line(), [0.5, 0.5], *ij, u, v, x, y, loss))


@pytest.mark.parametrize("loss", LOSSES)
def test_neuron_surface_matches_naive(loss):
    x, y = _data(2)
    y = (y > 0.3).astype(float)
    for i, j in ((0, 1), (1, 0)):
        u, v = np.linspace(-4, 4, 9), np.linspace(-3, 5, 7)
        _close_surface(loss_surface(Neuron(), [1.0, 0.0], i, j, u, v, x, y, loss),
                       loss_surface_naive(Neuron(), [1.0, 0.0], i, j, u, v, x, y, loss))


# Network(3): 0..8 = w1 b1 v1 w2 b2 v2 w3 b3 v3, 9 = c
NETWORK_SLICES = [
    (0, 1), (1, 0),  # w, b of one neuron (G²·n sigmoids)
    (3, 5), (5, 3), (7, 8), (8, 6),  # w/b with v of the same neuron (linear in v)
    (0, 4), (2, 8), (6, 2),  # two different neurons
    (9, 0), (4, 9), (2, 9), (9, 5),  # with the output bias c
]


@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize("ij", NETWORK_SLICES)
def test_network_slices_match_naive(loss, ij):
    model = Network(3)
    x, y = _data(3, 11)
    p = np.random.default_rng(4).normal(0, 1.2, model.n_params)
    i, j = ij
    u = p[i] + np.linspace(-2, 2, 8)
    v = p[j] + np.linspace(-3, 1.5, 6)
    _close_surface(loss_surface(model, p, i, j, u, v, x, y, loss),
                   loss_surface_naive(model, p, i, j, u, v, x, y, loss))


@pytest.mark.parametrize("loss", ["l2", "l1"])
def test_network_slice_with_huge_weights_uses_the_stable_route(loss):
    model = Network(2)
    x, y = _data(5, 9)
    p = np.array([1.0, 0.5, 2.0, -1.0, 0.2, 1.0, 0.3])
    u = np.linspace(-500, 500, 7)  # |w·x| > 350: the separable exp route would overflow
    v = np.linspace(-900, 900, 5)
    _close_surface(loss_surface(model, p, 0, 1, u, v, x, y, loss),
                   loss_surface_naive(model, p, 0, 1, u, v, x, y, loss))


def test_network_slice_many_points_is_chunked():
    model = Network(2)
    rng = np.random.default_rng(6)
    x = rng.uniform(-3, 3, 3000)
    y = np.tanh(x)
    p = model.init_params(1)
    u, v = np.linspace(-2, 2, 5), np.linspace(-1, 1, 4)
    for loss in LOSSES:
        for i, j in ((0, 1), (0, 3), (2, 6)):
            _close_surface(loss_surface(model, p, i, j, u, v, x, y, loss),
                           loss_surface_naive(model, p, i, j, u, v, x, y, loss))


def test_generic_route_for_other_models():
    class MyLine(Line):  # not the exact Line type: takes the generic vectorised route
        pass

    x, y = _data(8)
    u, v = np.linspace(-1, 1, 5), np.linspace(0, 2, 4)
    for loss in LOSSES:
        _close_surface(loss_surface(MyLine(), [1.0, 0.0], 1, 0, u, v, x, y, loss),
                       loss_surface_naive(Line(), [1.0, 0.0], 1, 0, u, v, x, y, loss))


# -- line L1: exactness of the bucketed route -----------------------------------------------------

def test_line_l1_exact_ties_on_grid_lines():
    # integer data and grids: many residuals y - w·x land exactly on b-grid values
    x = np.array([0.0, 1.0, 2.0, 3.0, 4.0, 5.0, -1.0, -2.0])
    y = np.array([1.0, 3.0, 2.0, 7.0, 9.0, 11.0, -1.0, 0.0])
    u = np.linspace(-2, 3, 11)  # steps of 0.5
    v = np.linspace(-4, 6, 21)  # steps of 0.5
    Z = loss_surface(Line(), [0, 0], 0, 1, u, v, x, y, "l1")
    ref = np.abs(u[:, None, None] * x + v[None, :, None] - y).sum(-1)
    np.testing.assert_allclose(Z, ref, rtol=0, atol=1e-12)


def test_line_l1_residual_a_hair_from_a_grid_line():
    v = np.linspace(0.0, 1.0, 11)  # 0.1 steps, 0.3 is not exactly 3 * 0.1
    x = np.zeros(6)
    eps = np.spacing(0.3)
    y = np.array([v[3], v[3] + eps, v[3] - eps, v[7] + 4 * eps, v[7] - 4 * eps, 0.55])
    Z = loss_surface(Line(), [0, 0], 0, 1, [0.0], v, x, y, "l1")[0]
    exact = [float(sum(abs(Fraction(b) - Fraction(t)) for t in y)) for b in v]
    np.testing.assert_allclose(Z, exact, rtol=1e-15, atol=1e-15)


@pytest.mark.parametrize("grid", ["uniform", "decreasing", "nonuniform", "duplicates"])
def test_line_l1_grids(grid):
    x, y = _data(9, 200)
    u = np.linspace(-1, 2, 13)
    v = {"uniform": np.linspace(-2, 2, 31),
         "decreasing": np.linspace(2, -2, 31),
         "nonuniform": np.sort(np.random.default_rng(1).uniform(-2, 2, 31)),
         "duplicates": np.array([0.5, -1.0, 0.5, 2.0, 0.0, 3.0, -1.0])}[grid]
    for ij in ((0, 1), (1, 0)):
        uu, vv = (u, v) if ij == (0, 1) else (v, u)
        _close_surface(loss_surface(Line(), [0, 0], *ij, uu, vv, x, y, "l1"),
                       loss_surface_naive(Line(), [0, 0], *ij, uu, vv, x, y, "l1"))


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 40), gw=st.integers(1, 9), gb=st.integers(1, 12),
       lo=st.floats(-50, 50), width=st.floats(1e-3, 100), loss=st.sampled_from(LOSSES))
def test_line_surface_property(seed, n, gw, gb, lo, width, loss):
    rng = np.random.default_rng(seed)
    x = np.round(rng.normal(0, 5, n), 1)
    y = np.round(rng.normal(0, 20, n), 1)
    u = np.linspace(-3, 3, gw)
    v = np.linspace(lo, lo + width, gb)
    _close_surface(loss_surface(Line(), [0, 0], 0, 1, u, v, x, y, loss),
                   loss_surface_naive(Line(), [0, 0], 0, 1, u, v, x, y, loss), rtol=1e-9)


def test_line_l2_surface_accurate_with_huge_x():
    # x ~ 1e9: compare fast and naive with the exact value (rational arithmetic)
    rng = np.random.default_rng(12)
    k = rng.uniform(0, 10, 20)
    x = 1e9 + k
    y = 2.0 * k + 1.0 + rng.normal(0, 0.1, 20)
    w0, b0 = least_squares(x, y)
    u = w0 + np.linspace(-1e-9, 1e-9, 5)
    v = b0 + np.linspace(-0.5, 0.5, 4)
    Z = loss_surface(Line(), [0, 0], 0, 1, u, v, x, y, "l2")
    for a in range(u.size):
        for b in range(v.size):
            ex = float(sum((Fraction(u[a]) * Fraction(xi) + Fraction(v[b]) - Fraction(yi)) ** 2
                           for xi, yi in zip(x, y)) / 2)
            # any float evaluation of w·x at x ~ 1e9 has an error ~1e-7 per point
            assert Z[a, b] == pytest.approx(ex, rel=1e-6, abs=1e-6)


def test_surface_argument_errors():
    x, y = LESSON_X, LESSON_Y
    with pytest.raises(ValueError, match="differ"):
        loss_surface(Line(), [1, 0], 0, 0, [0.0], [0.0], x, y, "l2")
    with pytest.raises(ValueError, match="indices"):
        loss_surface(Line(), [1, 0], 0, 2, [0.0], [0.0], x, y, "l2")
    with pytest.raises(ValueError, match="finite"):
        loss_surface(Line(), [1, 0], 0, 1, [np.nan], [0.0], x, y, "l2")
    with pytest.raises(ValueError):
        loss_surface(Line(), [1, 0], 0, 1, [0.0], [0.0], x, y, "hinge")
    Z = loss_surface(Network(2), Network(2).init_params(), -1, 0, [0.0, 1.0], [0.0], x, y, "l2")
    assert Z.shape == (2, 1)


def test_surface_on_empty_data_is_zero():
    for model in (Line(), Neuron(), Network(2)):
        for loss in LOSSES:
            Z = loss_surface(model, model.init_params(), 0, 1, [0.0, 1.0], [2.0, 3.0, 4.0], [], [], loss)
            assert Z.shape == (2, 3) and np.all(Z == 0)


# -- windows --------------------------------------------------------------------------------------

def _inside(val, win):
    return win[0] <= val <= win[1]


def test_window_holds_point_optimum_and_path():
    p = np.array([1.0, 0.0])
    (wl, wh), (bl, bh) = suggest_window(Line(), p, 0, 1, LESSON_X, LESSON_Y, "l2")
    w0, b0 = least_squares(LESSON_X, LESSON_Y)
    for val, win in ((1.0, (wl, wh)), (w0, (wl, wh)), (0.0, (bl, bh)), (b0, (bl, bh))):
        assert _inside(val, win)
    assert wl < min(1.0, w0) and wh > max(1.0, w0)  # padded
    path = np.array([[1.0, 0.0], [3.0, -2.0], [np.nan, 5.0], [0.5, 0.5]])
    uw, vw = suggest_window(Line(), p, 1, 0, LESSON_X, LESSON_Y, "l1", path=path)
    assert _inside(-2.0, uw) and _inside(5.0, uw) and _inside(3.0, vw) and _inside(w0, vw)


def test_window_never_zero_width_and_finite():
    net = Network(2)
    p = np.zeros(net.n_params)
    (a, b), (c, d) = suggest_window(net, p, 0, 6, [], [], "mse")
    assert a < 0 < b and c < 0 < d
    p[0] = 1e308
    (a, b), (c, d) = suggest_window(net, p, 0, 1, [1.0], [2.0], "l2", optimum=-p)
    assert all(np.isfinite([a, b, c, d])) and a < b and c < d
    (a, b), _ = suggest_window(Line(), [2.0, 2.0], 0, 1, [1.0], [4.0], "l2", optimum=[2.0, 2.0])
    assert a < 2.0 < b
    with pytest.raises(ValueError):
        suggest_window(Line(), [2.0, 2.0], 0, 1, [1.0], [4.0], "l2", path=np.zeros((3, 3)))


@pytest.mark.parametrize("model", [Line(), Neuron(), Network(3)], ids=repr)
def test_tiny_work_blocks_give_the_same_surfaces(model, monkeypatch):
    # force every route to split rows and data into many small chunks
    import gradviz.core.landscape as ls

    monkeypatch.setattr(ls, "_BLOCK", 37)
    x, y = _data(10, 101)
    p = np.random.default_rng(2).normal(0, 1, model.n_params)
    pairs = [(0, 1), (1, 0)] if model.n_params == 2 else [(0, 1), (2, 0), (1, 5), (9, 3)]
    for loss in LOSSES:
        for i, j in pairs:
            u = p[i] + np.linspace(-1, 1, 9)
            v = p[j] + np.linspace(-2, 2, 7)
            _close_surface(loss_surface(model, p, i, j, u, v, x, y, loss),
                           loss_surface_naive(model, p, i, j, u, v, x, y, loss))
