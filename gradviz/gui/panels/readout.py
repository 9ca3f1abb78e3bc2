"""Step, loss, parameters and gradient, with the formulas written out and the current
numbers plugged in: seed 001's loss() and gradient() made visible."""

from __future__ import annotations

import html

import numpy as np
from PySide6.QtWidgets import QFrame, QTextBrowser, QVBoxLayout, QWidget

LOSS_TITLES = {"l1": "L1 loss", "l2": "L2 loss", "mse": "mean squared error"}


def fmt(v: float, digits: int = 5) -> str:
    if v is None or not np.isfinite(v):
        return "—"
    if v == 0:
        return "0"
    s = f"{v:.{digits}g}"
    return s.replace("-", "−")


def signed(v: float) -> str:
    """' + 0.13' / ' − 0.13' for plugging a number into a formula."""
    return f" − {fmt(-v)}" if v < 0 else f" + {fmt(v)}"


def _loss_formula(loss: str, pred: str) -> tuple[str, str]:
    """(loss formula, derivative of the loss w.r.t. the prediction) for a prediction text."""
    if loss == "l1":
        return f"Σᵢ |{pred} − yᵢ|", f"sign({pred} − yᵢ)"
    if loss == "mse":
        return f"(1/n) Σᵢ ({pred} − yᵢ)²", f"(2/n)·({pred} − yᵢ)"
    return f"½ Σᵢ ({pred} − yᵢ)²", f"({pred} − yᵢ)"


class RichTextView(QTextBrowser):
    """Read-only rich text that changes every frame: selectable, scrolls and wraps by itself.

    (A word-wrapped rich-text QLabel in a QScrollArea re-laid out its text several times per
    change, for its size hints and the scroll area's layout: 4-7 ms a frame, against ~1.5 ms
    here, where the widget's size does not depend on its text.)"""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._html = ""

    def setText(self, text: str) -> None:
        if text == self._html:
            return
        self._html = text
        bars = self.horizontalScrollBar(), self.verticalScrollBar()
        where = [bar.value() for bar in bars]
        self.setHtml(text)
        for bar, value in zip(bars, where):  # a user scrolled down stays there
            bar.setValue(value)

    def text(self) -> str:
        return self._html


class ReadoutPanel(QWidget):
    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.values: dict[str, float] = {}
        self.label = RichTextView()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.label)
        session.snapshotChanged.connect(self.on_snapshot)
        session.settingsChanged.connect(lambda _s: self.refresh())
        session.datasetChanged.connect(lambda _d: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        if self.session.snapshot is not None:
            self.on_snapshot(self.session.snapshot)

    def on_snapshot(self, snap) -> None:
        model = self.session.model
        if snap.params.shape != (model.n_params,):
            return  # a model switch is on its way; the next snapshot matches
        s = self.session.settings
        names = model.param_names
        self.values = {"step": float(snap.step), "loss": float(snap.loss)}
        for name, p, g in zip(names, snap.params, snap.grad):
            self.values[name] = float(p)
            self.values[f"dL/d{name}"] = float(g)
        n = len(self.session.dataset)
        rows = [f"<b>Step</b> {snap.step:,} &nbsp; <b>{LOSS_TITLES.get(s.loss, s.loss)}</b> = "
                f"<b>{fmt(snap.loss)}</b> &nbsp; <span style='color:#666'>(n = {n:,} points)</span>"]
        if snap.diverged:
            rows.append(f"<span style='color:#c00'><b>{html.escape(snap.diverged)}</b></span>")
        if model.name in ("line", "neuron"):
            rows += self._line_or_neuron(model.name, snap, s)
        else:
            rows += self._network(snap, s)
        self.label.setText("<br>".join(rows))

    def _line_or_neuron(self, kind: str, snap, s) -> list[str]:
        w, b = (float(v) for v in snap.params)
        dw, db = (float(v) for v in snap.grad)
        sym = "ŷ = w·x + b" if kind == "line" else "ŷ = σ(w·x + b)"
        plug = f"{fmt(w)}·xᵢ{signed(b)}"
        pred_sym, pred_num = ("w·xᵢ + b", plug) if kind == "line" else ("σ(w·xᵢ + b)", f"σ({plug})")
        L_sym, dpred = _loss_formula(s.loss, pred_sym)
        L_num, _ = _loss_formula(s.loss, pred_num)
        chain = "" if kind == "line" else "·σ′(zᵢ)"
        rows = [
            f"<b>Model</b> {sym} &nbsp; <b>w</b> = {fmt(w)} &nbsp; <b>b</b> = {fmt(b)}",
            f"<b>L(w, b)</b> = {L_sym}<br>&nbsp;&nbsp;&nbsp;= {L_num} = <b>{fmt(snap.loss)}</b>",
            f"<b>∂L/∂w</b> = Σᵢ {dpred}{chain}·xᵢ = <b>{fmt(dw)}</b>",
            f"<b>∂L/∂b</b> = Σᵢ {dpred}{chain} = <b>{fmt(db)}</b>",
        ]
        rows += self._update_rows(["w", "b"], [w, b], [dw, db], s)
        return rows

    def _network(self, snap, s) -> list[str]:
        L_sym, _ = _loss_formula(s.loss, "ŷ(xᵢ)")
        rows = ["<b>Model</b> ŷ(x) = Σₖ vₖ·σ(wₖ·x + bₖ) + c",
                f"<b>L</b> = {L_sym} = <b>{fmt(snap.loss)}</b>",
                # aligned preformatted columns, not an HTML table: a 49-row table cost ~15 ms
                # to lay out every frame
                "<pre style='margin:0'>" + html.escape(
                    f"{'parameter':<10}{'value':>12}{'∂L/∂·':>12}\n" + "\n".join(
                        f"{n:<10}{fmt(p):>12}{fmt(g):>12}"
                        for n, p, g in zip(self.session.model.param_names, snap.params, snap.grad)))
                + "</pre>"]
        return rows

    def _update_rows(self, names, values, grads, s) -> list[str]:
        if s.optimizer == "gd":
            rows = ["<b>Next step</b> (gradient descent, η = " + fmt(s.lr) + ")"]
            for name, v, g in zip(names, values, grads):
                rows.append(f"&nbsp;&nbsp;{name} ← {name} − η·∂L/∂{name} = {fmt(v)} − {fmt(s.lr)}·({fmt(g)})"
                            f" = <b>{fmt(v - s.lr * g)}</b>")
            return rows
        label = {"sgd": "mini-batch SGD: the step uses the gradient of one batch, not the one above",
                 "momentum": "momentum: the step follows a running average of gradients",
                 "adam": "Adam: the step is scaled per parameter by running moments"}[s.optimizer]
        return [f"<span style='color:#666'>Next step: {label} (η = {fmt(s.lr)}).</span>"]
