"""A status bar whose message never runs under the widgets on its right: a message longer
than its room is shortened with "…", and the whole of it is the bar's tooltip."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QSizeGrip, QStatusBar, QStyle, QStyleOption, QWidget

LEFT, RIGHT = 6, 12  # QStatusBar's own margins around its message


class ElidingStatusBar(QStatusBar):
    def message_room(self) -> QRect:
        """Where the message is drawn: up to the first widget shown on the right (a
        message hides the others), as QStatusBar draws it."""
        right = self.width() - RIGHT
        for w in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if w.isVisible() and not isinstance(w, QSizeGrip):
                right = min(right, w.x() - 2)
        return QRect(LEFT, 0, right - LEFT, self.height())

    def shown_message(self) -> str:
        """The message as drawn: whole, or shortened with "…" to fit its room."""
        return self.fontMetrics().elidedText(self.currentMessage(), Qt.TextElideMode.ElideRight,
                                             self.message_room().width())

    def paintEvent(self, event) -> None:
        message = self.currentMessage()
        if not message:
            if self.toolTip():
                self.setToolTip("")
            super().paintEvent(event)
            return
        shown = self.shown_message()
        tip = message if shown != message else ""
        if self.toolTip() != tip:
            self.setToolTip(tip)
        painter = QPainter(self)
        opt = QStyleOption()
        opt.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelStatusBar, opt, painter, self)
        for w in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if w.isVisible() and not isinstance(w, QSizeGrip):
                item = QStyleOption()
                item.rect = w.geometry().adjusted(-2, -1, 2, 1)
                item.palette = self.palette()
                self.style().drawPrimitive(QStyle.PrimitiveElement.PE_FrameStatusBarItem, item, painter, w)
        painter.setPen(self.palette().windowText().color())
        painter.drawText(self.message_room(), Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter
                         | Qt.TextFlag.TextSingleLine, shown)
        painter.end()
