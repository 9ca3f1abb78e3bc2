"""Comparing two windows after a session file round trip: a fresh window that opens the
file, the whole picture once it has settled, where two pictures differ, and two trainer
states bit for bit; training every run a number of steps, the runs as the window saves them,
and a hand edit of a file's JSON."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from gradviz.gui.export.headless import settle
from gradviz.gui.main_window import MainWindow
from gradviz.gui.state.session import Session


def reopened(qtbot, path):
    """A fresh window that opens the session file ``path`` before it shows, as
    ``gradviz FILE.gradviz`` does (pyqtgraph's axes keep the width of the widest label they
    ever drew: a window that drew other numbers first may draw the loss axis a few pixels
    wider, a trace of its history)."""
    win = MainWindow(Session(), restore_layout=False)
    qtbot.addWidget(win)
    win.autosave.set_enabled(False)
    win.resize(900, 700)
    assert win.sessions.open_path(path, interactive=False), win.sessions.last_error
    win.show()
    qtbot.waitExposed(win)
    return win


def train_all(qtbot, win, steps: int) -> None:
    """Step ``win``'s runs (the one in focus and those beside it) ``steps`` steps on; wait
    until the frame shows all of them there."""
    target = win.session.snapshot.step + steps
    win.session.step_once(steps)
    qtbot.waitUntil(lambda: win.session.frame is not None and win.session.frame.snapshot.step == target
                    and all(c.snapshot.step == target for c in win.session.frame.companions), timeout=20000)


def saved_runs(win):
    """(the focused run's state, ((label, settings, follows, state), ...)) at one step."""
    return win.session.runs.request_saved().result(timeout=10)


def set_at(path, value):
    """An edit of a session file's JSON: the value at ``path`` (keys and indices) set to ``value``."""
    def change(raw):
        *parents, last = path
        node = raw
        for k in parents:
            node = node[k]
        node[last] = value
    return change


def grab(win) -> np.ndarray:
    img = win.render_image().convertToFormat(QImage.Format.Format_RGB32)
    a = np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.bytesPerLine())
    return a[:, :img.width() * 4].reshape(img.height(), img.width(), 4).copy()


def picture(win, tries: int = 20) -> np.ndarray:
    """The window once it has drawn everything (two grabs in a row alike): on a busy machine
    a throttled landscape recompute or a repaint may still be on its way."""
    win.statusBar().clearMessage()  # the message says "saved" in one and "opened" in the other
    last = None
    for _ in range(tries):
        settle(QApplication.instance(), 0.3)
        now = grab(win)
        if last is not None and np.array_equal(now, last):
            return now
        last = now
    raise AssertionError("the window kept changing")


def where_they_differ(a: np.ndarray, b: np.ndarray) -> str:
    rows, cols = np.nonzero(np.any(a != b, axis=2))
    return f"{rows.size} pixels, rows {rows.min()}-{rows.max()}, columns {cols.min()}-{cols.max()}" if rows.size else ""


def same_run(a: dict, b: dict) -> None:
    """Two ``Trainer.state()``\\ s equal: every array bit for bit, every other value."""
    assert set(a) == set(b)
    for k in a:
        if isinstance(a[k], np.ndarray):
            assert a[k].tobytes() == b[k].tobytes() and a[k].shape == b[k].shape, k
        else:
            assert a[k] == b[k], k


def same_picture_but_the_loss_curve(first, second) -> None:
    """The same picture, pixel for pixel (Mesa's software GL draws the same scene the same
    way), but for the loss curve's plot: pyqtgraph sizes an axis by the widest tick label it
    has drawn so far and narrows it only when the labels shrink by over 10 px, so the plot
    may sit a few pixels to the side in a window that drew other labels first. That panel
    is compared by what it draws: its curves, its ranges and its scale."""
    a, b = picture(first), picture(second)
    loss_dock = second.docks["loss"].geometry()
    assert first.docks["loss"].geometry() == loss_dock
    rows, cols = slice(loss_dock.top(), loss_dock.bottom() + 1), slice(loss_dock.left(), loss_dock.right() + 1)
    a[rows, cols] = b[rows, cols] = 0
    assert np.array_equal(a, b), where_they_differ(a, b)
    for x, y in zip(first.loss_curve.curve.getData(), second.loss_curve.curve.getData()):
        assert x.tobytes() == y.tobytes()
    others = [w.loss_curve.runs.drawn() for w in (first, second)]  # the curves of the runs beside it
    assert others[0].keys() == others[1].keys()
    for label, (x, y) in others[0].items():
        assert x.tobytes() == others[1][label][0].tobytes() and y.tobytes() == others[1][label][1].tobytes(), label
    view = [w.loss_curve.plot.getPlotItem().getViewBox().viewRange() for w in (first, second)]
    assert view[0] == view[1] and second.loss_curve.y_ticks() == first.loss_curve.y_ticks()
