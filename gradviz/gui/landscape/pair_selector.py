"""The row above the landscape: which two parameters it shows (the line and neuron: always
w and b), a button that fits the view to the run, and one that sets the ranges by hand."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox, QLabel, QToolButton, QVBoxLayout, QWidget

from gradviz.gui.landscape.range_dialog import RangeDialog
from gradviz.gui.landscape.sample import SAMPLE_TOOLTIP
from gradviz.gui.widgets.flow_layout import FlowLayout


class PairSelector(QWidget):
    """Two parameter combos that never show one parameter twice: picking the other axis's
    parameter swaps the two."""

    pairChanged = Signal(int, int)
    fitRequested = Signal()
    windowRequested = Signal(object)  # ((u0, u1), (v0, v1)), checked

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 0, 4, 0)
        outer.setSpacing(2)
        layout = FlowLayout()  # wraps when zoomed text needs more than the dock's width
        layout.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(layout)
        self.u_combo, self.v_combo = QComboBox(), QComboBox()
        for combo in (self.u_combo, self.v_combo):
            # as wide as the longest name ("w16"), whatever the names were when first shown
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.u_combo.setToolTip("Parameter on the first axis of the landscape")
        self.v_combo.setToolTip("Parameter on the second axis of the landscape")
        self.fit_button = QToolButton()
        self.fit_button.setText("Fit")
        self.fit_button.setToolTip("Fit the landscape to the start, the path and the optimum (Shift+F)")
        self.fit_button.clicked.connect(self.fitRequested)
        self.ranges_button = QToolButton()
        self.ranges_button.setText("Ranges…")
        self.ranges_button.setToolTip("Set the landscape's parameter ranges by hand")
        self.ranges_button.clicked.connect(self.open_range_dialog)
        layout.addWidget(QLabel("Landscape over"))
        layout.addWidget(self.u_combo)
        layout.addWidget(QLabel("and"))
        layout.addWidget(self.v_combo)
        layout.addWidget(self.fit_button)
        layout.addWidget(self.ranges_button)
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
        self._window = None
        self.u_combo.currentIndexChanged.connect(lambda k: self._picked(0, k))
        self.v_combo.currentIndexChanged.connect(lambda k: self._picked(1, k))

    def set_names(self, names, i: int = 0, j: int = 1) -> None:
        for combo, k in ((self.u_combo, i), (self.v_combo, j)):
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(list(names))
            combo.setCurrentIndex(k)
            combo.blockSignals(False)
        self._pair = (i, j)
        for combo in (self.u_combo, self.v_combo):
            combo.setEnabled(len(names) > 2)

    def can_choose(self) -> bool:
        """More than two parameters: the pair can be chosen (the line and neuron: w and b)."""
        return self.u_combo.isEnabled()

    def pair(self) -> tuple[int, int]:
        return self._pair

    def set_pair(self, i: int, j: int) -> None:
        """Show the pair (i, j) without emitting pairChanged."""
        for combo, k in ((self.u_combo, i), (self.v_combo, j)):
            combo.blockSignals(True)
            combo.setCurrentIndex(k)
            combo.blockSignals(False)
        self._pair = (i, j)

    def set_window(self, window) -> None:
        """The ranges the landscape shows now (what the range dialog opens with)."""
        self._window = window

    def set_note(self, note: str | None) -> None:
        """A short note beside the pair (None: none); the landscape sets it when approximate."""
        if note != self.note:
            self.note = note
            self.note_label.setText(note or "")
            self.note_label.setVisible(bool(note))

    def range_dialog(self) -> RangeDialog:
        """The dialog for the ranges, filled with the current ones (not yet shown)."""
        names = (self.u_combo.currentText() or "u", self.v_combo.currentText() or "v")
        dialog = RangeDialog(names, self._window, self)
        dialog.windowChosen.connect(self.windowRequested)
        return dialog

    def open_range_dialog(self) -> None:
        dialog = self.range_dialog()
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _picked(self, axis: int, k: int) -> None:
        if k < 0:
            return
        old = i, j = self._pair
        if axis == 0:
            i, j = k, (i if k == j else j)  # the other axis's parameter: swap the two
        else:
            i, j = (j if k == i else i), k
        self.set_pair(i, j)
        if (i, j) != old:
            self.pairChanged.emit(i, j)
