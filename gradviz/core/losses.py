"""Loss functions of the residual e = prediction - target.

The names mean exactly what the lessons say (seeds 001 and 002):

=====  ==========================  ======================
name   L(e)                        dL/dprediction
=====  ==========================  ======================
l1     sum |e|                     sign(e)  (0 at e == 0)
l2     1/2 * sum e^2   (seed 001)  e
mse    mean e^2        (seed 002)  2 e / n
=====  ==========================  ======================

L1 is not differentiable where a residual is exactly zero; we use the subgradient 0
there (numpy's ``sign``). With no data at all every loss is 0 (mse included: the mean
of nothing is taken as 0 rather than NaN, so an empty plot never shows NaN).
"""

from __future__ import annotations

import numpy as np

LOSSES = ("l1", "l2", "mse")

_LOSS_HELP = "choose one of 'l1' (sum |e|), 'l2' (1/2 sum e^2), 'mse' (mean e^2)"


def check_loss(loss) -> str:
    """Return ``loss`` if it names a known loss, else raise ValueError naming the valid ones."""
    if isinstance(loss, str) and loss in LOSSES:
        return loss
    raise ValueError(f"unknown loss {loss!r}: {_LOSS_HELP}")


def loss_value(e, loss) -> float:
    """Loss of the residuals ``e`` (prediction - target), as a Python float."""
    check_loss(loss)
    e = np.asarray(e, dtype=np.float64).ravel()
    return _value(e, loss)


def loss_dpred(e, loss) -> np.ndarray:
    """dL/dprediction for every residual (a new array; l1 uses subgradient 0 at e == 0)."""
    check_loss(loss)
    e = np.asarray(e, dtype=np.float64)
    if loss == "l2":
        return e.copy()
    return _dpred(e, loss)


# -- unchecked fast versions (e is a float64 ndarray, loss already validated) ----------

def _value(e: np.ndarray, loss: str) -> float:
    if loss == "l2":
        return 0.5 * float(np.dot(e, e))
    if loss == "mse":
        n = e.size
        return float(np.dot(e, e)) / n if n else 0.0
    return float(np.add.reduce(np.abs(e)))


def _dpred(e: np.ndarray, loss: str) -> np.ndarray:
    """dL/dprediction; for l2 this may be ``e`` itself (no copy)."""
    if loss == "l2":
        return e
    if loss == "mse":
        n = e.size
        return e * (2.0 / n) if n else e.copy()
    return np.sign(e)


def _value_rows(e: np.ndarray, loss: str, n: int) -> np.ndarray:
    """Loss of each row (last axis) of a residual block; n = number of data points."""
    if loss == "l1":
        return np.add.reduce(np.abs(e), axis=-1)
    sq = np.einsum("...k,...k->...", e, e)
    if loss == "l2":
        return 0.5 * sq
    return sq / n if n else sq * 0.0
