"""A plain-text editor for Python with line numbers in a margin and a mark on the line an
error names (the messages say "line 7: ..."; the margin lets the learner find line 7)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontDatabase, QPainter, QTextCursor, QTextFormat
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

ERROR_LINE = QColor(255, 220, 220)


class _Margin(QWidget):
    def __init__(self, editor: "CodeEditor") -> None:
        super().__init__(editor)
        self.editor = editor

    def sizeHint(self) -> QSize:
        return QSize(self.editor.margin_width(), 0)

    def paintEvent(self, event) -> None:
        self.editor.paint_margin(self, event.rect())


class CodeEditor(QPlainTextEdit):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setTabStopDistance(4 * self.fontMetrics().horizontalAdvance(" "))
        self._margin = _Margin(self)
        self.blockCountChanged.connect(lambda _n: self.setViewportMargins(self.margin_width(), 0, 0, 0))
        self.updateRequest.connect(self._scroll_margin)
        self.textChanged.connect(lambda: self.mark_line(None))  # an edit makes the mark stale
        self.setViewportMargins(self.margin_width(), 0, 0, 0)
        self.marked_line: int | None = None

    def margin_width(self) -> int:
        digits = max(2, len(str(self.blockCount())))
        return 8 + self.fontMetrics().horizontalAdvance("9") * digits

    def mark_line(self, line: int | None) -> None:
        """Shade line ``line`` (1-based) and put the cursor there; None clears the shade."""
        if line == self.marked_line:
            return
        self.marked_line = line
        block = self.document().findBlockByNumber(line - 1) if line else None
        if block is None or not block.isValid():
            self.marked_line = None
            self.setExtraSelections([])
            return
        sel = QTextEdit.ExtraSelection()
        sel.format.setBackground(ERROR_LINE)
        sel.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        sel.cursor = QTextCursor(block)
        self.setExtraSelections([sel])
        self.setTextCursor(QTextCursor(block))
        self.ensureCursorVisible()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        r = self.contentsRect()
        self._margin.setGeometry(QRect(r.left(), r.top(), self.margin_width(), r.height()))

    def _scroll_margin(self, rect, dy: int) -> None:
        if dy:
            self._margin.scroll(0, dy)
        else:
            self._margin.update(0, rect.y(), self._margin.width(), rect.height())

    def paint_margin(self, margin: QWidget, rect) -> None:
        painter = QPainter(margin)
        pal = self.palette()
        painter.fillRect(rect, pal.alternateBase())
        block = self.firstVisibleBlock()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        height = self.fontMetrics().height()
        while block.isValid() and top <= rect.bottom():
            bottom = top + round(self.blockBoundingRect(block).height())
            if block.isVisible() and bottom >= rect.top():
                n = block.blockNumber() + 1
                painter.setPen(Qt.GlobalColor.darkRed if n == self.marked_line else pal.placeholderText().color())
                painter.drawText(0, top, margin.width() - 4, height, Qt.AlignmentFlag.AlignRight, str(n))
            block = block.next()
            top = bottom
        painter.end()
