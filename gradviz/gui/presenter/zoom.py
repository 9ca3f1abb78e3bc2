"""The application's zoom: one factor for every panel's text, lines, points and arrows.

Qt widgets follow the application font (its size is the base size × the factor); plots and
the 3D view follow through ``follow(owner, rescale)``, as the theme's restyle functions do.
"""

from __future__ import annotations

from typing import Callable

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from gradviz.gui.presenter.levels import LEVELS, MAX_PERCENT, MIN_PERCENT, check_percent


class Zoom(QObject):
    """The one zoom of the application; ``follow`` a panel's rescale function to it."""

    changed = Signal(int)  # percent

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self._base_font = QFont(app.font())
        self._percent = 100
        self._followers: list[tuple[QObject, Callable[[float], None]]] = []

    def percent(self) -> int:
        return self._percent

    def factor(self) -> float:
        return self._percent / 100.0

    def base_font(self) -> QFont:
        return QFont(self._base_font)

    def scaled_font(self, base: QFont | None = None) -> QFont:
        """``base`` (the application's unzoomed font by default) at this zoom."""
        font = QFont(base if base is not None else self._base_font)
        font.setPointSizeF(font.pointSizeF() * self.factor())
        return font

    def set_percent(self, percent: int) -> None:
        percent = check_percent(percent)  # refuses a bad value before anything changes
        if percent != self._percent:
            self._percent = percent
            self._apply()

    def zoom_in(self) -> None:
        self.set_percent(next((p for p in LEVELS if p > self._percent), MAX_PERCENT))

    def zoom_out(self) -> None:
        self.set_percent(next((p for p in reversed(LEVELS) if p < self._percent), MIN_PERCENT))

    def reset(self) -> None:
        self.set_percent(100)

    def follow(self, owner: QObject, rescale: Callable[[float], None]) -> None:
        """Call rescale(factor) now and at every change while owner lives."""
        self._followers.append((owner, rescale))
        rescale(self.factor())

    def _apply(self) -> None:
        self._app.setFont(self.scaled_font())
        for widget in self._app.allWidgets():
            if widget.styleSheet():  # a style sheet fixes its widget's font when polished: polish again
                widget.setStyleSheet(widget.styleSheet())
        self._followers = [(o, f) for o, f in self._followers if shiboken6.isValid(o)]
        for _owner, rescale in list(self._followers):
            rescale(self.factor())
        self.changed.emit(self._percent)


def zoom() -> Zoom:
    """The application's Zoom (made with the first call; needs a QApplication)."""
    app = QApplication.instance()
    found = app.findChild(Zoom)
    return found if found is not None else Zoom(app)
