"""Choosing the x and y columns of a CSV file with more than two numeric columns.

:func:`peek` looks at the first rows (``gc.csv_preview``: the cells and numbers as
``gc.load_csv`` reads them) to tell which columns hold numbers; :class:`ColumnDialog`
shows the header names and those rows, and asks which column is x and which is y.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout,
)

import gradviz.core as gc

PREVIEW_ROWS = 6


@dataclass
class Peek:
    names: list[str]  # header names, or "column 1", ...
    rows: list[list[str]]  # the first few data rows, as text
    numeric: list[bool]  # load_csv reads this column of every row looked at as numbers

    @property
    def numeric_columns(self) -> list[int]:
        return [k for k, ok in enumerate(self.numeric) if ok]


def peek(path, info: dict, max_rows: int = PREVIEW_ROWS) -> Peek:
    """The first rows of ``path`` (``info`` is what ``gc.csv_header`` said about it).
    Raises OSError when the file cannot be read (any more)."""
    try:
        pv = gc.csv_preview(path, max_rows=max_rows, delimiter=info.get("delimiter"))
    except gc.DataError as exc:  # the caller reports an unreadable file as an OSError
        raise OSError(exc.what) from exc
    return Peek(pv["names"], pv["rows"], pv["numeric"])


class ColumnDialog(QDialog):
    """Asks which column is x and which is y. Non-numeric columns are listed but disabled."""

    def __init__(self, path, pk: Peek, initial: tuple[int, int] | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("column_dialog")
        self.setWindowTitle("Choose the x and y columns")
        self.peek = pk
        layout = QVBoxLayout(self)
        intro = QLabel(f"<b>{Path(path).name}</b> has {len(pk.names)} columns. "
                       "Which one is x (input) and which is y (what to predict)?")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.x_combo, self.y_combo = QComboBox(), QComboBox()
        self.x_combo.setObjectName("x_combo")
        self.y_combo.setObjectName("y_combo")
        for combo in (self.x_combo, self.y_combo):
            for k, name in enumerate(pk.names):
                label = name if pk.numeric[k] else f"{name}  (not numbers)"
                combo.addItem(label, k)
                if not pk.numeric[k]:
                    combo.model().item(k).setEnabled(False)
        form.addRow("x column:", self.x_combo)
        form.addRow("y column:", self.y_combo)
        layout.addLayout(form)
        if pk.rows:
            table = QTableWidget(len(pk.rows), len(pk.names))
            table.setObjectName("preview")
            table.setHorizontalHeaderLabels(pk.names)
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            for r, row in enumerate(pk.rows):
                for c in range(len(pk.names)):
                    table.setItem(r, c, QTableWidgetItem(row[c] if c < len(row) else ""))
            table.resizeColumnsToContents()
            table.setMaximumHeight(40 + 26 * len(pk.rows))
            width = table.verticalHeader().width() + sum(table.columnWidth(c) for c in range(len(pk.names)))
            self.setMinimumWidth(min(900, max(420, width + 60)))
            layout.addWidget(QLabel("The first rows:"))
            layout.addWidget(table)
        self.warning = QLabel("")
        self.warning.setStyleSheet("color:#a33")
        layout.addWidget(self.warning)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        nums = pk.numeric_columns or list(range(len(pk.names)))
        i, j = initial if initial is not None else (nums[0], nums[1] if len(nums) > 1 else nums[0])
        self.x_combo.setCurrentIndex(i)
        self.y_combo.setCurrentIndex(j)
        self.x_combo.currentIndexChanged.connect(self._check)
        self.y_combo.currentIndexChanged.connect(self._check)
        self._check()

    def choice(self) -> tuple[int, int]:
        return self.x_combo.currentIndex(), self.y_combo.currentIndex()

    def set_choice(self, x: int | str, y: int | str) -> None:
        """Pick columns by index or header name (tests and scripts)."""
        names = self.peek.names
        self.x_combo.setCurrentIndex(names.index(x) if isinstance(x, str) else int(x))
        self.y_combo.setCurrentIndex(names.index(y) if isinstance(y, str) else int(y))

    def _check(self, _=None) -> None:
        i, j = self.choice()
        same = i == j
        self.warning.setText("x and y must be different columns." if same else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not same)


def ask_columns(parent, path, pk: Peek, initial: tuple[int, int] | None = None) -> tuple[int, int] | None:
    """Show the dialog; the chosen (x, y) indices, or None if cancelled."""
    dlg = ColumnDialog(path, pk, initial, parent)
    dlg.setWindowModality(Qt.WindowModality.WindowModal)
    try:
        ok = dlg.exec() == QDialog.DialogCode.Accepted
        return dlg.choice() if ok else None
    finally:
        dlg.deleteLater()
