"""Optimizers: one small object per update rule, holding its own state.

Each follows PyTorch's ``torch.optim`` step for step: the same formulas, the same order
of state updates, the same first step (no weight decay, no Nesterov, no AMSGrad).

* ``gd``        :class:`GD`, plain gradient descent on the WHOLE data set (seed 001's
                ``update()``): p <- p - lr·g. The trainer ignores ``batch_size`` for it.
* ``sgd``       :class:`SGD`, the same rule on mini-batches (``torch.optim.SGD``).
* ``momentum``  :class:`Momentum`, heavy ball (``torch.optim.SGD(momentum=μ)``):
                v <- μ·v + g (so v = g on the first step), p <- p - lr·v.
* ``adam``      :class:`Adam` (Kingma & Ba, ``torch.optim.Adam``): t <- t + 1,
                m <- β1·m + (1 - β1)·g, v <- β2·v + (1 - β2)·g²,
                p <- p - lr / (1 - β1^t) · m / (√(v / (1 - β2^t)) + ε).
                PyTorch writes the denominator √v / √(1 - β2^t) + ε and updates m with
                ``lerp``: the same numbers up to rounding.

The learning rate is an argument of every step, so changing it keeps the state; the
trainer decides when the state is cleared (:meth:`Optimizer.reset`).
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "OPTIMIZERS", "Optimizer", "GD", "SGD", "Momentum", "Adam", "make_optimizer",
    "check_optimizer", "check_lr", "check_momentum", "check_betas", "check_eps", "ADAM_BETAS", "ADAM_EPS",
]

#: Adam's default (β1, β2) and ε (torch.optim.Adam's)
ADAM_BETAS = (0.9, 0.999)
ADAM_EPS = 1e-8


# -- hyperparameters ---------------------------------------------------------------------

def check_lr(lr) -> float:
    """The learning rate as a float, else ValueError (it must be finite and > 0)."""
    try:
        v = float(lr)
    except (TypeError, ValueError):
        raise ValueError(f"learning rate must be a number, got {lr!r}") from None
    if not (math.isfinite(v) and v > 0.0):
        raise ValueError(f"learning rate must be finite and > 0, got {lr!r}")
    return v


def _check_fraction(name, v) -> float:
    try:
        f = float(v)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number in [0, 1), got {v!r}") from None
    if not 0.0 <= f < 1.0:
        raise ValueError(f"{name} must be in [0, 1), got {v!r}")
    return f


def check_momentum(momentum) -> float:
    """The momentum coefficient μ in [0, 1), else ValueError."""
    return _check_fraction("momentum", momentum)


def check_betas(betas) -> tuple[float, float]:
    """Adam's (β1, β2), each in [0, 1), else ValueError."""
    try:
        b1, b2 = betas
    except (TypeError, ValueError):
        raise ValueError(f"betas must be a pair (beta1, beta2), got {betas!r}") from None
    return _check_fraction("beta1", b1), _check_fraction("beta2", b2)


def check_eps(eps) -> float:
    """Adam's ε, finite and > 0, else ValueError."""
    try:
        v = float(eps)
    except (TypeError, ValueError):
        raise ValueError(f"eps must be a number, got {eps!r}") from None
    if not (math.isfinite(v) and v > 0):
        raise ValueError(f"eps must be finite and > 0, got {eps!r}")
    return v


# -- the optimizers ------------------------------------------------------------------------

# step() runs once per training step, a few microseconds for the line: the ufuncs are
# looked up once and get their output array positionally.
_multiply, _subtract, _divide, _sqrt = np.multiply, np.subtract, np.divide, np.sqrt


class Optimizer:
    """An update rule for ``n_params`` parameters and its state.

    ``step(params, grad, lr, out)`` returns the new parameters, ``params`` minus the
    update, written into ``out`` (a new array when None; ``out=params`` updates in place,
    as ``torch.optim`` does). Arrays are float64 vectors of length ``n_params``.
    """

    name = ""
    settings: tuple[str, ...] = ()  # the keyword arguments make_optimizer passes on
    whole_data = False  # True: it always steps on the whole data set (batch_size is ignored)

    def __init__(self, n_params: int):
        self.n_params = int(n_params)
        self._d = np.empty(self.n_params)  # the update, reused every step
        self.reset()

    def reset(self) -> None:
        """Forget the state (velocity, moments, step count); hyperparameters are kept."""

    def state(self) -> dict:
        """Copies of the state, under ``torch.optim``'s names."""
        return {}

    def load_state(self, state: dict) -> None:
        """Take a state :meth:`state` returned (copied; shapes checked by the caller)."""

    def step(self, params, grad, lr: float, out=None) -> np.ndarray:
        raise NotImplementedError

    def stable_lr_factor(self) -> float | None:
        """With whole-data steps on a quadratic loss, the largest stable learning rate is
        this times plain gradient descent's (2 / largest Hessian eigenvalue); None where
        no such bound exists (Adam's step size does not scale with the gradient)."""
        return 1.0

    def __repr__(self) -> str:
        return f"{type(self).__name__}(n_params={self.n_params})"


