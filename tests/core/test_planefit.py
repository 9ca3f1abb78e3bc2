"""The plane's landscape under l2/mse as a quadratic form, against brute force."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.core.planefit import PlaneSums


@pytest.mark.parametrize("loss", ["l2", "mse", "l1"])
def test_every_pair_of_parameters_matches_brute_force(loss):
    ds = gc.preset("plane")
    model = gc.make_model("plane")
    p = np.array([0.3, -0.2, 0.5])
    u, v = np.linspace(-2, 2, 9), np.linspace(-1.5, 3, 7)
    for i, j in itertools.permutations(range(3), 2):
        fast = gc.loss_surface(model, p, i, j, u, v, ds.x, ds.y, loss)
        slow = gc.loss_surface_naive(model, p, i, j, u, v, ds.x, ds.y, loss)
        np.testing.assert_allclose(fast, slow, rtol=1e-12, err_msg=f"{i}, {j}")


def test_far_from_the_origin_and_near_the_minimum():
    """Offsets of 1e6 and a grid around the exact fit: no cancellation."""
    rng = np.random.default_rng(1)
    x = 1e6 + rng.uniform(0, 10, (200, 2))
    y = 0.5 * x[:, 0] - 0.25 * x[:, 1] + 3.0 + rng.normal(0, 0.01, 200)
    F = np.column_stack([x, np.ones(200)])
    best = np.linalg.lstsq(F, y, rcond=None)[0]
    u = best[0] + np.linspace(-1e-6, 1e-6, 5)
    v = best[1] + np.linspace(-1e-6, 1e-6, 5)
    model = gc.make_model("plane")
    fast = gc.loss_surface(model, best, 0, 1, u, v, x, y, "l2")
    exact = np.array([[0.5 * np.sum((F @ [a, b, best[2]] - y) ** 2) for b in v] for a in u])
    np.testing.assert_allclose(fast, exact, rtol=1e-6)


def test_collinear_and_empty_data():
    x = np.column_stack([np.arange(5.0), 2 * np.arange(5.0)])  # x2 = 2·x1: S is singular
    y = np.arange(5.0) + 1
    s = PlaneSums(x, y)
    for w1, w2, b in [(0.0, 0.0, 0.0), (1.0, -2.0, 3.0), (0.2, 0.4, 1.0)]:
        assert s.sse(w1, w2, b) == pytest.approx(np.sum((x @ [w1, w2] + b - y) ** 2), rel=1e-12, abs=1e-12)
    empty = PlaneSums(np.zeros((0, 2)), np.zeros(0))
    assert empty.sse(1.0, 2.0, 3.0) == 0.0
    assert gc.loss_surface(gc.make_model("plane"), [1, 1, 0], 0, 1, [0.0, 1.0], [2.0], np.zeros((0, 2)),
                           np.zeros(0), "mse").tolist() == [[0.0], [0.0]]


def test_two_input_network_landscape_and_slice():
    ds = gc.preset("xor")
    model = gc.make_model("network", hidden=2, inputs=2, output="sigmoid")
    p = model.init_params(1)
    u, v = np.linspace(-3, 3, 6), np.linspace(-2, 2, 5)
    for loss in ("mse", "bce"):
        np.testing.assert_allclose(gc.loss_surface(model, p, 0, 1, u, v, ds.x, ds.y, loss),
                                   gc.loss_surface_naive(model, p, 0, 1, u, v, ds.x, ds.y, loss), rtol=1e-12)
    line = gc.loss_slice(model, p, 3, u, ds.x, ds.y, "bce")
    assert line == pytest.approx([model.loss(np.r_[p[:3], a, p[4:]], ds.x, ds.y, "bce") for a in u], rel=1e-12)
    (lo_u, hi_u), _ = gc.suggest_window(model, p, 0, 1, ds.x, ds.y, "bce")
    assert lo_u < p[0] < hi_u
