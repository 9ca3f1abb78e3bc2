"""Colours, edge widths and geometry shared by the network diagram and its editor."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor

# Okabe-Ito colour-blind-safe pair for the sign of a weight.
POSITIVE_COLOR = QColor("#E69F00")  # orange
NEGATIVE_COLOR = QColor("#0072B2")  # blue
ZERO_COLOR = QColor("#B0B0B0")  # a weight that is exactly 0
ACTIVE_COLOR = QColor("#F0E442")  # a fully switched-on neuron (activation 1); 0 is white
NODE_BORDER = QColor("#404040")
TEXT_COLOR = QColor("#202020")
MUTED_TEXT = QColor("#606060")

MIN_EDGE_WIDTH = 1.0  # px, for |w| -> 0
MAX_EDGE_WIDTH = 8.0  # px, for |w| >= WIDTH_REF
WIDTH_REF = 10.0  # |weight| that gets the full width (the sliders' range)


def edge_widths(weights) -> np.ndarray:
    """Pen widths in px for an array of weights: log-ish in |w| and clamped, so one huge
    weight does not make the others invisible (a non-finite weight gets the full width)."""
    a = np.abs(np.asarray(weights, dtype=float))
    with np.errstate(invalid="ignore"):
        f = np.where(np.isfinite(a), np.minimum(1.0, np.log1p(a) / math.log1p(WIDTH_REF)), 1.0)
    return MIN_EDGE_WIDTH + (MAX_EDGE_WIDTH - MIN_EDGE_WIDTH) * f


def edge_width(weight: float) -> float:
    return float(edge_widths(float(weight)))


def lerp_color(a: QColor, b: QColor, t: float) -> QColor:
    t = min(1.0, max(0.0, t))
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


def dist_to_segment(p: QPointF, a: QPointF, b: QPointF) -> float:
    ax, ay, bx, by, px, py = a.x(), a.y(), b.x(), b.y(), p.x(), p.y()
    dx, dy = bx - ax, by - ay
    L2 = dx * dx + dy * dy
    t = 0.0 if L2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / L2))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))
