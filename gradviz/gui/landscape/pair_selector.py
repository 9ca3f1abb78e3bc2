"""Which two parameters the landscape shows (the line and neuron: always w and b)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from gradviz.gui.landscape.sample import SAMPLE_TOOLTIP


class PairSelector(QWidget):
    """Two parameter combos; pairChanged(i, j) when they name two different ones."""

    pairChanged = Signal(int, int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 0, 4, 0)
        outer.setSpacing(2)
        layout = QHBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(layout)
        self.u_combo, self.v_combo = QComboBox(), QComboBox()
        self.u_combo.setToolTip("Parameter on the first axis of the landscape")
        self.v_combo.setToolTip("Parameter on the second axis of the landscape")
        layout.addWidget(QLabel("Landscape over"))
        layout.addWidget(self.u_combo)
        layout.addWidget(QLabel("and"))
        layout.addWidget(self.v_combo)
        layout.addStretch(1)
        self.note_label = QLabel()  # on a line of its own: says when the surface is from a sample
        self.note_label.setWordWrap(True)  # never widens the dock
        self.note_label.setToolTip(SAMPLE_TOOLTIP)
        pal = self.note_label.palette()  # stays readable when the selector is disabled
        pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText,
                     pal.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText))
        self.note_label.setPalette(pal)
        self.note_label.hide()
        self.note: str | None = None
        outer.addWidget(self.note_label)
        self._pair = (0, 1)
        self.u_combo.currentIndexChanged.connect(self._emit)
        self.v_combo.currentIndexChanged.connect(self._emit)

    def set_names(self, names, i: int = 0, j: int = 1) -> None:
        for combo, k in ((self.u_combo, i), (self.v_combo, j)):
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(list(names))
            combo.setCurrentIndex(k)
            combo.blockSignals(False)
        self._pair = (i, j)
        self.setEnabled(len(names) > 2)

    def pair(self) -> tuple[int, int]:
        return self._pair

    def set_pair(self, i: int, j: int) -> None:
        """Show the pair (i, j) without emitting pairChanged."""
        for combo, k in ((self.u_combo, i), (self.v_combo, j)):
            combo.blockSignals(True)
            combo.setCurrentIndex(k)
            combo.blockSignals(False)
        self._pair = (i, j)

    def set_note(self, note: str | None) -> None:
        """A short note beside the pair (None: none); the landscape sets it when approximate."""
        if note != self.note:
            self.note = note
            self.note_label.setText(note or "")
            self.note_label.setVisible(bool(note))

    def _emit(self, _=None) -> None:
        i, j = self.u_combo.currentIndex(), self.v_combo.currentIndex()
        if i >= 0 and j >= 0 and i != j:
            self._pair = (i, j)
            self.pairChanged.emit(i, j)
