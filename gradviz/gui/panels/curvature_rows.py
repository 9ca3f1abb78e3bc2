"""The readout's curvature section: the Hessian's eigenvalues, the condition number and
the largest stable rate for gradient descent at the current point, 2/λmax."""

from __future__ import annotations

import math

import gradviz.core as gc

from gradviz.gui.state.derived import frame_hessian
from gradviz.gui.widgets.formatting import num

L1_NOTE = ("l1: |e| has no second derivative where a residual is exactly 0, and zero curvature "
           "everywhere else, so only the model's own curvature is left")


def curvature_rows(frame, values: dict) -> list[str]:
    """Rows of rich text; the numbers go into ``values`` ("lambda_min", "lambda_max",
    "condition", "stable_lr"; inf where unbounded)."""
    model, loss = frame.model, frame.settings.loss
    fh = frame_hessian(frame)
    H = fh.matrix
    s = gc.quadratic_summary(H)
    lo, hi = float(s.eigenvalues[0]), float(s.eigenvalues[-1])
    values.update(lambda_min=lo, lambda_max=hi, condition=float(s.condition), stable_lr=float(s.stable_lr))
    rows = []
    if model.n_params == 2:
        (a, b), (_, c) = H
        rows.append(f"<b>Curvature</b> (Hessian of L) = [[{num(a)}, {num(b)}], [{num(b)}, {num(c)}]]")
        rows.append(f"&nbsp;&nbsp;eigenvalues λ₁ = <b>{num(lo)}</b>, λ₂ = <b>{num(hi)}</b>")
    else:
        rows.append(f"<b>Curvature</b> (Hessian of L, {model.n_params} × {model.n_params}"
                    + (f", at step {fh.step:,}" if fh.step != frame.step else "")
                    + f"): λmin = <b>{num(lo)}</b>, λmax = <b>{num(hi)}</b>")
    cond = "∞" if math.isinf(s.condition) else num(s.condition, 4)
    rows.append(f"&nbsp;&nbsp;condition number |λ|max / |λ|min = <b>{cond}</b>"
                + (" &nbsp;<span style='color:#666'>(a long valley)</span>" if s.convex and s.condition > 50 else ""))
    if math.isinf(s.stable_lr):
        rate = "no direction curves upward: no step size overshoots here"
    else:
        rate = f"2/λmax = <b>{num(s.stable_lr, 4)}</b>"
        if model.name == "line" and loss in ("l2", "mse"):
            rate += " &nbsp;<span style='color:#666'>(the same everywhere: the red tick on the rate slider)</span>"
    rows.append(f"&nbsp;&nbsp;largest stable rate for gradient descent here: {rate}")
    if not s.convex and hi > 0:
        rows.append("&nbsp;&nbsp;<span style='color:#666'>not a bowl here: the loss curves down along "
                    "some direction (λmin ≤ 0)</span>")
    if loss == "l1":
        rows.append(f"&nbsp;&nbsp;<span style='color:#666'>{L1_NOTE}"
                    + (" (the line: none, so the Hessian is zero)" if model.name == "line" else "") + ".</span>")
    return rows
