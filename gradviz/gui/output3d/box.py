"""Where things go in the 3D box of the model's output (pure numpy, no Qt or OpenGL).

x1 and x2 span the data's box (the 2D map's, with its margin) mapped to [-5, 5]; the
output goes up: a probability (labels 0 and 1) from 0 to 1, a regression's output over
the labels' range with a margin. The range stays put while the model learns, so the
surface is seen moving, not the axes; where the output leaves it, the surface is cut flat
at the floor or the lid.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BOX_HALF = 5.0
BOX_HEIGHT = 5.0
# vertices per axis: smooth for a few hidden neurons. Software OpenGL spends its time per
# triangle: 41 x 41 (3,200) cost ~6 ms a paint, 33 x 33 (2,048) as the landscape's mesh
MESH = 33
Z_MARGIN = 0.15


@dataclass(frozen=True)
class OutputBox:
    """The ranges shown: x1 in (a0, a1), x2 in (b0, b1), the output in (z0, z1)."""

    a0: float
    a1: float
    b0: float
    b1: float
    z0: float
    z1: float
    classes: bool  # labels 0 and 1: the output is a probability

    @classmethod
    def for_data(cls, extent, y, classes: bool) -> "OutputBox":
        """The box for data of labels ``y`` shown over ``extent`` = (a0, a1, b0, b1)."""
        if classes or len(y) == 0:
            z0, z1 = 0.0, 1.0
        else:
            lo, hi = float(np.min(y)), float(np.max(y))
            pad = Z_MARGIN * (hi - lo) if hi > lo else 0.5
            z0, z1 = lo - pad, hi + pad
        return cls(*(float(e) for e in extent), z0, z1, bool(classes))

    def grid(self, n: int = MESH) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(x1 values, x2 values, points): an n x n grid of vertices from corner to corner;
        points (n * n, 2) with x1 varying slowest (row i is x1[i])."""
        u = np.linspace(self.a0, self.a1, n)
        v = np.linspace(self.b0, self.b1, n)
        U, V = np.meshgrid(u, v, indexing="ij")
        return u, v, np.column_stack([U.ravel(), V.ravel()])

    def to_display(self, x1, x2, out, clip: bool = True) -> np.ndarray:
        """(x1, x2, output) -> display (x, y, z), shape (..., 3); the height cut at the
        floor and the lid when ``clip`` (NaN stays NaN)."""
        x = -BOX_HALF + (np.asarray(x1, dtype=float) - self.a0) * (2 * BOX_HALF / (self.a1 - self.a0))
        y = -BOX_HALF + (np.asarray(x2, dtype=float) - self.b0) * (2 * BOX_HALF / (self.b1 - self.b0))
        z = BOX_HEIGHT * (np.asarray(out, dtype=float) - self.z0) / (self.z1 - self.z0)
        if clip:
            z = np.clip(z, 0.0, BOX_HEIGHT)
        return np.stack(np.broadcast_arrays(x, y, z), axis=-1)

    def colour_value(self, out, y) -> np.ndarray:
        """0..1 along the colour map: the probability itself, or (regression) the output
        over the labels' own range, as the 2D map colours it."""
        out = np.asarray(out, dtype=float)
        if self.classes:
            return np.clip(np.nan_to_num(out, nan=0.5), 0.0, 1.0)
        lo, hi = (float(np.min(y)), float(np.max(y))) if len(y) else (0.0, 1.0)
        if not hi > lo:
            lo, hi = lo - 0.5, hi + 0.5
        return np.clip((np.nan_to_num(out, nan=lo) - lo) / (hi - lo), 0.0, 1.0)
