"""The density image the data view shows in place of too many points: counts per screen
cell on a log scale, and its colour table. Pure numpy."""

from __future__ import annotations

import numpy as np

MAX_DRAWN_POINTS = 20_000  # more points than this in view: a density image of all of them
DENSITY_CELL_PX = 2  # one density cell per this many screen pixels


def density_lut() -> np.ndarray:
    """Transparent for empty cells; light to dark blue, never too faint to see, else."""
    lut = np.zeros((256, 4), dtype=np.uint8)
    t = np.linspace(0.0, 1.0, 255)
    lut[1:, 0] = (170 - 160 * t).astype(np.uint8)
    lut[1:, 1] = (200 - 140 * t).astype(np.uint8)
    lut[1:, 2] = (240 - 110 * t).astype(np.uint8)
    lut[1:, 3] = (110 + 145 * t).astype(np.uint8)
    return lut


def density_image(x: np.ndarray, y: np.ndarray, x_range, y_range, nx: int, ny: int,
                  inside: np.ndarray | None = None) -> tuple[np.ndarray, int]:
    """Counts of the points in each of nx * ny cells over the ranges, as a uint8 image
    (row-major: [row = y cell, column = x cell]) for :func:`density_lut`: 0 for an empty
    cell, 1..255 on a log scale of the count otherwise. Returns (image, points counted).
    ``inside``: the mask of the points within the ranges, if already known."""
    (x0, x1), (y0, y1) = x_range, y_range
    if inside is None:
        inside = (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)
    xs, ys = x[inside], y[inside]
    ix = ((xs - x0) * (nx / (x1 - x0))).astype(np.intp)
    iy = ((ys - y0) * (ny / (y1 - y0))).astype(np.intp)
    np.minimum(ix, nx - 1, out=ix)  # a point on the far edge belongs to the last cell
    np.minimum(iy, ny - 1, out=iy)
    iy *= nx
    iy += ix
    counts = np.bincount(iy, minlength=nx * ny).reshape(ny, nx)
    top = int(counts.max()) if counts.size else 0
    img = np.zeros((ny, nx), dtype=np.uint8)
    if top > 0:
        nz = counts > 0
        scale = 254.0 / np.log1p(top) if top > 1 else 0.0
        img[nz] = (1.0 + np.log(counts[nz]) * scale).clip(1, 255).astype(np.uint8)
    return img, int(xs.size)
