"""Step, loss, parameters and gradient, with the formulas written out and the current
numbers plugged in: seed 001's loss() and gradient() made visible."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QVBoxLayout, QWidget

import gradviz.core as gc

from gradviz.gui.held_out.readout_row import eval_readout_row
from gradviz.gui.panels.curvature_rows import curvature_rows
from gradviz.gui.panels.accuracy_row import accuracy_row
from gradviz.gui.panels.next_step import update_rows
from gradviz.gui.panels.scaling_rows import scaling_rows
from gradviz.gui.widgets.formatting import num, plural, term
from gradviz.gui.widgets.rich_text import RichTextView

LOSS_TITLES = {"l1": "L1 loss", "l2": "L2 loss", "mse": "mean squared error", "bce": "cross-entropy"}


def _loss_formula(loss: str, pred: str) -> tuple[str, str]:
    """(loss formula, derivative of the loss w.r.t. the prediction) for a prediction text."""
    if loss == "l1":
        return f"Σᵢ |{pred} − yᵢ|", f"sign({pred} − yᵢ)"
    if loss == "bce":  # with pred = σ(z), dL/dz: the σ′ of the chain cancels
        return f"−(1/n) Σᵢ [yᵢ·log {pred} + (1 − yᵢ)·log(1 − {pred})]", f"(1/n)·({pred} − yᵢ)"
    if loss == "mse":
        return f"(1/n) Σᵢ ({pred} − yᵢ)²", f"(2/n)·({pred} − yᵢ)"
    return f"½ Σᵢ ({pred} − yᵢ)²", f"({pred} − yᵢ)"


class ReadoutPanel(QWidget):
    """Draws each frame of the session. ``values`` holds the state's numbers by name (step,
    loss, each parameter and its derivative); ``next_step`` the numbers of the update
    written out ("next w", "v_w", "m_hat_w", ...)."""

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.values: dict[str, float] = {}
        self.next_step: dict[str, float] = {}
        self._batch = None
        self.label = RichTextView()
        # the curvature on a view of its own: for the line it stays the same while training, and
        # a longer main text would cost its layout every frame
        self.curvature_label = RichTextView()
        self.curvature_label.setMaximumHeight(6 * self.curvature_label.fontMetrics().lineSpacing())
        self.curvature_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.label)
        layout.addWidget(self.curvature_label)
        session.frameChanged.connect(self.on_frame)
        if session.frame is not None:
            self.on_frame(session.frame)

    def batch_indices(self):
        """Indices of the points in the next mini-batch where the readout lists them, else None."""
        return self._batch

    def on_frame(self, frame) -> None:
        self._batch = None
        self.next_step = {}
        snap, model, s = frame.snapshot, frame.model, frame.settings
        names = model.param_names
        self.values = {"step": float(snap.step), "loss": float(snap.loss)}
        for name, p, g in zip(names, snap.params, snap.grad):
            self.values[name] = float(p)
            self.values[f"dL/d{name}"] = float(g)
        rows = [f"<b>Step</b> {snap.step:,} &nbsp; <b>{LOSS_TITLES.get(s.loss, s.loss)}</b> = "
                f"<b>{num(snap.loss)}</b> &nbsp; <span style='color:#666'>(n = {plural(len(frame.dataset))})</span>"]
        held = eval_readout_row(frame)
        if held is not None:
            rows.append(held)
            self.values["eval_loss"] = float(snap.eval_loss)
        if snap.diverged:
            rows.append(f"<span style='color:#c00'><b>{html.escape(snap.diverged)}</b></span>")
        if model.name in ("line", "neuron") and model.n_inputs == 1:
            rows += self._line_or_neuron(frame)
        else:
            rows += self._network(frame)
        rows[1:1] = scaling_rows(frame, self.values)
        acc = accuracy_row(frame, self.values)
        if acc is not None:
            rows.insert(1, acc)
        if s.curvature:
            self.curvature_label.setText("<br>".join(curvature_rows(frame, self.values)))
        self.curvature_label.setVisible(s.curvature)
        self.label.setText("<br>".join(rows))

    def _line_or_neuron(self, frame) -> list[str]:
        snap, kind, s = frame.snapshot, frame.model.name, frame.settings
        w, b = (float(v) for v in snap.params)
        dw, db = (float(v) for v in snap.grad)
        sym = "ŷ = w·x + b" if kind == "line" else "ŷ = σ(w·x + b)"
        plug = f"{num(w)}·xᵢ{term(b)}"
        pred_sym, pred_num = ("w·xᵢ + b", plug) if kind == "line" else ("σ(w·xᵢ + b)", f"σ({plug})")
        L_sym, dpred = _loss_formula(s.loss, pred_sym)
        L_num, _ = _loss_formula(s.loss, pred_num)
        chain = "" if kind == "line" or s.loss == "bce" else "·σ′(zᵢ)"
        rows = [
            f"<b>Model</b> {sym} &nbsp; <b>w</b> = {num(w)} &nbsp; <b>b</b> = {num(b)}",
            f"<b>L(w, b)</b> = {L_sym}<br>&nbsp;&nbsp;&nbsp;= {L_num} = <b>{num(snap.loss)}</b>",
            f"<b>∂L/∂w</b> = Σᵢ {dpred}{chain}·xᵢ = <b>{num(dw)}</b>",
            f"<b>∂L/∂b</b> = Σᵢ {dpred}{chain} = <b>{num(db)}</b>",
        ]
        extra: dict = {}
        rows += update_rows(frame, ["w", "b"], [w, b], [dw, db], extra)
        self.next_step = {k: float(v) for k, v in extra.items() if k != "batch"}
        self._batch = extra.get("batch")
        return rows

    def _network(self, frame) -> list[str]:
        snap = frame.snapshot
        L_sym, _ = _loss_formula(frame.settings.loss, "ŷ(xᵢ)")
        model = frame.model
        text = "ŷ(x) = Σₖ vₖ·σ(wₖ·x + bₖ) + c" if isinstance(model, gc.Network) else model.describe().replace("y", "ŷ", 1)
        rows = [f"<b>Model</b> {html.escape(text)}",
                f"<b>L</b> = {L_sym} = <b>{num(snap.loss)}</b>",
                # aligned preformatted columns, not an HTML table: a 49-row table cost ~15 ms
                # to lay out every frame
                "<pre style='margin:0'>" + html.escape(
                    f"{'parameter':<10}{'value':>12}{'∂L/∂·':>12}\n" + "\n".join(
                        f"{n:<10}{num(p):>12}{num(g):>12}"
                        for n, p, g in zip(frame.model.param_names, snap.params, snap.grad)))
                + "</pre>"]
        return rows
