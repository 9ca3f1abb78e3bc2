"""One parameter: its name, a slider over a teaching range and an exact entry beyond it."""

from __future__ import annotations

import math

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QWidget

from gradviz.gui.widgets.number_entry import ValueEntry


class ParamSlider(QWidget):
    """label, slider (``lo``..``hi`` in steps of ``resolution``) and an exact entry that
    takes values beyond the slider's range (the slider then rests at its end).

    ``valueEdited(v)`` fires for the user's changes only; ``touched()`` as soon as the user
    grabs the slider or starts typing; ``set_value`` shows a value without emitting."""

    valueEdited = Signal(float)
    touched = Signal()

    def __init__(self, name: str, lo: float = -10.0, hi: float = 10.0, resolution: float = 0.01,
                 decimals: int = 3, entry_limit: float = 1000.0, tip: str = "", parent=None) -> None:
        super().__init__(parent)
        self.name = name
        self._lo, self._res = lo, resolution
        self._decimals = decimals
        self._value = 0.0
        self.label = QLabel(name)
        self.label.setMinimumWidth(self.label.fontMetrics().horizontalAdvance("w16") + 4)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, round((hi - lo) / resolution))
        self.slider.setSingleStep(max(1, round(0.1 / resolution)))
        self.slider.setPageStep(max(1, round(1.0 / resolution)))
        self.slider.setMinimumWidth(50)
        self.spin = ValueEntry(decimals, entry_limit)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.label)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.spin)
        if tip:
            for w in (self.label, self.slider, self.spin):
                w.setToolTip(tip)
        self.slider.valueChanged.connect(self._on_slider)
        self.spin.valueChanged.connect(self._on_spin)
        self.slider.sliderPressed.connect(self.touched)
        self.spin.lineEdit().textEdited.connect(lambda _t: self.touched.emit())

    def value(self) -> float:
        return self._value

    def set_value(self, v: float) -> None:
        """Show ``v`` without emitting (training moves the point); a non-finite value shows
        as a dash in the entry and leaves the slider where it is."""
        self._value = float(v)
        with QSignalBlocker(self.slider), QSignalBlocker(self.spin):
            if math.isfinite(v):
                self.slider.setValue(self._pos(v))
            self.spin.show_value(float(v))

    def set_compact(self, on: bool) -> None:
        """Only the exact entry (where a table names the parameter in its heading)."""
        for w in (self.label, self.slider):
            if w.isHidden() != on:
                w.setVisible(not on)

    def busy(self) -> bool:
        """The user is dragging the slider or typing in the entry: don't overwrite."""
        return self.slider.isSliderDown() or (self.spin.hasFocus() and self.spin.lineEdit().isModified())

    def _pos(self, v: float) -> int:
        pos = round((v - self._lo) / self._res)
        return min(max(pos, self.slider.minimum()), self.slider.maximum())

    def _on_slider(self, pos: int) -> None:
        v = round(self._lo + pos * self._res, self._decimals)
        self._value = v
        with QSignalBlocker(self.spin):
            self.spin.show_value(v)
        self.valueEdited.emit(v)

    def _on_spin(self, v: float) -> None:
        self.spin.clear_nonfinite()
        self._value = float(v)
        with QSignalBlocker(self.slider):
            self.slider.setValue(self._pos(v))
        self.valueEdited.emit(float(v))
