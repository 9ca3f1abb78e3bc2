"""Spin boxes for exact numbers: a scientific entry that says why it refuses a value, a
parameter entry that shows a dash for a non-finite value, and the focus rule they share."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QDoubleSpinBox, QSizePolicy, QStyle, QStyleOptionSpinBox

from gradviz.gui.widgets.formatting import DASH, MINUS, exact

# typed characters that may still become a number (a comma is kept so that the message can
# say to use a point instead of the keystroke vanishing)
_NUMBER_CHARS = set("0123456789.,+-eE " + MINUS)
LINE_EDIT_MARGIN = 2  # a QLineEdit keeps this many pixels free on each side of its text


def release_focus_on_enter(spin: QAbstractSpinBox) -> None:
    """After Enter the value is committed and the keyboard goes back to the window, so that
    its shortcuts (Space, R, the arrows) work again instead of typing into the box."""
    def release() -> None:
        spin.lineEdit().deselect()
        spin.clearFocus()

    spin.lineEdit().returnPressed.connect(release)


def check_number(text: str, lo: float, hi: float, what: str) -> tuple[float | None, str | None]:
    """(value, None) if ``text`` is a number in [lo, hi], else (None, a sentence naming what
    is wrong and what is allowed)."""
    t = text.strip().replace(MINUS, "-")
    allowed = f"Allowed: a number from {exact(lo)} to {exact(hi)}, e.g. 0.001 or 1e-4."
    shown = text.strip()
    if "," in t:
        return None, f"{what} “{shown}”: write decimals with a point ({t.replace(',', '.')}), not a comma. {allowed}"
    try:
        v = float(t)
    except ValueError:
        return None, f"{what} “{shown}” is not a number. {allowed}"
    if not math.isfinite(v):
        return None, f"{what} “{shown}” is too large to compute with. {allowed}"
    if v < lo:
        if lo > 0 >= v:
            return None, f"{what} must be greater than 0 (got “{shown}”). {allowed}"
        return None, f"{what} “{shown}” is below the smallest allowed, {exact(lo)}. {allowed}"
    if v > hi:
        return None, f"{what} “{shown}” is above the largest allowed, {exact(hi)}. {allowed}"
    return v, None


class ScientificEntry(QDoubleSpinBox):
    """An entry that shows and accepts numbers like 0.00316 or 1e-5 exactly, steps by a
    factor (for log-scale quantities such as a learning rate) and, when Enter or leaving
    the box finds a value it cannot take, emits ``rejected`` with the reason and shows
    the allowed range in its tooltip."""

    rejected = Signal(str)

    WIDEST = "0.00012345"  # the box is sized for this; longer values scroll

    def __init__(self, lo: float, hi: float, what: str = "The value", parent=None) -> None:
        super().__init__(parent)
        self._what = what
        self.setDecimals(323)  # any double: the text, not the decimals, rounds what is shown
        self.setRange(lo, hi)
        self.setKeyboardTracking(False)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self._tip = ""
        self.set_help("")
        release_focus_on_enter(self)

    def set_help(self, text: str) -> None:
        """The tooltip: ``text`` followed by the allowed range."""
        self._tip = f"{text}\n" if text else ""
        self._tip += f"Allowed: from {exact(self.minimum())} to {exact(self.maximum())}."
        self.setToolTip(self._tip)

    def textFromValue(self, value: float) -> str:
        return exact(value)

    def valueFromText(self, text: str) -> float:
        v, problem = check_number(text, self.minimum(), self.maximum(), self._what)
        return self.value() if problem else v

    def validate(self, text, pos):
        # never Invalid for number-like text: what the user typed stays visible until Enter
        # says what is wrong with it
        if not set(text) <= _NUMBER_CHARS:
            return QValidator.State.Invalid, text, pos
        _v, problem = check_number(text, self.minimum(), self.maximum(), self._what)
        return (QValidator.State.Intermediate if problem else QValidator.State.Acceptable), text, pos

    def fixup(self, text):
        return text

    def problem(self) -> str | None:
        """What is wrong with the text in the box now (None if it is a value it can take)."""
        text = self.lineEdit().text()
        if text == self.textFromValue(self.value()):
            return None
        return check_number(text, self.minimum(), self.maximum(), self._what)[1]

    def _report(self) -> None:
        problem = self.problem()
        if problem is not None:
            self.setToolTip(f"{self._tip}\n{problem}")
            self.rejected.emit(problem)
            self.lineEdit().setText(self.textFromValue(self.value()))
        else:
            self.setToolTip(self._tip)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._report()
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:
        self._report()
        super().focusOutEvent(event)

    def stepBy(self, steps: int) -> None:
        # step by a factor, not a fixed amount: such values live on a log scale
        self.setValue(min(self.maximum(), max(self.minimum(), self.value() * (1.25 ** steps))))

    def sizeHint(self) -> QSize:
        return self._hint(super().sizeHint())

    def minimumSizeHint(self) -> QSize:
        return self._hint(super().minimumSizeHint())

    def _hint(self, hint: QSize) -> QSize:
        # Qt sizes a spin box for the texts of its minimum and maximum ("1e-12", "10"):
        # widen it to show a typical exact value in full
        return _box_for_text(self, self.WIDEST, hint)


def _box_for_text(spin: QAbstractSpinBox, text: str, hint: QSize) -> QSize:
    """``hint`` as wide as the spin box needs to show ``text`` in full in its edit field."""
    opt = QStyleOptionSpinBox()
    spin.initStyleOption(opt)
    opt.rect = QRect(0, 0, hint.width(), hint.height())
    field = spin.style().subControlRect(QStyle.ComplexControl.CC_SpinBox, opt,
                                        QStyle.SubControl.SC_SpinBoxEditField, spin)
    m = spin.lineEdit().textMargins()
    room = field.width() - m.left() - m.right() - 2 * LINE_EDIT_MARGIN
    need = spin.fontMetrics().horizontalAdvance(text) + 1
    return QSize(hint.width() + need - room, hint.height())


class ValueEntry(QDoubleSpinBox):
    """An exact entry for a parameter: fixed decimals, a range that widens to take any
    value it is shown, a dash for a non-finite value."""

    def __init__(self, decimals: int = 3, limit: float = 1000.0, parent=None) -> None:
        super().__init__(parent)
        self.setDecimals(decimals)
        self.setRange(-limit, limit)
        self.setSingleStep(0.1)
        self.setKeyboardTracking(False)  # typing commits on Enter / focus-out
        self.setAccelerated(True)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._nonfinite = False
        release_focus_on_enter(self)

    def sizeHint(self) -> QSize:
        return self.minimumSizeHint()

    def minimumSizeHint(self) -> QSize:
        # room for "-888." and the decimals, or the value shown if longer, in the font of
        # now (a zoom changes it)
        template = "-888." + "8" * self.decimals()
        text = max((template, self.lineEdit().text()), key=self.fontMetrics().horizontalAdvance)
        return _box_for_text(self, text, super().minimumSizeHint())

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()

    def show_value(self, v: float) -> None:
        """Set the value (the caller blocks signals); a non-finite value shows as a dash."""
        if not math.isfinite(v):
            self._nonfinite = True
            self.setSpecialValueText(DASH)
            self.setValue(self.minimum())
            return
        self.clear_nonfinite()
        if abs(v) > self.maximum():
            lim = 10.0 ** math.ceil(math.log10(abs(v)) + 1e-12)
            self.setRange(-lim, lim)
        wide = self.fontMetrics().horizontalAdvance(self.lineEdit().text())
        self.setValue(v)
        if self.fontMetrics().horizontalAdvance(self.lineEdit().text()) != wide:
            self.updateGeometry()  # (a value longer than the template widens the box)

    def clear_nonfinite(self) -> None:
        if self._nonfinite:
            self._nonfinite = False
            self.setSpecialValueText("")
