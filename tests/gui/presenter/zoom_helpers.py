"""Shared by the presenter tests."""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication


def closed_window_gone(qtbot) -> None:
    """Delete a closed window's widgets and free its Python items now: a later test's zoom
    changes the application font, which every live plot item hears, and an anchored legend
    kept alive past its deleted plot would fail on it."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


def activate(qtbot, window) -> None:
    """Make ``window`` the active one, as a click on it does: its shortcuts work only then."""
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
