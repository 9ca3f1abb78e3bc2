"""Tests for gradviz.core.slices: loss slices against brute force, their slope against the
gradient, and the roller-coaster polynomial's derivative against finite differences."""

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.core import LOSSES, Line, Network, Neuron, loss_slice

LESSON_X = np.arange(1.0, 9.0)
LESSON_Y = np.array([0.85, 1.43, 1.92, 2.59, 3.20, 3.82, 4.38, 4.97])


def _brute(model, p, i, u, x, y, loss):
    out = []
    for value in u:
        q = np.array(p, dtype=float)
        q[i] = value
        out.append(model.loss(q, x, y, loss))
    return np.array(out)


def _data(seed, n=25):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2, 3, n)
    return x, np.sin(x) + rng.normal(0, 0.3, n)


MODELS = [
    (Line(), [0.7, -0.4]),
    (Neuron(), [1.3, -0.2]),
    (Network(3), list(np.random.default_rng(5).normal(0, 1, 10))),
]


@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize("model,params", MODELS, ids=lambda m: getattr(m, "name", ""))
def test_slice_matches_brute_force_for_every_parameter(model, params, loss):
    x, y = _data(3)
    u = np.linspace(-3.0, 2.5, 41)
    for i in range(model.n_params):
        got = loss_slice(model, params, i, u, x, y, loss)
        want = _brute(model, params, i, u, x, y, loss)
        assert got.shape == u.shape
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-10 * max(1.0, float(np.max(want))))


def test_lesson_line_slices_are_the_seeds_numbers():
    # seed 001: L2 = ½Σ(w·x + b − y)²; at (w, b) = (1, 0) the slice along w passes through L(1, 0)
    u = np.array([0.0, 1.0, 0.6])
    got = loss_slice(Line(), [1.0, 0.0], 0, u, LESSON_X, LESSON_Y, "l2")
    want = [0.5 * np.sum((w * LESSON_X - LESSON_Y) ** 2) for w in u]
    np.testing.assert_allclose(got, want, rtol=1e-12)


def test_slice_on_an_uneven_grid_and_a_negative_index():
    x, y = _data(4)
    u = np.array([2.0, -1.0, 0.5, 0.5, 7.0])
    np.testing.assert_allclose(loss_slice(Line(), [0.3, 0.1], -1, u, x, y, "l1"),
                               _brute(Line(), [0.3, 0.1], 1, u, x, y, "l1"), rtol=1e-12)


@pytest.mark.parametrize("loss", ["l2", "mse"])
@pytest.mark.parametrize("model,params", MODELS, ids=lambda m: getattr(m, "name", ""))
def test_slope_of_the_slice_at_the_point_is_the_gradient_component(model, params, loss):
    """The partial derivative is the slope of the one-variable curve: a central difference
    of the slice at the current value equals that component of the analytic gradient."""
    x, y = _data(6)
    _, grad = model.loss_and_grad(params, x, y, loss)
    h = 1e-5
    for i in range(model.n_params):
        u = np.array([params[i] - h, params[i] + h])
        lo, hi = loss_slice(model, params, i, u, x, y, loss)
        assert (hi - lo) / (2 * h) == pytest.approx(grad[i], rel=1e-6, abs=1e-7)


def test_l1_slope_away_from_kinks_is_the_gradient_component():
    x, y = LESSON_X, LESSON_Y
    params = [0.5, 0.3]  # no residual is zero here, so L1 is smooth around the point
    _, grad = Line().loss_and_grad(params, x, y, "l1")
    h = 1e-7
    for i in range(2):
        lo, hi = loss_slice(Line(), params, i, [params[i] - h, params[i] + h], x, y, "l1")
        assert (hi - lo) / (2 * h) == pytest.approx(grad[i], rel=1e-6)


def test_empty_data_gives_zero_loss():
    assert loss_slice(Line(), [1.0, 0.0], 0, [0.0, 1.0], [], [], "mse").tolist() == [0.0, 0.0]


@pytest.mark.parametrize("args,message", [
    ((Line(), [1.0, 0.0], 2, [0.0]), "parameter index must be an integer in 0..1"),
    ((Line(), [1.0, 0.0], 0.5, [0.0]), "must be an integer"),
    ((Line(), [1.0, 0.0], 0, [[0.0]]), "1-D grid of finite numbers"),
    ((Line(), [1.0, 0.0], True, [0.0]), "must be an integer"),
    ((Line(), [1.0, 0.0], 0, [np.nan]), "finite"),
    ((Line(), [1.0], 0, [0.0]), "needs 2 parameters"),
    (("line", [1.0, 0.0], 0, [0.0]), "gradviz Model"),
])
def test_bad_arguments_are_named(args, message):
    with pytest.raises(ValueError, match=message):
        loss_slice(*args, LESSON_X, LESSON_Y, "l2")
    with pytest.raises(ValueError, match="unknown loss"):
        loss_slice(Line(), [1.0, 0.0], 0, [0.0], LESSON_X, LESSON_Y, "l3")


# -- the roller coaster --------------------------------------------------------------------------

def test_roller_coaster_matches_the_seed_widget():
    # seed 001's widget: x slides over [-2.5, 2.5] and shows "slope of tangent: 1.3000" at x = 0
    assert gc.ROLLER_COASTER_RANGE == (-2.5, 2.5)
    assert f"{gc.roller_coaster_slope(0.0):.4f}" == "1.3000"
    x = np.linspace(-2.5, 2.5, 2001)
    s = gc.roller_coaster_slope(x)
    valleys = x[1:][(s[:-1] < 0) & (s[1:] >= 0)]
    assert len(valleys) == 2  # a roller coaster: two valleys, a hill between them


def test_tangent_slope_against_finite_differences():
    for x0 in np.linspace(-2.5, 2.5, 23):
        h = 1e-6
        fd = (gc.roller_coaster(x0 + h) - gc.roller_coaster(x0 - h)) / (2 * h)
        assert gc.roller_coaster_slope(x0) == pytest.approx(fd, rel=1e-7, abs=1e-8)
        # the tangent touches f at x0 and has that slope
        t = gc.tangent_line(x0, gc.roller_coaster(x0), gc.roller_coaster_slope(x0), [x0, x0 + 1.0])
        assert t[0] == pytest.approx(gc.roller_coaster(x0))
        assert t[1] - t[0] == pytest.approx(fd, rel=1e-7, abs=1e-8)


def test_roller_coaster_scalars_and_arrays():
    assert isinstance(gc.roller_coaster(1.0), float)
    assert gc.roller_coaster(np.zeros((2, 3))).shape == (2, 3)
    assert gc.roller_coaster(1.0) == pytest.approx(0.3 - 0.1 - 1.5 + 1.3)
