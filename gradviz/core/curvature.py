"""Why descent moves as it does: the gradient point by point, and the curvature.

* :func:`per_point_gradients` splits the whole-data gradient into one row per data point:
  the rows add up to ``model.loss_and_grad(...)[1]`` (for ``mse`` each row carries the 1/n).
* :func:`hessian` is the analytic matrix of second derivatives of the loss. With
  e = prediction - target and L = Σ ℓ(eᵢ)::

      H = Σ ℓ''(eᵢ)·Jᵢ·Jᵢᵀ + Σ ℓ'(eᵢ)·∇²fᵢ     (Jᵢ = ∇f(xᵢ), the model's own gradient)

  ℓ'' is 1 for l2, 2/n for mse and 0 for l1 wherever it is defined (|e| has a kink at
  e = 0, where there is no second derivative). The line is linear in its parameters
  (∇²f = 0), so under l1 its Hessian is zero; the neuron and the network keep the second
  term, the sign of each residual times the curvature of the model itself.
* :func:`quadratic_summary` reads a Hessian (or a block of one): eigenvalues, principal
  directions, condition number and the largest stable rate for gradient descent, 2/λmax.
"""

from __future__ import annotations

import math

import numpy as np

from .bce import BCE, _bce_dz, check_any_loss, check_bce
from .losses import _dpred
from .models import Line, Model, Network, Neuron, _as_xy
from .more_models import FlexNetwork, Neuron2, Plane

__all__ = ["per_point_gradients", "hessian", "quadratic_summary", "QuadraticSummary"]


def _checked(model, params, x, y, loss):
    if not isinstance(model, Model):
        raise ValueError(f"model must be a gradviz Model, got {type(model).__name__}")
    check_any_loss(loss)
    p = model.as_params(params)
    x, y = _as_xy(x, y, model.n_inputs)
    if loss == BCE:
        check_bce(model, y)
    return p, x, y


def _second(e, loss):
    """ℓ''(e) as one number for every point (0 for l1, where it is defined)."""
    if loss == "l2":
        return 1.0
    if loss == "mse":
        return 2.0 / e.shape[0] if e.shape[0] else 0.0
    return 0.0  # l1; bce's curvature is per point (see the models)


def per_point_gradients(model, params, x, y, loss="l2") -> np.ndarray:
    """Each data point's share of the gradient: shape (n, n_params), rows summing to the
    whole-data gradient (l1 uses the subgradient 0 where a residual is exactly 0)."""
    p, x, y = _checked(model, params, x, y, loss)
    n = y.size
    if isinstance(model, (Plane, Neuron2, FlexNetwork)):
        return model._point_gradients(p, x, y, loss)
    if isinstance(model, Line):
        d = _dpred(x * p[0] + p[1] - y, loss)
        return np.column_stack([d * x, d]) if n else np.zeros((0, 2))
    if isinstance(model, Neuron):
        a = model._predict(p, x)
        s = _bce_dz(a, y) if loss == BCE else a * (1.0 - a) * _dpred(a - y, loss)
        return np.column_stack([s * x, s]) if n else np.zeros((0, 2))
    if isinstance(model, Network):
        H3 = 3 * model.hidden
        A = model._activations(p, x)  # (H, n)
        v = p[2:H3:3]
        d = _dpred(v @ A + p[H3] - y, loss)  # (n,)
        S = A * (1.0 - A) * d * v[:, None]  # dL_i/dz_h, (H, n)
        G = np.empty((n, H3 + 1))
        G[:, 0:H3:3] = (S * x).T
        G[:, 1:H3:3] = S.T
        G[:, 2:H3:3] = (A * d).T
        G[:, H3] = d
        return G
    raise ValueError(f"no per-point gradients for {model!r}")


