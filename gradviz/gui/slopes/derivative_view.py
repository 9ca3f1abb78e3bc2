"""The derivative as a slope (seed 001, "Derivatives"): a function of one variable, a point
the learner moves, its tangent and the slope written out, and the game of stepping against
the slope until the point rests in a valley.

The function is the seed's roller-coaster polynomial, or the current loss along one
parameter with the others held where the run has them (the curve follows the run; the
point is the learner's own, so moving it never changes the run).
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDoubleSpinBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget,
)

import gradviz.core as gc

from gradviz.gui.landscape.slice_lines import SliceSource
from gradviz.gui.slopes.tangent_plot import TangentPlot, range_around, slope_words
from gradviz.gui.widgets.formatting import num

ROLLER = "roller"
CURVE_SAMPLES = 401
COLOR_POINT = "#ff8c1a"
ROLLER_RATE = 0.1
ROLLER_START = 0.0  # the seed's slider starts at x = 0 (slope 1.3000)
SIDE_WIDTH = 340


def _fixed(v: float) -> str:
    """Four decimals like the seed's "slope of tangent: 1.3000", a typographic minus."""
    return num(v) if not math.isfinite(v) or abs(v) >= 1e6 else f"{v:.4f}".replace("-", "\u2212")


class DerivativeView(QWidget):
    """Function chooser, the plot, the numbers, and the "step downhill" game."""

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self._kind: str | int = ROLLER   # ROLLER or the index of the parameter swept
        self._x = ROLLER_START
        self._dirty = True               # the curve needs drawing (skipped while hidden)
        self._x_range = gc.ROLLER_COASTER_RANGE
        self._slope = math.nan
        self._frames = SliceSource(lambda: self._redraw(), self)
        self._last_move = ""
        self.choice = QComboBox()
        self.choice.setToolTip("Which function to slide along: seed 001's roller-coaster polynomial, "
                               "or the loss along one parameter with the others held where the run has them")
        self.choice.activated.connect(lambda k: self.set_function(self.choice.itemData(k)))
        self.plot = TangentPlot("x", "f(x)", COLOR_POINT)
        self.plot.setToolTip("Click or drag to move the point along the curve; with the plot focused, "
                             "← and → nudge it (Shift: ten times as far). The dashed line is the tangent.")
        self.plot.pointRequested.connect(self.set_x)
        self.numbers = QLabel()
        self.numbers.setTextFormat(Qt.TextFormat.RichText)
        self.numbers.setToolTip("The point, the function's value there and the slope of the tangent "
                                "(the derivative, computed exactly)")
        self.rate = QDoubleSpinBox()
        self.rate.setDecimals(5)
        self.rate.setRange(1e-5, 100.0)
        self.rate.setValue(ROLLER_RATE)
        self.rate.setToolTip("How far a step goes: the point moves by −rate × slope")
        self.step_button = QPushButton("Step downhill")
        self.step_button.setToolTip("Move the point by −rate × slope: left where the slope is positive, "
                                    "right where it is negative")
        self.step_button.clicked.connect(self.step_downhill)
        self.back_button = QPushButton("Back to the run's value")
        self.back_button.setToolTip("Put the point where the run has this parameter now")
        self.back_button.clicked.connect(self.to_run_value)
        self.explain = QLabel()
        self.explain.setTextFormat(Qt.TextFormat.RichText)
        self.explain.setWordWrap(True)
        self.explain.setToolTip("What the sign of the slope says about which way is downhill")

        self.numbers.setWordWrap(True)
        # the plot takes the width, the words and the game sit beside it (the dock is low)
        side = QVBoxLayout()
        side.addWidget(QLabel("Function:"))
        side.addWidget(self.choice)
        side.addWidget(self.numbers)
        game = QHBoxLayout()
        game.addWidget(QLabel("rate"))
        game.addWidget(self.rate, 1)
        game.addWidget(self.step_button)
        side.addLayout(game)
        side.addWidget(self.back_button)
        side.addWidget(self.explain)
        side.addStretch(1)
        panel = QWidget()
        panel.setLayout(side)
        panel.setMaximumWidth(SIDE_WIDTH)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.plot, 1)
        lay.addWidget(panel)
        session.modelChanged.connect(self._on_model)
        session.frameChanged.connect(self._on_frame)
        self._on_model(session.model)

    # ----- public: what a lesson chapter sets up and reads ------------------------------------
    def functions(self) -> list[str]:
        """The functions offered: "roller" and the model's parameter names."""
        return [ROLLER, *self.session.model.param_names]

    def set_function(self, kind) -> None:
        """``"roller"``, or a parameter (name or index) to take the loss along. The point
        starts at the seed's x = 0, or at the run's value of that parameter."""
        names = self.session.model.param_names
        if kind != ROLLER:
            if isinstance(kind, str):
                if kind not in names:
                    raise ValueError(f"no parameter {kind!r}: choose one of {', '.join(names)} or {ROLLER!r}")
                kind = names.index(kind)
            if not isinstance(kind, int) or not 0 <= kind < len(names):
                raise ValueError(f"parameter index must be in 0..{len(names) - 1}, got {kind!r}")
        self._kind = kind
        self.choice.setCurrentIndex(0 if kind == ROLLER else kind + 1)
        self.back_button.setVisible(kind != ROLLER)
        self._last_move = ""
        if kind == ROLLER:
            self.rate.setValue(ROLLER_RATE)
            self._x = ROLLER_START
            self._x_range = gc.ROLLER_COASTER_RANGE
        else:
            self.rate.setValue(self.session.settings.lr)
            self.to_run_value()
            return
        self._redraw()

    def function(self):
        """ROLLER or the index of the parameter the loss is taken along."""
        return self._kind

    def set_x(self, x: float) -> None:
        """Move the point to x (kept within the plot's range)."""
        lo, hi = self._x_range
        self._x = min(max(float(x), lo), hi)
        self._last_move = ""
        self._redraw(curve=False)

    def x(self) -> float:
        return self._x

    def value_and_slope(self) -> tuple[float, float]:
        """(f(x), f'(x)) at the point: the polynomial and its derivative, or the loss and
        that component of its analytic gradient."""
        if self._kind == ROLLER:
            return gc.roller_coaster(self._x), gc.roller_coaster_slope(self._x)
        frame = self.session.frame
        if frame is None or self._kind >= frame.model.n_params:
            return math.nan, math.nan
        q = np.array(frame.params, dtype=float)
        q[self._kind] = self._x
        ds = frame.dataset
        with np.errstate(all="ignore"):
            f, g = frame.model.loss_and_grad(q, ds.x, ds.y, frame.settings.loss)
        return float(f), float(g[self._kind])

    def set_rate(self, rate: float) -> None:
        self.rate.setValue(rate)

    def step_downhill(self) -> None:
        """The seed's game: x ← x − rate × slope, and say why it went that way."""
        _f, slope = self.value_and_slope()
        if not math.isfinite(slope):
            return
        rate = self.rate.value()
        move = -rate * slope
        old = self._x
        self.set_x(old + move)  # redraws: the words below it speak of the slope at the new x
        where = "left" if move < 0 else ("right" if move > 0 else "nowhere")
        clipped = " (stopped at the edge of the plot)" if self._x != old + move else ""
        self._last_move = (f"Step: x moved by −{num(rate)} × {_fixed(slope)} = "
                           f"<b>{_fixed(move)}</b> ({where}){clipped}.")
        self._write_words()

    def to_run_value(self) -> None:
        """The point at the run's current value of the parameter (loss mode), with a range
        around it."""
        frame = self.session.frame
        if self._kind == ROLLER or frame is None or self._kind >= frame.model.n_params:
            return
        p = float(frame.params[self._kind])
        self._x_range = range_around(p)
        self._x = p
        self._redraw()

    def explanation(self) -> str:
        """The explanation shown under the plot (plain text)."""
        return self.explain.text().replace("<b>", "").replace("</b>", "")

    # ----- drawing ----------------------------------------------------------------------------
    def _on_model(self, model) -> None:
        self.choice.clear()
        self.choice.addItem("roller-coaster polynomial f(x)", ROLLER)
        for k, name in enumerate(model.param_names):
            self.choice.addItem(f"loss along {name} (the others held)", k)
        self.set_function(ROLLER if self._kind == ROLLER or self._kind >= model.n_params else self._kind)

    def _on_frame(self, frame) -> None:
        if self._kind != ROLLER:
            self._dirty = True
            if self.isVisible():  # (on a million points, not every frame: see SliceSource)
                key = (frame.model, frame.dataset, self._kind, self._x_range, frame.settings.loss)
                self._frames.curves(key, lambda: self._redraw() or True)

    def showEvent(self, ev) -> None:
        super().showEvent(ev)
        if self._dirty:
            self._redraw()

    def _redraw(self, curve: bool = True) -> None:
        if curve or self._dirty:
            self._dirty = not self.isVisible()  # a hidden plot draws its curve when shown
            if not self._dirty:
                xs = np.linspace(*self._x_range, CURVE_SAMPLES)
                self.plot.set_curve(xs, self._curve(xs))
        f, slope = self.value_and_slope()
        self.plot.set_point(self._x, f, slope)
        self._slope = slope
        name = "x" if self._kind == ROLLER else self.session.model.param_names[self._kind]
        fname = "f(x)" if self._kind == ROLLER else f"L({name})"
        self.plot.getPlotItem().setLabel("bottom", name)
        self.plot.getPlotItem().setLabel("left", fname)
        self.numbers.setText(f"{name} = <b>{_fixed(self._x)}</b> &nbsp; {fname} = {_fixed(f)} &nbsp; "
                             f"slope of tangent: <b>{_fixed(slope)}</b>")
        self._write_words()

    def _curve(self, xs) -> np.ndarray:
        if self._kind == ROLLER:
            return gc.roller_coaster(xs)
        frame = self.session.frame
        if frame is None or self._kind >= frame.model.n_params:
            return np.full(xs.shape, np.nan)
        ds = frame.dataset
        with np.errstate(all="ignore"):
            return gc.loss_slice(frame.model, frame.params, self._kind, xs, ds.x, ds.y, frame.settings.loss)

    def _write_words(self) -> None:
        slope = self._slope
        words = slope_words(slope, "f" if self._kind == ROLLER else "the loss")
        text = words[0].upper() + words[1:] + "."
        if self._kind != ROLLER:
            others = [n for k, n in enumerate(self.session.model.param_names) if k != self._kind]
            text += f" ({', '.join(others)} held where the run has {'it' if len(others) == 1 else 'them'}.)"
        if self._last_move:
            text = self._last_move + " " + text
        self.explain.setText(text)
