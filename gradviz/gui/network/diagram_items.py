"""The scene items of the network diagram: a text on a plate, an input or output node, one
hidden neuron, and the pen of an edge."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPen
from PySide6.QtWidgets import (
    QGraphicsEllipseItem, QGraphicsLineItem, QGraphicsPathItem, QGraphicsRectItem, QGraphicsScene,
    QGraphicsSimpleTextItem,
)

from gradviz.gui.network.style import (
    MIN_EDGE_WIDTH, NEGATIVE_COLOR, NODE_BORDER, POSITIVE_COLOR, TEXT_COLOR, ZERO_COLOR, edge_widths,
)


class Label:
    """A small text on a translucent white plate (for values written on edges)."""

    def __init__(self, scene: QGraphicsScene, font: QFont, z: float):
        self.plate = QGraphicsRectItem()
        self.plate.setPen(Qt.PenStyle.NoPen)
        self.plate.setBrush(QColor(255, 255, 255, 215))
        self.plate.setZValue(z)
        self.text = QGraphicsSimpleTextItem(self.plate)
        self.text.setFont(font)
        self.text.setBrush(TEXT_COLOR)
        scene.addItem(self.plate)
        self._s = None
        self._center = QPointF()

    def set_text(self, s: str) -> None:
        if s != self._s:
            self._s = s
            self.text.setText(s)
            self._place()

    def has_text(self) -> bool:
        return self._s is not None

    def set_center(self, p: QPointF) -> None:
        self._center = QPointF(p)
        self._place()

    def _place(self) -> None:
        r = self.text.boundingRect()
        self.plate.setRect(QRectF(0, 0, r.width() + 4, r.height()))
        self.text.setPos(2, 0)
        self.plate.setPos(self._center.x() - r.width() / 2 - 2, self._center.y() - r.height() / 2)

    def setVisible(self, on: bool) -> None:
        self.plate.setVisible(on)

    def isVisible(self) -> bool:
        return self.plate.isVisible()


class IoNode:
    """An input or output node: a circle with its name (x, x1, y, σ) in it."""

    def __init__(self, scene: QGraphicsScene, radius: float, font: QFont):
        r = radius
        self.circle = QGraphicsEllipseItem(-r, -r, 2 * r, 2 * r)
        self.circle.setPen(QPen(NODE_BORDER, 1.5))
        self.circle.setBrush(QColor("#EFEFEF"))
        self.circle.setZValue(10)
        self.text = QGraphicsSimpleTextItem("", self.circle)
        f = QFont(font)
        f.setItalic(True)
        f.setPointSizeF(font.pointSizeF() + 2)
        self.text.setFont(f)
        self.text.setBrush(TEXT_COLOR)
        scene.addItem(self.circle)

    def set_name(self, name: str) -> None:
        if self.text.text() != name:
            self.text.setText(name)
            br = self.text.boundingRect()
            self.text.setPos(-br.width() / 2, -br.height() / 2 - 1)

    def name(self) -> str:
        return self.text.text()


class Neuron:
    """The scene items of one hidden neuron: its pill, an edge (and a weight label) from
    each input, and its edge to the output."""

    def __init__(self, scene: QGraphicsScene, i: int, fonts: dict, inputs: int = 1):
        self.pill = QGraphicsPathItem()
        self.pill.setPen(QPen(NODE_BORDER, 1.3))
        self.pill.setBrush(QColor("white"))
        self.pill.setZValue(10)
        self.name = QGraphicsSimpleTextItem(f"h{i + 1}", self.pill)
        self.name.setFont(fonts["node"])
        self.name.setBrush(TEXT_COLOR)
        self.bias = QGraphicsSimpleTextItem("", self.pill)
        self.bias.setFont(fonts["small"])
        self.bias.setBrush(TEXT_COLOR)
        scene.addItem(self.pill)
        self.edges_in = [QGraphicsLineItem() for _ in range(inputs)]
        self.edge_out = QGraphicsLineItem()
        for e in (*self.edges_in, self.edge_out):
            e.setZValue(1)
            scene.addItem(e)
        self.labels_in = [Label(scene, fonts["small"], 5) for _ in range(inputs)]
        self.label_out = Label(scene, fonts["small"], 5)
        self.rect = QRectF()
        self.bias_s = None
        self.brush_key = None

    def items(self):
        return [self.pill, *self.edges_in, self.edge_out, *(lab.plate for lab in self.labels_in),
                self.label_out.plate]

    def edges(self):
        """(kind, j, edge, label) for every edge: ("w", j, ...) from input j, then ("v", 0, ...)."""
        return [("w", j, e, lab) for j, (e, lab) in enumerate(zip(self.edges_in, self.labels_in))] + [
            ("v", 0, self.edge_out, self.label_out)]


def edge_keys(w: np.ndarray) -> np.ndarray:
    """Per weight: [state, width] with state 0 = not drawn (non-finite), 1 = positive,
    -1 = negative, 2 = exactly zero; width rounded to 0.1 px (a change below that is not
    worth a new pen)."""
    w = np.asarray(w, dtype=float)
    finite = np.isfinite(w)
    width = np.round(edge_widths(np.where(finite, w, 0.0)), 1)
    state = np.where(~finite, 0.0, np.where(w > 0, 1.0, np.where(w < 0, -1.0, 2.0)))
    return np.stack([state, width], axis=1) if w.size else np.zeros((0, 2))


def apply_edge_pen(edge: QGraphicsLineItem, key) -> None:
    """Draw ``edge`` as its ``edge_keys`` row says."""
    state, width = float(key[0]), float(key[1])
    if state == 0:
        edge.setVisible(False)
        return
    if state == 2:
        pen = QPen(ZERO_COLOR, MIN_EDGE_WIDTH, Qt.PenStyle.DashLine)
    else:
        pen = QPen(POSITIVE_COLOR if state > 0 else NEGATIVE_COLOR, width)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    edge.setPen(pen)
    if not edge.isVisible():
        edge.setVisible(True)
