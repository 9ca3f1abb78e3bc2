"""The readout's "next step" rows: each optimizer's update written out with the numbers.

The trainer follows torch.optim: momentum v ← μ·v + g, p ← p − η·v; Adam with bias
correction (Nesterov, RMSprop, Adagrad: ``more_rules``). The snapshot carries what the
next step starts from (momentum's velocity, Adam's m, v and t, the points of the next
mini-batch, the rate the schedule gives it), so every row shows the numbers of the step
the trainer takes next, at any step of the run. Each new value is computed in the core's
order of operations, so with the whole data set it is the trainer's own bit for bit.
"""

from __future__ import annotations

import numpy as np

from gradviz.gui.panels.more_rules import MORE_RULES, Hyper, decay_rows, hyper, schedule_rows
from gradviz.gui.widgets.formatting import num, plural

GREY = "<span style='color:#666'>{}</span>"
SHOWN_POINTS = 8  # a longer batch is listed by its first points and a count


def update_rows(frame, names, values, grads, out: dict) -> list[str]:
    """HTML rows for the next step of the line or the neuron; the numbers shown go into
    ``out`` (e.g. "next w", "v_w", "m_hat_w"; "batch": the next mini-batch's indices)."""
    s, snap = frame.settings, frame.snapshot
    n = len(frame.dataset)
    rows: list[str] = schedule_rows(snap, out)
    if snap.next_batch is not None:  # the gradient of the next mini-batch, not of all the data
        grads = _batch_rows(frame, names, values, rows, out)
        d = "∂L_B/∂"
    else:
        d = "∂L/∂"
    h = hyper(frame)
    if h.wd and s.optimizer != "adamw":  # torch's coupled decay: the rule takes g + wd·p
        rows += decay_rows(h, names, values, grads, d, out)
        grads, d = [out[f"g_{m}"] for m in names], "g_"
    rule = {"momentum": _momentum, "adam": _adam, "adamw": _adam, **MORE_RULES}.get(s.optimizer)
    if rule is not None:
        return rule(snap, h, names, values, grads, d, out) + rows
    eta, lr = h.eta, h.lr
    if snap.next_batch is not None:
        head = f"<b>Next step</b> (mini-batch SGD, η = {eta})"
    elif s.optimizer == "sgd":
        head = f"<b>Next step</b> (mini-batch SGD; the batch is all {plural(n)}, so this is gradient descent, η = {eta})"
    else:
        head = f"<b>Next step</b> (gradient descent, η = {eta})"
    body = []
    for name, v, g in zip(names, values, grads):
        out[f"next {name}"] = new = v - g * lr
        body.append(f"&nbsp;&nbsp;{name} ← {name} − η·{d}{name} = {num(v)} − {eta}·({num(g)})"
                    f" = <b>{num(new)}</b>")
    return [head] + rows + body


def _batch_rows(frame, names, values, rows, out) -> np.ndarray:
    """Rows naming the next mini-batch; returns its gradient at ``values``."""
    s, snap = frame.settings, frame.snapshot
    idx = snap.next_batch
    n = len(frame.dataset)
    x, y = frame.dataset.x[idx], frame.dataset.y[idx]
    with np.errstate(all="ignore"):
        _L, g = frame.model.loss_and_grad(np.asarray(values, dtype=float), x, y, s.loss)
    k = SHOWN_POINTS
    shown = ", ".join(f"#{i + 1} ({num(a, 4)}, {num(b, 4)})" for i, a, b in zip(idx[:k], x[:k], y[:k]))
    more = f", … ({idx.size - k:,} more)" if idx.size > k else ""
    rows.append(f"&nbsp;&nbsp;the gradient of a batch of {plural(idx.size)} of the {n:,}, "
                "L_B = the loss over the batch alone")
    rows.append(f"&nbsp;&nbsp;batch (epoch {snap.epoch + 1}, shuffled with seed {s.seed}): {shown}{more}")
    out["batch"] = idx
    for name, gb in zip(names, g):
        out[f"∂L_B/∂{name}"] = float(gb)
    return g


