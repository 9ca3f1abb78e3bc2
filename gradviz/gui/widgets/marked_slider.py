"""A horizontal slider with one red tick drawn at a chosen position."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSlider, QStyle, QStyleOptionSlider


class MarkedSlider(QSlider):
    """A horizontal slider that draws a red tick at one position (e.g. the largest stable rate)."""

    def __init__(self, parent=None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._mark: int | None = None

    def set_mark(self, pos: int | None) -> None:
        self._mark = pos
        self.update()

    def mark(self) -> int | None:
        return self._mark

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self._mark is None:
            return
        opt = QStyleOptionSlider()
        self.initStyleOption(opt)
        groove = self.style().subControlRect(QStyle.ComplexControl.CC_Slider, opt,
                                             QStyle.SubControl.SC_SliderGroove, self)
        handle = self.style().subControlRect(QStyle.ComplexControl.CC_Slider, opt,
                                             QStyle.SubControl.SC_SliderHandle, self)
        span = groove.width() - handle.width()
        x = groove.x() + handle.width() / 2 + span * (self._mark - self.minimum()) / max(1, self.maximum() - self.minimum())
        p = QPainter(self)
        p.setPen(QPen(QColor(214, 39, 40), 3))
        p.drawLine(int(x), 0, int(x), self.height())
        p.end()
