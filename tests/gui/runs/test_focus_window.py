"""Focusing a run in the window: the Runs menu's Focus run (keyboard: its mnemonics), a click
on a row of the runs table or its keys (Up, Down, Enter); the Controls and the table follow
the run in focus."""

from __future__ import annotations

import math
from collections import Counter

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtTest import QTest

from windows import settled_frame, window_closed_after

from gradviz.gui.state.settings import Settings


@pytest.fixture
def window(qtbot):
    yield from window_closed_after(qtbot, settings=Settings(speed=math.inf), start=[1.0, 0.0], use_gl=False)


def race(qtbot, window, kind="rates", steps=10):
    window.runs_menu.compare_actions[kind].trigger()
    window.session.step_once(steps)
    qtbot.waitUntil(lambda: window.session.frame.step >= steps, timeout=10000)
    return settled_frame(qtbot, window.session)


def keys_to(qtbot, window, widget):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(widget.hasFocus)


def focus_actions(window):
    menu = window.runs_menu.focus_menu
    menu.aboutToShow.emit()
    return menu.actions()


def test_nothing_to_focus_while_there_is_one_run(qtbot, window):
    (only,) = focus_actions(window)
    assert only.text() == "(no other runs)" and not only.isEnabled()
    assert window.loss_curve.runs_table.rows() == []


def test_the_focus_menu_focuses_a_run_and_the_controls_follow_it(qtbot, window):
    s = window.session
    f = race(qtbot, window)
    b_lr = f.companions[0].settings.lr
    acts = focus_actions(window)
    assert [a.text().split(" (")[0] for a in acts] == ["Run &A", "Run &B", "Run &C"]  # Alt+U, F, then the letter
    assert [a.isChecked() for a in acts] == [True, False, False]
    acts[1].trigger()
    f = settled_frame(qtbot, s)
    assert f.run_label == "B" and s.settings.lr == b_lr
    assert window.controls.lr_spin.value() == pytest.approx(b_lr)
    rows = window.loss_curve.runs_table.rows()
    assert [(r.label, r.in_focus) for r in rows] == [("A", False), ("B", True), ("C", False)]
    assert [a.isChecked() for a in focus_actions(window)] == [False, True, False]
    window.controls.lr_spin.setValue(0.001)  # the Controls now edit B
    f = settled_frame(qtbot, s)
    assert f.settings.lr == 0.001 and {c.label: c.settings.lr for c in f.companions}["A"] != 0.001
    window.runs_menu.remove_menu.aboutToShow.emit()
    last = window.runs_menu.remove_menu.actions()[-1]
    assert last.text().endswith("— in focus") and not last.isEnabled()


def test_a_click_on_a_row_of_the_runs_table_focuses_its_run(qtbot, window):
    s = window.session
    race(qtbot, window)
    table, view = window.loss_curve.runs_table, window.loss_curve.plot
    qtbot.waitUntil(lambda: len(table.rows()) == 3, timeout=10000)
    where = view.mapFromScene(table.row_scene_pos(2))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    f = settled_frame(qtbot, s)
    assert f.run_label == "C" and s.runs.focus_label() == "C"
    qtbot.waitUntil(lambda: [r.in_focus for r in table.rows()] == [False, False, True], timeout=10000)


def test_with_the_loss_curve_focused_up_and_down_choose_a_run_and_enter_focuses_it(qtbot, window):
    s = window.session
    race(qtbot, window)
    table, view = window.loss_curve.runs_table, window.loss_curve.plot
    qtbot.waitUntil(lambda: len(table.rows()) == 3, timeout=10000)
    keys_to(qtbot, window, view)  # (Tab reaches it: tests/gui/access)
    assert table.chosen_row() == 0  # at first the run in focus
    assert view.accessibleDescription().startswith("Runs table: run A chosen")
    QTest.keyClick(view, Qt.Key.Key_Down)
    QTest.keyClick(view, Qt.Key.Key_Down)
    assert table.chosen_row() == 2 and "run C chosen" in view.accessibleDescription()
    QTest.keyClick(view, Qt.Key.Key_Down)  # round the end
    assert table.chosen_row() == 0
    QTest.keyClick(view, Qt.Key.Key_Up)
    QTest.keyClick(view, Qt.Key.Key_Up)
    assert s.runs.focus_label() == "A"  # choosing focuses nothing
    QTest.keyClick(view, Qt.Key.Key_Return)
    f = settled_frame(qtbot, s)
    assert f.run_label == "B" and s.runs.focus_label() == "B"
    qtbot.waitUntil(lambda: [r.in_focus for r in table.rows()] == [False, True, False], timeout=10000)
    assert table.chosen_row() == 1 and view.accessibleDescription().startswith("Runs table: run B chosen")
    QTest.keyClick(view, Qt.Key.Key_Up)
    QTest.keyClick(view, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)  # the keypad's Enter
    assert settled_frame(qtbot, s).run_label == "A"


def test_the_chosen_row_shows_while_the_loss_curve_has_the_keys(qtbot, window):
    race(qtbot, window)
    table, view = window.loss_curve.runs_table, window.loss_curve.plot
    qtbot.waitUntil(lambda: len(table.rows()) == 3, timeout=10000)
    keys_to(qtbot, window, window.controls.lr_spin)

    def tinted():  # whether each row's commonest colour along its middle (its background) is the highlight's tint
        image = view.grab().toImage()
        highlight = view.palette().color(QPalette.ColorRole.Highlight)
        rows = [view.mapFromScene(table.row_scene_pos(k)) for k in range(3)]
        commonest = [Counter(image.pixel(x, p.y()) for x in range(p.x(), p.x() + 300)).most_common(1)[0][0]
                     for p in rows]
        return [QColor(c) != QColor("white") and QColor(c).hue() == pytest.approx(highlight.hue(), abs=10)
                for c in commonest]

    assert tinted() == [False, False, False]  # no row stands out
    keys_to(qtbot, window, view)
    QTest.keyClick(view, Qt.Key.Key_Down)
    qtbot.wait(50)
    assert tinted() == [False, True, False]  # B, chosen
