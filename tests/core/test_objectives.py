"""Tests for gradviz.core.objectives: the trainer's fast routes agree with the models."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gradviz.core import OPTIMIZERS, Line, Trainer
from gradviz.core.objectives import make_objective

from training_helpers import LESSON, PlainLine  # tests/core/

SLOW = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def test_fast_line_route_matches_generic_route():
    for loss in ("l2", "mse"):
        for opt in OPTIMIZERS:
            lr = {"l2": 0.004, "mse": 0.01}[loss] if opt != "adam" else 0.05
            a = Trainer(Line(), LESSON, loss=loss, optimizer=opt, lr=lr, momentum=0.5).step(300)
            b = Trainer(PlainLine(), LESSON, loss=loss, optimizer=opt, lr=lr, momentum=0.5).step(300)
            np.testing.assert_allclose(a.params, b.params, rtol=1e-9, atol=1e-12)
            np.testing.assert_allclose(a.grad, b.grad, rtol=1e-7, atol=1e-10)
            np.testing.assert_allclose(a.path_losses, b.path_losses, rtol=1e-9, atol=1e-12)


@settings(max_examples=200, **SLOW)
@given(loss=st.sampled_from(["l2", "mse"]), seed=st.integers(0, 2**32 - 1), n=st.integers(0, 40),
       offset=st.sampled_from([0.0, 1.0, 1e3, 1e6, 1e9]), w=st.floats(-50, 50), b=st.floats(-1e3, 1e3))
def test_trainer_line_route_agrees_with_the_model(loss, seed, n, offset, w, b):
    """The trainer evaluates the line's L2/MSE loss and gradient in O(1) from sums; what it
    reports (and the GUI's readout shows) must be the model's loss_and_grad, up to rounding
    of the sums (relative to the size of the terms)."""
    rng = np.random.default_rng(seed)
    x = offset + rng.normal(0, 3, n)
    y = 0.7 * x + rng.normal(0, 2, n)
    p = np.array([w, b])
    obj = make_objective(Line(), x, y, loss)
    g = np.empty(2)
    L = obj.full(p, g)
    Lm, gm = Line().loss_and_grad(p, x, y, loss)
    e = np.abs(w * x + b - y) + np.abs(w * x) + abs(b) + np.abs(y)  # sizes of the summed terms
    k = 1.0 if loss == "l2" else 2.0 / max(n, 1)
    assert abs(L - Lm) <= 1e-12 * abs(Lm) + 1e-12 * k * float(np.dot(e, e))
    assert np.all(np.abs(g - gm) <= 1e-12 * np.abs(gm) + 1e-11 * k * float(np.dot(e, 1 + np.abs(x))))


def test_routes():
    """The line under l2/mse gets the O(1) route; everything else the model's own."""
    x, y = np.arange(3.0), np.array([1.0, 0.0, 2.0])
    for loss in ("l2", "mse"):
        assert make_objective(Line(), x, y, loss).quadratic
        assert not make_objective(PlainLine(), x, y, loss).quadratic
    assert not make_objective(Line(), x, y, "l1").quadratic

