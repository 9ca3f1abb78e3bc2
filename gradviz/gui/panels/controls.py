"""The control panel: model, loss, optimizer, learning rate, speed, start point, transport."""

from __future__ import annotations

import math

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton,
    QSizePolicy, QSlider, QSpinBox, QVBoxLayout, QWidget,
)

import gradviz.core as gc

from gradviz.gui.panels.input_choices import offer_for
from gradviz.gui.panels.optimizer_controls import OptimizerRows
from gradviz.gui.theme.apply import themes
from gradviz.gui.widgets.formatting import num
from gradviz.gui.widgets.marked_slider import MarkedSlider
from gradviz.gui.widgets.number_entry import ScientificEntry, release_focus_on_enter
from gradviz.gui.widgets.param_slider import ParamSlider


LR_MIN, LR_MAX = 1e-6, 10.0
LR_ENTRY_MIN = 1e-12
SPEED_MIN, SPEED_MAX_FINITE = 0.5, 5000.0
BATCH_MAX = 1_000_000
SEED_MAX = 2**31 - 1  # a QSpinBox holds a C int
PARAM_ENTRY_LIMIT = 1e6  # the start-point entries go from minus this to this
SLIDER_STEPS = 1000
LOSS_LABELS = {"l1": "L1  (Σ|e|)", "l2": "L2  (½Σe²)", "mse": "MSE (mean e²)"}
OPT_LABELS = {"gd": "Gradient descent", "sgd": "Mini-batch SGD", "momentum": "Momentum", "adam": "Adam",
              "nesterov": "Nesterov momentum", "rmsprop": "RMSprop", "adagrad": "Adagrad", "adamw": "AdamW"}
MODEL_LABELS = {"line": "Line  w·x + b", "neuron": "Neuron  σ(w·x + b)", "network": "Network  (H sigmoid neurons)"}


def log_to_pos(value: float, lo: float, hi: float) -> int:
    value = min(max(value, lo), hi)
    return round((math.log10(value) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)) * SLIDER_STEPS)


def pos_to_log(pos: int, lo: float, hi: float) -> float:
    return 10 ** (math.log10(lo) + pos / SLIDER_STEPS * (math.log10(hi) - math.log10(lo)))


def speed_text(speed: float) -> str:
    """'3.2 steps/s' or 'flat out'."""
    return "flat out" if math.isinf(speed) else f"{num(speed)} steps/s"


def nice(v: float) -> float:
    """Round to 3 significant digits so slider values read well."""
    return float(f"{v:.3g}")


