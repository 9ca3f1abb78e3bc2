"""Binary cross-entropy, the loss of classification with labels 0 and 1.

For a model whose output is a probability p = σ(z) (the neuron; the network with a sigmoid
output), with z the pre-activation (the logit)::

    bce = mean over the points of -[y·log p + (1 - y)·log(1 - p)]
        = mean of softplus(z) - y·z,            softplus(z) = log(1 + e^z)
    dbce/dz = (σ(z) - y) / n

The second form never takes the log of 0 nor overflows: softplus(z) is computed as
max(z, 0) + log1p(e^-|z|), finite for any finite z (z = ±1000 included).

The regression losses (``losses.LOSSES``: l1, l2, mse) stay the app's menu;
:func:`check_any_loss` also accepts "bce" where the code handles it, and
:func:`check_bce` says clearly why a model or data cannot use it.
"""

from __future__ import annotations

import numpy as np

from .losses import LOSSES, check_loss

__all__ = ["BCE", "ALL_LOSSES", "check_any_loss", "check_bce", "accuracy"]

BCE = "bce"
#: Every loss the core computes: the regression losses and binary cross-entropy.
ALL_LOSSES = LOSSES + (BCE,)


def check_any_loss(loss) -> str:
    """``loss`` if it is one of :data:`ALL_LOSSES`, else ValueError naming them."""
    if loss == BCE and isinstance(loss, str):
        return loss
    try:
        return check_loss(loss)
    except ValueError:
        raise ValueError(f"unknown loss {loss!r}: choose one of 'l1' (sum |e|), 'l2' (1/2 sum e^2), "
                         "'mse' (mean e^2) or 'bce' (binary cross-entropy, for a probability)") from None


def check_bce(model, y) -> None:
    """ValueError unless ``model``'s output is a probability and every label in ``y`` is 0 or 1."""
    if not getattr(model, "probability", False):
        raise ValueError(f"the loss 'bce' needs a model whose output is a probability (the neuron, or the "
                         f"network with output='sigmoid'); {model!r} is not one: use l1, l2 or mse")
    y = np.asarray(y)
    bad = (y != 0.0) & (y != 1.0)
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(f"the loss 'bce' needs labels 0 and 1, but point {i} has y = {float(y[i])!r}")


def _softplus(z: np.ndarray) -> np.ndarray:
    out = np.abs(z)
    np.negative(out, out=out)
    np.exp(out, out=out)
    np.log1p(out, out=out)
    out += np.maximum(z, 0.0)
    return out


def _bce_value(z: np.ndarray, y: np.ndarray) -> float:
    """Mean of softplus(z) - y·z over the points (0 for no points)."""
    n = y.size
    if n == 0:
        return 0.0
    return (float(np.add.reduce(_softplus(z))) - float(np.dot(y, z))) / n


def _bce_rows(Z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The loss of each row of logits Z (m, n)."""
    n = y.size
    if n == 0:
        return np.zeros(Z.shape[0])
    S = np.add.reduce(_softplus(Z), axis=-1)
    S -= Z @ y
    S /= n
    return S


def _bce_dz(p: np.ndarray, y: np.ndarray) -> np.ndarray:
    """dbce/dz = (p - y) / n from the probabilities p = σ(z) (a new array)."""
    d = p - y
    if y.size:
        d *= 1.0 / y.size
    return d


def accuracy(model, params, x, y) -> float:
    """The share of points (0..1) a probability model puts on the right side of 0.5
    (p >= 0.5 counts as class 1); nan for no points."""
    if not getattr(model, "probability", False):
        raise ValueError(f"accuracy needs a model whose output is a probability; {model!r} is not one")
    y = np.asarray(y, dtype=np.float64).ravel()
    p = model.predict(params, x)
    if y.size == 0:
        return float("nan")
    p = np.asarray(p).reshape(y.shape)
    return float(np.mean((p >= 0.5) == (y >= 0.5)))


def check_fit(model, loss, x, y, what="the data") -> None:
    """ValueError unless ``model`` takes data shaped as ``x`` (1-D: one input, (n, 2): two)
    and, for the loss 'bce', is a probability model and ``y`` holds only 0 and 1."""
    inputs = 1 if np.ndim(x) == 1 else 2
    if inputs != model.n_inputs:
        have = "one input (x)" if inputs == 1 else "two inputs (x1, x2)"
        hint = ("use the line, or the neuron or the network with one input" if inputs == 1
                else "use the plane, or the neuron or the network with inputs=2")
        raise ValueError(f"{what} has {have} but {model.describe()} takes {model.n_inputs}: {hint}")
    if loss == BCE:
        try:
            check_bce(model, y)
        except ValueError as exc:
            raise ValueError(f"{exc} ({what})" if "labels" in str(exc) else str(exc)) from None
