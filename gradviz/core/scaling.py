"""Feature scaling: training on the standardized input u = (x - mean) / std.

Every model sees x only through its first layer, wᵢ·x + bᵢ. With u = (x - m)/s::

    w'·u + b' = (w'/s)·x + (b' - w'·m/s)

so a model trained on u is exactly the model on x with w = w'/s and b = b' - w·m (the
line and the neuron have one such pair, the network one per hidden neuron; the output
weights vᵢ and c do not see x and stay as they are). The two mappings below are each
other's inverse and give the same predictions, point for point.
"""

from __future__ import annotations

import math

import numpy as np

from .models import Line, Model, Network, Neuron

__all__ = ["Standardization", "standardization"]


class Standardization:
    """The shift ``mean`` and scale ``std`` of u = (x - mean) / std (std > 0)."""

    __slots__ = ("mean", "std")

    def __init__(self, mean: float, std: float):
        if not (math.isfinite(mean) and math.isfinite(std) and std > 0):
            raise ValueError(f"standardizing needs a finite mean and a std > 0, got mean={mean!r}, std={std!r}")
        self.mean, self.std = float(mean), float(std)

    def __repr__(self):
        return f"Standardization(mean={self.mean!r}, std={self.std!r})"

    def apply(self, x) -> np.ndarray:
        """u = (x - mean) / std, a new float64 array."""
        return (np.asarray(x, dtype=np.float64) - self.mean) / self.std

    def restore(self, u) -> np.ndarray:
        """x = u·std + mean: standardized values back in x's units (a new float64 array)."""
        return np.asarray(u, dtype=np.float64) * self.std + self.mean

    def to_original(self, model: Model, params) -> np.ndarray:
        """Parameters on u -> the parameters on x giving the same predictions."""
        p = model.as_params(params).copy()
        for iw, ib in _first_layer(model):
            w = p[iw] / self.std
            p[ib] = p[ib] - w * self.mean
            p[iw] = w
        return p

    def to_standardized(self, model: Model, params) -> np.ndarray:
        """Parameters on x -> the parameters on u giving the same predictions."""
        p = model.as_params(params).copy()
        for iw, ib in _first_layer(model):
            p[ib] = p[ib] + p[iw] * self.mean
            p[iw] = p[iw] * self.std
        return p


def _first_layer(model):
    """(index of wᵢ, index of bᵢ) for each place where the model sees x."""
    if isinstance(model, (Line, Neuron)):
        return ((0, 1),)
    if isinstance(model, Network):
        return tuple((3 * h, 3 * h + 1) for h in range(model.hidden))
    raise ValueError(f"no first layer known for {model!r}")


def standardization(x) -> Standardization:
    """The :class:`Standardization` of the data ``x`` (mean and population std). ValueError
    when there is nothing to scale: fewer than two points or all x equal."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim == 2 and x.shape[1] == 2:
        raise ValueError("standardizing x works on one input; this data has two (x1, x2)")
    x = x.ravel()
    if x.size < 2:
        raise ValueError(f"standardizing x needs at least two points, got {x.size}")
    m = float(np.mean(x))
    s = float(np.std(x))
    if not s > 0:
        raise ValueError("standardizing x needs at least two different x values (all x are equal)")
    return Standardization(m, s)
