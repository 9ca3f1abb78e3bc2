"""Building a main window for a GUI test (shared by the tests/gui modules)."""

from __future__ import annotations

import contextlib

import gradviz.core as gc
from gradviz.gui.main_window import MainWindow
from gradviz.gui.state.session import Session
from gradviz.gui.state.settings import Settings


def make_window(qtbot, dataset=None, settings=None, start=None, use_gl=None, size=None):
    """A shown main window on ``dataset`` (default: the lesson's points), closed by qtbot;
    ``size``: (width, height) given before it shows, as ``--size`` does."""
    session = Session(dataset if dataset is not None else gc.preset("lesson"), settings or Settings(), start=start)
    try:
        win = MainWindow(session, use_gl=use_gl, restore_layout=False)
    except BaseException:
        session.shutdown()  # else its thread outlives the test and aborts the interpreter
        raise
    qtbot.addWidget(win)
    if size is not None:
        win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    return win


def settled_frame(qtbot, session):
    """Wait until the frame shown reflects every change made to ``session`` so far; return it."""
    target = session.request_sync()
    qtbot.waitUntil(lambda: session.frame.seq >= target, timeout=10000)
    return session.frame


def window_closed_after(qtbot, **kwargs):
    """Body of a ``window`` fixture: yields make_window(qtbot, **kwargs), then closes it and
    checks its training thread stopped."""
    win = make_window(qtbot, **kwargs)
    yield win
    win.close()
    assert not win.session.thread_running()


@contextlib.contextmanager
def column_dialogs_accepted(record=None):
    """While inside, every modal column chooser is accepted with its preselection (a 20 ms
    timer watches for it); ``record(choice)`` is called with each choice first."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from gradviz.gui.files.column_dialog import ColumnDialog

    def accept():
        dlg = QApplication.activeModalWidget()
        if isinstance(dlg, ColumnDialog):
            if record is not None:
                record(dlg.choice())
            dlg.accept()

    timer = QTimer()
    timer.timeout.connect(accept)
    timer.start(20)
    try:
        yield
    finally:
        timer.stop()
