"""The network's weight editor: every neuron's w, b and v, and the output bias c.

Each parameter has a slider (-10..10) and a spin box for exact entry; the editor emits
``paramsEdited`` with the whole parameter vector as the user moves one. Buttons load seed
001's example networks or a fresh random start.
"""

from __future__ import annotations

import math
import time

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import (
    QAbstractSpinBox, QBoxLayout, QDoubleSpinBox, QFrame, QHBoxLayout, QLabel, QPushButton,
    QScrollArea, QSlider, QVBoxLayout, QWidget,
)

import gradviz.core as gc

from gradviz.gui.network.style import DASH

SLIDER_RANGE = 10.0  # sliders go -10..10, like seed 001's
SLIDER_STEPS_PER_UNIT = 100  # slider resolution 0.01
SPIN_RANGE = 1000.0  # spin boxes accept -1000..1000 (widened if a parameter goes beyond)


class _ValueSpin(QDoubleSpinBox):
    """Exact entry; shows a dash for a non-finite value."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setDecimals(3)
        self.setRange(-SPIN_RANGE, SPIN_RANGE)
        self.setSingleStep(0.1)
        self.setKeyboardTracking(False)  # typing commits on Enter / focus-out
        self.setAccelerated(True)
        self.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.UpDownArrows)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        # room for "-88.888"; longer values still show (the text scrolls) and the tooltip helps
        self.setFixedWidth(round(QFontMetricsF(self.font()).horizontalAdvance("-888.888")) + 30)
        self._nonfinite = False

    def show_value(self, v: float) -> None:
        """Set without emitting (caller blocks signals)."""
        if not math.isfinite(v):
            self._nonfinite = True
            self.setSpecialValueText(DASH)
            self.setValue(self.minimum())
            return
        if self._nonfinite:
            self._nonfinite = False
            self.setSpecialValueText("")
        if abs(v) > self.maximum():
            lim = 10.0 ** math.ceil(math.log10(abs(v)) + 1e-12)
            self.setRange(-lim, lim)
        self.setValue(v)

    def clear_nonfinite(self) -> None:
        if self._nonfinite:
            self._nonfinite = False
            self.setSpecialValueText("")


class _ParamControl(QWidget):
    """label, slider (-10..10) and spin box for one parameter."""

    edited = Signal(int, float)  # param index, value
    touched = Signal(int)  # the user grabbed the slider or started typing

    def __init__(self, index: int, name: str, tip: str, parent=None):
        super().__init__(parent)
        self.index = index
        self.name = name
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        self.label = QLabel(name)
        self.label.setMinimumWidth(QFontMetricsF(self.label.font()).horizontalAdvance("w16") + 4)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        n = int(SLIDER_RANGE * SLIDER_STEPS_PER_UNIT)
        self.slider.setRange(-n, n)
        self.slider.setSingleStep(10)  # 0.1
        self.slider.setPageStep(100)  # 1.0
        self.slider.setMinimumWidth(50)
        self.spin = _ValueSpin()
        for wdg in (self.label, self.slider, self.spin):
            wdg.setToolTip(tip)
        lay.addWidget(self.label)
        lay.addWidget(self.slider, 1)
        lay.addWidget(self.spin)
        self.value = 0.0
        self.slider.valueChanged.connect(self._on_slider)
        self.spin.valueChanged.connect(self._on_spin)
        self.slider.sliderPressed.connect(lambda: self.touched.emit(self.index))
        self.spin.lineEdit().textEdited.connect(lambda _t: self.touched.emit(self.index))

    def busy(self) -> bool:
        """The user is dragging the slider or typing in the box: don't overwrite."""
        return self.slider.isSliderDown() or (self.spin.hasFocus() and self.spin.lineEdit().isModified())

    def show_value(self, v: float) -> None:
        self.value = float(v)
        self.slider.blockSignals(True)
        self.spin.blockSignals(True)
        try:
            if math.isfinite(v):
                lim = SLIDER_RANGE * SLIDER_STEPS_PER_UNIT
                self.slider.setValue(int(round(max(-lim, min(lim, v * SLIDER_STEPS_PER_UNIT)))))
            self.spin.show_value(v)
        finally:
            self.slider.blockSignals(False)
            self.spin.blockSignals(False)

    def _on_slider(self, s: int) -> None:
        v = s / SLIDER_STEPS_PER_UNIT
        self.value = v
        self.spin.blockSignals(True)
        self.spin.show_value(v)
        self.spin.blockSignals(False)
        self.edited.emit(self.index, v)

    def _on_spin(self, v: float) -> None:
        self.spin.clear_nonfinite()
        self.value = float(v)
        lim = SLIDER_RANGE * SLIDER_STEPS_PER_UNIT
        self.slider.blockSignals(True)
        self.slider.setValue(int(round(max(-lim, min(lim, v * SLIDER_STEPS_PER_UNIT)))))
        self.slider.blockSignals(False)
        self.edited.emit(self.index, float(v))


