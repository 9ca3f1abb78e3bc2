"""Feature scaling: training on the standardized input u = (x - mean) / std.

Every model sees x only through its first layer, wᵢ·x + bᵢ. With u = (x - m)/s::

    w'·u + b' = (w'/s)·x + (b' - w'·m/s)

so a model trained on u is exactly the model on x with w = w'/s and b = b' - w·m (the
line and the neuron have one such pair, the network one per hidden neuron; the output
weights vᵢ and c do not see x and stay as they are). With two inputs each column has its
own mean and std, uⱼ = (xⱼ - mⱼ)/sⱼ, and each first-layer sum w₁·x1 + w₂·x2 + b maps the
same way: wⱼ = w'ⱼ/sⱼ and b = b' - Σⱼ wⱼ·mⱼ (the plane, the neuron and the network of two
inputs). The two mappings below are each other's inverse and give the same predictions,
point for point.
"""

from __future__ import annotations

import numpy as np

from .models import Line, Model, Network, Neuron

__all__ = ["Standardization", "standardization"]


class Standardization:
    """The shift ``mean`` and scale ``std`` of u = (x - mean) / std (std > 0): numbers for
    one input, arrays of one value per column (x1, x2) for two."""

    __slots__ = ("mean", "std")

    def __init__(self, mean, std):
        m = np.asarray(mean, dtype=np.float64)
        s = np.asarray(std, dtype=np.float64)
        if m.shape != s.shape or m.ndim > 1 or not (np.all(np.isfinite(m)) and np.all(np.isfinite(s))
                                                    and np.all(s > 0)):
            raise ValueError(f"standardizing needs a finite mean and a std > 0 (one per input), "
                             f"got mean={mean!r}, std={std!r}")
        if m.ndim == 0:
            self.mean, self.std = float(m), float(s)
        else:
            self.mean, self.std = m.copy(), s.copy()
            self.mean.flags.writeable = self.std.flags.writeable = False

    @property
    def n_inputs(self) -> int:
        return 1 if np.ndim(self.mean) == 0 else len(self.mean)

    def __repr__(self):
        if self.n_inputs == 1:
            return f"Standardization(mean={self.mean!r}, std={self.std!r})"
        return f"Standardization(mean={self.mean.tolist()!r}, std={self.std.tolist()!r})"

    def apply(self, x) -> np.ndarray:
        """u = (x - mean) / std, a new float64 array (x of shape (n, 2) for two inputs)."""
        return (np.asarray(x, dtype=np.float64) - self.mean) / self.std

    def restore(self, u) -> np.ndarray:
        """x = u·std + mean: standardized values back in x's units (a new float64 array)."""
        return np.asarray(u, dtype=np.float64) * self.std + self.mean

    def to_original(self, model: Model, params) -> np.ndarray:
        """Parameters on u -> the parameters on x giving the same predictions."""
        p = model.as_params(params).copy()
        m, s = np.atleast_1d(self.mean), np.atleast_1d(self.std)
        for iw, ib in _first_layer(model, len(m)):
            w = p[iw] / s
            p[ib] = p[ib] - w @ m
            p[iw] = w
        return p

    def to_standardized(self, model: Model, params) -> np.ndarray:
        """Parameters on x -> the parameters on u giving the same predictions."""
        p = model.as_params(params).copy()
        m, s = np.atleast_1d(self.mean), np.atleast_1d(self.std)
        for iw, ib in _first_layer(model, len(m)):
            p[ib] = p[ib] + p[iw] @ m
            p[iw] = p[iw] * s
        return p


def _first_layer(model, inputs: int):
    """(indices of the weights on x, index of the bias) for each place where the model sees x."""
    if model.n_inputs != inputs:
        raise ValueError(f"this standardization is of {inputs} input{'s' * (inputs > 1)}, "
                         f"but the model {model.name} takes {model.n_inputs}")
    if isinstance(model, (Line, Neuron)):
        return (([0], 1),)
    if isinstance(model, Network):
        return tuple(([3 * h], 3 * h + 1) for h in range(model.hidden))
    from .more_models import FlexNetwork, _Linear2

    if isinstance(model, _Linear2):  # the plane and the neuron of two inputs: w1, w2, b
        return (([0, 1], 2),)
    if isinstance(model, FlexNetwork):  # per hidden neuron: its input weights, then its bias
        k = model.n_inputs
        return tuple((list(range((k + 2) * h, (k + 2) * h + k)), (k + 2) * h + k) for h in range(model.hidden))
    raise ValueError(f"no first layer known for {model!r}")


def standardization(x) -> Standardization:
    """The :class:`Standardization` of the data ``x`` (mean and population std; of each
    column for x of shape (n, 2)). ValueError when there is nothing to scale: fewer than two
    points or all x (or all x1, or all x2) equal."""
    x = np.asarray(x, dtype=np.float64)
    columns = x.ndim == 2 and x.shape[1] == 2
    if not columns:
        x = x.ravel()
    if x.shape[0] < 2:
        raise ValueError(f"standardizing x needs at least two points, got {x.shape[0]}")
    m = np.mean(x, axis=0)
    s = np.std(x, axis=0)
    if not columns:
        if not s > 0:
            raise ValueError("standardizing x needs at least two different x values (all x are equal)")
        return Standardization(float(m), float(s))
    for j in range(2):
        if not s[j] > 0:
            raise ValueError(f"standardizing x needs at least two different x{j + 1} values (all x{j + 1} are equal)")
    return Standardization(m, s)
