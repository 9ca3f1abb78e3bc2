"""Nesterov momentum, RMSprop, Adagrad and AdamW, each following its ``torch.optim`` class
step for step (the names are in ``optimizers.OPTIMIZERS``; g is the gradient, with
torch's coupled weight decay g + wd·p where it is set, except for AdamW):

* ``nesterov``  :class:`Nesterov`, ``torch.optim.SGD(momentum=μ, nesterov=True)``:
                v <- μ·v + g (so v = g on the first step), p <- p - lr·(g + μ·v).
* ``rmsprop``   :class:`RMSprop`, ``torch.optim.RMSprop`` (alpha = 0.99, not centered,
                no momentum): s <- α·s + (1 - α)·g², p <- p - lr·g / (√s + ε), ε = 1e-8.
* ``adagrad``   :class:`Adagrad`, ``torch.optim.Adagrad`` (lr_decay = 0,
                initial_accumulator_value = 0): t <- t + 1, s <- s + g²,
                p <- p - lr·g / (√s + ε), ε = 1e-10.
* ``adamw``     :class:`AdamW`, ``torch.optim.AdamW``: p <- p·(1 - lr·wd) (decoupled decay,
                wd = 0.01 unless given), then Adam's step on the gradient of the loss alone.

PyTorch writes some products in another order (``addcmul``, ``addcdiv``): the same
numbers up to rounding.
"""

from __future__ import annotations

import numpy as np

from .optimizers import Adam, Momentum, Optimizer, WithEps

__all__ = ["Nesterov", "RMSprop", "Adagrad", "AdamW", "RMSPROP_ALPHA", "RMSPROP_EPS", "ADAGRAD_EPS"]

RMSPROP_ALPHA = 0.99  # torch.optim.RMSprop's smoothing constant
RMSPROP_EPS = 1e-8
ADAGRAD_EPS = 1e-10

_multiply, _subtract, _divide, _sqrt = np.multiply, np.subtract, np.divide, np.sqrt


class Nesterov(Momentum):
    """v <- μ·v + g, p <- p - lr·(g + μ·v): the step looks ahead along the velocity."""

    name = "nesterov"

    def _step(self, params, grad, lr, out=None):
        vel, d = self._vel, self._d
        vel *= self._mu
        vel += grad
        _multiply(vel, self._mu, d)
        d += grad
        d *= lr
        return _subtract(params, d, out)

    def stable_lr_factor(self):
        # on a quadratic the iteration is stable for lr·λ < 2(1 + μ)/(1 + 2μ) (the roots of
        # z² - (1 + μ)(1 - lr·λ)z + μ(1 - lr·λ) inside the unit circle)
        return None if self._wd else (1.0 + self._mu) / (1.0 + 2.0 * self._mu)


class _Scaled(WithEps, Optimizer):
    """p <- p - lr·g / (√s + ε) for an accumulated s of squared gradients (RMSprop, Adagrad)."""

    settings = ("eps",)

    def __init__(self, n_params: int, eps: float, weight_decay: float = 0.0):
        self.eps = eps
        super().__init__(n_params, weight_decay)

    def _scaled_step(self, params, grad, s, lr, out):
        d = self._d
        _sqrt(s, d)
        d += self._eps
        _divide(grad, d, d)
        d *= lr
        return _subtract(params, d, out)

    def stable_lr_factor(self):
        return None  # the step size does not scale with the gradient

    def __repr__(self):
        return f"{type(self).__name__}(n_params={self.n_params}, eps={self._eps}, weight_decay={self._wd})"


class RMSprop(_Scaled):
    """s <- α·s + (1 - α)·g², p <- p - lr·g / (√s + ε)."""

    name = "rmsprop"
    default_eps = RMSPROP_EPS

    def __init__(self, n_params: int, eps: float = RMSPROP_EPS, weight_decay: float = 0.0,
                 alpha: float = RMSPROP_ALPHA):
        self.alpha = float(alpha)
        super().__init__(n_params, eps, weight_decay)

    def reset(self):
        self._sq = np.zeros(self.n_params)

    def state(self):
        return {"square_avg": self._sq.copy()}

    def load_state(self, state):
        self._sq = np.array(state["square_avg"], dtype=np.float64, copy=True)

    def _step(self, params, grad, lr, out=None):
        d, sq, a = self._d, self._sq, self.alpha
        sq *= a
        _multiply(grad, grad, d)
        d *= 1.0 - a
        sq += d
        return self._scaled_step(params, grad, sq, lr, out)


class Adagrad(_Scaled):
    """t <- t + 1, s <- s + g², p <- p - lr·g / (√s + ε)."""

    name = "adagrad"
    default_eps = ADAGRAD_EPS

    def __init__(self, n_params: int, eps: float = ADAGRAD_EPS, weight_decay: float = 0.0):
        super().__init__(n_params, eps, weight_decay)

    def reset(self):
        self._sum = np.zeros(self.n_params)
        self._t = 0

    def state(self):
        return {"step": self._t, "sum": self._sum.copy()}

    def load_state(self, state):
        self._t = int(state["step"])
        self._sum = np.array(state["sum"], dtype=np.float64, copy=True)

    def _step(self, params, grad, lr, out=None):
        d, s = self._d, self._sum
        self._t += 1
        _multiply(grad, grad, d)
        s += d
        return self._scaled_step(params, grad, s, lr, out)


class AdamW(Adam):
    """Adam with decoupled weight decay: p <- p·(1 - lr·wd), then Adam's step."""

    name = "adamw"
    default_weight_decay = 0.01

    def __init__(self, n_params: int, betas=(0.9, 0.999), eps: float = 1e-8, weight_decay: float = 0.01):
        super().__init__(n_params, betas, eps, weight_decay)

    def _decayed_step(self, params, grad, lr, out=None):
        q = _multiply(params, 1.0 - lr * self._wd, out)
        return self._step(q, grad, lr, q)
