"""Predicting new x (seed 001, "Fitting the line to data"): the learner types x values that
are not in the data (the seed uses -3 and 6.28) and sees the model's prediction marked on
the data view's curve, with its value; the marks follow the run.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

import gradviz.core as gc

from gradviz.gui.widgets.formatting import num, term

MAX_PREDICTIONS = 8
SEED_XS = "-3, 6.28"
COLOR_PREDICTION = (44, 160, 44)
_SPLIT = re.compile(r"[,;\s]+")


def parse_xs(text: str) -> list[float]:
    """Numbers separated by commas or spaces; ValueError says what is wrong and what is allowed."""
    parts = [p for p in _SPLIT.split(text.replace("\u2212", "-").strip()) if p]
    if not parts:
        raise ValueError(f"type one or more x values, separated by commas (e.g. {SEED_XS})")
    if len(parts) > MAX_PREDICTIONS:
        raise ValueError(f"at most {MAX_PREDICTIONS} x values at once, got {len(parts)}")
    xs = []
    for p in parts:
        try:
            v = float(p)
        except ValueError:
            raise ValueError(f"{p!r} is not a number: type x values separated by commas (e.g. {SEED_XS})") from None
        if not math.isfinite(v) or abs(v) > gc.MAX_ABS_VALUE:
            raise ValueError(f"x = {p} is out of range: each x must be a finite number within "
                             f"±{gc.MAX_ABS_VALUE:g}")
        xs.append(v)
    return xs


class PredictionMarks(QObject):
    """The predictions drawn on the data view: a diamond on the model's curve at each x,
    labelled ŷ(x) = value. Items are built once and added to the data panel's plot."""

    def __init__(self, session, data_panel, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.panel = data_panel
        self._xs: list[float] = []
        self._shown = True
        self.dots = pg.ScatterPlotItem(size=14, symbol="d", pen=pg.mkPen("k", width=1.2),
                                       brush=pg.mkBrush(*COLOR_PREDICTION))
        self.dots.setZValue(20)
        self.texts = [pg.TextItem(color=(20, 110, 20), anchor=(0, 1.1)) for _ in range(MAX_PREDICTIONS)]
        data_panel.addItem(self.dots, ignoreBounds=True)
        for t in self.texts:
            t.setZValue(21)
            data_panel.addItem(t, ignoreBounds=True)
        session.frameChanged.connect(lambda _f: self._draw())
        self._draw()

    def set_xs(self, xs) -> None:
        """Mark the predictions at ``xs`` (at most MAX_PREDICTIONS) and widen the view to show them."""
        xs = [float(x) for x in xs]
        if len(xs) > MAX_PREDICTIONS:
            raise ValueError(f"at most {MAX_PREDICTIONS} x values at once, got {len(xs)}")
        self._xs = xs
        self._draw()
        self._bring_into_view()

    def xs(self) -> list[float]:
        return list(self._xs)

    def predictions(self) -> list[tuple[float, float]]:
        """(x, ŷ) for each x, from the session's current frame."""
        frame = self.session.frame
        if frame is None or not self._xs or frame.model.n_inputs != 1:  # an x is one input
            return []
        with np.errstate(all="ignore"):
            ys = frame.model.predict(frame.params, np.array(self._xs))
        return [(x, float(y)) for x, y in zip(self._xs, ys)]

    def marked(self) -> list[tuple[float, float]]:
        """The (x, y) of the diamonds drawn."""
        if not self.dots.isVisible():
            return []
        xs, ys = self.dots.getData()
        return [(float(x), float(y)) for x, y in zip(xs, ys)]

    def set_shown(self, on: bool) -> None:
        self._shown = bool(on)
        self._draw()

    def _draw(self) -> None:
        pts = [(x, y) for x, y in self.predictions() if math.isfinite(y)] if self._shown else []
        rising = self._rising([p[0] for p in pts])
        (x0, x1), _ = self.panel.getPlotItem().vb.viewRange()
        self.dots.setData([p[0] for p in pts], [p[1] for p in pts])
        self.dots.setVisible(bool(pts))
        for k, t in enumerate(self.texts):
            if k < len(pts):
                x, y = pts[k]
                t.setText(f"ŷ({num(x, 4)}) = {num(y, 4)}")
                # beside the curve, not across it: below where it rises, above where it falls (to
                # the right of the mark, or to its left near the right edge of the view)
                left = x > x0 + 0.7 * (x1 - x0)
                t.setAnchor((1.0 if left else 0.0, 1.15 if rising[k] == left else -0.15))
                t.setPos(x, y)
                t.setVisible(True)
            else:
                t.setVisible(False)

    def _rising(self, xs) -> list[bool]:
        frame = self.session.frame
        if frame is None or not xs:
            return []
        x = np.array(xs)
        h = 1e-6 * np.maximum(1.0, np.abs(x))
        with np.errstate(all="ignore"):
            return list(frame.model.predict(frame.params, x + h) >= frame.model.predict(frame.params, x - h))

    def _bring_into_view(self) -> None:
        pts = [p for p in self.predictions() if math.isfinite(p[1])]
        if not pts:
            return
        (x0, x1), (y0, y1) = self.panel.getPlotItem().vb.viewRange()
        px = [p[0] for p in pts]
        py = [p[1] for p in pts]
        lo_x, hi_x, lo_y, hi_y = min(px), max(px), min(py), max(py)
        if x0 <= lo_x and hi_x <= x1 and y0 <= lo_y and hi_y <= y1:
            return
        nx0, nx1 = min(x0, lo_x), max(x1, hi_x)
        ny0, ny1 = min(y0, lo_y), max(y1, hi_y)
        mx, my = 0.08 * (nx1 - nx0), 0.12 * (ny1 - ny0)
        lim = gc.MAX_ABS_VALUE
        self.panel.setRange(xRange=np.clip((nx0 - mx, nx1 + mx), -lim, lim),
                            yRange=np.clip((ny0 - my, ny1 + my), -lim, lim), padding=0)


class PredictView(QWidget):
    """Type x values, see ŷ for each, written out with the model's numbers."""

    def __init__(self, session, data_panel, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.marks = PredictionMarks(session, data_panel, self)
        self.entry = QLineEdit(SEED_XS)
        self.entry.setToolTip("x values not in the data, separated by commas (seed 001 uses −3 and 6.28); "
                              "Enter marks the model's prediction for each on the data plot")
        self.entry.returnPressed.connect(self.predict)
        self.button = QPushButton("Predict")
        self.button.setToolTip("Mark ŷ = model(x) for each x on the data plot's curve")
        self.button.clicked.connect(self.predict)
        self.clear_button = QPushButton("Clear")
        self.clear_button.setToolTip("Remove the prediction marks")
        self.clear_button.clicked.connect(lambda: self.set_xs([]))
        self.result = QLabel()
        self.result.setTextFormat(Qt.TextFormat.RichText)
        self.result.setWordWrap(True)
        self.result.setToolTip("Each prediction with the model's current parameters plugged in")
        row = QHBoxLayout()
        row.addWidget(QLabel("Predict y at x ="))
        row.addWidget(self.entry, 1)
        row.addWidget(self.button)
        row.addWidget(self.clear_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        intro = QLabel("A trained model stands for its data: it also predicts y for an x it never saw.")
        intro.setWordWrap(True)
        lay.addWidget(intro)
        lay.addLayout(row)
        lay.addWidget(self.result)
        lay.addStretch(1)
        session.frameChanged.connect(lambda _f: self._write())

    def predict(self) -> bool:
        """Read the entry and mark the predictions; a bad entry is named (False)."""
        if self.session.model.n_inputs != 1:
            text = "Predicting from one x is for data of one input; this data has two (x1, x2)."
            self.result.setText(text)
            self.session.notify(text)
            return False
        try:
            xs = parse_xs(self.entry.text())
        except ValueError as e:
            self.result.setText(f"<span style='color:#c00'>{e}</span>")
            self.session.notify(f"Predict: {e}")
            return False
        self.set_xs(xs)
        return True

    def set_xs(self, xs) -> None:
        self.marks.set_xs(xs)
        if xs:
            self.entry.setText(", ".join(num(x, 6).replace("\u2212", "-") for x in xs))
        self._write()

    def _write(self) -> None:
        frame = self.session.frame
        preds = self.marks.predictions()
        if frame is None or not preds:
            self.result.setText("")
            return
        rows = []
        data_x = set(frame.dataset.x.tolist()) if len(frame.dataset) <= 100_000 else set()
        for x, y in preds:
            how = ""
            if frame.model.name == "line":
                w, b = (float(v) for v in frame.params)
                how = f" = {num(w)}·({num(x)}){term(b)}"
            elif frame.model.name == "neuron":
                w, b = (float(v) for v in frame.params)
                how = f" = σ({num(w)}·({num(x)}){term(b)})"
            seen = " (this x is in the data)" if x in data_x else ""
            rows.append(f"ŷ({num(x)}){how} = <b>{num(y)}</b>{seen}")
        self.result.setText("<br>".join(rows))
