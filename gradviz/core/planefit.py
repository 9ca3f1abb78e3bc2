"""The plane's squared error as a quadratic form from a few sums over the data.

For y ≈ w1·x1 + w2·x2 + b, with the data centred (dx = x - x̄, dy = y - ȳ), S = dxᵀdx,
w* the least-squares weights (S·w* = dxᵀdy) and rss = |dx·w* - dy|²::

    Σ(w·x + b - y)² = rss + (w - w*)ᵀ S (w - w*) + n·c² + 2c·(w·Σdx - Σdy),
    c = w·x̄ + b - ȳ

The last term is zero in exact arithmetic and keeps the identity exact for the rounded
sums; every other term is non-negative, so there is no catastrophic cancellation near
the minimum. After O(n) once, a whole landscape costs O(grid), independent of n. Collinear
data (S singular) take the minimum-norm w*, for which the identity still holds.
"""

from __future__ import annotations

import numpy as np

__all__ = ["PlaneSums"]


class PlaneSums:
    """The sums above for x of shape (n, 2) and y of shape (n,)."""

    @np.errstate(all="ignore")
    def __init__(self, x, y):
        n = y.size
        self.n = n
        if n == 0:
            self.xm, self.ym = np.zeros(2), 0.0
            self.S, self.wstar, self.sd = np.zeros((2, 2)), np.zeros(2), np.zeros(2)
            self.rss = self.sdy = 0.0
            return
        xm = x.mean(axis=0)
        xm = xm + (x - xm).mean(axis=0)  # second pass removes the rounding of the first mean
        ym = float(np.mean(y))
        ym += float(np.mean(y - ym))
        dx = x - xm
        dy = y - ym
        self.xm, self.ym = xm, ym
        self.S = dx.T @ dx
        self.sd = dx.sum(axis=0)
        self.sdy = float(np.add.reduce(dy))
        if np.isfinite(self.S).all():
            self.wstar = np.linalg.lstsq(self.S, dx.T @ dy, rcond=None)[0]
        else:
            self.wstar = np.zeros(2)
        r = dx @ self.wstar - dy
        self.rss = float(np.dot(r, r))

    def sse(self, w1, w2, b):
        """Σ(w1·x1 + w2·x2 + b - y)² for scalars or broadcastable arrays w1, w2, b."""
        xm, S = self.xm, self.S
        c = w1 * xm[0] + w2 * xm[1] + b - self.ym
        d0 = w1 - self.wstar[0]
        d1 = w2 - self.wstar[1]
        q = self.rss + S[0, 0] * d0 * d0 + 2.0 * S[0, 1] * d0 * d1 + S[1, 1] * d1 * d1
        return q + self.n * c * c + 2.0 * c * (w1 * self.sd[0] + w2 * self.sd[1] - self.sdy)
