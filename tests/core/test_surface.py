"""Tests for gradviz.core.surface: fast loss surfaces against brute force."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gradviz.core import LOSSES, Line, Network, Neuron, least_squares, loss_surface, loss_surface_naive
from gradviz.core import surface as surface_mod

LESSON_X = np.arange(1.0, 9.0)
LESSON_Y = np.array([0.85, 1.43, 1.92, 2.59, 3.20, 3.82, 4.38, 4.97])

def _close_surface(Z, Zn, rtol=1e-10):
    assert Z.shape == Zn.shape
    scale = max(1.0, float(np.max(np.abs(Zn))))
    np.testing.assert_allclose(Z, Zn, rtol=rtol, atol=rtol * scale)



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



@pytest.mark.parametrize("model", [Line(), Neuron(), Network(3)], ids=repr)
def test_tiny_work_blocks_give_the_same_surfaces(model, monkeypatch):
    # force every route to split rows and data into many small chunks
    monkeypatch.setattr(surface_mod, "_BLOCK", 37)
    x, y = _data(10, 101)
    p = np.random.default_rng(2).normal(0, 1, model.n_params)
    pairs = [(0, 1), (1, 0)] if model.n_params == 2 else [(0, 1), (2, 0), (1, 5), (9, 3)]
    for loss in LOSSES:
        for i, j in pairs:
            u = p[i] + np.linspace(-1, 1, 9)
            v = p[j] + np.linspace(-2, 2, 7)
            _close_surface(loss_surface(model, p, i, j, u, v, x, y, loss),
                           loss_surface_naive(model, p, i, j, u, v, x, y, loss))
