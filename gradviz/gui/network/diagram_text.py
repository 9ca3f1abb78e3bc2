"""What the network diagram writes: its formula line and the tooltip of each node and edge,
for one or two inputs and a linear or sigmoid output.

Keys name what is under the mouse: ("x",) or ("x", j) an input, ("h", i) a hidden neuron,
("w", i) or ("w", i, j) the weight from input j into it, ("v", i) its output weight, ("y",)
the output; i and j are 0-based, the names the user reads are 1-based.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from gradviz.gui.network.shape import NetShape
from gradviz.gui.widgets.formatting import fixed


@dataclass(frozen=True)
class Weights:
    """The drawn network's values: W (H, inputs), b, v (H,), c."""

    shape: NetShape
    W: np.ndarray
    b: np.ndarray
    v: np.ndarray
    c: float


def formula(shape: NetShape) -> str:
    """hᵢ = σ(wᵢ·x + bᵢ)      y = Σ vᵢ·hᵢ + c, for this shape."""
    if shape.inputs == 1:
        hidden = "h\u1d62 = \u03c3(w\u1d62\u00b7x + b\u1d62)"
    else:
        hidden = "h\u1d62 = \u03c3(w\u1d62\u2081\u00b7x1 + w\u1d62\u2082\u00b7x2 + b\u1d62)"
    out = "\u03a3 v\u1d62\u00b7h\u1d62 + c"
    if shape.sigmoid:
        out = f"\u03c3({out})"
    return f"{hidden}      y = {out}"


def hidden_sum(shape: NetShape, k: int) -> str:
    """Hidden neuron k's weighted sum (k 1-based): w3·x + b3, or w3_1·x1 + w3_2·x2 + b3."""
    terms = [f"{shape.weight_name(k - 1, j)}\u00b7{x}" for j, x in enumerate(shape.input_names())]
    return " + ".join(terms) + f" + b{k}"


def tooltip(values: Weights, key: tuple, probe: float | None, act: np.ndarray, y_at_probe: float) -> str:
    """The tooltip of the node or edge ``key`` (KeyError for a key that names none)."""
    shape = values.shape
    kind = key[0]
    at = f"x = {fixed(probe)}" if probe is not None else ""
    if kind == "x":
        if shape.inputs == 1:
            return "x: the input" + (f"\nprobe {at}" if probe is not None else "")
        j = int(key[1])
        return f"x{j + 1}: input {j + 1} of 2 (the data view's {('horizontal', 'vertical')[j]} axis)"
    if kind == "y":
        if shape.sigmoid:
            s = (f"y: the output, y = \u03c3(\u03a3 v\u1d62\u00b7h\u1d62 + c), the probability of class 1\n"
                 f"c = {fixed(values.c)} (output bias)")
        else:
            s = (f"y: the output, y = \u03a3 v\u1d62\u00b7h\u1d62 + c\n"
                 f"c = {fixed(values.c)} (output bias)")
        if probe is not None:
            s += f"\ny({fixed(probe)}) = {fixed(y_at_probe)}"
        return s
    i = int(key[1])
    k = i + 1
    if kind == "w":
        j = int(key[2]) if len(key) > 2 else 0
        name, w = shape.weight_name(i, j), values.W[i, j]
        x = shape.input_names()[j]
        source = "input" if shape.inputs == 1 else x
        return (f"{name} = {fixed(w)} ({source} \u2192 h{k})\n"
                f"input weight: how steeply h{k} switches as {x} grows (sign = direction)")
    if kind == "v":
        return (f"v{k} = {fixed(values.v[i])} (h{k} \u2192 output)\n"
                f"output weight: h{k}'s 0..1 step is scaled by v{k} and added to y"
                + (" before the output's \u03c3" if shape.sigmoid else ""))
    if kind == "h":
        b = values.b[i]
        s = f"h{k} = \u03c3({hidden_sum(shape, k)})\nb{k} = {fixed(b)} (bias of h{k})"
        if shape.inputs == 1:
            w = values.W[i, 0]
            if math.isfinite(w) and math.isfinite(b) and w != 0:
                s += f"\nswitches on around x = -b{k}/w{k} = {fixed(-b / w)}"
        else:
            s += f"\nswitches on across the line {hidden_sum(shape, k)} = 0 in the (x1, x2) plane"
        if probe is not None:
            s += f"\nactivation at {at}: {fixed(act[i])}"
        return s
    raise KeyError(key)