def hessian(model, params, x, y, loss="l2") -> np.ndarray:
    """The analytic Hessian of the whole-data loss, shape (n_params, n_params), symmetric."""
    p, x, y = _checked(model, params, x, y, loss)
    c2 = _second(x, loss)
    if isinstance(model, (Plane, Neuron2, FlexNetwork)):
        return model._hessian(p, x, y, loss, c2)
    if isinstance(model, Line):
        sx, sxx = float(np.sum(x)), float(np.dot(x, x))
        return c2 * np.array([[sxx, sx], [sx, float(x.size)]])
    if isinstance(model, Neuron):
        a = model._predict(p, x)
        d1 = a * (1.0 - a)  # σ'
        d2 = d1 * (1.0 - 2.0 * a)  # σ''
        k = d1 / y.size if loss == BCE else c2 * d1 * d1 + _dpred(a - y, loss) * d2  # weight of [x², x; x, 1]
        kx = k * x
        return np.array([[float(kx @ x), float(np.sum(kx))], [float(np.sum(kx)), float(np.sum(k))]])
    if isinstance(model, Network):
        return _network_hessian(model, p, x, y, loss, c2)
    raise ValueError(f"no Hessian for {model!r}")


def _network_hessian(model, p, x, y, loss, c2):
    H = model.hidden
    H3 = 3 * H
    A = model._activations(p, x)  # σ_h, (H, n)
    v = p[2:H3:3]
    d = _dpred(v @ A + p[H3] - y, loss)  # ℓ'(e), (n,)
    D1 = A * (1.0 - A)  # σ'
    D2 = D1 * (1.0 - 2.0 * A)  # σ''
    # Gauss-Newton part: c2 · Jᵀ J with J the model's gradient at every point
    J = np.empty((x.size, H3 + 1))
    J[:, 0:H3:3] = (D1 * v[:, None] * x).T
    J[:, 1:H3:3] = (D1 * v[:, None]).T
    J[:, 2:H3:3] = A.T
    J[:, H3] = 1.0
    out = c2 * (J.T @ J) if c2 else np.zeros((H3 + 1, H3 + 1))
    # the model's own curvature, weighted by ℓ'(e): only within one neuron
    r2 = D2 @ (d * x * x) * v  # ∂²/∂w²
    r1 = D2 @ (d * x) * v  # ∂²/∂w∂b
    r0 = D2 @ d * v  # ∂²/∂b²
    q1 = D1 @ (d * x)  # ∂²/∂w∂v
    q0 = D1 @ d  # ∂²/∂b∂v
    for h in range(H):
        w_, b_, v_ = 3 * h, 3 * h + 1, 3 * h + 2
        out[w_, w_] += r2[h]
        out[b_, b_] += r0[h]
        for i, j, val in ((w_, b_, r1[h]), (w_, v_, q1[h]), (b_, v_, q0[h])):
            out[i, j] += val
            out[j, i] += val
    return out


class QuadraticSummary:
    """What a symmetric curvature matrix (a Hessian or a block of it) says about gradient
    descent here.

    ``eigenvalues`` ascending, ``directions`` their unit eigenvectors as columns,
    ``condition`` = |λmax| / |λmin| (inf when λmin is 0), ``stable_lr`` = 2/λmax (inf when
    no direction curves upward: a step there never overshoots), ``convex`` when both
    eigenvalues are > 0 (the local model is a bowl and its level sets are ellipses)."""

    __slots__ = ("eigenvalues", "directions", "condition", "stable_lr", "convex")

    def __init__(self, block):
        B = np.asarray(block, dtype=np.float64)
        if B.ndim != 2 or B.shape[0] != B.shape[1] or B.shape[0] < 1:
            raise ValueError(f"a curvature matrix is square, got shape {B.shape}")
        lam, vec = np.linalg.eigh(0.5 * (B + B.T))
        self.eigenvalues = lam
        self.directions = vec
        mags = np.abs(lam)
        big, small = float(mags.max()), float(mags.min())
        self.condition = big / small if small > 0 else math.inf
        self.stable_lr = 2.0 / float(lam[-1]) if lam[-1] > 0 else math.inf
        self.convex = bool(lam[0] > 0)


def quadratic_summary(block) -> QuadraticSummary:
    """:class:`QuadraticSummary` of a Hessian or a square block of one."""
    return QuadraticSummary(block)