class NetworkParamsEditor(QWidget):
    """Manual mode: one row per hidden neuron (w_i, b_i, v_i) plus the output bias c."""

    paramsEdited = Signal(object)  # np.ndarray of all params (a fresh copy each time)
    examplePicked = Signal(int)  # 1, 2 or 4: seed 001's example networks
    reinitRequested = Signal()

    EXAMPLES = (1, 2, 4)
    MAX_REFRESH_HZ = 20.0  # widget refreshes per second while set_params streams in

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._hidden: int | None = None
        self._params = np.zeros(0)
        self._dirty = False
        self._last_refresh = -math.inf
        self._active: _ParamControl | None = None  # the control the user touched last
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)
        self._groups: list[QFrame] = []
        self._boxes: list[QBoxLayout] = []
        self._titles: list[tuple[QHBoxLayout, QLabel]] = []
        self._controls: list[_ParamControl] = []  # index == parameter index

        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.setSpacing(4)

        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        lab = QLabel("Seed 001 examples:")
        lab.setToolTip("Load the example networks of seed 001 (the universal-approximator demo).")
        buttons.addWidget(lab)
        self.example_buttons: dict[int, QPushButton] = {}
        for k in self.EXAMPLES:
            btn = QPushButton(f"{k} neuron" + ("" if k == 1 else "s"))
            btn.setToolTip(f"Load seed 001's example with {k} hidden neuron" + ("" if k == 1 else "s"))
            btn.clicked.connect(lambda _=False, k=k: self.examplePicked.emit(k))
            buttons.addWidget(btn)
            self.example_buttons[k] = btn
        buttons.addStretch(1)
        self.reinit_button = QPushButton("Re-initialise (random)")
        self.reinit_button.setToolTip("Start again from new random parameters.")
        self.reinit_button.clicked.connect(self.reinitRequested.emit)
        buttons.addWidget(self.reinit_button)
        outer.addLayout(buttons)

        hint = QLabel("Each neuron: h\u1d62 = \u03c3(w\u1d62\u00b7x + b\u1d62). Output: "
                      "y = \u03a3 v\u1d62\u00b7h\u1d62 + c. Sliders go from -10 to 10; type "
                      "any value in a box and press Enter.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #505050;")
        outer.addWidget(hint)

        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self._scroll.setFrameShape(QFrame.Shape.StyledPanel)
        self._rows = QWidget()
        self._rows_layout = QVBoxLayout(self._rows)
        self._rows_layout.setContentsMargins(2, 2, 2, 2)
        self._rows_layout.setSpacing(2)
        self._rows_layout.addStretch(1)
        self._scroll.setWidget(self._rows)
        outer.addWidget(self._scroll, 1)

        self._c_row = QFrame()
        self._c_row.setObjectName("outputGroup")
        self._c_layout = QHBoxLayout(self._c_row)
        self._c_layout.setContentsMargins(6, 2, 6, 2)
        c_title = QLabel("<b>output</b>")
        c_title.setToolTip("The output neuron y (no activation): y = \u03a3 v\u1d62\u00b7h\u1d62 + c")
        self._c_layout.addWidget(c_title)
        outer.addWidget(self._c_row)
        self._c_control: _ParamControl | None = None

    # ---------------------------------------------------------------- public API
    def set_params(self, params, hidden: int) -> None:
        """Show these parameters without emitting ``paramsEdited``; rebuilds the neuron
        rows only if ``hidden`` changed.

        Cheap at 60 calls/s: the values are stored at once (so the next ``paramsEdited``
        carries them), but the widgets are refreshed at most ``MAX_REFRESH_HZ`` times a
        second (the last call always lands, via a timer) and not at all while the editor
        is hidden (it catches up when shown). ``flush()`` refreshes now. The control the
        user is dragging or typing in keeps the user's value."""
        p = gc.Network(int(hidden)).as_params(params).copy()  # checks the length
        if hidden != self._hidden:
            self._rebuild(int(hidden))
        ctl = self._active
        if ctl is not None and ctl.busy():
            p[ctl.index] = ctl.value
        self._params = p
        self._dirty = True
        if not self.isVisible():
            return
        wait = self._last_refresh + 1.0 / self.MAX_REFRESH_HZ - time.monotonic()
        if wait <= 0:
            self.flush()
        elif not self._timer.isActive():
            self._timer.start(max(1, int(wait * 1000)))

    def flush(self) -> None:
        """Bring the widgets up to date with the last ``set_params`` now."""
        self._timer.stop()
        self._last_refresh = time.monotonic()
        if not self._dirty:
            return
        self._dirty = False
        p = self._params
        for k, ctl in enumerate(self._controls):
            v = p[k]
            if ctl.value == v or (math.isnan(v) and math.isnan(ctl.value)):
                continue
            if ctl is self._active and ctl.busy():
                continue
            ctl.show_value(v)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self.flush()

    def params(self) -> np.ndarray:
        return self._params.copy()

    def hidden(self) -> int | None:
        return self._hidden

    def group_count(self) -> int:
        return len(self._groups)

    def groups(self) -> list[QFrame]:
        return list(self._groups)

    def control(self, name: str) -> _ParamControl:
        """The control of a parameter by its display name: 'w1', 'b3', 'v2', 'c'."""
        for ctl in self._controls:
            if ctl.name == name:
                return ctl
        raise KeyError(name)

    # ---------------------------------------------------------------- building
    def _rebuild(self, hidden: int) -> None:
        for g in self._groups:
            self._rows_layout.removeWidget(g)
            g.setParent(None)
            g.deleteLater()
        self._groups = []
        self._boxes: list[QBoxLayout] = []
        self._titles: list[tuple[QHBoxLayout, QLabel]] = []
        self._controls = []
        for i in range(hidden):
            k = i + 1
            g = QFrame()
            g.setObjectName("neuronGroup")
            g.setFrameShape(QFrame.Shape.StyledPanel)
            lay = QHBoxLayout(g)
            lay.setContentsMargins(6, 2, 6, 2)
            lay.setSpacing(10)
            title = QLabel(f"<b>h{k}</b>")
            title.setMinimumWidth(QFontMetricsF(title.font()).horizontalAdvance("h16") + 8)
            title.setToolTip(f"Hidden neuron h{k} = \u03c3(w{k}\u00b7x + b{k})")
            lay.addWidget(title)
            self._titles.append((lay, title))
            box = QBoxLayout(self._direction())
            box.setSpacing(8)
            lay.addLayout(box, 1)
            self._boxes.append(box)
            tips = (
                f"w{k}: input weight (x \u2192 h{k}); how steeply h{k} switches on as x grows",
                f"b{k}: bias of h{k}; shifts where it switches on (at x = -b{k}/w{k})",
                f"v{k}: output weight (h{k} \u2192 y); the height of h{k}'s step in y",
            )
            for j, (name, tip) in enumerate(zip((f"w{k}", f"b{k}", f"v{k}"), tips)):
                ctl = _ParamControl(3 * i + j, name, tip + ". Slider -10..10; type any value in the box.")
                ctl.edited.connect(self._on_edited)
                ctl.touched.connect(self._on_touched)
                box.addWidget(ctl, 1)
                self._controls.append(ctl)
            self._rows_layout.insertWidget(self._rows_layout.count() - 1, g)
            self._groups.append(g)
        self._apply_direction()
        if self._c_control is not None:
            self._c_layout.removeWidget(self._c_control)
            self._c_control.setParent(None)
            self._c_control.deleteLater()
        self._c_control = _ParamControl(
            3 * hidden, "c", "c: output bias, added to y. Slider -10..10; type any value in the box.")
        self._c_control.edited.connect(self._on_edited)
        self._c_control.touched.connect(self._on_touched)
        self._c_layout.addWidget(self._c_control, 1)
        self._controls.append(self._c_control)
        self._hidden = hidden
        self._active = None
        self._params = np.zeros(3 * hidden + 1)
        for ctl in self._controls:
            ctl.show_value(0.0)

    # one line per neuron when there is room, else w, b, v stacked under each other
    WIDE_MIN_WIDTH = 640  # px of editor width for the one-line layout

    def _direction(self) -> QBoxLayout.Direction:
        wide = self.width() >= self.WIDE_MIN_WIDTH
        return QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._apply_direction()

    def _apply_direction(self) -> None:
        d = self._direction()
        align = (Qt.AlignmentFlag.AlignVCenter if d == QBoxLayout.Direction.LeftToRight
                 else Qt.AlignmentFlag.AlignTop)
        for box, (lay, title) in zip(self._boxes, self._titles):
            if box.direction() != d:
                box.setDirection(d)
            lay.setAlignment(title, align)

    def _on_touched(self, index: int) -> None:
        self._active = self._controls[index]

    def _on_edited(self, index: int, value: float) -> None:
        self._active = self._controls[index]
        p = self._params.copy()
        p[index] = value
        self._params = p
        self.paramsEdited.emit(p.copy())
