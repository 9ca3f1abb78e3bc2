"""One network parameter's control: its name, a slider (-10..10) and a spin box for exact
entry of any value (a non-finite value shows as a dash)."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QAbstractSpinBox, QDoubleSpinBox, QHBoxLayout, QLabel, QSlider, QWidget

from gradviz.gui.network.style import DASH

SLIDER_RANGE = 10.0  # sliders go -10..10, like seed 001's
SLIDER_STEPS_PER_UNIT = 100  # slider resolution 0.01
SPIN_RANGE = 1000.0  # spin boxes accept -1000..1000 (widened if a parameter goes beyond)


class ValueSpin(QDoubleSpinBox):
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


class ParamControl(QWidget):
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
        self.slider.setMinimumWidth(40)
        self.spin = ValueSpin()
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

    def set_compact(self, on: bool) -> None:
        """Only the exact entry (a narrow table names the parameter in its heading)."""
        for w in (self.label, self.slider):
            if w.isHidden() != on:
                w.setVisible(not on)

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
