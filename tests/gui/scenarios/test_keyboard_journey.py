"""A learner without a mouse: open a CSV, add a point, train, change the rate and export
the run's history, with keys alone (the file dialogs are the system's, replaced here by
their answers)."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog

from windows import column_dialogs_accepted, window_closed_after

MOUSE_EVENTS = {QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick,
                QEvent.Type.Wheel}


class MouseWatch(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.seen = []

    def eventFilter(self, obj, ev) -> bool:
        if ev.type() in MOUSE_EVENTS:
            self.seen.append((type(obj).__name__, ev.type()))
        return False


@pytest.fixture
def window(qtbot, config_dir):
    yield from window_closed_after(qtbot)


def press(qtbot, key, mods=Qt.KeyboardModifier.NoModifier):
    """A key pressed where the focus is, as a user presses it."""
    qtbot.keyClick(QApplication.focusWidget(), key, mods)


def press_sequence(qtbot, sequence: str):
    combo = QKeySequence(sequence)[0]
    press(qtbot, combo.key(), combo.keyboardModifiers())


def test_open_add_train_change_rate_and_export_with_the_keys_alone(qtbot, window, tmp_path, monkeypatch):
    data = tmp_path / "points.csv"
    data.write_text("x,y\n0,1\n1,3\n2,5\n3,7\n")
    history = tmp_path / "history.csv"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(data), ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(history), ""))
    watch = MouseWatch()
    QApplication.instance().installEventFilter(watch)
    try:
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        window.data_panel.setFocus()  # where the window starts: the data view
        qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
        s = window.session

        with column_dialogs_accepted():  # (a dialog only if the columns are unclear)
            press_sequence(qtbot, QKeySequence(QKeySequence.StandardKey.Open).toString())
            qtbot.waitUntil(lambda: len(s.dataset) == 4, timeout=5000)

        qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
        press(qtbot, Qt.Key.Key_Insert)
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None and QApplication.focusWidget()
                        is not None and QApplication.focusWidget().window() is QApplication.activeModalWidget())
        qtbot.keyClicks(QApplication.focusWidget(), "4")  # x, preselected
        press(qtbot, Qt.Key.Key_Tab)
        QApplication.focusWidget().selectAll()
        qtbot.keyClicks(QApplication.focusWidget(), "9")
        press(qtbot, Qt.Key.Key_Return)
        assert (float(s.dataset.x[-1]), float(s.dataset.y[-1])) == (4.0, 9.0)
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)

        press(qtbot, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: s.snapshot is not None and s.snapshot.step >= 20, timeout=10000)
        press(qtbot, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: not s.running)

        rate = window.controls.lr_spin
        for _ in range(80):
            if QApplication.focusWidget() in (rate, rate.lineEdit()):
                break
            press(qtbot, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() in (rate, rate.lineEdit()), "Tab never reaches the learning rate"
        rate.selectAll()  # (what a Tab into a spin box does on most styles)
        qtbot.keyClicks(QApplication.focusWidget(), "0.02")
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: s.settings.lr == pytest.approx(0.02))

        press_sequence(qtbot, window.export.act_history.shortcut().toString())
        qtbot.waitUntil(lambda: history.exists() and history.stat().st_size > 0)
        rows = list(csv.reader(history.read_text().splitlines()))
        assert len(rows) > 20
    finally:
        QApplication.instance().removeEventFilter(watch)
    assert watch.seen == []
