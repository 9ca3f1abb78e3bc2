"""Shared by the presenter tests."""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from text_fit import clipped_texts, cramped_panels


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


def settle(qtbot):
    qtbot.wait(50)
    QApplication.processEvents()


def laid_out(qtbot, window) -> list[str]:
    """Wait for the layout to settle (the docks, rows and plot texts follow a zoom in a few
    passes); what is still clipped or cramped then."""
    faults = []

    def fits():
        faults[:] = clipped_texts(window) + cramped_panels(window)
        return not faults

    try:
        qtbot.waitUntil(fits, timeout=4000)
    except qtbot.TimeoutError:
        pass
    return faults
