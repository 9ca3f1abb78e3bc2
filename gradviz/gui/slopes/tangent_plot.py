"""A 1-D plot of a function with a movable point and the tangent line there.

The plot draws what its owner gives it (``set_curve``, ``set_point``) and asks for moves
with ``pointRequested(x)``: a click or drag moves the point along the curve, and with the
plot focused the Left and Right keys nudge it (Shift: ten times as far). The owner
computes f(x) and the slope and calls ``set_point`` back, so the numbers on screen come
from one place.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore
from PySide6.QtCore import Qt, Signal

import gradviz.core as gc
from gradviz.gui.theme.apply import style_plot, themes

CURVE_PEN = pg.mkPen(40, 40, 40, width=2)
TANGENT_SPAN = 0.18   # the tangent segment spans this share of the x range on each side
KEY_STEPS = 200       # a Left/Right press moves the point 1/KEY_STEPS of the range


class _PointViewBox(pg.ViewBox):
    """Left click or drag asks for the point at the mouse's x; no panning with the left button."""

    def __init__(self, request) -> None:
        super().__init__()
        self._request = request

    def mouseClickEvent(self, ev) -> None:
        if ev.button() == Qt.MouseButton.LeftButton:
            ev.accept()
            self._request(self.mapSceneToView(ev.scenePos()).x())
        else:
            super().mouseClickEvent(ev)

    def mouseDragEvent(self, ev, axis=None) -> None:
        if ev.button() == Qt.MouseButton.LeftButton:
            ev.accept()
            self._request(self.mapSceneToView(ev.scenePos()).x())
        else:
            super().mouseDragEvent(ev, axis)


class TangentPlot(pg.PlotWidget):
    """f over an x range, the point (x, f(x)) and its tangent of the given slope."""

    pointRequested = Signal(float)

    def __init__(self, x_label: str, y_label: str, colour, parent=None) -> None:
        super().__init__(parent=parent, background="w", viewBox=_PointViewBox(self._request))
        self._limits = (-1.0, 1.0)
        self._point: tuple[float, float, float] | None = None
        self._curve_range = None
        pi = self.getPlotItem()
        pi.showGrid(x=True, y=True, alpha=0.25)
        pi.setLabel("bottom", x_label)
        pi.setLabel("left", y_label)
        self.setAccessibleName(f"{y_label} against {x_label}")
        pi.setMenuEnabled(False)
        pi.hideButtons()
        self.curve = pg.PlotCurveItem(pen=CURVE_PEN)
        self.tangent = pg.PlotCurveItem(pen=pg.mkPen(colour, width=2.5, style=Qt.PenStyle.DashLine))
        self.dot = pg.ScatterPlotItem(size=13, pen=pg.mkPen("k", width=1.2), brush=pg.mkBrush(colour))
        for item in (self.curve, self.tangent, self.dot):
            self.addItem(item)
        themes().follow(self, self._restyle)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(180, 120)

    def _restyle(self, p) -> None:
        style_plot(self, p)
        self.curve.setPen(pg.mkPen(p.text, width=2))

    # ----- what the owner draws -------------------------------------------------------------
    def set_curve(self, xs, ys) -> None:
        """The function over ``xs`` (its ends are the point's limits); the view fits it."""
        xs = np.asarray(xs, dtype=float)
        ys = np.asarray(ys, dtype=float)
        ok = np.isfinite(xs) & np.isfinite(ys)
        self.curve.setData(xs[ok], ys[ok])
        if xs.size >= 2:
            self._limits = (float(xs[0]), float(xs[-1]))
        if ok.any():
            y0, y1 = float(ys[ok].min()), float(ys[ok].max())
            pad = 0.08 * (y1 - y0) if y1 > y0 else max(1.0, abs(y0)) * 0.1
            rng = (self._limits, (y0 - pad, y1 + pad))
            if rng != self._curve_range:
                self._curve_range = rng
                self.setRange(xRange=rng[0], yRange=rng[1], padding=0)

    def set_point(self, x: float, f: float, slope: float) -> None:
        """The point (x, f) and its tangent with ``slope``; hidden where any is not finite."""
        if not all(math.isfinite(v) for v in (x, f, slope)):
            self._point = None
            self.dot.setData([], [])
            self.tangent.setData([], [])
            return
        self._point = (float(x), float(f), float(slope))
        self.dot.setData([x], [f])
        half = TANGENT_SPAN * (self._limits[1] - self._limits[0])
        ts = np.array([x - half, x + half])
        self.tangent.setData(ts, gc.tangent_line(x, f, slope, ts))

    def limits(self) -> tuple[float, float]:
        """The x range the point may take (the curve's ends)."""
        return self._limits

    def point(self) -> tuple[float, float, float] | None:
        """(x, f, slope) of the point drawn, or None."""
        return self._point

    def tangent_ends(self) -> tuple[tuple[float, float], tuple[float, float]] | None:
        """The drawn tangent segment's two ends, or None."""
        xs, ys = self.tangent.getData()
        if xs is None or len(xs) < 2:
            return None
        return (float(xs[0]), float(ys[0])), (float(xs[-1]), float(ys[-1]))

    def curve_data(self) -> tuple[np.ndarray, np.ndarray]:
        xs, ys = self.curve.getData()
        return (np.asarray(xs if xs is not None else []), np.asarray(ys if ys is not None else []))

    # ----- moving the point -----------------------------------------------------------------
    def _request(self, x: float) -> None:
        if math.isfinite(x):
            lo, hi = self._limits
            self.pointRequested.emit(min(max(float(x), lo), hi))

    def event(self, ev) -> bool:
        # Left/Right are window shortcuts (a training step): with the plot focused they move
        # the point instead
        if ev.type() == QtCore.QEvent.Type.ShortcutOverride and ev.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right) \
                and not ev.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            ev.accept()
            return True
        return super().event(ev)

    def keyPressEvent(self, ev) -> None:
        key = ev.key()
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and self._point is not None:
            lo, hi = self._limits
            step = (hi - lo) / KEY_STEPS * (10 if ev.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
            self._request(self._point[0] + (step if key == Qt.Key.Key_Right else -step))
            ev.accept()
            return
        super().keyPressEvent(ev)


def range_around(p: float) -> tuple[float, float]:
    """An x range for a parameter's curve when nothing else gives one: wide enough to show
    its shape near p, and wider for a large p."""
    half = max(2.0, 1.5 * abs(p))
    return (p - half, p + half)


def slope_words(slope: float, what: str = "f") -> str:
    """Which way is downhill, from the sign of the slope (seed 001's game); ``what`` names
    the function."""
    if not math.isfinite(slope):
        return "the slope is not a number here"
    if slope > 0:
        return f"the slope is positive: {what} rises to the right, so downhill is to the <b>left</b>"
    if slope < 0:
        return f"the slope is negative: {what} falls to the right, so downhill is to the <b>right</b>"
    return "the slope is zero: a flat spot (the bottom of a valley, or a hilltop)"
