"""One-variable views of a function: the loss along one parameter, and seed 001's
roller-coaster polynomial with its derivative.

``loss_slice`` is the 1-D counterpart of :func:`loss_surface`: the loss with one parameter
swept over a grid and the others held where they are, which is how a partial derivative
is read off a curve (its slope at the current point is that component of the gradient).
It is a one-column surface, so it takes the surface's fast routes (a quadratic in the
swept parameter for the line under L2/MSE, O(n + G) for the line's L1 along b, one
vectorised pass otherwise).
"""

from __future__ import annotations

import numpy as np

from .models import Model
from .surface import loss_surface

__all__ = ["loss_slice", "roller_coaster", "roller_coaster_slope", "tangent_line", "ROLLER_COASTER",
           "ROLLER_COASTER_RANGE"]

#: f(x) = 0.3x⁴ − 0.1x³ − 1.5x² + 1.3x, highest power first. Seed 001's derivative widget
#: slides x over [-2.5, 2.5] and reads "slope of tangent: 1.3000" at x = 0; its text does
#: not print the formula, so this one is made to match both: f'(0) = 1.3, a deep valley at
#: x ≈ -1.66, a hill at x ≈ 0.45 and a shallow valley at x ≈ 1.46 (which valley the
#: "move against the slope" game ends in depends on where it starts).
ROLLER_COASTER = (0.3, -0.1, -1.5, 1.3, 0.0)
ROLLER_COASTER_RANGE = (-2.5, 2.5)
_SLOPE = tuple(c * k for c, k in zip(ROLLER_COASTER[:-1], range(len(ROLLER_COASTER) - 1, 0, -1)))


def roller_coaster(x):
    """f(x) of the roller-coaster polynomial; a float for a scalar, else an array."""
    out = np.polyval(ROLLER_COASTER, np.asarray(x, dtype=np.float64))
    return float(out) if out.ndim == 0 else out


def roller_coaster_slope(x):
    """f'(x), the slope of the tangent at x (the analytic derivative)."""
    out = np.polyval(_SLOPE, np.asarray(x, dtype=np.float64))
    return float(out) if out.ndim == 0 else out


def tangent_line(x0: float, f0: float, slope: float, xs) -> np.ndarray:
    """The tangent at (x0, f0) with the given slope, evaluated at ``xs``."""
    return f0 + slope * (np.asarray(xs, dtype=np.float64) - x0)


def loss_slice(model, params, i, u, x, y, loss) -> np.ndarray:
    """L[k] = loss with params[i] = u[k], every other parameter as in ``params``.

    ``u`` is any finite 1-D grid. ValueError names what is wrong with an argument."""
    if not isinstance(model, Model):
        raise ValueError(f"model must be a gradviz Model, got {type(model).__name__}")
    m = model.n_params
    if isinstance(i, bool) or not isinstance(i, (int, np.integer)) or not -m <= i < m:
        raise ValueError(f"the parameter index must be an integer in 0..{m - 1} for {model.name} "
                         f"{model.param_names}, got {i!r}")
    i = int(i) % m
    u = np.asarray(u, dtype=np.float64)
    if u.ndim != 1 or not np.isfinite(u).all():
        raise ValueError(f"u must be a 1-D grid of finite numbers, got shape {u.shape}")
    p = model.as_params(params)
    # any other parameter held at its value: a one-column surface (which checks the rest)
    j = 1 if i == 0 else 0
    return np.ascontiguousarray(loss_surface(model, p, i, j, u, p[j:j + 1], x, y, loss)[:, 0])
