"""When a run counts as diverged, and the sentence that tells the learner.

After a step, if the whole-data loss is not finite or exceeds :func:`loss_limit` of the
loss where the run last (re)started, or a parameter or the gradient is not finite, the
trainer stops *before* accepting that step and reports :func:`divergence_message`.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["DIVERGENCE_LOSS", "DIVERGENCE_GROWTH", "NOT_FINITE_AT_START", "NOT_FINITE_HERE",
           "loss_limit", "divergence_message"]

DIVERGENCE_LOSS = 1e12  # absolute loss limit
DIVERGENCE_GROWTH = 1e4  # ... or this many times the loss at the last (re)start
NOT_FINITE_AT_START = ("The loss is not finite at the start point with this data (the numbers are too "
                       "large for this loss). Try the L1 loss, another start point or smaller values.")
NOT_FINITE_HERE = ("The loss is not finite at the current parameters with this data. "
                   "Press reset or move the point.")


def loss_limit(start_loss: float) -> float:
    """The loss above which a run that (re)started at ``start_loss`` has diverged."""
    return max(DIVERGENCE_LOSS, DIVERGENCE_GROWTH * start_loss)


def _fmt_power(v: float) -> str:
    """1e12 -> '1e12', 3.5e13 -> '3.5e13'."""
    mant, _, exp = f"{v:.2g}".partition("e")
    return f"{mant}e{int(exp)}" if exp else mant


def divergence_message(at_step: int, loss: float, params, grad, limit: float,
                       largest_stable_lr: float | None = None) -> str:
    """The sentence for a step that failed: what went wrong at ``params`` (``grad`` may be
    None when only the loss was computed) and what to do, with the largest stable
    learning rate when one is known."""
    if not np.isfinite(params).all() or (grad is not None and not np.isfinite(grad).all()):
        what = "the parameters or the gradient became infinite"
    elif not math.isfinite(loss):
        what = "the loss became infinite"
    else:
        what = f"the loss grew past {_fmt_power(limit)}"
    advice = "Lower the learning rate"
    if largest_stable_lr is not None and math.isfinite(largest_stable_lr):
        advice += f" (largest stable: {largest_stable_lr:.2g})"
    return f"Diverged at step {at_step}: {what}. {advice}, then reset or move the point."
