"""A large label at the bottom of the window that shows the key just pressed, so a class
watching the projector sees which key the presenter used."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QWidget

SHOWN_MS = 1500
_MODIFIER_KEYS = {Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta,
                  Qt.Key.Key_AltGr, Qt.Key.Key_CapsLock}


def key_text(event) -> str:
    """'Ctrl+=', 'Space', 'Shift+Right': the key with its modifiers, as menus spell it."""
    return QKeySequence(event.keyCombination()).toString(QKeySequence.SequenceFormat.NativeText)


class KeyOverlay(QLabel):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("keyOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet("QLabel#keyOverlay { background: rgba(20, 20, 24, 200); color: white; "
                           "border-radius: 8px; padding: 0.3em 0.8em; }")
        self._timer = QTimer(self, singleShot=True, interval=SHOWN_MS)
        self._timer.timeout.connect(self.hide)
        self._enabled = False
        self._last = None
        self.hide()

    def enabled(self) -> bool:
        return self._enabled

    def set_enabled(self, on: bool) -> None:
        if on == self._enabled:
            return
        self._enabled = on
        app = QApplication.instance()
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
            self.hide()

    def show_key(self, text: str) -> None:
        font = self.font()
        font.setPointSizeF(QApplication.font().pointSizeF() * 2.2)
        self.setFont(font)
        self.setText(text)
        self.adjustSize()
        window = self.parentWidget()
        self.move((window.width() - self.width()) // 2, window.height() - self.height() - 48)
        self.show()
        self.raise_()
        self._timer.start()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # a shortcut consumes its key after the ShortcutOverride, and an unused key propagates
        # through the parents: each press is shown once, by its time stamp
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) and not event.isAutoRepeat() \
                and event.key() not in _MODIFIER_KEYS and isinstance(obj, QWidget) \
                and obj.window() is self.window():
            stamp = (event.timestamp(), event.key(), int(event.modifiers().value))
            if stamp != self._last:
                self._last = stamp
                self.show_key(key_text(event))
        return False
