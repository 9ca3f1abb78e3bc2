"""Editing the data view's points without a mouse.

With the data view focused:

* Up / Down: make the next / previous point (in x order) the current one (selected, ringed);
* Alt+arrows: move the selected points by a step (2 % of the view); a burst of moves, up to
  a pause of :data:`MOVE_BURST_MS`, is one undo step;
* Delete removes the selection, Esc clears it (the view's own keys);
* Insert (anywhere in the window, Edit > Add a Point...) asks for x and y and adds the point.

Left and Right stay the window's step keys.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

import gradviz.core as gc

from gradviz.gui.widgets.formatting import num, point
from gradviz.gui.widgets.number_entry import check_number

MOVE_STEP = 0.02  # an Alt+arrow moves the points by this share of the view's width or height
MOVE_BURST_MS = 600  # moves closer together than this are one undo step
# (keys, what they do) with the data view focused: they are not actions, so the shortcuts
# table lists them from here (Delete and Insert are actions, listed with the others)
VIEW_KEYS = [
    ("Up / Down", "Select the next / previous point (by x)"),
    ("Alt+arrows", "Move the selected points"),
]
_MODIFIER_KEYS = (Qt.Key.Key_Alt, Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Meta)
_ARROWS = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, 1), Qt.Key.Key_Down: (0, -1)}


class PointKeys(QObject):
    """The keys of a DataPanel ``panel`` (an event filter on it)."""

    def __init__(self, panel) -> None:
        super().__init__(panel)
        self.panel = panel
        self._offset = (0.0, 0.0)  # the burst's move so far, in data units
        self._burst_end = QTimer(self)
        self._burst_end.setSingleShot(True)
        self._burst_end.setInterval(MOVE_BURST_MS)
        self._burst_end.timeout.connect(self.finish_moves)
        panel.installEventFilter(self)

    @property
    def current(self) -> int | None:
        """The current point: the last selected one (None when nothing is selected)."""
        sel = self.panel.selected
        return int(sel[-1]) if len(sel) else None

    def eventFilter(self, obj, ev) -> bool:
        t = ev.type()
        if t == QEvent.Type.FocusOut:
            self.finish_moves()
        elif t == QEvent.Type.ShortcutOverride and self._is_move(ev):
            ev.accept()  # an Alt+arrow is the view's, whatever the window binds
            return True
        elif t == QEvent.Type.KeyPress:
            return self._key(ev)
        return False

    @staticmethod
    def _is_move(ev) -> bool:
        return ev.key() in _ARROWS and ev.modifiers() == Qt.KeyboardModifier.AltModifier

    def _key(self, ev) -> bool:
        key, mods = ev.key(), ev.modifiers()
        if self._is_move(ev):
            self.move_selection(*_ARROWS[key])
            return True
        if key in _MODIFIER_KEYS:
            return False  # Alt pressed or let go between two moves: still the same burst
        self.finish_moves()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and mods == Qt.KeyboardModifier.NoModifier:
            self.step_current(1 if key == Qt.Key.Key_Up else -1)
            return True
        return False

    # ----- the current point ------------------------------------------------------------------
    def step_current(self, direction: int) -> int | None:
        """Make the next (``direction`` 1) or previous (-1) point by x the current one."""
        ds = self.panel.session.dataset
        if len(ds) == 0:
            self.panel.session.notify("There are no points yet: press Insert to add one.")
            return None
        order = np.argsort(ds.x, kind="stable")
        cur = self.current
        if cur is None:
            k = 0 if direction > 0 else len(order) - 1
        else:
            rank = int(np.flatnonzero(order == cur)[0])
            k = (rank + direction) % len(order)
        i = int(order[k])
        self.panel.set_selection([i])
        self.panel.session.notify(
            f"Point {k + 1:,} of {len(ds):,} by x: {point(ds.x[i], ds.y[i])}. "
            "Alt+arrows move it; Delete removes it.")
        return i

    # ----- moving -----------------------------------------------------------------------------
    def move_selection(self, sx: int, sy: int) -> bool:
        """Move the selected points one step right (sx 1), left (-1), up (sy 1) or down."""
        panel, editor = self.panel, self.panel.editor
        if not len(panel.selected):
            panel.session.notify("Nothing selected: press Up or Down to pick a point.")
            return False
        if not editor.moving:
            if not editor.begin_move(panel.selected.copy()):
                return False
            self._offset = (0.0, 0.0)
        (x0, x1), (y0, y1) = panel.getPlotItem().vb.viewRange()
        dx = self._offset[0] + sx * MOVE_STEP * (x1 - x0)
        dy = self._offset[1] + sy * MOVE_STEP * (y1 - y0)
        self._offset = (dx, dy)
        editor.update_move(dx, dy)
        self._burst_end.start()
        return True

    def finish_moves(self) -> None:
        """End a burst of moves: one undo step."""
        self._burst_end.stop()
        if self.panel.editor.moving and self._offset != (0.0, 0.0):
            self._offset = (0.0, 0.0)
            self.panel.editor.finish_move()
            cur, ds = self.current, self.panel.session.dataset
            if cur is not None and cur < len(ds):
                self.panel.session.notify(f"Moved to {point(ds.x[cur], ds.y[cur])}. Ctrl+Z puts it back.")

    # ----- adding at a typed position --------------------------------------------------------
    def add_point_dialog(self) -> "AddPointDialog":
        """Ask for x and y (non-modal: the window's keys reach it as they reach any
        dialog); on OK the point is added and becomes the current one."""
        self.finish_moves()
        (x0, x1), (y0, y1) = self.panel.getPlotItem().vb.viewRange()
        dialog = AddPointDialog(self.panel.window(), (x0 + x1) / 2, (y0 + y1) / 2)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.pointChosen = self.add_point
        dialog.finished.connect(self._focus_back)
        dialog.open()
        dialog.activateWindow()  # the typing goes to it at once, with or without a window manager
        return dialog

    def _focus_back(self, _result) -> None:
        # the keys go on where they were: the data view, its new point current
        self.panel.window().activateWindow()
        self.panel.setFocus(Qt.FocusReason.OtherFocusReason)

    def add_point(self, x: float, y: float) -> int:
        i = self.panel.editor.add_point(x, y)
        self.panel.set_selection([i])
        return i


class AddPointDialog(QDialog):
    """Two entries, x and y; OK checks them and names what is wrong, if anything."""

    def __init__(self, parent, x: float, y: float) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a point")
        self.pointChosen = None  # called with (x, y) on a valid OK
        self.x_edit = QLineEdit(num(x))
        self.y_edit = QLineEdit(num(y))
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("m") * 30)
        form = QFormLayout()
        form.addRow("&x", self.x_edit)
        form.addRow("&y", self.y_edit)
        for edit, name in ((self.x_edit, "x"), (self.y_edit, "y")):
            edit.setAccessibleName(f"The new point's {name}")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.problem)
        lay.addWidget(buttons)
        self.x_edit.selectAll()
        self.x_edit.setFocus()

    def accept(self) -> None:
        lim = gc.MAX_ABS_VALUE
        x, bad_x = check_number(self.x_edit.text(), -lim, lim, "x")
        y, bad_y = check_number(self.y_edit.text(), -lim, lim, "y")
        if bad_x or bad_y:
            self.problem.setText(bad_x or bad_y)
            self.problem.setVisible(True)
            self.adjustSize()  # the whole sentence shows, however many lines it wraps to
            (self.x_edit if bad_x else self.y_edit).setFocus()
            return
        self.problem.setText("")
        super().accept()
        if self.pointChosen is not None:
            self.pointChosen(x, y)
