"""The readout's "next step" rows for Nesterov, RMSprop and Adagrad, torch's coupled weight
decay and the learning-rate schedule, with the numbers plugged in (the rows of the other
rules are in ``next_step``).

Each new value is computed in the core's order of operations (see ``more_optimizers``),
so with the whole data set it equals the trainer's next step bit for bit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

import gradviz.core as gc
from gradviz.gui.widgets.formatting import num


@dataclass(frozen=True)
class Hyper:
    """The next step's hyperparameters as the trainer uses them."""

    optimizer: str
    lr: float  # the rate of the next step (the schedule's, if one is set)
    momentum: float
    betas: tuple[float, float]
    eps: float | None
    wd: float

    @property
    def eta(self) -> str:
        return num(self.lr)


def hyper(frame) -> Hyper:
    """The frame's settings with each optimizer's own defaults filled in, and the rate
    of the next step from the snapshot."""
    s, snap = frame.settings, frame.snapshot
    defaults = gc.optimizer_defaults(s.optimizer)
    return Hyper(optimizer=s.optimizer, lr=snap.lr if snap.next_lr is None else snap.next_lr,
                 momentum=s.momentum, betas=(s.beta1, s.beta2),
                 eps=defaults["eps"] if s.eps is None else s.eps,
                 wd=defaults["weight_decay"] if s.weight_decay is None else s.weight_decay)


def schedule_rows(snap, out) -> list[str]:
    """The next step's rate from its schedule, written out (nothing for a constant rate)."""
    sch = snap.schedule
    if sch is None:
        return []
    k, base, lr = snap.step, snap.lr, snap.next_lr
    out["lr"] = lr
    if sch.kind == "step":
        formula = (f"η₀·γ^⌊k/{sch.every:,}⌋ = {num(base)}·{num(sch.gamma)}^⌊{k:,}/{sch.every:,}⌋"
                   f" = {num(base)}·{num(sch.gamma)}^{k // sch.every:,}")
    elif sch.kind == "exp":
        formula = f"η₀·γ^k = {num(base)}·{num(sch.gamma)}^{k:,}"
    else:
        lo = num(sch.lr_min)
        formula = (f"η_min + (η₀ − η_min)·(1 + cos(π·k/T))/2 = {lo} + ({num(base)} − {lo})·"
                   f"(1 + cos(π·{k:,}/{sch.t_max:,}))/2 = {lo} + ({num(base)} − {lo})·"
                   f"{num((1 + math.cos(math.pi * k / sch.t_max)) / 2)}")
    return [f"&nbsp;&nbsp;η, the rate of step k = {k:,} ({sch.describe()}, base rate η₀): {formula}"
            f" = <b>{num(lr)}</b>"]


def decay_rows(h: Hyper, names, values, grads, d, out) -> list[str]:
    """torch's coupled weight decay: the rule takes g = ∂L/∂· + wd·· (``out["g_<name>"]``)."""
    rows = [f"&nbsp;&nbsp;weight decay wd = {num(h.wd)}: the rule takes g = {d}· + wd·· (pulls · toward 0)"]
    for name, p, g in zip(names, values, grads):
        out[f"g_{name}"] = ge = p * h.wd + g
        rows.append(f"&nbsp;&nbsp;g_{name} = {num(g)} + {num(h.wd)}·({num(p)}) = {num(ge)}")
    return rows


def _nesterov(snap, h: Hyper, names, values, grads, d, out) -> list[str]:
    eta, mu = h.eta, num(h.momentum)
    vel = snap.velocity if snap.velocity is not None else np.zeros(len(values))
    rows = [f"<b>Next step</b> (Nesterov momentum, η = {eta}, μ = {mu}): the step looks ahead along the velocity",
            "&nbsp;&nbsp;" + ", &nbsp;".join(f"v_{m} ← μ·v_{m} + {d}{m}" for m in names),
            "&nbsp;&nbsp;" + ", &nbsp;".join(f"{m} ← {m} − η·({d}{m} + μ·v_{m})" for m in names)]
    for name, p, v0, g in zip(names, values, vel, grads):
        v1 = v0 * h.momentum + g
        look = v1 * h.momentum + g
        new = p - look * h.lr
        out[f"v_{name}"], out[f"next {name}"] = v1, new
        rows.append(f"&nbsp;&nbsp;v_{name} = {mu}·({num(v0)}) + ({num(g)}) = {num(v1)}; &nbsp;"
                    f"{name} ← {num(p)} − {eta}·({num(g)} + {mu}·({num(v1)})) = <b>{num(new)}</b>")
    return rows


def _scaled(snap, h: Hyper, names, values, grads, d, out, kind: str) -> list[str]:
    """RMSprop (s ← α·s + (1 − α)·g²) or Adagrad (s ← s + g²); then · ← · − η·g/(√s + ε)."""
    zeros = np.zeros(len(values))
    eta, eps = h.eta, num(h.eps)
    if kind == "rmsprop":
        a = gc.RMSPROP_ALPHA
        state = snap.square_avg if snap.square_avg is not None else zeros
        rows = [f"<b>Next step</b> (RMSprop, η = {eta}, α = {num(a)}, ε = {eps}, g = {d}·): "
                "s is a running mean of g², so each parameter's step is about η",
                "&nbsp;&nbsp;s ← α·s + (1 − α)·g², &nbsp;· ← · − η·g/(√s + ε)"]
    else:
        state = snap.adagrad_sum if snap.adagrad_sum is not None else zeros
        rows = [f"<b>Next step</b> (Adagrad, η = {eta}, ε = {eps}, g = {d}·, step {snap.adam_t + 1:,}): "
                "s adds up every g², so the steps shrink",
                "&nbsp;&nbsp;s ← s + g², &nbsp;· ← · − η·g/(√s + ε)"]
    for name, p, s0, g in zip(names, values, state, grads):
        s1 = s0 * a + g * g * (1.0 - a) if kind == "rmsprop" else s0 + g * g
        new = p - g / (np.sqrt(s1) + h.eps) * h.lr
        out[f"s_{name}"], out[f"next {name}"] = s1, new
        acc = (f"{num(a)}·({num(s0)}) + {num(1 - a)}·({num(g)})²" if kind == "rmsprop"
               else f"{num(s0)} + ({num(g)})²")
        rows.append(f"&nbsp;&nbsp;s_{name} = {acc} = {num(s1)}; &nbsp;"
                    f"{name} ← {num(p)} − {eta}·({num(g)})/(√{num(s1)} + ε) = <b>{num(new)}</b>")
    return rows


def _rmsprop(snap, h, names, values, grads, d, out):
    return _scaled(snap, h, names, values, grads, d, out, "rmsprop")


def _adagrad(snap, h, names, values, grads, d, out):
    return _scaled(snap, h, names, values, grads, d, out, "adagrad")


MORE_RULES = {"nesterov": _nesterov, "rmsprop": _rmsprop, "adagrad": _adagrad}