def _momentum(snap, h: Hyper, names, values, grads, d, out) -> list[str]:
    eta, mu = h.eta, num(h.momentum)
    vel = snap.velocity if snap.velocity is not None else np.zeros(len(values))
    rows = [f"<b>Next step</b> (momentum, η = {eta}, μ = {mu}): the velocity v adds up past gradients",
            "&nbsp;&nbsp;" + ", &nbsp;".join(f"v_{m} ← μ·v_{m} + {d}{m}" for m in names),
            "&nbsp;&nbsp;" + ", &nbsp;".join(f"{m} ← {m} − η·v_{m}" for m in names)]
    for name, p, v0, g in zip(names, values, vel, grads):
        v1 = v0 * h.momentum + g
        new = p - v1 * h.lr
        out[f"v_{name}"], out[f"next {name}"] = v1, new
        rows.append(f"&nbsp;&nbsp;v_{name} = {mu}·({num(v0)}) + ({num(g)}) = {num(v1)}; &nbsp;"
                    f"{name} ← {num(p)} − {eta}·({num(v1)}) = <b>{num(new)}</b>")
    return rows


def _adam(snap, h: Hyper, names, values, grads, d, out) -> list[str]:
    """Adam, or AdamW (its decoupled decay first: p ← p·(1 − η·wd))."""
    b1, b2 = h.betas
    eta, lr = h.eta, h.lr
    zeros = np.zeros(len(values))
    m0 = snap.adam_m if snap.adam_m is not None else zeros
    v0 = snap.adam_v if snap.adam_v is not None else zeros
    t = snap.adam_t + 1
    c1, c2 = 1.0 - b1 ** t, 1.0 - b2 ** t  # bias corrections at step t
    adamw = h.optimizer == "adamw"
    title = f"AdamW, weight decay wd = {num(h.wd)}" if adamw else "Adam"
    rows = [f"<b>Next step</b> ({title}, η = {eta}, β₁ = {num(b1)}, β₂ = {num(b2)}, ε = {num(h.eps)}; "
            f"t counts the optimizer's steps, g = {d}·)",
            "&nbsp;&nbsp;m ← β₁·m + (1 − β₁)·g, &nbsp;v ← β₂·v + (1 − β₂)·g²",
            "&nbsp;&nbsp;m_hat = m/(1 − β₁ᵗ), &nbsp;v_hat = v/(1 − β₂ᵗ), &nbsp;· ← · − η·m_hat/(√v_hat + ε)",
            f"&nbsp;&nbsp;t = {t:,}: 1 − β₁ᵗ = {num(c1)}, 1 − β₂ᵗ = {num(c2)}"]
    if adamw:
        keep = 1.0 - lr * h.wd
        rows.insert(1, "&nbsp;&nbsp;first the decay, apart from the gradient: "
                       + ", &nbsp;".join(f"{m} ← {m}·(1 − η·wd)" for m in names) + f", 1 − η·wd = {num(keep, 8)}")
    for name, p, ma, va, g in zip(names, values, m0, v0, grads):
        m = ma * b1 + g * (1.0 - b1)
        v = va * b2 + g * g * (1.0 - b2)
        mh, vh = m / c1, v / c2
        p0 = p * keep if adamw else p
        new = p0 - m / (np.sqrt(v * (1.0 / c2)) + h.eps) * (lr / c1)  # the core's order: the trainer's bits
        out.update({f"m_{name}": m, f"v_{name}": v, f"m_hat_{name}": mh, f"v_hat_{name}": vh, f"next {name}": new})
        start = f"{num(p)}·{num(keep, 8)} = {num(p0)}; &nbsp;{name} ← {num(p0)}" if adamw else num(p)
        rows.append(f"&nbsp;&nbsp;<b>{name}</b>: m = {num(b1)}·({num(ma)}) + {num(1 - b1)}·({num(g)}) = {num(m)}, "
                    f"v = {num(b2)}·({num(va)}) + {num(1 - b2)}·({num(g)})² = {num(v)}; &nbsp;"
                    f"m_hat = {num(m)}/{num(c1)} = {num(mh)}, v_hat = {num(v)}/{num(c2)} = {num(vh)}; &nbsp;"
                    f"{name} ← {start} − {eta}·{num(mh)}/(√{num(vh)} + ε) = <b>{num(new)}</b>")
    return rows
