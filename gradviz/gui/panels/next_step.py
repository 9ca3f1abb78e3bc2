"""The readout's "next step" rows: each optimizer's update written out with the numbers.

The trainer follows torch.optim: momentum v ← μ·v + g, p ← p − η·v; Adam with bias
correction. A snapshot carries the parameters and the whole-data gradient but not the
optimizer's running state (velocity, moments) nor the order of the mini-batches, so the
rows give every number where it is known: always for gradient descent, and at step 0
(the state is zero and the first shuffle of the seed is the next one) for the others.
"""

from __future__ import annotations

import numpy as np

from gradviz.gui.widgets.formatting import num, plural

# the session's trainer uses the core's default Adam constants
ADAM_BETAS = (0.9, 0.999)
ADAM_EPS = 1e-8

GREY = "<span style='color:#666'>{}</span>"


def first_batch(seed: int, n: int, batch: int) -> np.ndarray:
    """Indices of the points in the first mini-batch of a run: the first ``batch`` of the
    seed's first shuffle (the trainer reshuffles with ``np.random.default_rng(seed)``)."""
    return np.random.default_rng(seed).permutation(n)[:batch]


def update_rows(frame, names, values, grads, out: dict) -> list[str]:
    """HTML rows for the next step of the line or the neuron; the numbers shown go into
    ``out`` (e.g. "next w", "v_w", "m_hat_w")."""
    s = frame.settings
    snap = frame.snapshot
    eta = num(s.lr)
    n = len(frame.dataset)
    fresh = snap.step == 0  # optimizer state zero, shuffling not yet begun
    if s.optimizer == "gd" or (s.optimizer == "sgd" and s.batch_size >= n):
        what = "gradient descent" if s.optimizer == "gd" else \
            f"mini-batch SGD; the batch is all {plural(n)}, so this is gradient descent"
        rows = [f"<b>Next step</b> ({what}, η = {eta})"]
        for name, v, g in zip(names, values, grads):
            out[f"next {name}"] = v - s.lr * g
            rows.append(f"&nbsp;&nbsp;{name} ← {name} − η·∂L/∂{name} = {num(v)} − {eta}·({num(g)})"
                        f" = <b>{num(v - s.lr * g)}</b>")
        return rows
    if s.optimizer == "sgd":
        return _sgd(frame, names, values, n, fresh, out)
    if s.optimizer == "momentum":
        return _momentum(s, names, values, grads, fresh, out)
    return _adam(s, names, values, grads, fresh, out)


def _sgd(frame, names, values, n, fresh, out) -> list[str]:
    s = frame.settings
    eta = num(s.lr)
    rows = [f"<b>Next step</b> (mini-batch SGD, η = {eta}): the gradient of a batch of "
            f"{plural(s.batch_size)} of the {n:,}, L_B = the loss over the batch alone",
            "&nbsp;&nbsp;" + ", &nbsp;".join(f"{m} ← {m} − η·∂L_B/∂{m}" for m in names)]
    if not fresh:
        rows.append(GREY.format(f"The {plural(n)} are shuffled every epoch (seed {s.seed}) and taken "
                                f"{s.batch_size:,} at a time; epoch {frame.snapshot.epoch + 1}."))
        return rows
    idx = first_batch(s.seed, n, s.batch_size)
    x, y = frame.dataset.x[idx], frame.dataset.y[idx]
    with np.errstate(all="ignore"):
        _L, g = frame.model.loss_and_grad(np.asarray(values, dtype=float), x, y, s.loss)
    shown = ", ".join(f"#{i + 1} ({num(a, 4)}, {num(b, 4)})" for i, a, b in zip(idx[:8], x[:8], y[:8]))
    more = f", … ({idx.size - 8:,} more)" if idx.size > 8 else ""
    rows.append(f"&nbsp;&nbsp;batch (seed {s.seed}'s first shuffle): {shown}{more}")
    out["batch"] = idx
    for name, v, gb in zip(names, values, g):
        out[f"∂L_B/∂{name}"], out[f"next {name}"] = float(gb), v - s.lr * gb
        rows.append(f"&nbsp;&nbsp;{name} ← {num(v)} − {eta}·({num(gb)}) = <b>{num(v - s.lr * gb)}</b>")
    return rows


def _momentum(s, names, values, grads, fresh, out) -> list[str]:
    eta, mu = num(s.lr), num(s.momentum)
    rows = [f"<b>Next step</b> (momentum, η = {eta}, μ = {mu}): the velocity v adds up past gradients",
            "&nbsp;&nbsp;" + ", &nbsp;".join(f"v_{m} ← μ·v_{m} + ∂L/∂{m}" for m in names),
            "&nbsp;&nbsp;" + ", &nbsp;".join(f"{m} ← {m} − η·v_{m}" for m in names)]
    if not fresh:
        rows.append(GREY.format("v carries the steps taken so far (kept inside the trainer)."))
        return rows
    for name, v, g in zip(names, values, grads):
        out[f"v_{name}"], out[f"next {name}"] = g, v - s.lr * g
        rows.append(f"&nbsp;&nbsp;v_{name} = {mu}·0 + ({num(g)}) = {num(g)}; &nbsp;"
                    f"{name} ← {num(v)} − {eta}·({num(g)}) = <b>{num(v - s.lr * g)}</b>")
    return rows


def _adam(s, names, values, grads, fresh, out) -> list[str]:
    b1, b2 = ADAM_BETAS
    eta = num(s.lr)
    rows = [f"<b>Next step</b> (Adam, η = {eta}, β₁ = {num(b1)}, β₂ = {num(b2)}, ε = {num(ADAM_EPS)}; "
            "t counts Adam's steps, g = ∂L/∂·)",
            "&nbsp;&nbsp;m ← β₁·m + (1 − β₁)·g, &nbsp;v ← β₂·v + (1 − β₂)·g²",
            "&nbsp;&nbsp;m_hat = m/(1 − β₁ᵗ), &nbsp;v_hat = v/(1 − β₂ᵗ), &nbsp;· ← · − η·m_hat/(√v_hat + ε)"]
    if not fresh:
        rows.append(GREY.format("m and v carry the steps taken so far (kept inside the trainer)."))
        return rows
    c1, c2 = 1.0 - b1, 1.0 - b2  # bias corrections at t = 1
    rows.append("&nbsp;&nbsp;t = 1, from m = v = 0:")
    for name, p, g in zip(names, values, grads):
        m, v = c1 * g, c2 * g * g
        mh, vh = m / c1, v / c2
        new = p - s.lr * mh / (np.sqrt(vh) + ADAM_EPS)
        out.update({f"m_{name}": m, f"v_{name}": v, f"m_hat_{name}": mh, f"v_hat_{name}": vh, f"next {name}": new})
        rows.append(f"&nbsp;&nbsp;<b>{name}</b>: m = {num(c1)}·({num(g)}) = {num(m)}, "
                    f"v = {num(c2)}·({num(g)})² = {num(v)}; &nbsp;m_hat = {num(m)}/{num(c1)} = {num(mh)}, "
                    f"v_hat = {num(v)}/{num(c2)} = {num(vh)}; &nbsp;{name} ← {num(p)} − {eta}·{num(mh)}/"
                    f"(√{num(vh)} + ε) = <b>{num(new)}</b>")
    return rows
