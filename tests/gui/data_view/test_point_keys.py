"""Editing the data view's points with the keys alone: pick a point with Up/Down, move it
with Alt+arrows (a burst is one undo step), delete it, add one at a typed position."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

import gradviz.core as gc
from gradviz.gui.data_view.keyboard import MOVE_STEP
from data_panels import make_panel

ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def three(qtbot):
    ds = gc.Dataset(np.array([3.0, 1.0, 2.0]), np.array([30.0, 10.0, 20.0]))
    p = make_panel(qtbot, dataset=ds)
    p.setFocus()
    yield p
    p.session.shutdown()


def test_up_and_down_walk_the_points_in_x_order_and_wrap(qtbot, three):
    seen = []
    for _ in range(4):
        qtbot.keyClick(three, Qt.Key.Key_Up)
        seen.append(three.keys.current)
    assert seen == [1, 2, 0, 1]  # x = 1, 2, 3, then round again
    qtbot.keyClick(three, Qt.Key.Key_Down)
    assert three.keys.current == 0  # back from x = 1 to the last, x = 3
    assert three.selected.tolist() == [0]


def test_alt_arrows_move_the_point_by_a_share_of_the_view_and_a_burst_is_one_undo(qtbot, three):
    qtbot.keyClick(three, Qt.Key.Key_Up)  # the point (1, 10)
    (x0, x1), (y0, y1) = three.getPlotItem().vb.viewRange()
    steps_before = len(three.editor.history)
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Up):
        qtbot.keyClick(three, key, ALT)
    three.keys.finish_moves()
    ds = three.session.dataset
    assert ds.x[1] == pytest.approx(1.0 + 2 * MOVE_STEP * (x1 - x0))
    assert ds.y[1] == pytest.approx(10.0 + MOVE_STEP * (y1 - y0))
    assert (ds.x[0], ds.y[0]) == (3.0, 30.0)  # the others stay
    assert len(three.editor.history) == steps_before + 1
    assert three.selected.tolist() == [1]  # still the current point
    three.editor.undo()
    assert (three.session.dataset.x[1], three.session.dataset.y[1]) == (1.0, 10.0)


def test_a_pause_ends_the_burst(qtbot, three):
    qtbot.keyClick(three, Qt.Key.Key_Up)
    qtbot.keyClick(three, Qt.Key.Key_Left, ALT)
    qtbot.waitUntil(lambda: not three.editor.moving, timeout=3000)
    qtbot.keyClick(three, Qt.Key.Key_Left, ALT)
    qtbot.waitUntil(lambda: not three.editor.moving, timeout=3000)
    assert len(three.editor.history) == 2


def test_delete_removes_the_current_point(qtbot, three):
    qtbot.keyClick(three, Qt.Key.Key_Up)
    qtbot.keyClick(three, Qt.Key.Key_Delete)
    assert sorted(three.session.dataset.x.tolist()) == [2.0, 3.0]


def test_moving_with_nothing_selected_says_how_to_pick_a_point(qtbot, three):
    said = []
    three.session.message.connect(said.append)
    qtbot.keyClick(three, Qt.Key.Key_Right, ALT)
    assert said and "Up or Down" in said[-1]
    assert not three.editor.moving


def test_the_add_dialog_adds_the_typed_point_and_names_a_bad_number(qtbot, three):
    dialog = three.keys.add_point_dialog()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    x_edit = QApplication.focusWidget()
    assert x_edit is dialog.x_edit
    x_edit.selectAll()
    qtbot.keyClicks(x_edit, "4,5")
    qtbot.keyClick(x_edit, Qt.Key.Key_Tab)
    y_edit = QApplication.focusWidget()
    assert y_edit is dialog.y_edit
    y_edit.selectAll()
    qtbot.keyClicks(y_edit, "-7")
    qtbot.keyClick(y_edit, Qt.Key.Key_Return)
    assert "x “4,5”: write decimals with a point" in dialog.problem.text()
    assert len(three.session.dataset) == 3 and dialog.isVisible()
    label = dialog.problem  # the whole sentence shows
    assert label.height() >= label.heightForWidth(label.width())
    qtbot.keyClicks(QApplication.focusWidget(), "\b\b\b4.5")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    ds = three.session.dataset
    assert (ds.x[-1], ds.y[-1]) == (4.5, -7.0)
    assert three.keys.current == 3
