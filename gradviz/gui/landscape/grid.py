"""The surface grid the views are given: checked on the way in, and thinned for the 3D mesh."""

from __future__ import annotations

import numpy as np


def check_surface(u, v, Z) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    u = np.asarray(u, dtype=float).ravel()
    v = np.asarray(v, dtype=float).ravel()
    Z = np.array(Z, dtype=float)  # a copy: the caller may reuse its buffer
    if len(u) < 2 or len(v) < 2:
        raise ValueError(f"the grid needs at least 2 values of u and v (got {len(u)} and {len(v)})")
    if Z.shape != (len(u), len(v)):
        raise ValueError(f"Z must have shape (len(u), len(v)) = {(len(u), len(v))}, got {Z.shape}")
    if not (np.isfinite(u).all() and np.isfinite(v).all()):
        raise ValueError("u and v must be finite")
    if not (u[-1] > u[0] and v[-1] > v[0]):
        raise ValueError("u and v must be ascending")
    Z[~np.isfinite(Z)] = np.nan
    return u, v, Z


def resample_grid(u: np.ndarray, v: np.ndarray, Z: np.ndarray, m: int):
    """(u, v, Z) on a uniform grid of at most m x m points with the same corners: Z by
    bilinear interpolation (exact where a point falls on the input grid: a 97 grid becomes
    every 2nd point of it for m = 49, every 3rd for m = 33), NaN where a neighbour with
    weight is NaN."""
    def axis(values: np.ndarray, Z: np.ndarray, ax: int):
        n = len(values)
        if n <= m:
            return values, Z
        f = np.linspace(0.0, n - 1.0, m)
        i0 = np.minimum(np.floor(f).astype(int), n - 1)
        i1 = np.minimum(i0 + 1, n - 1)
        t = f - i0
        a, b = np.take(Z, i0, axis=ax), np.take(Z, i1, axis=ax)
        shape = [1, 1]
        shape[ax] = m
        t = t.reshape(shape)
        with np.errstate(invalid="ignore"):
            mixed = np.where(t == 0.0, a, np.where(t == 1.0, b, (1.0 - t) * a + t * b))
        return np.linspace(values[0], values[-1], m), mixed

    u, Z = axis(u, Z, 0)
    v, Z = axis(v, Z, 1)
    return u, v, Z
