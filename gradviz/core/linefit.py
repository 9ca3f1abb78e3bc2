"""The line's least-squares statistics: :class:`LineSums`, :func:`least_squares` and
:func:`max_stable_lr`.

For the line under L2/MSE the loss is a quadratic in (w, b) whose coefficients are a few
sums over the centred data; ``LineSums`` computes them once in O(n), after which the loss
and gradient anywhere cost O(1) (the trainer's fast route and the line's surfaces use it).
"""

from __future__ import annotations

import math

import numpy as np

from .losses import check_loss
from .models import _as_xy

__all__ = ["LineSums", "least_squares", "max_stable_lr"]


class LineSums:
    """Sufficient statistics of (x, y) for the line under L2/MSE, computed about the means.

    With dx = x - x̄, dy = y - ȳ, w* = Σdx·dy / Σdx², rss = Σ(dy - w*·dx)² (the smallest
    possible sum of squared errors) and c = w·x̄ + b - ȳ (the error of the line at x̄)::

        Σ(w·x + b - y)² = rss + Sxx·(w - w*)² + n·c² + 2c·(w·Σdx - Σdy)

    The last term is zero in exact arithmetic (Σdx = Σdy = 0); keeping the rounded sums
    makes the identity exact for the centred data. Every term is a non-negative number
    or tiny, so there is no catastrophic cancellation even for x ~ 1e9.
    Singular data (n < 2 or all x equal) give Sxx = 0, w* = 0, rss = Σdy².
    """

    __slots__ = ("n", "xm", "ym", "sxx", "sxy", "sdx", "sdy", "wstar", "rss", "singular")

    @np.errstate(all="ignore")  # huge values: the sums overflow to inf (-> singular) quietly
    def __init__(self, x, y):
        x, y = _as_xy(x, y)
        n = x.size
        self.n = n
        if n == 0:
            self.xm = self.ym = self.sxx = self.sxy = self.sdx = self.sdy = self.wstar = self.rss = 0.0
            self.singular = True
            return
        xm = float(np.mean(x))
        dx = x - xm
        xm += float(np.mean(dx))  # second pass removes the rounding of the first mean
        np.subtract(x, xm, out=dx)
        ym = float(np.mean(y))
        dy = y - ym
        ym += float(np.mean(dy))
        np.subtract(y, ym, out=dy)
        sxx = float(np.dot(dx, dx))
        self.xm, self.ym, self.sxx = xm, ym, sxx
        self.sxy = float(np.dot(dx, dy))
        self.sdx = float(np.add.reduce(dx))
        self.sdy = float(np.add.reduce(dy))
        self.singular = not (sxx > 0.0 and math.isfinite(sxx))
        self.wstar = 0.0 if self.singular else self.sxy / sxx
        if self.singular:
            self.sxx = self.sxy = self.sdx = 0.0
        r = dy - self.wstar * dx if not self.singular else dy
        self.rss = float(np.dot(r, r))

    def least_squares(self):
        if self.n == 0:
            return 0.0, 0.0
        return self.wstar, self.ym - self.wstar * self.xm

    def sse(self, w, b):
        """Σ(w·x + b - y)² for scalars or broadcastable arrays w, b."""
        c = w * self.xm + b - self.ym
        dw = w - self.wstar
        q = self.rss + self.sxx * dw * dw + self.n * c * c + 2.0 * c * (w * self.sdx - self.sdy)
        return np.maximum(q, 0.0) if isinstance(q, np.ndarray) else max(q, 0.0)

    def sse_and_grad(self, w, b):
        """(Σe², Σe·x, Σe) for scalar floats w, b (pure Python: about a microsecond)."""
        c = w * self.xm + b - self.ym
        dw = w - self.wstar
        q = self.rss + self.sxx * dw * dw + self.n * c * c + 2.0 * c * (w * self.sdx - self.sdy)
        se = w * self.sdx + self.n * c - self.sdy
        sex = self.sxx * dw + c * self.sdx + self.xm * se
        return (q if q > 0.0 else 0.0), sex, se


def least_squares(x, y):
    """The least-squares line (w, b) minimising Σ(w·x + b - y)², from centred sums.

    Singular cases do not raise: with all x equal (or a single point) every line through
    (x̄, ȳ) fits equally well and we return the flat one, w = 0, b = mean(y); with no
    points at all we return (0.0, 0.0)."""
    w, b = LineSums(x, y).least_squares()
    return float(w), float(b)


def max_stable_lr(x, y, loss) -> float:
    """Largest learning rate for which full-batch gradient descent on the LINE converges.

    The L2 loss of the line is a quadratic with Hessian H = [[Σx², Σx], [Σx, n]] (times
    2/n for MSE); gradient descent converges for lr < 2/λmax(H) and blows up above it
    (exactly at the bound it oscillates forever). ``y`` does not matter; it is accepted so
    every landscape function takes the same arguments.

    For L1 we return ``math.inf``: its (sub)gradient is bounded by Σ|x| + n whatever the
    parameters, so a step never grows with the error and gradient descent never blows up
    (a large rate only makes it rattle around the optimum). With no data the loss is
    constant and every rate is stable: also ``math.inf``."""
    check_loss(loss)
    x = np.asarray(x, dtype=np.float64).ravel()
    if loss == "l1" or x.size == 0:
        return math.inf
    s = LineSums(x, np.zeros_like(x))
    n = s.n
    a = s.sxx + n * s.xm * s.xm  # Σx², without cancellation
    c = n * s.xm + s.sdx  # Σx
    lam = 0.5 * (a + n) + math.hypot(0.5 * (a - n), c)
    if loss == "mse":
        lam *= 2.0 / n
    return 2.0 / lam if lam > 0 else math.inf
