"""Objectives: the loss and gradient of a model on fixed data, as the trainer needs them.

:func:`make_objective` picks the route. The line under L2/MSE gets whole-data values in
O(1) from :class:`~gradviz.core.linefit.LineSums`; every other model and loss goes
through the model's own vectorised loss and gradient.
"""

from __future__ import annotations

import numpy as np

from .bce import BCE, _bce_value
from .linefit import LineSums
from .losses import _value
from .models import Line, Model

__all__ = ["Objective", "LineQuadratic", "make_objective"]


class Objective:
    """Any model and loss: x (1-D, or (n, 2) for two inputs) and y are float64 arrays the
    objective keeps (not copies)."""

    quadratic = False  # whole-data values cost O(1), so every step can be checked

    def __init__(self, model: Model, x, y, loss):
        self.model, self.x, self.y, self.loss = model, x, y, loss
        self.n = y.size
        self._lg = model._loss_and_grad
        self.scalar_line = type(model) is Line

    def full(self, p, g_out) -> float:
        """Whole-data loss at p; the gradient is written into g_out."""
        L, g = self._lg(p, self.x, self.y, self.loss)
        g_out[:] = g
        return L

    def full_loss(self, p) -> float:
        """Whole-data loss at p, without the gradient."""
        if self.loss == BCE:
            return _bce_value(self.model._logits(p, self.x), self.y)
        e = self.model._predict(p, self.x)
        e -= self.y
        return _value(e, self.loss)

    def batch(self, p, xb, yb, g_out) -> float:
        """The loss applied to the mini-batch (xb, yb) alone; its gradient into g_out."""
        if self.scalar_line and xb.size == 1:
            return _line_one_point(p, float(xb[0]), float(yb[0]), self.loss, g_out)
        L, g = self._lg(p, xb, yb, self.loss)
        g_out[:] = g
        return L

    def losses(self, P) -> np.ndarray:
        """Whole-data loss at every row of P (m, n_params)."""
        return self.model.loss_many(P, self.x, self.y, self.loss)

    def full_work(self) -> int:
        """Rough cost of one whole-data evaluation, in array elements."""
        return self.n * self.model._width()


def _line_one_point(p, x, y, loss, g_out) -> float:
    """Loss and gradient of the line on one point with Python floats (seed 002's
    per-sample update costs a microsecond instead of a handful of numpy calls)."""
    w, b = p.tolist()
    e = w * x + b - y
    if loss == "l2":
        g_out[0] = e * x
        g_out[1] = e
        return 0.5 * e * e
    if loss == "mse":
        g_out[0] = 2.0 * e * x
        g_out[1] = 2.0 * e
        return e * e
    s = float((e > 0.0) - (e < 0.0))
    g_out[0] = s * x
    g_out[1] = s
    return abs(e)


class LineQuadratic(Objective):
    """The line under l2/mse: whole-data loss and gradient in O(1) from ``LineSums``."""

    quadratic = True

    def __init__(self, model, x, y, loss):
        super().__init__(model, x, y, loss)
        self.s = LineSums(x, y)
        n = self.n
        self.k_loss = 0.5 if loss == "l2" else (1.0 / n if n else 0.0)
        self.k_grad = 1.0 if loss == "l2" else (2.0 / n if n else 0.0)

    def full(self, p, g_out) -> float:
        w, b = p.tolist()
        q, sex, se = self.s.sse_and_grad(w, b)
        k = self.k_grad
        g_out[0] = k * sex
        g_out[1] = k * se
        return self.k_loss * q

    def full_loss(self, p) -> float:
        w, b = p.tolist()
        return self.k_loss * self.s.sse(w, b)

    def losses(self, P) -> np.ndarray:
        return self.k_loss * self.s.sse(P[:, 0], P[:, 1])

    def full_work(self) -> int:
        return 1


def make_objective(model, x, y, loss) -> Objective:
    """The fastest exact route for this model and (already checked) loss."""
    if type(model) is Line and loss in ("l2", "mse"):
        return LineQuadratic(model, x, y, loss)
    return Objective(model, x, y, loss)

