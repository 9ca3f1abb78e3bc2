"""A compact table of every run (step, loss, held-out loss, parameters) in a corner of a plot;
also the legend of the runs' colours and dashes, and which run is in focus (a click on a row
focuses that run; with the plot focused, Up and Down choose a row and Enter focuses its run,
see ``table_keys``). Shown only while there are runs beside the focused one."""

from __future__ import annotations

import html
import math
import time
from typing import NamedTuple

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QPalette, QTextCursor

from gradviz.gui.runs.scaling import landscape_point
from gradviz.gui.runs.table_keys import TableKeys
from gradviz.gui.state.runs import describe
from gradviz.gui.widgets.formatting import tick

DASH_TEXT = {"solid": "━━", "dash": "╍╍", "dot": "┈┈", "dashdot": "─·─"}
MAX_PARAMS_SHOWN = 3
BORDER = "#888"
CHOSEN_TINT = 0.3  # the chosen row's background: this much of the highlight colour over the white fill
# laying out the table's rich text takes milliseconds: while frames come faster than this,
# the text is set at most once per interval (the last frame's always lands)
TEXT_INTERVAL_S = 0.1


class RunRow(NamedTuple):
    label: str
    colour: str  # '' for the run in focus: the plot's own colour
    dash: str
    settings: str
    step: int
    loss: float
    params: str
    held_out: float | None  # the loss on the held-out points (None without them)
    in_focus: bool


def run_rows(frame) -> list[RunRow]:
    """One row per run, in label order: the focused run (the frame's own) and each companion."""
    held = frame.eval_dataset is not None

    def row(label, colour, dash, settings, snap, in_focus, params):
        eval_loss = snap.eval_loss if held and snap.eval_loss is not None else None
        return RunRow(label, colour, dash, describe(settings), snap.step, float(snap.loss), params_text(params),
                      None if eval_loss is None else float(eval_loss), in_focus)

    rows = [row(frame.run_label, "", "solid", frame.settings, frame.snapshot, True, frame.snapshot.params)]
    # every run's parameters on the map's scale (a run on the other scale of x: mapped), so
    # that the numbers side by side compare
    rows += [row(c.label, c.colour, c.dash, c.settings, c.snapshot, False, landscape_point(frame, c))
             for c in frame.companions]
    return sorted(rows, key=lambda r: r.label)


def params_text(params) -> str:
    p = np.asarray(params, dtype=float).ravel()
    shown = ", ".join(tick(float(v)) for v in p[:MAX_PARAMS_SHOWN])
    return shown + (f", … ({p.size} in all)" if p.size > MAX_PARAMS_SHOWN else "")


def loss_text(loss: float) -> str:
    return tick(loss) if np.isfinite(loss) else "diverged"


