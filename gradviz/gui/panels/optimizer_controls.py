"""The Controls panel's rows for the optimizer's hyperparameters (betas, ε, weight decay)
and the learning-rate schedule. A row shows only while the chosen optimizer (or
schedule) uses it; the first launch (gradient descent, constant rate, no decay) adds
only the weight-decay and schedule rows."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QFormLayout, QSpinBox

import gradviz.core as gc
from gradviz.gui.widgets.number_entry import ScientificEntry, release_focus_on_enter

EPS_MIN, EPS_MAX = 1e-15, 1.0
BETA_MAX, BETA_DECIMALS = 0.9999, 4
LR_MIN_MAX = 10.0  # the learning rate's own limit
WEIGHT_DECAY_MAX = 10.0
STEPS_MAX = 1_000_000  # schedule periods, as the batch size's limit
SCHEDULE_LABELS = {"constant": "Constant", "step": "Step decay", "exp": "Exponential", "cosine": "Cosine annealing"}
# what picking a schedule in the menu starts with
SCHEDULE_STARTS = {"constant": "constant", "step": "step:100:0.5", "exp": "exp:0.99", "cosine": "cosine:1000:0.0"}
SCHEDULE_TIPS = {
    "constant": "The same learning rate η at every step",
    "step": "StepLR: η·γ^⌊k / every⌋, the rate times γ every so many steps",
    "exp": "ExponentialLR: η·γ^k, the rate times γ at every step",
    "cosine": "CosineAnnealingLR: from η down to the lowest rate along half a cosine over T steps "
              "(after T it rises again, as in PyTorch)",
}


def schedule_problem(sch) -> str | None:
    """What of schedule ``sch`` the rows cannot show, or None."""
    if sch is None:
        return None
    if max(getattr(sch, "every", 1), getattr(sch, "t_max", 1)) > STEPS_MAX:
        return f"its number of steps must be at most {STEPS_MAX:,}"
    if getattr(sch, "lr_min", 0.0) > LR_MIN_MAX:
        return f"its lowest rate must be at most {LR_MIN_MAX:g}"
    return None


def _uses(optimizer: str) -> tuple[str, ...]:
    return gc.optimizer_defaults(optimizer)["settings"]


def _double(lo: float, hi: float, decimals: int, step: float, tip: str) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(lo, hi)
    spin.setDecimals(decimals)
    spin.setSingleStep(step)
    spin.setToolTip(tip)
    release_focus_on_enter(spin)
    return spin


def _whole(tip: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(1, STEPS_MAX)
    spin.setToolTip(tip)
    release_focus_on_enter(spin)
    return spin


class OptimizerRows:
    """Adds its rows to ``form`` (:meth:`add_hyperparameter_rows`, then
    :meth:`add_schedule_rows` where the schedule belongs) and sends every edit to the
    session; :meth:`sync` shows the session's settings."""

    def __init__(self, session, form: QFormLayout) -> None:
        self.session = session
        self.form = form
        self.beta1_spin = _double(0.0, BETA_MAX, BETA_DECIMALS, 0.01, "Adam's β₁: how much of the running mean of the "
                                  "gradient m carries over each step")
        self.beta2_spin = _double(0.0, BETA_MAX, BETA_DECIMALS, 0.001, "Adam's β₂: how much of the running mean of the "
                                  "squared gradient v carries over each step")
        self.eps_spin = ScientificEntry(EPS_MIN, EPS_MAX, "ε")
        self.eps_spin.set_help("ε keeps the division by √v away from zero (PyTorch's default: 1e-8, Adagrad's 1e-10)")
        self.weight_decay_spin = ScientificEntry(0.0, WEIGHT_DECAY_MAX, "Weight decay")
        self.weight_decay_spin.set_help("Weight decay: pulls the parameters toward 0 each step. As in PyTorch: "
                                        "for AdamW p ← p·(1 − η·wd) (default 0.01), for the others the gradient "
                                        "gets + wd·p (default 0)")
        self.schedule_combo = QComboBox()
        for key, label in SCHEDULE_LABELS.items():
            self.schedule_combo.addItem(label, key)
            self.schedule_combo.setItemData(self.schedule_combo.count() - 1, SCHEDULE_TIPS[key],
                                            Qt.ItemDataRole.ToolTipRole)
        self.schedule_combo.setToolTip("How the learning rate changes over the steps (η is the base rate)")
        self.every_spin = _whole("Step decay: the rate is multiplied by γ every this many steps")
        self.gamma_spin = ScientificEntry(gc.schedules.GAMMA_MIN, 1.0, "The factor γ")
        self.gamma_spin.set_help("γ: the factor the rate is multiplied by")
        self.t_max_spin = _whole("Cosine annealing: the steps T from the base rate down to the lowest")
        self.lr_min_spin = ScientificEntry(0.0, LR_MIN_MAX, "The lowest rate")
        self.lr_min_spin.set_help("Cosine annealing: the rate at step T (0 by default)")

        self.beta1_spin.valueChanged.connect(lambda v: session.update_settings(beta1=float(v)))
        self.beta2_spin.valueChanged.connect(lambda v: session.update_settings(beta2=float(v)))
        self.eps_spin.valueChanged.connect(lambda v: session.update_settings(eps=float(v)))
        self.eps_spin.rejected.connect(session.notify)
        self.weight_decay_spin.valueChanged.connect(lambda v: session.update_settings(weight_decay=float(v)))
        self.schedule_combo.currentIndexChanged.connect(
            lambda _i: session.update_settings(schedule=SCHEDULE_STARTS[self.schedule_combo.currentData()]))
        for spin in (self.every_spin, self.gamma_spin, self.t_max_spin, self.lr_min_spin):
            spin.valueChanged.connect(lambda _v: self._schedule_edited())
        for entry in (self.weight_decay_spin, self.gamma_spin, self.lr_min_spin):
            entry.rejected.connect(session.notify)

    def widgets(self) -> tuple:
        return (self.beta1_spin, self.beta2_spin, self.eps_spin, self.weight_decay_spin, self.schedule_combo,
                self.every_spin, self.gamma_spin, self.t_max_spin, self.lr_min_spin)

    def add_hyperparameter_rows(self) -> None:
        self.form.addRow("Adam β₁", self.beta1_spin)
        self.form.addRow("Adam β₂", self.beta2_spin)
        self.form.addRow("ε", self.eps_spin)
        self.form.addRow("Weight decay", self.weight_decay_spin)

    def add_schedule_rows(self) -> None:
        self.form.addRow("Rate schedule", self.schedule_combo)
        self.form.addRow("Every (steps)", self.every_spin)
        self.form.addRow("Factor γ", self.gamma_spin)
        self.form.addRow("Over T steps", self.t_max_spin)
        self.form.addRow("Lowest rate", self.lr_min_spin)

    def _schedule_edited(self) -> None:
        kind = self.schedule_combo.currentData()
        try:
            if kind == "step":
                sch = gc.schedules.step(self.every_spin.value(), self.gamma_spin.value())
            elif kind == "exp":
                sch = gc.schedules.exponential(self.gamma_spin.value())
            elif kind == "cosine":
                sch = gc.schedules.cosine(self.t_max_spin.value(), self.lr_min_spin.value())
            else:
                return
        except ValueError as exc:  # the boxes' ranges keep to what a schedule takes
            self.session.notify(f"Schedule: {exc}")
            return
        self.session.update_settings(schedule=gc.schedules.spec(sch))

    def sync(self, s) -> None:
        """Show ``s`` (the widgets send nothing while they follow it)."""
        blockers = [QSignalBlocker(w) for w in self.widgets()]
        uses = _uses(s.optimizer)
        defaults = gc.optimizer_defaults(s.optimizer)
        self.beta1_spin.setValue(s.beta1)
        self.beta2_spin.setValue(s.beta2)
        eps = defaults["eps"] if s.eps is None else s.eps
        if eps is not None:
            self.eps_spin.setValue(eps)
        self.weight_decay_spin.setValue(defaults["weight_decay"] if s.weight_decay is None else s.weight_decay)
        sch = gc.schedules.parse(s.schedule)
        kind = "constant" if sch is None else sch.kind
        self.schedule_combo.setCurrentIndex(self.schedule_combo.findData(kind))
        if kind == "step":
            self.every_spin.setValue(sch.every)
        if kind in ("step", "exp"):
            self.gamma_spin.setValue(sch.gamma)
        if kind == "cosine":
            self.t_max_spin.setValue(sch.t_max)
            self.lr_min_spin.setValue(sch.lr_min)
        del blockers
        shown = {self.beta1_spin: "betas" in uses, self.beta2_spin: "betas" in uses, self.eps_spin: "eps" in uses,
                 self.every_spin: kind == "step", self.gamma_spin: kind in ("step", "exp"),
                 self.t_max_spin: kind == "cosine", self.lr_min_spin: kind == "cosine"}
        for widget, on in shown.items():
            self.form.setRowVisible(widget, on)