class ControlPanel(QWidget):
    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        s = session.settings
        outer = QVBoxLayout(self)

        # --- transport ---------------------------------------------------------------------
        row = QHBoxLayout()
        self.play_button = QPushButton("▶ Play")
        self.play_button.setToolTip("Play / pause training (Space)")
        self.step_button = QPushButton("Step ▸")
        self.step_button.setToolTip("Take one gradient step (Right arrow)")
        self.reset_button = QPushButton("⟲ Reset")
        self.reset_button.setToolTip("Back to the start point, step 0 (R)")
        for b in (self.play_button, self.step_button, self.reset_button):
            row.addWidget(b)
        outer.addLayout(row)
        self.play_button.clicked.connect(session.toggle)
        self.step_button.clicked.connect(lambda: session.step_once(1))
        self.reset_button.clicked.connect(session.reset)

        # --- model & training ---------------------------------------------------------------
        box = QGroupBox("Training")
        form = QFormLayout(box)
        self.model_combo = QComboBox()
        for key in gc.MODEL_NAMES:
            self.model_combo.addItem(MODEL_LABELS[key], key)
        self.model_combo.setToolTip("What the model can draw: a line, one sigmoid neuron, or a network of them")
        self.hidden_spin = QSpinBox()
        self.hidden_spin.setRange(gc.MIN_HIDDEN, gc.MAX_HIDDEN)
        self.hidden_spin.setValue(s.hidden)
        self.hidden_spin.setToolTip(f"Hidden sigmoid neurons in the network ({gc.MIN_HIDDEN} to {gc.MAX_HIDDEN})")
        form.addRow("Model", self.model_combo)
        form.addRow("Hidden neurons", self.hidden_spin)
        self.loss_combo = QComboBox()
        for key in gc.LOSSES:
            self.loss_combo.addItem(LOSS_LABELS[key], key)
        self.loss_combo.setToolTip("How wrongness is measured; e = prediction − target")
        form.addRow("Loss", self.loss_combo)
        self.opt_combo = QComboBox()
        for key in gc.OPTIMIZERS:
            self.opt_combo.addItem(OPT_LABELS[key], key)
        self.opt_combo.setToolTip("How each step uses the gradient")
        form.addRow("Optimizer", self.opt_combo)
        self.batch_spin = QSpinBox()
        self.batch_spin.setRange(1, BATCH_MAX)
        self.batch_spin.setValue(s.batch_size)
        self.batch_spin.setToolTip("Mini-batch size for SGD (1 = one point per step, as in seed 002)")
        form.addRow("Batch size", self.batch_spin)
        self.momentum_spin = QDoubleSpinBox()
        self.momentum_spin.setRange(0.0, 0.999)
        self.momentum_spin.setDecimals(3)
        self.momentum_spin.setSingleStep(0.05)
        self.momentum_spin.setValue(s.momentum)
        self.momentum_spin.setToolTip("Momentum β: how much of the previous step carries over")
        form.addRow("Momentum β", self.momentum_spin)
        self._form = form
        self.optimizer_rows = OptimizerRows(session, form)
        self.optimizer_rows.add_hyperparameter_rows()

        lr_row = QHBoxLayout()
        self.lr_slider = MarkedSlider()
        self.lr_slider.setRange(0, SLIDER_STEPS)
        self.lr_slider.setToolTip("Learning rate η on a log scale (10⁻⁶ to 10). The red tick is the largest "
                                  "rate at which gradient descent on this line still converges.")
        # the entry goes far below the slider: L2 sums over a million points need rates ~1e-8
        self.lr_spin = ScientificEntry(LR_ENTRY_MIN, LR_MAX, "Learning rate")
        self.lr_spin.set_help("Exact learning rate η: type e.g. 0.001 or 1e-4, then Enter.")
        lr_row.addWidget(self.lr_slider, 1)
        lr_row.addWidget(self.lr_spin)
        form.addRow("Learning rate", lr_row)
        self.stable_label = QLabel()
        themes().follow(self.stable_label, lambda p: self.stable_label.setStyleSheet(f"color:{p.warning_text}"))
        # the warning wraps within the panel's width instead of widening the panel (the
        # dock keeps a width once taken)
        self.stable_label.setWordWrap(True)
        self.stable_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        form.addRow("", self.stable_label)
        self.optimizer_rows.add_schedule_rows()

        speed_row = QHBoxLayout()
        self.speed_slider = QSlider(Qt.Orientation.Horizontal)
        self.speed_slider.setRange(0, SLIDER_STEPS + 1)  # the last position is "flat out"
        self.speed_slider.setToolTip("Steps per second: slow motion (0.5/s, every step visible) to flat out")
        self.speed_label = QLabel()
        self.speed_label.setMinimumWidth(90)
        speed_row.addWidget(self.speed_slider, 1)
        speed_row.addWidget(self.speed_label)
        form.addRow("Speed", speed_row)
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, SEED_MAX)
        self.seed_spin.setValue(s.seed)
        self.seed_spin.setToolTip("Random seed: SGD's shuffling and the network's random start")
        form.addRow("Random seed", self.seed_spin)
        outer.addWidget(box)

        # --- start point / manual ------------------------------------------------------------
        self.manual_box = QGroupBox("Parameters (drag to explore; training pauses)")
        self.manual_layout = QVBoxLayout(self.manual_box)
        self.param_sliders: list[ParamSlider] = []
        self._slider_model = None
        outer.addWidget(self.manual_box)
        outer.addStretch(1)

        self.model_combo.currentIndexChanged.connect(lambda _i: self._on_model_picked())
        self.hidden_spin.valueChanged.connect(lambda v: session.update_settings(hidden=int(v)))
        self.loss_combo.currentIndexChanged.connect(
            lambda _i: session.update_settings(loss=self.loss_combo.currentData()))
        self.opt_combo.currentIndexChanged.connect(
            lambda _i: session.update_settings(optimizer=self.opt_combo.currentData()))
        self.batch_spin.valueChanged.connect(lambda v: session.update_settings(batch_size=int(v)))
        self.momentum_spin.valueChanged.connect(lambda v: session.update_settings(momentum=float(v)))
        self.lr_slider.valueChanged.connect(
            lambda pos: session.update_settings(lr=nice(pos_to_log(pos, LR_MIN, LR_MAX))))
        self.lr_spin.valueChanged.connect(lambda v: session.update_settings(lr=float(v)))
        self.lr_spin.rejected.connect(session.notify)
        for spin in (self.hidden_spin, self.batch_spin, self.momentum_spin, self.seed_spin):
            release_focus_on_enter(spin)
        self.speed_slider.valueChanged.connect(lambda pos: session.update_settings(speed=self.pos_to_speed(pos)))
        self.seed_spin.valueChanged.connect(lambda v: session.update_settings(seed=int(v)))

        session.settingsChanged.connect(self.sync)
        session.runningChanged.connect(self._on_running)
        session.modelChanged.connect(lambda _m: self._build_param_sliders())
        session.datasetChanged.connect(lambda _d: self._sync_stable())
        session.datasetChanged.connect(lambda _d: self.sync(self.session.settings))
        session.frameChanged.connect(self.on_frame)
        self._build_param_sliders()
        self.sync(s)

    def _on_model_picked(self) -> None:
        model = self.model_combo.currentData()
        s = self.session.settings
        if model == "network" and s.optimizer == "gd" and s.lr <= 0.001:
            # plain GD at the line's rate crawls on a sigmoid network; Adam at 0.01 fits in seconds
            self.session.update_settings(model=model, optimizer="adam", lr=0.01)
            self.session.notify("Network: switched to Adam with η = 0.01, which trains sigmoid "
                                      "networks in seconds. Change it back any time.")
        else:
            self.session.update_settings(model=model)

    # ----- speed mapping ---------------------------------------------------------------------
    @staticmethod
    def pos_to_speed(pos: int) -> float:
        if pos > SLIDER_STEPS:
            return math.inf
        return nice(pos_to_log(pos, SPEED_MIN, SPEED_MAX_FINITE))

    @staticmethod
    def speed_to_pos(speed: float) -> int:
        return SLIDER_STEPS + 1 if math.isinf(speed) else log_to_pos(speed, SPEED_MIN, SPEED_MAX_FINITE)

    # ----- syncing from the session (no feedback loops) ---------------------------------------
    def sync(self, s) -> None:
        widgets = (self.model_combo, self.hidden_spin, self.loss_combo, self.opt_combo, self.batch_spin,
                   self.momentum_spin, self.lr_slider, self.lr_spin, self.speed_slider, self.seed_spin)
        blockers = [QSignalBlocker(w) for w in widgets]
        offer_for(self.model_combo, self.loss_combo, s, self.session.dataset, MODEL_LABELS, LOSS_LABELS)
        self.model_combo.setCurrentIndex(self.model_combo.findData(s.model))
        self.hidden_spin.setValue(s.hidden)
        self.hidden_spin.setEnabled(s.model == "network")
        self.loss_combo.setCurrentIndex(self.loss_combo.findData(s.loss))
        self.opt_combo.setCurrentIndex(self.opt_combo.findData(s.optimizer))
        self.batch_spin.setValue(s.batch_size)
        self.batch_spin.setEnabled(s.optimizer == "sgd")
        self.momentum_spin.setValue(s.momentum)
        self._form.setRowVisible(self.momentum_spin, "momentum" in gc.optimizer_defaults(s.optimizer)["settings"])
        self.lr_slider.setValue(log_to_pos(s.lr, LR_MIN, LR_MAX))
        self.lr_spin.setValue(s.lr)
        self.speed_slider.setValue(self.speed_to_pos(s.speed))
        self.speed_label.setText(speed_text(s.speed))
        self.seed_spin.setValue(s.seed)
        del blockers
        self.optimizer_rows.sync(s)
        self._sync_stable()

    def _sync_stable(self) -> None:
        lr = self.session.stable_lr()
        s = self.session.settings
        if lr is None or s.optimizer != "gd":
            self.lr_slider.set_mark(None if lr is None else log_to_pos(lr, LR_MIN, LR_MAX))
            self.stable_label.setText("" if lr is None else f"largest stable (gradient descent): {num(lr, 2)}")
            return
        self.lr_slider.set_mark(log_to_pos(lr, LR_MIN, LR_MAX))
        warn = " — too high: it will diverge" if s.lr > lr else ""
        self.stable_label.setText(f"largest stable: {num(lr, 2)}{warn}")

    def _on_running(self, running: bool) -> None:
        # ❚❚ rather than ⏸: common fonts (DejaVu) lack the pause symbol and draw a box
        self.play_button.setText("❚❚ Pause" if running else "▶ Play")

    # ----- manual parameters -------------------------------------------------------------------
    def _build_param_sliders(self) -> None:
        for sl in self.param_sliders:
            sl.setParent(None)
            sl.deleteLater()
        self.param_sliders = []
        model = self._slider_model = self.session.model
        if model.name == "network":
            note = QLabel("The network's weights are in the Network panel.")
            note.setObjectName("network_note")
            self.param_sliders.append(note)  # removed with the sliders on the next rebuild
            self.manual_layout.addWidget(note)
            return
        for k, name in enumerate(model.param_names):
            sl = ParamSlider(name, resolution=0.02, decimals=4, entry_limit=PARAM_ENTRY_LIMIT,
                             tip=f"Set {name} by hand: training pauses and restarts from here "
                                 "(Reset returns here too)")
            sl.valueEdited.connect(lambda v, k=k: self._on_param_edited(k, v))
            self.manual_layout.addWidget(sl)
            self.param_sliders.append(sl)
        self._show_params(self.session.start)

    def _on_param_edited(self, k: int, v: float) -> None:
        base = self.session.current_params()
        base[k] = v
        self.session.set_start(base)

    def _show_params(self, params) -> None:
        for sl, v in zip(self.param_sliders, params):
            if isinstance(sl, ParamSlider):
                sl.set_value(float(v))

    def on_frame(self, frame) -> None:
        # the sliders belong to the session's model; a frame of the previous one is skipped
        if frame.model is self._slider_model:
            self._show_params(frame.params)
