"""Editing the data with the mouse and keys, for the data view (a mixin of DataPanel).

Mouse (left button unless said otherwise):

* click on empty space: add a point there (data coordinates);
* click on a point: select it (Ctrl+click: add it to / take it out of the selection);
* drag a point: move it (or the whole selection, if the point is selected) -- the data
  follows the mouse live and the whole drag is one undo step;
* right-click a point: delete it; Delete/Backspace deletes the selection;
* Shift+drag: rubber-band selection (Shift+Ctrl+drag adds to it);
* drag on empty space pans, the wheel zooms, right-click on empty space opens the menu.

"On a point" means within :data:`HIT_RADIUS_PX` screen pixels of it, over all points (drawn
one by one or not). Every change to the data goes through the panel's DataEditor, so every
edit is undoable.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QCursor, QPen
from PySide6.QtWidgets import QGraphicsRectItem

from gradviz.gui.data_view.density import MAX_DRAWN_POINTS
from gradviz.gui.widgets.formatting import plural, point

HIT_RADIUS_PX = 8.0  # a click this close to a point (in screen pixels) is a click on it
HOVER_HIT_MAX_POINTS = 200_000  # the hover cursor looks for points only below this size
SELECT_PEN = pg.mkPen(255, 140, 0, width=2.5)


class InertScatter(pg.ScatterPlotItem):
    """A scatter that leaves every mouse event to the view box (which decides, by pixel
    distance over all points, what a click means)."""

    def mouseClickEvent(self, ev) -> None:
        ev.ignore()

    def mouseDragEvent(self, ev) -> None:
        ev.ignore()


class EditViewBox(pg.ViewBox):
    """A ViewBox that first offers clicks and drags to the data panel's editing
    (``editor_handler``: a :class:`PointEditing`)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.editor_handler = None

    def mouseClickEvent(self, ev) -> None:
        h = self.editor_handler
        if h is not None and h.handle_click(ev):
            ev.accept()
            return
        super().mouseClickEvent(ev)

    def mouseDragEvent(self, ev, axis=None) -> None:
        h = self.editor_handler
        if axis is None and h is not None and h.handle_drag(ev):
            ev.accept()
            return
        super().mouseDragEvent(ev, axis)


