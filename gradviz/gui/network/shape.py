"""The shape of the network the panel draws: hidden size, number of inputs (1 or 2) and
whether the output passes through a sigmoid; the parameter names and the unpacking of a
parameter vector come from the core model of that shape."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

import gradviz.core as gc


@dataclass(frozen=True)
class NetShape:
    hidden: int
    inputs: int = 1
    sigmoid: bool = False  # the output is σ(Σ vᵢ·hᵢ + c), a probability

    @classmethod
    def of(cls, model: gc.Model) -> "NetShape":
        """The shape of a core network model."""
        return cls(int(model.hidden), int(model.n_inputs), bool(model.probability))

    @cached_property
    def model(self) -> gc.Model:
        return gc.make_model("network", hidden=self.hidden, inputs=self.inputs,
                             output="sigmoid" if self.sigmoid else "linear")

    @property
    def names(self) -> tuple[str, ...]:
        """The parameters' names in the model's order, e.g. w1_1, w1_2, b1, v1, ..., c."""
        return self.model.param_names

    @property
    def stride(self) -> int:
        """Parameters per hidden neuron: its input weights, its bias, its output weight."""
        return self.inputs + 2

    def unpack(self, params) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
        """(W of shape (H, inputs), b, v, c) as copies; ValueError for a vector of the wrong length."""
        p = self.model.as_params(params)
        U = p[:-1].reshape(self.hidden, self.stride)
        k = self.inputs
        return U[:, :k].copy(), U[:, k].copy(), U[:, k + 1].copy(), float(p[-1])

    def input_names(self) -> tuple[str, ...]:
        """What the input nodes are called: x, or x1 and x2."""
        return ("x",) if self.inputs == 1 else tuple(f"x{j}" for j in range(1, self.inputs + 1))

    def weight_name(self, i: int, j: int) -> str:
        """The name of hidden neuron i's weight from input j (both 0-based): w3, or w3_2."""
        return self.names[self.stride * i + j]

    def title(self) -> str:
        """The Network dock's title: what flows through the network drawn."""
        out = "σ → p" if self.sigmoid else "y"
        return f"Network: {', '.join(self.input_names())} → hidden sigmoid neurons → {out}"
