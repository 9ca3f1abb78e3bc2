"""Set the landscape's parameter ranges by hand: four number fields, checked as typed."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QLabel, QLineEdit, QVBoxLayout

from gradviz.gui.landscape.framing import check_window


def _number(text: str) -> float:
    return float(text.strip().replace("−", "-"))


class RangeDialog(QDialog):
    """Low and high ends for each of the two parameters. OK stays disabled, and a line says
    what is wrong, until the four numbers make two ranges."""

    windowChosen = Signal(object)  # ((u0, u1), (v0, v1))

    def __init__(self, names: tuple[str, str], window=None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Landscape ranges")
        self._names = names
        grid = QGridLayout()
        grid.addWidget(QLabel("from"), 0, 1)
        grid.addWidget(QLabel("to"), 0, 2)
        self.fields: list[QLineEdit] = []
        for row, name in enumerate(names, start=1):
            grid.addWidget(QLabel(name), row, 0)
            for col in (1, 2):
                field = QLineEdit()
                field.setPlaceholderText("a number")
                field.textChanged.connect(self._check)
                grid.addWidget(field, row, col)
                self.fields.append(field)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(grid)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        if window is not None:
            for field, value in zip(self.fields, (*window[0], *window[1])):
                field.setText(f"{value:.6g}")
        self._check()

    def set_texts(self, u0: str, u1: str, v0: str, v1: str) -> None:
        for field, text in zip(self.fields, (u0, u1, v0, v1)):
            field.setText(text)

    def chosen(self):
        """The ranges typed, as ((u0, u1), (v0, v1)); ValueError says what is wrong."""
        values = []
        for k, field in enumerate(self.fields):
            name, end = self._names[k // 2], ("low", "high")[k % 2]
            try:
                values.append(_number(field.text()))
            except ValueError:
                raise ValueError(f"The {end} end of {name} must be a number (e.g. -2.5 or 1e3).") from None
        return check_window(((values[0], values[1]), (values[2], values[3])), self._names)

    def ok_enabled(self) -> bool:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()

    def _check(self) -> None:
        try:
            self.chosen()
            text = ""
        except ValueError as exc:
            text = str(exc)
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not text)

    def accept(self) -> None:
        try:
            window = self.chosen()
        except ValueError:
            return
        super().accept()
        self.windowChosen.emit(window)