class GD(Optimizer):
    """p <- p - lr·g, always on the whole data set."""

    name = "gd"
    whole_data = True

    def step(self, params, grad, lr, out=None):
        return _subtract(params, _multiply(grad, lr, self._d), out)


class SGD(GD):
    """p <- p - lr·g on mini-batches (the trainer draws them)."""

    name = "sgd"
    whole_data = False


class Momentum(Optimizer):
    """Heavy ball: v <- μ·v + g, p <- p - lr·v. Changing μ keeps the velocity."""

    name = "momentum"
    settings = ("momentum",)

    def __init__(self, n_params: int, momentum: float = 0.9):
        self._mu = check_momentum(momentum)
        super().__init__(n_params)

    @property
    def momentum(self) -> float:
        return self._mu

    @momentum.setter
    def momentum(self, value) -> None:
        self._mu = check_momentum(value)

    def reset(self):
        self._vel = np.zeros(self.n_params)

    def state(self):
        return {"momentum_buffer": self._vel.copy()}

    def load_state(self, state):
        self._vel = np.array(state["momentum_buffer"], dtype=np.float64, copy=True)

    def step(self, params, grad, lr, out=None):
        vel = self._vel
        vel *= self._mu
        vel += grad
        return _subtract(params, _multiply(vel, lr, self._d), out)

    def stable_lr_factor(self):
        return 1.0 + self._mu  # heavy ball on a quadratic: stable for lr·λ < 2(1 + μ)

    def __repr__(self):
        return f"Momentum(n_params={self.n_params}, momentum={self._mu})"


class Adam(Optimizer):
    """Adam with bias correction; see the module docstring for the formulas."""

    name = "adam"
    settings = ("betas", "eps")

    def __init__(self, n_params: int, betas=ADAM_BETAS, eps: float = ADAM_EPS):
        self._b1, self._b2 = check_betas(betas)
        self._eps = check_eps(eps)
        super().__init__(n_params)

    @property
    def betas(self) -> tuple[float, float]:
        return self._b1, self._b2

    @property
    def eps(self) -> float:
        return self._eps

    def reset(self):
        self._m1 = np.zeros(self.n_params)
        self._m2 = np.zeros(self.n_params)
        self._t = 0

    def state(self):
        return {"step": self._t, "exp_avg": self._m1.copy(), "exp_avg_sq": self._m2.copy()}

    def load_state(self, state):
        self._t = int(state["step"])
        self._m1 = np.array(state["exp_avg"], dtype=np.float64, copy=True)
        self._m2 = np.array(state["exp_avg_sq"], dtype=np.float64, copy=True)

    def step(self, params, grad, lr, out=None):
        d, m1, m2 = self._d, self._m1, self._m2
        self._t = t = self._t + 1
        b1, b2 = self._b1, self._b2
        m1 *= b1
        m1 += _multiply(grad, 1.0 - b1, d)
        m2 *= b2
        _multiply(grad, grad, d)
        d *= 1.0 - b2
        m2 += d
        _sqrt(_multiply(m2, 1.0 / (1.0 - b2 ** t), d), d)
        d += self._eps
        _divide(m1, d, d)
        d *= lr / (1.0 - b1 ** t)
        return _subtract(params, d, out)

    def stable_lr_factor(self):
        return None

    def __repr__(self):
        return f"Adam(n_params={self.n_params}, betas={self.betas}, eps={self._eps})"


# -- by name ---------------------------------------------------------------------------------

_CLASSES = {cls.name: cls for cls in (GD, SGD, Momentum, Adam)}

#: The optimizers' names, in menu order.
OPTIMIZERS = tuple(_CLASSES)


def check_optimizer(name) -> str:
    """``name`` if it names an optimizer, else ValueError listing them."""
    if isinstance(name, str) and name in _CLASSES:
        return name
    raise ValueError(f"unknown optimizer {name!r}: choose one of {', '.join(repr(o) for o in OPTIMIZERS)}")


def make_optimizer(name, n_params: int, *, momentum: float = 0.9, betas=ADAM_BETAS,
                   eps: float = ADAM_EPS) -> Optimizer:
    """A fresh optimizer ``name`` (see :data:`OPTIMIZERS`) for ``n_params`` parameters;
    it takes the hyperparameters it uses and ignores the others."""
    cls = _CLASSES[check_optimizer(name)]
    given = {"momentum": momentum, "betas": betas, "eps": eps}
    return cls(n_params, **{k: given[k] for k in cls.settings})