class _Text(pg.TextItem):
    """The table's text; a click on a row calls ``on_row(row index)``."""

    def __init__(self, on_row, **kw) -> None:
        super().__init__(**kw)
        self._on_row = on_row
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def row_at(self, pos) -> int | None:
        """The table row under ``pos`` (this item's coordinates), or None."""
        doc = self.textItem.document()
        at = doc.documentLayout().hitTest(self.textItem.mapFromParent(pos), Qt.HitTestAccuracy.ExactHit)
        if at < 0:
            return None
        cursor = QTextCursor(doc)
        cursor.setPosition(at)
        table = cursor.currentTable()
        return None if table is None else table.cellAt(cursor).row()

    def mouseClickEvent(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            return
        row = self.row_at(ev.pos())
        if row is not None:
            ev.accept()
            self._on_row(row)


class RunsTable:
    """The table as a text item anchored in the top right corner of ``plot``'s view (a
    PlotWidget). ``on_pick(label)``: a run's row was clicked, or chosen with the keys and
    Enter pressed (the loss curve focuses that run)."""

    def __init__(self, plot, focus_colour: str, on_pick=None) -> None:
        self._focus = focus_colour
        self._on_pick = on_pick
        self._plot = plot
        self._item = _Text(self.pick_row, anchor=(1, 0), fill=pg.mkBrush(255, 255, 255, 225), border=pg.mkPen(BORDER))
        self._box = plot.getPlotItem().getViewBox()
        self._item.setParentItem(self._box)
        self._item.setZValue(50)
        self._item.setVisible(False)
        self._item.setToolTip("Click a run to focus it: its controls and full readout show "
                              "(or, with the loss curve focused, Up and Down choose a run and Enter focuses it)")
        self._box.sigResized.connect(self._place)
        self._rows: list = []
        self._chosen: str | None = None  # the row the keys choose (its run's label)
        self._has_keys = False  # the plot has the keyboard focus: the chosen row shows
        self.keys = TableKeys(plot, self)
        self._last_text = -math.inf
        self._timer = QTimer(self._item)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._set_text)

    def rows(self) -> list[RunRow]:
        """The rows as drawn (see ``run_rows``); empty while hidden."""
        return list(self._rows)

    def pick_row(self, row: int) -> None:
        """Focus the run of table row ``row`` (as a click on it does)."""
        if not 0 <= row < len(self._rows):
            return
        self._chosen = self._rows[row].label  # the keys go on from the row clicked
        if self._on_pick is not None and not self._rows[row].in_focus:
            self._on_pick(self._rows[row].label)

    def chosen_row(self) -> int | None:
        """The row the keys have chosen (at first the run in focus); None while hidden."""
        labels = [r.label for r in self._rows]
        if not labels:
            return None
        return labels.index(self._chosen) if self._chosen in labels \
            else next(k for k, r in enumerate(self._rows) if r.in_focus)

    def choose(self, step: int) -> int | None:
        """Choose the next (``step`` 1) or previous (-1) row, round the ends; the row chosen."""
        k = self.chosen_row()
        if k is None:
            return None
        k = (k + step) % len(self._rows)
        self._chosen = self._rows[k].label
        self._draw(now=True)
        return k

    def pick_chosen(self) -> None:
        """Focus the chosen row's run (Enter)."""
        k = self.chosen_row()
        if k is not None:
            self.pick_row(k)

    def set_has_keys(self, on: bool) -> None:
        """Show the chosen row (and a border in the highlight colour) while the plot has the keys."""
        if on != self._has_keys:
            self._has_keys = on
            self._draw(now=True)

    def row_scene_pos(self, row: int):
        """The scene position of the middle of row ``row``'s first cell (where a click picks it)."""
        text = self._item.textItem
        doc = text.document()
        table = doc.rootFrame().childFrames()[0]  # the one table
        cell = table.cellAt(row, 0).firstCursorPosition()
        rect = doc.documentLayout().blockBoundingRect(cell.block())
        return text.mapToScene(rect.center())

    def update(self, frame) -> None:
        self._rows = run_rows(frame) if frame.companions else []
        self._item.setVisible(bool(self._rows))
        self._draw()

    def _draw(self, now: bool = False) -> None:
        """``now``: at once (a key press answers at once; frames are throttled)."""
        self._describe()
        if not self._rows:
            self._timer.stop()
            return
        wait = 0.0 if now else self._last_text + TEXT_INTERVAL_S - time.perf_counter()
        if wait <= 0:
            self._set_text()
        elif not self._timer.isActive():
            self._timer.start(int(wait * 1000) + 1)

    def _set_text(self) -> None:
        self._timer.stop()
        self._last_text = time.perf_counter()
        if not self._rows:
            return
        held = any(r.held_out is not None for r in self._rows)
        chosen = self.chosen_row() if self._has_keys else None
        highlight = self._plot.palette().color(QPalette.ColorRole.Highlight)
        tint = _mix(highlight, QColor("white"), CHOSEN_TINT).name()
        cells = "".join(self._row_html(r, held, tint if k == chosen else None) for k, r in enumerate(self._rows))
        self._item.border = pg.mkPen(highlight, width=2) if self._has_keys else pg.mkPen(BORDER)
        self._item.setHtml(f"<table cellspacing=0 cellpadding=2 style='color:#222;font-size:9pt'>{cells}</table>")
        self._place()

    def _describe(self) -> None:
        # what a screen reader says of the plot: the table's keys and the run they have chosen
        k = self.chosen_row()
        text = "" if k is None else (f"Runs table: run {self._rows[k].label} chosen, {self._rows[k].settings}"
                                     f"{', in focus' if self._rows[k].in_focus else ''}. "
                                     "Up and Down choose a run, Enter focuses it.")
        if self._plot.accessibleDescription() != text:
            self._plot.setAccessibleDescription(text)

    def _row_html(self, r: RunRow, held: bool, background: str | None) -> str:
        # the run in focus: drawn in the plot's own colour, named in bold with "in focus"
        words = html.escape(r.settings) + (" <i>· in focus</i>" if r.in_focus else "")
        weight = "b" if r.in_focus else "span"
        held_cell = f"<td nowrap align=right>held-out {loss_text(r.held_out)}</td>" if held and r.held_out is not None \
            else ("<td></td>" if held else "")
        row = f"<tr bgcolor='{background}'>" if background else "<tr>"
        # the swatch in the run's colour; its letter in the text's (a light colour reads badly as text)
        return (f"{row}<td nowrap><span style='color:{r.colour or self._focus}'>{DASH_TEXT[r.dash]}</span>"
                f" <b>{r.label}</b></td>"
                f"<td nowrap><{weight}>{words}</{weight}></td><td nowrap align=right>step {r.step:,}</td>"
                f"<td nowrap align=right>loss {loss_text(r.loss)}</td>{held_cell}"
                f"<td nowrap>({html.escape(r.params)})</td></tr>")

    def _place(self, *_args) -> None:
        r = self._box.boundingRect()
        self._item.setPos(r.right() - 4, r.top() + 4)


def _mix(a: QColor, b: QColor, share: float) -> QColor:
    """``share`` of ``a`` over ``b``."""
    return QColor.fromRgbF(*(share * x + (1 - share) * y for x, y in zip(a.getRgbF()[:3], b.getRgbF()[:3])))
