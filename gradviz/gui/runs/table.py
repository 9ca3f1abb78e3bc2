"""A compact table of every run (step, loss, parameters) in a corner of a plot; also the
legend of the runs' colours and dashes. Shown only while there are runs beside the focused one."""

from __future__ import annotations

import html
import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer

from gradviz.gui.state.runs import FOCUS_LABEL, describe
from gradviz.gui.widgets.formatting import tick

DASH_TEXT = {"solid": "━━", "dash": "╍╍", "dot": "┈┈", "dashdot": "─·─"}
MAX_PARAMS_SHOWN = 3
# laying out the table's rich text takes milliseconds: while frames come faster than this,
# the text is set at most once per interval (the last frame's always lands)
TEXT_INTERVAL_S = 0.1


def run_rows(frame) -> list[tuple[str, str, str, str, int, float, str]]:
    """(label, colour or '', dash, settings, step, loss, params) of the focused run, then each companion."""
    rows = [(FOCUS_LABEL, "", "solid", describe(frame.settings), frame.step, float(frame.snapshot.loss),
             params_text(frame.snapshot.params))]
    for c in frame.companions:
        rows.append((c.label, c.colour, c.dash, c.describe(), c.snapshot.step, float(c.snapshot.loss),
                     params_text(c.snapshot.params)))
    return rows


def params_text(params) -> str:
    p = np.asarray(params, dtype=float).ravel()
    shown = ", ".join(tick(float(v)) for v in p[:MAX_PARAMS_SHOWN])
    return shown + (f", … ({p.size} in all)" if p.size > MAX_PARAMS_SHOWN else "")


class RunsTable:
    """The table as a text item anchored in the top right corner of ``plot_item``'s view."""

    def __init__(self, plot_item, focus_colour: str) -> None:
        self._focus = focus_colour
        self._item = pg.TextItem(anchor=(1, 0), fill=pg.mkBrush(255, 255, 255, 225), border=pg.mkPen("#888"))
        self._item.setParentItem(plot_item.getViewBox())
        self._item.setZValue(50)
        self._item.setVisible(False)
        self._box = plot_item.getViewBox()
        self._box.sigResized.connect(self._place)
        self._rows: list = []
        self._last_text = -math.inf
        self._timer = QTimer(self._item)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._set_text)

    def rows(self) -> list:
        """The rows as drawn (see ``run_rows``); empty while hidden."""
        return list(self._rows)

    def update(self, frame) -> None:
        self._rows = run_rows(frame) if frame.companions else []
        self._item.setVisible(bool(self._rows))
        if not self._rows:
            self._timer.stop()
            return
        wait = self._last_text + TEXT_INTERVAL_S - time.perf_counter()
        if wait <= 0:
            self._set_text()
        elif not self._timer.isActive():
            self._timer.start(int(wait * 1000) + 1)

    def _set_text(self) -> None:
        self._timer.stop()
        self._last_text = time.perf_counter()
        if not self._rows:
            return
        cells = "".join(
            f"<tr><td nowrap style='color:{colour or self._focus}'><b>{DASH_TEXT[dash]} {label}</b></td>"
            f"<td nowrap>{html.escape(words)}</td><td nowrap align=right>step {step:,}</td>"
            f"<td nowrap align=right>loss {tick(loss) if np.isfinite(loss) else 'diverged'}</td>"
            f"<td nowrap>({html.escape(params)})</td></tr>"
            for label, colour, dash, words, step, loss, params in self._rows)
        self._item.setHtml(f"<table cellspacing=0 cellpadding=2 style='color:#222;font-size:9pt'>{cells}</table>")
        self._place()

    def _place(self, *_args) -> None:
        r = self._box.boundingRect()
        self._item.setPos(r.right() - 4, r.top() + 4)
