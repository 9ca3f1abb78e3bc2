"""Optimizers: one small object per update rule, holding its own state.

Each follows PyTorch's ``torch.optim`` step for step: the same formulas, the same order
of state updates, the same first step (no AMSGrad, no dampening, no maximize).

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

``more_optimizers`` adds ``nesterov``, ``rmsprop``, ``adagrad`` and ``adamw``.

Weight decay ``wd`` (``weight_decay``, default 0) is torch's coupled L2 decay: the rule
is applied to g + wd·p instead of g (AdamW's decoupled decay is its own, see there).
Without it, ``step`` is the rule itself, with no extra work per step.

The learning rate is an argument of every step, so changing it keeps the state; the
trainer decides when the state is cleared (:meth:`Optimizer.reset`).
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "OPTIMIZERS", "Optimizer", "GD", "SGD", "Momentum", "Adam", "make_optimizer",
    "check_optimizer", "check_lr", "check_momentum", "check_betas", "check_eps", "check_weight_decay",
    "ADAM_BETAS", "ADAM_EPS", "RMSPROP_ALPHA", "optimizer_defaults",
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


def check_weight_decay(wd) -> float:
    """The weight decay, finite and >= 0, else ValueError."""
    try:
        v = float(wd)
    except (TypeError, ValueError):
        raise ValueError(f"weight decay must be a number >= 0, got {wd!r}") from None
    if not (math.isfinite(v) and v >= 0):
        raise ValueError(f"weight decay must be finite and >= 0, got {wd!r}")
    return v


# -- the optimizers ------------------------------------------------------------------------

# step() runs once per training step, a few microseconds for the line: the ufuncs are
# looked up once and get their output array positionally.
_multiply, _subtract, _divide, _sqrt, _add = np.multiply, np.subtract, np.divide, np.sqrt, np.add


class Optimizer:
    """An update rule for ``n_params`` parameters and its state.

    ``step(params, grad, lr, out)`` returns the new parameters, ``params`` minus the
    update, written into ``out`` (a new array when None; ``out=params`` updates in place,
    as ``torch.optim`` does). Arrays are float64 vectors of length ``n_params``.
    """

    name = ""
    settings: tuple[str, ...] = ()  # the keyword arguments make_optimizer passes on
    whole_data = False  # True: it always steps on the whole data set (batch_size is ignored)
    default_eps: float | None = None  # torch's ε for the rules that have one
    default_weight_decay = 0.0

    def __init__(self, n_params: int, weight_decay: float = 0.0):
        self.n_params = int(n_params)
        self._d = np.empty(self.n_params)  # the update, reused every step
        self._gd = np.empty(self.n_params)  # the gradient with weight decay
        self.weight_decay = weight_decay
        self.reset()

    @property
    def weight_decay(self) -> float:
        return self._wd

    @weight_decay.setter
    def weight_decay(self, value) -> None:
        self._wd = check_weight_decay(value)
        # the trainer reads ``step`` once per chunk of steps: bound here, no test per step
        self.step = self._decayed_step if self._wd else self._step

    def set(self, name: str, value) -> None:
        """Change the hyperparameter ``name`` (one of :attr:`settings`, or weight_decay)
        from the next step on; the state is kept. A name the rule does not use is ignored."""
        if name == "weight_decay" or name in self.settings:
            setattr(self, name, value)

    def _decayed_step(self, params, grad, lr, out=None):
        """torch's coupled L2 decay: the rule applied to g + wd·p."""
        g = _multiply(params, self._wd, self._gd)
        g += grad
        return self._step(params, g, lr, out)

    def reset(self) -> None:
        """Forget the state (velocity, moments, step count); hyperparameters are kept."""

    def state(self) -> dict:
        """Copies of the state, under ``torch.optim``'s names."""
        return {}

    def load_state(self, state: dict) -> None:
        """Take a state :meth:`state` returned (copied; shapes checked by the caller)."""

    def step(self, params, grad, lr: float, out=None) -> np.ndarray:
        """The new parameters (see the class docstring); bound per instance in __init__."""
        raise NotImplementedError

    def _step(self, params, grad, lr, out=None) -> np.ndarray:
        """The rule itself, on the gradient ``grad``."""
        raise NotImplementedError

    def stable_lr_factor(self) -> float | None:
        """With whole-data steps on a quadratic loss, the largest stable learning rate is
        this times plain gradient descent's (2 / largest Hessian eigenvalue); None where
        no such bound exists (Adam's step size does not scale with the gradient) or none is
        worked out (with weight decay the bound moves with the decay)."""
        return None if self._wd else 1.0

    def __repr__(self) -> str:
        return f"{type(self).__name__}(n_params={self.n_params}, weight_decay={self._wd})"


