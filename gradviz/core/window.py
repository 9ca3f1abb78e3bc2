"""A window of parameter space for a landscape: :func:`suggest_window`."""

from __future__ import annotations

import operator

import numpy as np

from .bce import check_any_loss
from .linefit import least_squares
from .models import Line, _as_xy

__all__ = ["suggest_window"]


def suggest_window(model, params, i, j, x, y, loss, path=None, optimum=None, margin=0.25):
    """A ((u_lo, u_hi), (v_lo, v_hi)) window for a landscape of params i and j.

    It holds the current point, the optimum (a full parameter vector; for the line the
    least-squares line is used when none is given, whatever the loss — for L1 it is a
    good neighbour of the optimum) and every finite row of ``path`` (m, n_params),
    padded on each side by ``margin`` times the span. Never zero-width, always finite:
    a single point (nothing else known) gets ±max(0.5, |value|/2), and any window is
    at least 0.1·max(1, |centre|) wide."""
    check_any_loss(loss)
    p = model.as_params(params)
    m = model.n_params
    try:
        i, j = operator.index(i) % m, operator.index(j) % m
    except TypeError:
        raise ValueError(f"parameter indices must be integers, got {i!r} and {j!r}") from None
    if i == j:
        raise ValueError("the two parameters of a window must differ")
    margin = float(margin)
    if not (0.0 <= margin <= 100.0):
        raise ValueError(f"margin must be between 0 and 100, got {margin}")
    x, y = _as_xy(x, y, model.n_inputs)
    us, vs = [p[i]], [p[j]]
    if optimum is None and type(model) is Line and x.size:
        optimum = np.array(least_squares(x, y))
    if optimum is not None:
        o = model.as_params(optimum)
        us.append(o[i])
        vs.append(o[j])
    if path is not None:
        P = np.asarray(path, dtype=np.float64)
        if P.ndim != 2 or P.shape[1] != m:
            raise ValueError(f"path must have shape (steps, {m}), got {P.shape}")
        us.extend(P[:, i].tolist())
        vs.extend(P[:, j].tolist())
    return _span(us, margin), _span(vs, margin)


def _span(vals, margin):
    a = np.asarray(vals, dtype=np.float64)
    a = a[np.isfinite(a)]
    if a.size == 0:
        return (-1.0, 1.0)
    a = np.clip(a, -1e300, 1e300)
    lo, hi = float(a.min()), float(a.max())
    span = hi - lo
    centre = 0.5 * lo + 0.5 * hi
    if span == 0.0:
        half = max(0.5, 0.5 * abs(centre))
        return (centre - half, centre + half)
    lo, hi = lo - margin * span, hi + margin * span
    min_half = 0.05 * max(1.0, abs(centre))
    if hi - lo < 2 * min_half:
        lo, hi = centre - min_half, centre + min_half
    return (lo, hi)
