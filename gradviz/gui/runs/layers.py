"""The companion runs drawn on a 2D plot: one line (and a ball at its end) per run, in the
run's colour and dash (colour is never the only cue), kept by label so that a frame only
moves the items it already has."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from gradviz.gui.runs.scaling import in_data_units, landscape_params
from gradviz.gui.runs.thinning import thin

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
        self._full: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # before thinning
        self._cell = None  # the thinning's cell (half a pixel of the view when drawn)
        self._view = box if isinstance(box, pg.ViewBox) else box.getViewBox()
        self._view.sigRangeChanged.connect(self._on_zoom)

    def draw(self, entries) -> None:
        """``entries``: (companion, x, y) for each run to draw; the runs not among them go."""
        seen = set()
        self._cell = self._half_pixel()
        for companion, x, y in entries:
            x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
            ok = np.isfinite(x) & np.isfinite(y)
            x, y = x[ok], y[ok]
            line, dot = self._item(companion)
            self._full[companion.label] = (x, y)
            self._set_line(companion.label, line, x, y)
            if dot is not None:
                dot.setVisible(len(x) > 0)
                if len(x):
                    dot.setPos(x[-1], y[-1])
            seen.add(companion.label)
        for label in set(self._items) - seen:
            line, dot = self._items.pop(label)
            self._drawn.pop(label, None)
            self._full.pop(label, None)
            for item in (line, dot):
                if item is not None:
                    self._box.removeItem(item)

    def drawn(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """{label: (x, y)} of each run's line as drawn (non-finite points dropped)."""
        return {k: (x.copy(), y.copy()) for k, (x, y) in self._drawn.items()}

    def _set_line(self, label: str, line, x, y) -> None:
        keep = thin(np.column_stack([x, y]), self._cell) if self._cell is not None else slice(None)
        x, y = x[keep], y[keep]
        if self._within_half_pixel(self._drawn.get(label), x, y):
            return  # the line on screen would not move: its path need not be built again
        line.setData(x, y)
        self._drawn[label] = (x, y)

    def _within_half_pixel(self, drawn, x, y) -> bool:
        """``drawn`` (x, y) has the points of (x, y), each within half a pixel."""
        if drawn is None or self._cell is None or drawn[0].shape != x.shape:
            return False
        (dx, dy), (cx, cy) = drawn, self._cell
        return bool(np.all(np.abs(dx - x) <= cx) and np.all(np.abs(dy - y) <= cy))

    def _half_pixel(self):
        """Half a screen pixel in the view's units (x, y), or None while it has no size."""
        try:
            px, py = self._view.viewPixelSize()
        except Exception:  # a view not laid out yet has no pixel size  # noqa: BLE001
            return None
        cell = (0.5 * abs(px), 0.5 * abs(py))
        return cell if all(np.isfinite(c) and c > 0 for c in cell) else None

    def _on_zoom(self, *_args) -> None:
        """Zoomed in past the cells the lines were thinned with: thin them again."""
        cell = self._half_pixel()
        if self._cell is None or cell is None or all(c >= 0.5 * o for c, o in zip(cell, self._cell)):
            return
        self._cell = cell
        for label, (x, y) in self._full.items():
            self._set_line(label, self._items[label][0], x, y)

    def _item(self, companion):
        key = (companion.label, companion.colour, companion.dash)
        got = self._items.get(companion.label)
        if got is not None and got[0].opts.get("gradviz_key") == key:
            return got
        if got is not None:
            for item in got:
                if item is not None:
                    self._box.removeItem(item)
        # plain curve items (their data is finite): a PlotDataItem's setData costs far more
        line = pg.PlotCurveItem(pen=pen(companion.colour, companion.dash, self._width), skipFiniteCheck=True)
        line.opts["gradviz_key"] = key
        line.setZValue(self._z)
        self._add(line)
        dot = None
        if self._ball:
            # one spot at the item's origin, moved with setPos (cheaper than new data each frame)
            dot = pg.ScatterPlotItem([0.0], [0.0], size=12, brush=pg.mkBrush(companion.colour),
                                     pen=pg.mkPen("k", width=1))
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
    """(companion, u, v) of each companion run's path in the parameter pair (i, j), on the
    landscape's scale (a run on the other scale of x is mapped onto it)."""
    n = frame.model.n_params
    out = []
    for c in frame.companions:
        if c.snapshot.path_params.ndim == 2 and c.snapshot.path_params.shape[1] == n:
            path, _params = landscape_params(frame, c)
            out.append((c, path[:, i], path[:, j]))
    return out


def model_entries(frame, xs) -> list:
    """(companion, xs, its model's prediction) of each companion run, in x's own units."""
    model, out = frame.model, []
    for c in frame.companions:
        if np.shape(c.snapshot.params) != (model.n_params,):
            continue
        params = in_data_units(frame, c)  # each run on its own scale of x
        with np.errstate(all="ignore"):
            out.append((c, xs, model.predict(params, xs)))
    return out
