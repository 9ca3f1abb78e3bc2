"""The scene items of the network diagram: a text on a plate, and one hidden neuron."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPen
from PySide6.QtWidgets import (
    QGraphicsLineItem, QGraphicsPathItem, QGraphicsRectItem, QGraphicsScene, QGraphicsSimpleTextItem,
)

from gradviz.gui.network.style import NODE_BORDER, TEXT_COLOR


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


class Neuron:
    """The scene items of one hidden neuron."""

    def __init__(self, scene: QGraphicsScene, i: int, fonts: dict):
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
        self.edge_in = QGraphicsLineItem()
        self.edge_out = QGraphicsLineItem()
        for e in (self.edge_in, self.edge_out):
            e.setZValue(1)
            scene.addItem(e)
        self.label_in = Label(scene, fonts["small"], 5)
        self.label_out = Label(scene, fonts["small"], 5)
        self.rect = QRectF()
        self.bias_s = None
        self.brush_key = None

    def items(self):
        return [self.pill, self.edge_in, self.edge_out, self.label_in.plate, self.label_out.plate]
