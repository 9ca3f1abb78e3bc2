"""A read-only rich-text view for text that changes every frame."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QTextBrowser

from gradviz.gui.theme.apply import themed_html, themes


class RichTextView(QTextBrowser):
    """Read-only rich text that changes every frame: selectable, scrolls and wraps by itself.

    (A word-wrapped rich-text QLabel in a QScrollArea re-lays out its text several times per
    change, for its size hints and the scroll area's layout: 4-7 ms a frame, against ~1.5 ms
    here, where the widget's size does not depend on its text.)"""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._html = ""
        themes().follow(self, self._restyle)

    def setText(self, text: str) -> None:
        if text == self._html:
            return
        self._html = text
        self._show()

    def _restyle(self, p) -> None:
        self._palette = p
        self._show()

    def _show(self) -> None:
        bars = self.horizontalScrollBar(), self.verticalScrollBar()
        where = [bar.value() for bar in bars]
        self.setHtml(themed_html(self._html, self._palette))
        for bar, value in zip(bars, where):  # a user scrolled down stays there
            bar.setValue(value)

    def text(self) -> str:
        return self._html
