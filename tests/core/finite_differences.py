"""Central finite differences of a model's loss and gradient: the references the backprop
and Hessian tests (and benchmarks/bench_curvature.py) compare against, and the random
cases they draw. Not a test module; the test files next to it import it by name."""

from __future__ import annotations

import numpy as np


def fd_grad(model, p, x, y, loss, h=1e-6):
    """dL/dp by central differences, one parameter at a time."""
    g = np.empty_like(p)
    for k in range(p.size):
        a, b = p.copy(), p.copy()
        a[k] += h
        b[k] -= h
        g[k] = (model.loss(a, x, y, loss) - model.loss(b, x, y, loss)) / (2 * h)
    return g


def fd_hessian(model, p, x, y, loss, h=1e-6):
    """d(gradient)/dp by central differences of the analytic gradient, one parameter at a time."""
    out = np.empty((p.size, p.size))
    for k in range(p.size):
        a, b = p.copy(), p.copy()
        a[k] += h
        b[k] -= h
        out[:, k] = (model.loss_and_grad(a, x, y, loss)[1] - model.loss_and_grad(b, x, y, loss)[1]) / (2 * h)
    return out


def random_case(model, rng, loss, n=12):
    """Random data and params; for l1, redraw until no residual is near a kink."""
    for _ in range(100):
        x = rng.uniform(-3, 3, n)
        y = rng.normal(0, 2, n)
        p = rng.normal(0, 1.5, model.n_params)
        if loss != "l1" or np.min(np.abs(model.predict(p, x) - y)) > 1e-3:
            return p, x, y
    raise AssertionError("could not draw a case away from the kinks")
