"""The Code dock in the window: Run trains with the learner's code and every panel follows;
a wrong gradient, an error, an endless loop are reported and the window stays responsive."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject, Qt, QTimer

import gradviz.core as gc
from gradviz.gui.code.templates import SEED_TEMPLATE, seed_solution
from gradviz.gui.shortcuts_dialog import shortcut_rows
from windows import window_closed_after


@pytest.fixture
def window(qtbot):
    yield from window_closed_after(qtbot, use_gl=False)


def _run(qtbot, window, source, steps):
    panel = window.code_panel
    panel.set_pause(0)
    panel.set_source(source)
    with qtbot.waitSignal(panel.runFinished, timeout=20000) as blocker:
        assert panel.run(steps)
    return blocker.args[0]


def test_hidden_at_first_and_shown_from_the_view_menu(window, qtbot):
    dock = window.docks["code"]
    assert dock.isHidden()
    assert window.tabifiedDockWidgets(dock) == []  # no empty tab bar in the first launch's layout
    assert window.code_panel.source() == SEED_TEMPLATE
    assert window.act_code.shortcut().toString() == "Ctrl+Shift+E"
    keys = [k for k, _ in shortcut_rows(window)]
    assert keys.count("Ctrl+Shift+E") == 1 and len(keys) == len(set(keys))  # the key clashes with none
    window.act_code.trigger()
    assert dock.isVisible()
    assert window.tabifiedDockWidgets(dock) == [window.docks["contour"]]  # the landscape's tall place
    window.reset_layout()
    assert dock.isHidden()


def test_opening_code_does_not_run_it(window, qtbot):
    panel = window.code_panel
    panel.set_source("data = []\nw = 1\nb = 0\nwhile True:\n  pass\n")
    qtbot.wait(100)
    assert not panel.is_running() and not panel.process_alive() and not panel.thread_running()


def test_the_seeds_code_drives_the_session_to_the_trainers_numbers(window, qtbot):
    window.session.update_settings(lr=0.01, loss="l1")  # Run takes the learner's rate and seed 001's loss
    result = _run(qtbot, window, seed_solution(), 400)
    assert result["ok"] and result["problems"] == [] and result["steps"] == 400
    ref = gc.Trainer(gc.make_model("line"), gc.preset("lesson"), loss="l2", optimizer="gd", lr=0.001,
                     params=[1.0, 0.0]).step(400)
    s = window.session
    qtbot.waitUntil(lambda: s.snapshot.step == 400, timeout=5000)  # the status bar's and loss curve's step
    np.testing.assert_allclose(s.snapshot.params, ref.params, rtol=1e-12, atol=1e-12)
    assert (s.settings.model, s.settings.loss, s.settings.lr) == ("line", "l2", 0.001)
    assert s.frame.snapshot.loss == pytest.approx(ref.loss, rel=1e-12)  # the readout's and landscape's frame
    assert f"w = {ref.params[0]:.6g}" in window.code_panel.messages_text()


def test_the_learners_data_becomes_the_sessions(window, qtbot):
    src = seed_solution().replace("(8, 4.97)]", "(8, 4.97), (9, 5.5)]")
    _run(qtbot, window, src, 10)
    assert len(window.session.dataset) == 9 and window.session.dataset.y[-1] == 5.5
    window.editor.undo()  # an ordinary, undoable data change
    assert len(window.session.dataset) == 8


def test_a_wrong_gradient_is_reported_with_its_component(window, qtbot):
    wrong = seed_solution().replace("dw += (y(xi, w, b) - yi) * xi", "dw += 2 * (y(xi, w, b) - yi) * xi")
    result = _run(qtbot, window, wrong, 10)
    assert result["ok"] and len(result["problems"]) == 1
    assert result["problems"][0].startswith("gradient(): dw is ")
    assert "twice the true value" in window.code_panel.messages_text()
    assert window.statusBar().currentMessage().endswith("The Code panel names 1 problem.")


def test_an_untouched_gap_is_explained(window, qtbot):
    result = _run(qtbot, window, SEED_TEMPLATE, 20)
    assert any("call update() in this loop!" in p for p in result["problems"])


def test_an_exception_names_the_line_and_the_app_keeps_its_state(window, qtbot):
    before = window.session.current_params()
    bad = seed_solution().replace("  w -= dw * learning_rate", "  w -= dw * learning_rte")
    result = _run(qtbot, window, bad, 10)
    line = bad.splitlines().index("  w -= dw * learning_rte") + 1
    assert not result["ok"]
    assert result["message"] == f"Error: line {line}: NameError: name 'learning_rte' is not defined"
    np.testing.assert_array_equal(window.session.current_params(), before)
    assert window.code_panel.editor.marked_line == line  # shaded, the cursor on it
    assert window.code_panel.editor.textCursor().blockNumber() + 1 == line
    qtbot.keyClicks(window.code_panel.editor, "a")  # an edit: the mark is stale
    assert window.code_panel.editor.marked_line is None


def test_a_syntax_error_names_the_line_without_running(window, qtbot):
    panel = window.code_panel
    panel.set_source("w = 1\nb = 0\ndef y(x, w, b)\n  return w * x + b\n")
    assert not panel.run(5)
    assert panel.messages_text().startswith("Syntax error: line 3: expected ':'")
    assert panel.editor.marked_line == 3
    assert not panel.is_running() and not panel.process_alive()


def test_an_endless_loop_is_stopped_and_the_window_stays_responsive(window, qtbot):
    panel = window.code_panel
    panel.set_source(seed_solution().replace("    update()\n", "    while True:\n      pass\n"))
    assert panel.run(10)
    # the event loop keeps turning while the loop runs: a timer fires again and again
    seen = []
    timer = QTimer()
    timer.timeout.connect(lambda: seen.append(panel.process_alive()))
    timer.start(20)
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=10000)
    timer.stop()
    assert seen.count(True) >= 5
    assert "more than 1 s and was stopped" in panel.messages_text()
    assert not panel.process_alive()
    assert _run(qtbot, window, seed_solution(), 5)["ok"]  # and the next Run works


def test_stop_ends_a_run(window, qtbot):
    panel = window.code_panel
    panel.set_source(seed_solution().replace("    update()\n", "    while True:\n      pass\n"))
    with qtbot.waitSignal(panel.runFinished, timeout=5000) as blocker:
        panel.run(10)
        qtbot.wait(200)
        qtbot.mouseClick(panel.stop_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0]["message"] == "Stopped."
    assert not panel.process_alive()


def test_closing_the_window_during_a_run_leaves_nothing_running(qtbot):
    from windows import make_window

    win = make_window(qtbot, use_gl=False)
    panel = win.code_panel
    panel.set_source(seed_solution().replace("    update()\n", "    while True:\n      pass\n"))
    panel.run(10)
    qtbot.wait(100)
    win.close()
    assert not panel.thread_running() and not panel.process_alive()
    assert not win.session.thread_running()


def test_open_shows_a_file_without_running_it(window, qtbot, tmp_path):
    panel = window.code_panel
    good = tmp_path / "mine.py"
    good.write_text(seed_solution())
    assert panel.open_file(good)
    assert panel.source() == seed_solution() and "press Run" in panel.messages_text()
    assert not panel.is_running() and not panel.thread_running()
    bad = tmp_path / "bad.py"
    bad.write_text("w = 1\nb = (\n")
    assert panel.open_file(bad)  # shown, so it can be fixed
    assert "syntax error: line 2: '(' was never closed" in panel.messages_text() and panel.editor.marked_line == 2
    assert not panel.open_file(tmp_path / "missing.py")
    assert "missing.py: cannot be read" in panel.messages_text() and panel.source() == "w = 1\nb = (\n"
    qtbot.mouseClick(panel.template_button, Qt.MouseButton.LeftButton)
    assert panel.source() == SEED_TEMPLATE


def test_line_numbers_fit_the_longest_number(window):
    editor = window.code_panel.editor
    two = editor.margin_width()
    editor.setPlainText("\n" * 120)
    assert editor.margin_width() == two + editor.fontMetrics().horizontalAdvance("9")


class _Paints(QObject):
    """Counts the paint events of the widgets it watches."""

    def __init__(self, widgets) -> None:
        super().__init__()
        self.counts = {w: 0 for w in widgets}
        for w in widgets:
            w.installEventFilter(self)

    def eventFilter(self, obj, ev) -> bool:
        if ev.type() == QEvent.Type.Paint:
            self.counts[obj] += 1
        return False


def test_a_run_repaints_the_code_panel_only_where_what_it_shows_changes(window, qtbot):
    """The learner's point moves the other panels many times per Run; the editor and the
    messages change only when the Run starts and ends."""
    window.act_code.trigger()
    panel = window.code_panel
    panel.set_source(seed_solution())
    qtbot.waitExposed(panel.editor)
    qtbot.wait(50)
    editor, messages = panel.editor.viewport(), panel.messages.viewport()
    paints = _Paints([editor, messages])
    frames = []
    window.session.frameChanged.connect(frames.append)
    with qtbot.waitSignal(panel.runFinished, timeout=20000):
        assert panel.run(400)  # the panel's own pause between updates: the descent is watched
    qtbot.wait(50)
    assert len(frames) >= 8  # the other panels followed the learner's point
    assert paints.counts[editor] == 0  # nothing in the editor changes
    assert 1 <= paints.counts[messages] <= 2  # "Running your code…", then the result
