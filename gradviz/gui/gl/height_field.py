"""A height field as a mesh: the triangles of a vertex grid and its normals (pure numpy,
no OpenGL). Shared by the 3D views' surfaces."""

from __future__ import annotations

import numpy as np

__all__ = ["grid_triangles", "height_normals", "sample_bilinear"]


def height_normals(X: np.ndarray, Y: np.ndarray, H: np.ndarray) -> np.ndarray:
    """Unit normals (nu, nv, 3) of the height field H over the display axes X, Y by
    central differences; (0, 0, 1) where H is NaN or beside a NaN."""
    dHdx, dHdy = np.gradient(H, X, Y)
    normals = np.stack([-dHdx, -dHdy, np.ones_like(H)], axis=-1)
    normals /= np.linalg.norm(normals, axis=-1, keepdims=True)
    normals[~np.isfinite(normals).all(axis=-1)] = (0.0, 0.0, 1.0)
    return normals


def grid_triangles(nu: int, nv: int) -> np.ndarray:
    """The two triangles of each cell of an nu x nv vertex grid (row-major), (k, 3) uint32."""
    idx = np.arange(nu * nv).reshape(nu, nv)
    a, b, c, d = idx[:-1, :-1], idx[1:, :-1], idx[1:, 1:], idx[:-1, 1:]
    tri = np.concatenate([np.stack([a, b, d], -1).reshape(-1, 3), np.stack([b, c, d], -1).reshape(-1, 3)])
    return tri.astype(np.uint32)


def sample_bilinear(H: np.ndarray, X: np.ndarray, Y: np.ndarray, x, y) -> np.ndarray:
    """H (on the uniform axes X, Y) at the points (x, y) (arrays), bilinear, the points
    clamped to the grid; NaN where a neighbour with weight is NaN."""
    fx = np.clip((np.asarray(x, dtype=float) - X[0]) / (X[1] - X[0]), 0.0, len(X) - 1.000001)
    fy = np.clip((np.asarray(y, dtype=float) - Y[0]) / (Y[1] - Y[0]), 0.0, len(Y) - 1.000001)
    fx, fy = np.nan_to_num(fx), np.nan_to_num(fy)
    i, j = fx.astype(np.intp), fy.astype(np.intp)
    tx, ty = fx - i, fy - j
    return ((1 - tx) * (1 - ty) * H[i, j] + tx * (1 - ty) * H[i + 1, j]
            + (1 - tx) * ty * H[i, j + 1] + tx * ty * H[i + 1, j + 1])