class GD(Optimizer):
    """p <- p - lr·g, always on the whole data set."""

    name = "gd"
    whole_data = True

    def _step(self, params, grad, lr, out=None):
        return _subtract(params, _multiply(grad, lr, self._d), out)


class SGD(GD):
    """p <- p - lr·g on mini-batches (the trainer draws them)."""

    name = "sgd"
    whole_data = False


class Momentum(Optimizer):
    """Heavy ball: v <- μ·v + g, p <- p - lr·v. Changing μ keeps the velocity."""

    name = "momentum"
    settings = ("momentum",)

    def __init__(self, n_params: int, momentum: float = 0.9, weight_decay: float = 0.0):
        self._mu = check_momentum(momentum)
        super().__init__(n_params, weight_decay)

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

    def _step(self, params, grad, lr, out=None):
        vel = self._vel
        vel *= self._mu
        vel += grad
        return _subtract(params, _multiply(vel, lr, self._d), out)

    def stable_lr_factor(self):
        # heavy ball on a quadratic: stable for lr·λ < 2(1 + μ)
        return None if self._wd else 1.0 + self._mu

    def __repr__(self):
        return f"{type(self).__name__}(n_params={self.n_params}, momentum={self._mu}, weight_decay={self._wd})"


class WithEps:
    """A rule with an ε under a square root (Adam, RMSprop, Adagrad): checked when set."""

    @property
    def eps(self) -> float:
        return self._eps

    @eps.setter
    def eps(self, value) -> None:
        self._eps = check_eps(value)


class Adam(WithEps, Optimizer):
    """Adam with bias correction; see the module docstring for the formulas."""

    name = "adam"
    settings = ("betas", "eps")
    default_eps = ADAM_EPS

    def __init__(self, n_params: int, betas=ADAM_BETAS, eps: float = ADAM_EPS, weight_decay: float = 0.0):
        self._b1, self._b2 = check_betas(betas)
        self.eps = eps
        super().__init__(n_params, weight_decay)

    @property
    def betas(self) -> tuple[float, float]:
        return self._b1, self._b2

    @betas.setter
    def betas(self, value) -> None:
        self._b1, self._b2 = check_betas(value)

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

    def _step(self, params, grad, lr, out=None):
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
        return (f"{type(self).__name__}(n_params={self.n_params}, betas={self.betas}, eps={self._eps}, "
                f"weight_decay={self._wd})")


# -- by name ---------------------------------------------------------------------------------

# the classes there build on those above, so they are imported once these exist (the
# package imports this module first)
from .more_optimizers import RMSPROP_ALPHA, AdamW, Adagrad, Nesterov, RMSprop  # noqa: E402

_CLASSES = {cls.name: cls for cls in (GD, SGD, Momentum, Adam, Nesterov, RMSprop, Adagrad, AdamW)}

#: The optimizers' names, in menu order.
OPTIMIZERS = tuple(_CLASSES)


def check_optimizer(name) -> str:
    """``name`` if it names an optimizer, else ValueError listing them."""
    if isinstance(name, str) and name in _CLASSES:
        return name
    raise ValueError(f"unknown optimizer {name!r}: choose one of {', '.join(repr(o) for o in OPTIMIZERS)}")


def optimizer_defaults(name) -> dict:
    """The hyperparameters optimizer ``name`` uses and torch's defaults for those that
    differ between rules: {"settings": (...), "eps": float or None, "weight_decay": float}."""
    cls = _CLASSES[check_optimizer(name)]
    return {"settings": cls.settings, "eps": cls.default_eps, "weight_decay": cls.default_weight_decay}


def make_optimizer(name, n_params: int, *, momentum: float = 0.9, betas=ADAM_BETAS,
                   eps: float | None = None, weight_decay: float | None = None) -> Optimizer:
    """A fresh optimizer ``name`` (see :data:`OPTIMIZERS`) for ``n_params`` parameters;
    it takes the hyperparameters it uses and ignores the others. ``eps`` and
    ``weight_decay`` None: the rule's own torch default (ε 1e-8, Adagrad's 1e-10; decay 0,
    AdamW's 0.01)."""
    cls = _CLASSES[check_optimizer(name)]
    given = {"momentum": momentum, "betas": betas, "eps": cls.default_eps if eps is None else eps}
    wd = cls.default_weight_decay if weight_decay is None else weight_decay
    return cls(n_params, **{k: given[k] for k in cls.settings}, weight_decay=wd)
