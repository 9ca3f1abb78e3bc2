"""The Recent Files list and, per file, the x/y columns the user chose.

Both live in the app's QSettings (``gradviz.ini`` in the config folder), stored as JSON
text: QSettings' own list handling turns a one-item list into a plain string on INI
files, and file paths would be split into groups by their slashes as keys.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction

from gradviz.gui.files.config import app_settings

MAX_RECENT = 8
MAX_REMEMBERED_COLUMNS = 100
RECENT_KEY = "files/recent"
COLUMNS_KEY = "files/columns"


def _key(path) -> str:
    return str(Path(path).expanduser().resolve())


def _read_json(key: str, default):
    raw = app_settings().value(key, "")
    if not isinstance(raw, str) or not raw:
        return default
    try:
        value = json.loads(raw)
    except ValueError:
        return default
    return value if isinstance(value, type(default)) else default


def _write_json(key: str, value) -> None:
    st = app_settings()
    st.setValue(key, json.dumps(value))
    st.sync()


class RecentFiles(QObject):
    changed = Signal()

    def paths(self) -> list[str]:
        return [p for p in _read_json(RECENT_KEY, []) if isinstance(p, str)][:MAX_RECENT]

    def add(self, path) -> None:
        key = _key(path)
        paths = [key] + [p for p in self.paths() if p != key]
        _write_json(RECENT_KEY, paths[:MAX_RECENT])
        self.changed.emit()

    def remove(self, path) -> None:
        key = _key(path)
        _write_json(RECENT_KEY, [p for p in self.paths() if p != key])
        self.changed.emit()

    def clear(self) -> None:
        _write_json(RECENT_KEY, [])
        self.changed.emit()

    def populate(self, menu, open_path) -> None:
        """Fill ``menu`` with the recent files (1..9 as accelerators) and a Clear item."""
        menu.clear()
        paths = self.paths()
        if not paths:
            act = QAction("(no recent files)", menu)
            act.setEnabled(False)
            menu.addAction(act)
            return
        for k, p in enumerate(paths, 1):
            name = Path(p).name.replace("&", "&&")
            act = QAction(f"&{k} {name}" if k < 10 else name, menu)
            act.setToolTip(p)
            act.setStatusTip(p)
            act.setData(p)
            act.triggered.connect(lambda _c=False, p=p: open_path(p))
            menu.addAction(act)
        menu.addSeparator()
        clear = QAction("&Clear recent files", menu)
        clear.triggered.connect(self.clear)
        menu.addAction(clear)


def remembered_columns(path, names: list[str]) -> tuple[int, int] | None:
    """The (x, y) column indices chosen last time for this file, if its header still has
    those columns (by name when it has a header, else by position)."""
    entry = _read_json(COLUMNS_KEY, {}).get(_key(path))
    if not isinstance(entry, dict):
        return None
    try:
        i, j = int(entry["x"]), int(entry["y"])
        old_names = list(entry.get("names", []))
    except (KeyError, TypeError, ValueError):
        return None
    if old_names and len(old_names) > max(i, j):
        xn, yn = old_names[i], old_names[j]
        if xn in names and yn in names:
            i, j = names.index(xn), names.index(yn)
        elif old_names != names:
            return None
    if not (0 <= i < len(names) and 0 <= j < len(names)) or i == j:
        return None
    return i, j


def remember_columns(path, names: list[str], columns: tuple[int, int]) -> None:
    table = _read_json(COLUMNS_KEY, {})
    key = _key(path)
    table.pop(key, None)
    table[key] = {"x": int(columns[0]), "y": int(columns[1]), "names": list(names)}
    while len(table) > MAX_REMEMBERED_COLUMNS:
        table.pop(next(iter(table)))
    _write_json(COLUMNS_KEY, table)
