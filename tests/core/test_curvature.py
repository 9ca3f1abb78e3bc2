"""Tests for gradviz.core.curvature: per-point gradients, the analytic Hessian, its summary."""

import math

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.core import LOSSES, Line, Network, Neuron

from finite_differences import fd_hessian, random_case  # tests/core/finite_differences.py

LESSON_X = np.arange(1.0, 9.0)
LESSON_Y = np.array([0.85, 1.43, 1.92, 2.59, 3.20, 3.82, 4.38, 4.97])

MODELS = [Line(), Neuron(), Network(1), Network(3), Network(8)]


def _case(model, loss, seed, n=11):
    return random_case(model, np.random.default_rng(seed), loss, n)


def _per_point_reference(model, p, x, y, loss):
    """Row i: the gradient of point i's own term of the loss (mse: (1/n)·e², so the 1/n stays)."""
    n = x.size
    rows = []
    for i in range(n):
        _, g = model.loss_and_grad(p, x[i:i + 1], y[i:i + 1], "l2" if loss == "mse" else loss)
        rows.append(g * (2.0 / n) if loss == "mse" else g)
    return np.array(rows)


@pytest.mark.parametrize("model", MODELS, ids=repr)
@pytest.mark.parametrize("loss", LOSSES)
def test_per_point_rows_add_up_to_the_gradient(model, loss):
    for seed in range(4):
        p, x, y = _case(model, loss, seed)
        G = gc.per_point_gradients(model, p, x, y, loss)
        assert G.shape == (x.size, model.n_params)
        g = model.loss_and_grad(p, x, y, loss)[1]
        np.testing.assert_allclose(G.sum(axis=0), g, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(G, _per_point_reference(model, p, x, y, loss), rtol=1e-12, atol=1e-12)


def test_per_point_gradients_of_the_line_on_the_lesson_data_written_out():
    p = np.array([1.0, 0.0])
    e = LESSON_X - LESSON_Y
    G = gc.per_point_gradients(Line(), p, LESSON_X, LESSON_Y, "mse")
    np.testing.assert_allclose(G[:, 0], 2 * e * LESSON_X / 8, rtol=1e-15)
    np.testing.assert_allclose(G[:, 1], 2 * e / 8, rtol=1e-15)


def test_per_point_gradients_with_no_data():
    for model in MODELS:
        G = gc.per_point_gradients(model, model.init_params(), [], [], "mse")
        assert G.shape == (0, model.n_params)


@pytest.mark.parametrize("model", MODELS, ids=repr)
@pytest.mark.parametrize("loss", LOSSES)
def test_hessian_matches_finite_differences_of_the_gradient(model, loss):
    for seed in range(4):
        p, x, y = _case(model, loss, 100 + seed)
        Hs = gc.hessian(model, p, x, y, loss)
        assert Hs.shape == (model.n_params, model.n_params)
        np.testing.assert_array_equal(Hs, Hs.T)
        ref = fd_hessian(model, p, x, y, loss)
        scale = max(1.0, np.abs(ref).max())
        np.testing.assert_allclose(Hs, ref, rtol=1e-5, atol=2e-6 * scale)


@pytest.mark.parametrize("loss", ["l2", "mse"])
def test_the_lines_hessian_is_constant_and_gives_max_stable_lr(loss):
    for p in ([1.0, 0.0], [-40.0, 7.0]):
        Hs = gc.hessian(Line(), p, LESSON_X, LESSON_Y, loss)
        k = 1.0 if loss == "l2" else 2.0 / 8
        np.testing.assert_allclose(Hs, k * np.array([[204.0, 36.0], [36.0, 8.0]]), rtol=1e-15)
        s = gc.quadratic_summary(Hs)
        assert s.stable_lr == pytest.approx(gc.max_stable_lr(LESSON_X, LESSON_Y, loss), rel=1e-12)


def test_l1_hessian_of_the_line_is_zero_and_its_rate_unbounded():
    Hs = gc.hessian(Line(), [1.0, 0.0], LESSON_X, LESSON_Y, "l1")
    np.testing.assert_array_equal(Hs, np.zeros((2, 2)))
    s = gc.quadratic_summary(Hs)
    assert s.stable_lr == math.inf and s.condition == math.inf and not s.convex


def test_quadratic_summary_of_a_known_matrix():
    # eigenvalues 1 and 9 along the diagonals
    B = np.array([[5.0, 4.0], [4.0, 5.0]])
    s = gc.quadratic_summary(B)
    np.testing.assert_allclose(s.eigenvalues, [1.0, 9.0], rtol=1e-14)
    assert s.condition == pytest.approx(9.0, rel=1e-14)
    assert s.stable_lr == pytest.approx(2.0 / 9.0, rel=1e-14)
    assert s.convex
    np.testing.assert_allclose(np.abs(s.directions[:, 1]), [2 ** -0.5, 2 ** -0.5], rtol=1e-14)
    np.testing.assert_allclose(B @ s.directions, s.directions * s.eigenvalues, atol=1e-13)


def test_a_saddle_is_not_convex_and_the_rate_comes_from_the_upward_direction():
    s = gc.quadratic_summary(np.diag([-3.0, 2.0]))
    assert not s.convex and s.stable_lr == pytest.approx(1.0) and s.condition == pytest.approx(1.5)


@pytest.mark.parametrize("bad", [
    lambda: gc.per_point_gradients("line", [1, 0], [1], [1], "l2"),
    lambda: gc.per_point_gradients(Line(), [1, 0], [1], [1], "huber"),
    lambda: gc.hessian(Line(), [1, 0, 3], [1], [1], "l2"),
    lambda: gc.hessian(Line(), [1, 0], [1, 2], [1], "l2"),
    lambda: gc.quadratic_summary(np.zeros((2, 3))),
])
def test_bad_arguments_get_one_clear_value_error(bad):
    with pytest.raises(ValueError):
        bad()
