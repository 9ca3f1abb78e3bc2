"""The runs table without a mouse: with its plot focused (Tab, or a click on the plot),
Up and Down choose a row and Enter (or Return) focuses that row's run. Left and Right stay
the window's step keys; while the table is hidden every key goes on to the plot."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt

CHOOSE = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}
# as Help > Keyboard shortcuts lists them
TABLE_KEYS = [
    ("Up / Down", "Choose a run in the runs table"),
    ("Enter", "Focus the chosen run (its controls and readout)"),
]
PICK = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class TableKeys(QObject):
    """An event filter on ``plot`` for ``table`` (a RunsTable)."""

    def __init__(self, plot, table) -> None:
        super().__init__(plot)
        self.table = table
        plot.installEventFilter(self)

    def _ours(self, ev) -> bool:
        if self.table.chosen_row() is None:  # hidden: no runs beside the focused one
            return False
        mods = ev.modifiers() & ~Qt.KeyboardModifier.KeypadModifier  # Enter on the keypad
        return mods == Qt.KeyboardModifier.NoModifier and (ev.key() in CHOOSE or ev.key() in PICK)

    def eventFilter(self, obj, ev) -> bool:
        t = ev.type()
        if t == QEvent.Type.FocusIn:
            self.table.set_has_keys(True)
        elif t == QEvent.Type.FocusOut:
            self.table.set_has_keys(False)
        elif t == QEvent.Type.ShortcutOverride and self._ours(ev):
            ev.accept()  # the table's, whatever the window binds
            return True
        elif t == QEvent.Type.KeyPress and self._ours(ev):
            if ev.key() in CHOOSE:
                self.table.choose(CHOOSE[ev.key()])
            else:
                self.table.pick_chosen()
            return True
        return False
