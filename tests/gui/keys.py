"""Typing into a widget as a user does (shared by the tests of the widgets and panels)."""

from __future__ import annotations

from PySide6.QtCore import Qt


def type_into(qtbot, spin, text: str, click: bool = False) -> None:
    """Replace the text of ``spin`` (a spin box) with ``text`` by key clicks, then Enter.
    ``click``: focus it with a mouse click, as a user does in a window."""
    edit = spin.lineEdit()
    if click:
        qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    else:
        spin.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
