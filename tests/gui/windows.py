"""Building a main window for a GUI test (shared by the tests/gui modules)."""

from __future__ import annotations

import gradviz.core as gc
from gradviz.gui.main_window import MainWindow
from gradviz.gui.session import Session, Settings


def make_window(qtbot, dataset=None, settings=None, start=None, use_gl=None):
    """A shown main window on ``dataset`` (default: the lesson's points), closed by qtbot."""
    session = Session(dataset if dataset is not None else gc.preset("lesson"), settings or Settings(), start=start)
    try:
        win = MainWindow(session, use_gl=use_gl, restore_layout=False)
    except BaseException:
        session.shutdown()  # else its thread outlives the test and aborts the interpreter
        raise
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win
