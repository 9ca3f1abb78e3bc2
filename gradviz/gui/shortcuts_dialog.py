"""Help > Keyboard shortcuts: a two-column table (key, what it does) read from the window's
own actions, so it cannot drift from what the keys do, then the mouse gestures, which are
not actions."""

from __future__ import annotations

from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout,
)

from gradviz.gui.data_view.keyboard import VIEW_KEYS
from gradviz.gui.runs.table_keys import TABLE_KEYS
from gradviz.gui.landscape.camera_keys import CAMERA_KEYS

# mouse gestures (handled by the views themselves, not by actions)
GESTURES = [
    ("Click", "Add a point"),
    ("Drag a point", "Move it"),
    ("Right-click a point", "Delete it"),
    ("Shift+drag", "Select several points"),
    ("Drop a CSV or .gradviz file", "Open it"),
    ("Click the contour map", "Set the start point"),
]


def help_text(action: QAction) -> str:
    """What an action does, as its menu entry says it (without '&' and '…'); an action whose
    text changes (Undo names the edit) keeps the text it was built with."""
    text = action.property("help_text") or action.text()
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def _menu_actions(menu_bar) -> list[QAction]:
    out: list[QAction] = []

    def walk(menu):
        for act in menu.actions():
            if act.menu() is not None:
                walk(act.menu())
            elif not act.isSeparator():
                out.append(act)

    for act in menu_bar.actions():
        if act.menu() is not None:
            walk(act.menu())
    return out


def shortcut_rows(window) -> list[tuple[str, str]]:
    """(keys, what they do) for every action of ``window`` with a shortcut, in menu order."""
    seen: set[int] = set()
    rows = []
    for act in _menu_actions(window.menuBar()) + list(window.actions()):
        if id(act) in seen or not act.shortcuts():
            continue
        seen.add(id(act))
        keys = " or ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in act.shortcuts())
        rows.append((keys, help_text(act)))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.setWindowTitle("Keyboard shortcuts")
        rows = shortcut_rows(window)
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels(["Key", "Action"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        for key, what in rows:
            self._add(key, what)
        # the keys a focused view handles itself, then the mouse: a heading, then its rows
        sections = [("With the data view focused (Tab to it)", VIEW_KEYS),
                    ("With the loss curve focused, several runs shown", TABLE_KEYS)]
        if window.view3d is not None:
            sections.append(("With the 3D view focused (Tab to it)", CAMERA_KEYS))
        sections.append(("Mouse", GESTURES))
        for heading, keys in sections:
            self._add_heading(heading)
            for key, what in keys:
                self._add(key, what)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table)
        lay.addWidget(buttons)
        self.table.resizeColumnsToContents()
        width = sum(self.table.columnWidth(c) for c in range(2)) + 60
        height = min(self.table.verticalHeader().length() + self.table.horizontalHeader().height() + 70, 760)
        self.resize(max(width, 460), height)

    def rows(self) -> list[tuple[str, str]]:
        """The table as text: (key, action) per row (a heading row has an empty action)."""
        out = []
        for r in range(self.table.rowCount()):
            items = [self.table.item(r, c) for c in range(2)]
            out.append(tuple(i.text() if i is not None else "" for i in items))
        return out

    def _add(self, key: str, what: str) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        self.table.setItem(r, 0, QTableWidgetItem(key))
        self.table.setItem(r, 1, QTableWidgetItem(what))

    def _add_heading(self, text: str) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        item = QTableWidgetItem(text)
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
        self.table.setItem(r, 0, item)
        self.table.setSpan(r, 0, 1, 2)
