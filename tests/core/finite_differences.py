"""Central finite differences of a model's loss: the reference the backprop tests compare
against. Not a test module; the test files next to it import it by name."""

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