class PointEditing:
    """Selection, hit testing and mouse/key editing of the points. The class using it is a
    pyqtgraph PlotWidget with ``session``, ``editor`` (a DataEditor), the signals
    ``probeMoved`` and ``selectionChanged``, and calls :meth:`_init_editing` once."""

    def _init_editing(self) -> None:
        self.selected = np.zeros(0, dtype=np.intp)
        self._selection_ds = self.session.dataset
        self._drag: dict | None = None  # the drag in progress: {"mode": "move"|"select", ...}
        self._hover_over = False
        self.selection_marks = InertScatter(size=15, brush=None, pen=SELECT_PEN, hoverable=False)
        self.selection_marks.setZValue(5)
        self.addItem(self.selection_marks, ignoreBounds=True)
        self.rubber_band = QGraphicsRectItem()
        pen = QPen(QColor(255, 140, 0))
        pen.setCosmetic(True)
        pen.setStyle(Qt.PenStyle.DashLine)
        self.rubber_band.setPen(pen)
        self.rubber_band.setBrush(pg.mkBrush(255, 140, 0, 40))
        self.rubber_band.setZValue(20)
        self.rubber_band.setVisible(False)
        self.addItem(self.rubber_band, ignoreBounds=True)
        self.getPlotItem().vb.editor_handler = self
        self._point_adder = None  # where a click on empty space adds a point (None: the editor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Delete / Escape reach keyPressEvent
        self.setMouseTracking(True)
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)

    def mousePressEvent(self, ev) -> None:
        super().mousePressEvent(ev)
        ev.accept()  # pyqtgraph's scene made a click/drag of it; do not pass it on

    def mouseReleaseEvent(self, ev) -> None:
        super().mouseReleaseEvent(ev)
        ev.accept()

    def mouseDoubleClickEvent(self, ev) -> None:
        super().mouseDoubleClickEvent(ev)
        ev.accept()

    def set_point_adder(self, add) -> None:
        """``add(x, y)`` is called for a click on empty space (None: add a training point)."""
        self._point_adder = add

    def _editing_dataset_changed(self, ds) -> None:
        """Keep or drop the selection and the drag when the data set changes."""
        if self._drag is not None and self._drag.get("mode") == "move" and not self.editor.moving:
            self._drag = None  # the drag was cancelled or undone under us
        if len(self.selected):
            if self.selected[-1] < len(ds) and self._keeps_selection(ds):
                self._selection_ds = ds
            else:
                self._set_selection(np.zeros(0, dtype=np.intp))

    def _keeps_selection(self, ds) -> bool:
        """The selection survives a change that came from dragging it (the same points,
        moved); any other new data set (an undo, a load) clears it."""
        dragging = self._drag is not None and self._drag.get("mode") == "move"
        return dragging or self.editor.moving or self._selection_ds is ds

    # ----- hit testing -----------------------------------------------------------------------
    def view_pos(self, scene_pos) -> tuple[float, float]:
        p = self.getPlotItem().vb.mapSceneToView(scene_pos)
        return float(p.x()), float(p.y())

    def point_at(self, scene_pos, radius_px: float = HIT_RADIUS_PX) -> int | None:
        """Index of the point nearest ``scene_pos`` if within ``radius_px`` screen pixels
        (over ALL points, drawn or not), else None."""
        ds = self.session.dataset
        if len(ds) == 0:
            return None
        vb = self.getPlotItem().vb
        pw, ph = vb.viewPixelSize()
        if not (pw > 0 and ph > 0):
            return None
        x, y = self.view_pos(scene_pos)
        rx, ry = radius_px * pw, radius_px * ph
        near = np.flatnonzero((np.abs(ds.x - x) <= rx) & (np.abs(ds.y - y) <= ry))
        if near.size == 0:
            return None
        d2 = ((ds.x[near] - x) / pw) ** 2 + ((ds.y[near] - y) / ph) ** 2
        k = int(np.argmin(d2))
        if d2[k] > radius_px * radius_px:
            return None
        # several points under the cursor: the last one drawn is the one on top
        best = near[d2 == d2[k]]
        return int(best[-1])


    # ----- selection ----------------------------------------------------------------------
    def _set_selection(self, indices) -> None:
        idx = np.unique(np.asarray(indices, dtype=np.intp).ravel())
        n = len(self.session.dataset)
        idx = idx[(idx >= 0) & (idx < n)]
        self.selected = idx
        self._selection_ds = self.session.dataset
        self._draw_selection()
        self.selectionChanged.emit(idx.copy())

    def set_selection(self, indices) -> None:
        self._set_selection(indices)

    def cancel_drag(self) -> bool:
        """Esc during a drag: the point goes back (a move) or the rubber band goes (a
        selection); False when no drag is under way."""
        if self.editor.moving:
            self.editor.cancel_move()
            return True
        if self._drag is not None and self._drag.get("mode") == "select":
            self.rubber_band.setVisible(False)
            return True
        return False

    def clear_selection(self) -> None:
        if len(self.selected):
            self._set_selection(np.zeros(0, dtype=np.intp))

    def select_all(self) -> None:
        n = len(self.session.dataset)
        self._set_selection(np.arange(n))
        self.session.notify(f"Selected all {plural(n)}." if n else "There are no points to select.")

    def _draw_selection(self) -> None:
        ds = self.session.dataset
        idx = self.selected[self.selected < len(ds)]
        if idx.size > MAX_DRAWN_POINTS:
            idx = idx[np.linspace(0, idx.size - 1, MAX_DRAWN_POINTS).astype(np.int64)]
        self.selection_marks.setData(ds.x[idx], ds.y[idx])

    def delete_selected(self) -> bool:
        if not len(self.selected):
            self.session.notify("Nothing selected: click a point, or Shift+drag a box around several.")
            return False
        idx = self.selected
        self._set_selection(np.zeros(0, dtype=np.intp))
        return self.editor.delete_points(idx)


    # ----- mouse editing (called by EditViewBox) --------------------------------------------
    def handle_click(self, ev) -> bool:
        """True if the click was an edit (else the view box handles it: its menu)."""
        button, mods = ev.button(), ev.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        if button == Qt.MouseButton.LeftButton:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            if ev.double():
                return True  # the first click of the pair already did it
            hit = self.point_at(ev.scenePos())
            if hit is not None:
                if ctrl or shift:
                    sel = set(self.selected.tolist())
                    sel.symmetric_difference_update({hit}) if ctrl else sel.add(hit)
                    self._set_selection(sorted(sel))
                else:
                    self._set_selection([hit])
                ds = self.session.dataset
                self.session.notify(
                    f"Point {hit + 1:,} of {len(ds):,}: {point(ds.x[hit], ds.y[hit])}. "
                    "Drag to move it; Delete or right-click removes it.")
                return True
            if ctrl or shift:
                return True  # a modified click on empty space changes nothing
            self.clear_selection()
            x, y = self.view_pos(ev.scenePos())
            (self._point_adder or self.editor.add_point)(x, y)
            return True
        if button == Qt.MouseButton.RightButton:
            hit = self.point_at(ev.scenePos())
            if hit is None:
                return False  # the view box's context menu
            self._set_selection(np.zeros(0, dtype=np.intp))
            self.editor.delete_points([hit])
            return True
        return False

    def handle_drag(self, ev) -> bool:
        """True if the drag is ours (moving points, rubber band); else the view pans."""
        if ev.isStart():
            self._drag = None
            if ev.button() != Qt.MouseButton.LeftButton:
                return False
            mods = ev.modifiers()
            if mods & Qt.KeyboardModifier.ShiftModifier:
                self._drag = {"mode": "select", "add": bool(mods & Qt.KeyboardModifier.ControlModifier)}
            else:
                start_scene = ev.buttonDownScenePos(Qt.MouseButton.LeftButton)
                hit = self.point_at(start_scene)
                if hit is None:
                    return False
                if hit not in set(self.selected.tolist()):
                    self._set_selection([hit])
                moving = self.selected.copy()
                if not self.editor.begin_move(moving):
                    return False
                self._drag = {"mode": "move", "origin": self.view_pos(start_scene), "n": len(moving)}
                self.setCursor(QCursor(Qt.CursorShape.ClosedHandCursor))
        drag = self._drag
        if drag is None:
            return False
        if drag["mode"] == "move":
            if not self.editor.moving:  # cancelled (Escape, Ctrl+Z) mid-drag: swallow the rest
                if ev.isFinish():
                    self._drag = None
                    self.unsetCursor()
                return True
            x0, y0 = drag["origin"]
            x, y = self.view_pos(ev.scenePos())
            self.editor.update_move(x - x0, y - y0)
            if ev.isFinish():
                self.editor.finish_move()  # one undo step for the whole drag
                self._drag = None
                self.unsetCursor()
                self._draw_selection()
            return True
        # rubber band
        (ax, ay) = self.view_pos(ev.buttonDownScenePos(Qt.MouseButton.LeftButton))
        (bx, by) = self.view_pos(ev.scenePos())
        rect = QRectF(min(ax, bx), min(ay, by), abs(bx - ax), abs(by - ay))
        if ev.isFinish():
            self.rubber_band.setVisible(False)
            self._drag = None
            ds = self.session.dataset
            inside = np.flatnonzero((ds.x >= rect.left()) & (ds.x <= rect.right())
                                    & (ds.y >= rect.top()) & (ds.y <= rect.bottom()))
            if drag["add"]:
                inside = np.union1d(self.selected, inside)
            self._set_selection(inside)
            k = len(self.selected)
            self.session.notify(
                f"Selected {plural(k)}. Drag one to move them all; Delete removes them."
                if k else "No points in that box.")
        else:
            self.rubber_band.setRect(rect)
            self.rubber_band.setVisible(True)
        return True

    def keyPressEvent(self, ev) -> None:
        key = ev.key()
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_selected()
            ev.accept()
            return
        if key == Qt.Key.Key_Escape:
            if not self.cancel_drag():
                self.clear_selection()
            ev.accept()
            return
        super().keyPressEvent(ev)

    def _on_mouse_moved(self, pos) -> None:
        vb = self.getPlotItem().vb
        if vb.sceneBoundingRect().contains(pos):
            self.probeMoved.emit(float(vb.mapSceneToView(pos).x()))
            if self._drag is None and len(self.session.dataset) <= HOVER_HIT_MAX_POINTS:
                over = self.point_at(pos) is not None
                if over != self._hover_over:
                    self._hover_over = over
                    if over:
                        self.setCursor(QCursor(Qt.CursorShape.OpenHandCursor))
                    else:
                        self.unsetCursor()
        else:
            self.probeMoved.emit(None)
