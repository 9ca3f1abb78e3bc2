"""Compare the learner's gradient() and loss() with the true ones of the line under the
l2 loss (seed 001's L = 1/2 sum (w x + b - y)^2) and say, in words, what is off."""

from __future__ import annotations

import math

import numpy as np

import gradviz.core as gc

NAMES = ("dw", "db")
REL_TOL = 1e-6  # of the larger magnitude (at least 1): rounding, not a mistake


def true_loss_and_gradient(data, w: float, b: float) -> tuple[float, np.ndarray]:
    """Seed 001's l2 loss and its gradient (dL/dw, dL/db) at (w, b)."""
    xy = np.asarray(data, dtype=float).reshape(-1, 2)
    return gc.make_model("line").loss_and_grad([w, b], xy[:, 0], xy[:, 1], "l2")


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= REL_TOL * max(1.0, abs(a), abs(b))


def _hint(mine: float, true: float) -> str:
    if true != 0 and _close(mine, -true):
        return " (the sign is flipped)"
    if true != 0 and _close(mine, 2 * true):
        return " (twice the true value: the ½ of the loss cancels the 2 of the square)"
    if true != 0 and _close(2 * mine, true):
        return " (half the true value)"
    return ""


def _fmt(v: float) -> str:
    return f"{v:.6g}"


def gradient_problems(data, w: float, b: float, gradient) -> list[str]:
    """One line per component of ``gradient`` (the learner's (dw, db)) that is off."""
    _, g = true_loss_and_gradient(data, w, b)
    out = []
    for name, mine, true in zip(NAMES, gradient, g):
        if not math.isfinite(mine):
            out.append(f"gradient(): {name} is {mine}, not a number; at w = {_fmt(w)}, b = {_fmt(b)} it "
                       f"should be {_fmt(true)}")
        elif not _close(mine, true):
            out.append(f"gradient(): {name} is {_fmt(mine)} but should be {_fmt(true)} at w = {_fmt(w)}, "
                       f"b = {_fmt(b)}: off by {_fmt(mine - true)}{_hint(mine, true)}")
    return out


def loss_problem(data, w: float, b: float, loss: float) -> str | None:
    """What is wrong with the learner's loss() at (w, b), or None."""
    true, _ = true_loss_and_gradient(data, w, b)
    if _close(loss, true):
        return None
    return (f"loss() is {_fmt(loss)} but seed 001's L2 loss ½·Σ(w·x + b − y)² is {_fmt(true)} at "
            f"w = {_fmt(w)}, b = {_fmt(b)}: off by {_fmt(loss - true)}{_hint(loss, true)}")


def check_probe(data, probe: dict) -> list[str]:
    """Every problem found in a probe of the learner's code (runner.LearnerProcess.probe)."""
    w, b = probe["w"], probe["b"]
    out = []
    if probe.get("gradient") is not None:
        out += gradient_problems(data, w, b, probe["gradient"])
    if probe.get("loss") is not None:
        problem = loss_problem(data, w, b, probe["loss"])
        if problem:
            out.append(problem)
    return out
