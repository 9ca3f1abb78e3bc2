"""Building and driving a data view in a test: a panel on its own session, mouse gestures
at data coordinates."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

import gradviz.core as gc
from gradviz.gui.data_view import DataPanel
from gradviz.gui.state.session import Session
from gradviz.gui.state.settings import Settings

NO = Qt.KeyboardModifier.NoModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
LEFT, RIGHT = Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton


def make_panel(qtbot, dataset=None, settings=None):
    session = Session(dataset if dataset is not None else gc.preset("lesson"), settings or Settings())
    panel = DataPanel(session)
    qtbot.addWidget(panel)
    panel.resize(800, 600)
    panel.show()
    qtbot.waitExposed(panel)
    qtbot.wait(20)
    return panel


def px(panel, x, y):
    """Widget pixel of data point (x, y)."""
    vb = panel.getPlotItem().vb
    return panel.mapFromScene(vb.mapViewToScene(QPointF(x, y)))


def pixel_size(panel):
    return panel.getPlotItem().vb.viewPixelSize()


def click(panel, x, y, button=LEFT, mods=NO):
    QTest.mouseClick(panel.viewport(), button, mods, px(panel, x, y))


def move_to(panel, pos, mods=NO, buttons=LEFT):
    """A mouse move with the button held and modifiers (QTest.mouseMove carries neither)."""
    vp = panel.viewport()
    local = QPointF(pos)
    ev = QMouseEvent(QEvent.Type.MouseMove, local, QPointF(vp.mapToGlobal(pos)), Qt.MouseButton.NoButton,
                     buttons, mods)
    QApplication.sendEvent(vp, ev)


def drag(panel, a, b, mods=NO, steps=10):
    """Press at data point a, move in steps (pyqtgraph drops moves closer than 10 ms),
    release at data point b."""
    pa, pb = px(panel, *a), px(panel, *b)
    QTest.mousePress(panel.viewport(), LEFT, mods, pa)
    for k in range(1, steps + 1):
        QTest.qWait(15)
        move_to(panel, pa + (pb - pa) * (k / steps), mods)
    QTest.qWait(15)
    QTest.mouseRelease(panel.viewport(), LEFT, mods, pb)
