"""The companion runs drawn on a 2D plot: one line (and a ball at its end) per run, in the
run's colour and dash (colour is never the only cue), kept by label so that a frame only
moves the items it already has."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

DASHES = {"solid": Qt.PenStyle.SolidLine, "dash": Qt.PenStyle.DashLine, "dot": Qt.PenStyle.DotLine,
          "dashdot": Qt.PenStyle.DashDotLine}


def pen(colour: str, dash: str, width: float = 2):
    return pg.mkPen(colour, width=width, style=DASHES[dash])


class CompanionLines:
    """Lines of the companion runs in a pyqtgraph ViewBox (or PlotItem); ``ball``: a ball at
    each line's last point (the run's current point)."""

    def __init__(self, box, width: float = 2, ball: bool = False, z: float = 4.0) -> None:
        self._box, self._width, self._ball, self._z = box, width, ball, z
        self._items: dict[str, tuple] = {}
        self._drawn: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def draw(self, entries) -> None:
        """``entries``: (companion, x, y) for each run to draw; the runs not among them go."""
        seen = set()
        for companion, x, y in entries:
            x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
            ok = np.isfinite(x) & np.isfinite(y)
            x, y = x[ok], y[ok]
            line, dot = self._item(companion)
            line.setData(x, y)
            if dot is not None:
                dot.setData(x[-1:], y[-1:])
            self._drawn[companion.label] = (x, y)
            seen.add(companion.label)
        for label in set(self._items) - seen:
            line, dot = self._items.pop(label)
            self._drawn.pop(label, None)
            for item in (line, dot):
                if item is not None:
                    self._box.removeItem(item)

    def drawn(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """{label: (x, y)} of each run's line as drawn (non-finite points dropped)."""
        return {k: (x.copy(), y.copy()) for k, (x, y) in self._drawn.items()}

    def _item(self, companion):
        key = (companion.label, companion.colour, companion.dash)
        got = self._items.get(companion.label)
        if got is not None and got[0].opts.get("gradviz_key") == key:
            return got
        if got is not None:
            for item in got:
                if item is not None:
                    self._box.removeItem(item)
        line = pg.PlotDataItem(pen=pen(companion.colour, companion.dash, self._width))
        line.opts["gradviz_key"] = key
        line.setZValue(self._z)
        self._add(line)
        dot = None
        if self._ball:
            dot = pg.ScatterPlotItem(size=12, brush=pg.mkBrush(companion.colour), pen=pg.mkPen("k", width=1))
            dot.setZValue(self._z + 1)
            self._add(dot)
        self._items[companion.label] = (line, dot)
        return line, dot

    def _add(self, item) -> None:
        if isinstance(self._box, pg.ViewBox):
            self._box.addItem(item, ignoreBounds=True)
        else:
            self._box.addItem(item)


def loss_entries(frame, shown) -> list:
    """(companion, steps, losses as ``shown`` maps them) of each companion run of ``frame``."""
    return [(c, np.asarray(c.snapshot.path_steps, dtype=float), shown(c.snapshot.path_losses))
            for c in frame.companions]


def path_entries(frame, i: int, j: int) -> list:
    """(companion, u, v) of each companion run's path in the parameter pair (i, j)."""
    n = frame.model.n_params
    return [(c, c.snapshot.path_params[:, i], c.snapshot.path_params[:, j]) for c in frame.companions
            if c.snapshot.path_params.ndim == 2 and c.snapshot.path_params.shape[1] == n]


def model_entries(frame, xs) -> list:
    """(companion, xs, its model's prediction) of each companion run, in x's own units."""
    model, scaling, out = frame.model, frame.scaling, []
    for c in frame.companions:
        params = np.asarray(c.snapshot.params, dtype=float)
        if params.shape != (model.n_params,):
            continue
        if scaling is not None:
            params = scaling.to_original(model, params)
        with np.errstate(all="ignore"):
            out.append((c, xs, model.predict(params, xs)))
    return out
