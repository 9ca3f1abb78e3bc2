"""A visible focus on the plots: a frame in the theme's highlight colour around a plot while
it has the keyboard focus (Qt draws one for buttons and entries, none for a plot)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import QWidget

FRAME_WIDTH = 3


class FocusFrame(QWidget):
    """Drawn over ``plot`` (a child on top of it, letting every mouse event through),
    shown only while the plot has focus."""

    def __init__(self, plot: QWidget) -> None:
        super().__init__(plot)
        self.setObjectName("focus_frame")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setVisible(plot.hasFocus())
        self._follower = _Follow(plot, self)

    def paintEvent(self, _ev) -> None:
        painter = QPainter(self)
        pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), FRAME_WIDTH)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        half = FRAME_WIDTH // 2
        painter.drawRect(self.rect().adjusted(half, half, -half - 1, -half - 1))
        painter.end()


class _Follow(QObject):
    def __init__(self, plot: QWidget, frame: FocusFrame) -> None:
        super().__init__(frame)
        self.frame = frame
        frame.setGeometry(plot.rect())
        plot.installEventFilter(self)

    def eventFilter(self, obj, ev) -> bool:
        t = ev.type()
        if t == QEvent.Type.Resize:
            self.frame.setGeometry(obj.rect())
        elif t == QEvent.Type.FocusIn:
            self.frame.setGeometry(obj.rect())
            self.frame.raise_()
            self.frame.show()
        elif t == QEvent.Type.FocusOut:
            self.frame.hide()
        return False
