"""Drawing and editing data with the mouse, undo/redo of every kind of edit, and edits
while training."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

import gradviz.core as gc
from gradviz.gui.data_view import HIT_RADIUS_PX
from gradviz.gui.state.edit_history import DataEditor
from gradviz.gui.state.session import Session
from gradviz.gui.state.settings import Settings

from data_panels import LEFT, NO, RIGHT, SHIFT, click, drag, make_panel, move_to, pixel_size, px


def messages(session):
    got = []
    session.message.connect(got.append)
    return got


# ----- mouse: add, select, move, delete ----------------------------------------------------

def test_click_on_empty_space_adds_point_at_data_coordinates(qtbot, panel):
    s = panel.session
    before = s.dataset
    said = messages(s)
    click(panel, 4.5, 1.0)
    assert len(s.dataset) == len(before) + 1
    pw, ph = pixel_size(panel)
    assert s.dataset.x[-1] == pytest.approx(4.5, abs=1.5 * pw)
    assert s.dataset.y[-1] == pytest.approx(1.0, abs=1.5 * ph)
    np.testing.assert_array_equal(s.dataset.x[:-1], before.x)  # the others untouched
    assert said[-1].startswith("Added point (4.5")
    x, y = panel.points.getData()
    assert len(x) == len(before) + 1  # drawn


def test_click_on_a_point_selects_it_instead_of_adding(qtbot, panel):
    s = panel.session
    n = len(s.dataset)
    pw, ph = pixel_size(panel)
    # a few pixels off the point (3, 1.92): still "on" it
    click(panel, 3 + 3 * pw, 1.92 - 3 * ph)
    assert len(s.dataset) == n
    assert panel.selected.tolist() == [2]
    # well outside the hit radius: a new point
    click(panel, 3 + 3 * HIT_RADIUS_PX * pw, 1.92)
    assert len(s.dataset) == n + 1
    assert panel.selected.tolist() == []


def test_drag_moves_point_live_and_records_one_undo_step(qtbot, panel):
    s = panel.session
    original = s.dataset
    changes = []
    s.datasetChanged.connect(changes.append)
    drag(panel, (1, 0.85), (2.0, 4.0))
    pw, ph = pixel_size(panel)
    assert s.dataset.x[0] == pytest.approx(2.0, abs=1.5 * pw)
    assert s.dataset.y[0] == pytest.approx(4.0, abs=1.5 * ph)
    np.testing.assert_array_equal(s.dataset.x[1:], original.x[1:])
    assert len(changes) >= 3  # it followed the mouse, not just jumped at the end
    ed = panel.editor
    assert len(ed.history) == 1 and ed.undo_text() == "move point"
    ed.undo()
    assert s.dataset is original  # exact: the very same data set comes back


def test_right_click_on_point_deletes_it_and_empty_right_click_does_not(qtbot, panel, monkeypatch):
    s = panel.session
    menus = []
    monkeypatch.setattr(type(panel.getPlotItem().vb), "raiseContextMenu", lambda self, ev: menus.append(ev))
    click(panel, 3, 1.92, RIGHT)
    assert len(s.dataset) == 7
    assert 3.0 not in s.dataset.x.tolist()
    assert not menus
    click(panel, 5, 0.5, RIGHT)  # empty space: the view's menu, no edit
    assert len(s.dataset) == 7
    assert len(menus) == 1


def test_select_and_delete_key(qtbot, panel):
    s = panel.session
    click(panel, 5, 3.20)
    assert panel.selected.tolist() == [4]
    QTest.keyClick(panel, Qt.Key.Key_Delete)
    assert len(s.dataset) == 7 and 5.0 not in s.dataset.x.tolist()
    assert panel.editor.undo_text().startswith("delete point (5, 3.2)")


def test_rubber_band_selects_several_to_move_and_delete_together(qtbot, panel):
    s = panel.session
    original = s.dataset
    said = messages(s)
    drag(panel, (1.5, 1.2), (4.5, 2.8), mods=SHIFT)  # a box around x = 2, 3, 4
    assert panel.selected.tolist() == [1, 2, 3]
    assert "Selected 3 points" in said[-1]
    assert s.dataset is original  # selecting is not an edit
    drag(panel, (3, 1.92), (3.5, 2.92))  # drag one of them: all three move
    pw, ph = pixel_size(panel)
    dx, dy = s.dataset.x - original.x, s.dataset.y - original.y
    assert dx[[1, 2, 3]] == pytest.approx([0.5] * 3, abs=2 * pw)
    assert dy[[1, 2, 3]] == pytest.approx([1.0] * 3, abs=2 * ph)
    assert np.all(dx[[0, 4, 5, 6, 7]] == 0) and np.all(dy[[0, 4, 5, 6, 7]] == 0)
    assert panel.editor.undo_text() == "move 3 points"
    assert panel.selected.tolist() == [1, 2, 3]  # still selected after the move
    panel.delete_selected()
    assert len(s.dataset) == 5
    panel.editor.undo()
    panel.editor.undo()
    assert s.dataset is original
    assert "Undid: move 3 points" in said[-1]


def test_escape_mid_drag_puts_the_point_back(qtbot, panel):
    s = panel.session
    original = s.dataset
    a, b = px(panel, 1, 0.85), px(panel, 3, 4)
    QTest.mousePress(panel.viewport(), LEFT, NO, a)
    for k in range(1, 6):
        QTest.qWait(15)
        move_to(panel, a + (b - a) * (k / 5))
    qtbot.waitUntil(lambda: s.dataset is not original)
    QTest.keyClick(panel, Qt.Key.Key_Escape)
    assert s.dataset is original
    QTest.qWait(15)
    move_to(panel, b)
    QTest.mouseRelease(panel.viewport(), LEFT, NO, b)
    assert s.dataset is original
    assert panel.editor.history == []


def test_double_click_adds_one_point(qtbot, panel):
    s = panel.session
    p = px(panel, 6, 1)
    QTest.mouseClick(panel.viewport(), LEFT, NO, p)  # what a double click sends: click,
    QTest.mouseDClick(panel.viewport(), LEFT, NO, p)  # double-click,
    QTest.mouseRelease(panel.viewport(), LEFT, NO, p)  # release
    assert len(s.dataset) == 9


def test_editing_does_not_move_the_view(qtbot, panel):
    vb = panel.getPlotItem().vb
    before = vb.viewRange()
    (x0, x1), (y0, y1) = before
    click(panel, x0 + 0.95 * (x1 - x0), y0 + 0.95 * (y1 - y0))  # near the corner
    drag(panel, (8, 4.97), (x0 + 0.9 * (x1 - x0), y0 + 0.1 * (y1 - y0)))
    click(panel, 1, 0.85, RIGHT)
    assert vb.viewRange() == before
    # a whole new data set does fit the view, and so does undoing it
    panel.editor.replace(gc.preset("deer"), "load preset 'deer'")
    deer_range = vb.viewRange()
    assert deer_range != before
    panel.editor.undo()
    assert vb.viewRange() != deer_range


# ----- undo / redo of every kind of edit -------------------------------------------------------

def test_undo_redo_round_trips_every_kind_of_edit(qtbot, panel, tmp_path):
    s, ed = panel.session, panel.editor
    states = [s.dataset]
    said = messages(s)
    ed.add_point(9, 5.5)
    states.append(s.dataset)
    ed.move_points([0, 1], 0.25, -0.5)
    states.append(s.dataset)
    ed.delete_points([3])
    states.append(s.dataset)
    ed.replace(gc.preset("sine"), "load preset 'sine'")
    states.append(s.dataset)
    path = tmp_path / "pts.csv"
    gc.save_csv(gc.Dataset.from_points([(0, 1), (1, 3), (2, 5)]), path)
    ed.replace(gc.load_csv(path), "open pts.csv")
    states.append(s.dataset)
    ed.clear()
    states.append(s.dataset)
    assert len(s.dataset) == 0
    ed.begin_move([])  # nothing to move: no edit
    assert len(ed.history) == 6
    texts = [e.text for e in ed.history]
    assert texts == ["add point (9, 5.5)", "move 2 points", "delete point (4, 2.59)",
                     "load preset 'sine'", "open pts.csv", "clear all (3 points)"]
    for k in range(6, 0, -1):  # all the way back
        assert ed.undo()
        assert s.dataset is states[k - 1], k
        assert said[-1] == f"Undid: {texts[k - 1]}."
    assert not ed.can_undo() and not ed.undo()
    for k in range(1, 7):  # and all the way forward again
        assert ed.redo()
        assert s.dataset is states[k]
    assert not ed.can_redo()
    # a new edit after some undos drops the redo branch
    ed.undo()
    ed.undo()
    ed.add_point(0, 0)
    assert not ed.can_redo() and len(ed.history) == 5


def test_every_edit_reaches_the_trainer(qtbot, panel):
    """Undo/redo go through Session.set_dataset like the edits: the trainer gets the data."""
    s, ed = panel.session, panel.editor
    ed.replace(gc.Dataset.from_points([(0, 1), (1, 3), (2, 5)]), "three points on y = 2x + 1")
    ed.add_point(3, 7)
    ed.undo()
    s.update_settings(lr=0.05, speed=math.inf)
    s.step_once(3000)
    qtbot.waitUntil(lambda: s.snapshot.step >= 3000, timeout=10000)
    assert s.snapshot.params == pytest.approx([2.0, 1.0], abs=1e-3)


def test_history_is_trimmed_to_its_memory_budget(qtbot):
    session = Session(gc.preset("lesson"))
    try:
        ed = DataEditor(session, budget_points=300)
        big = gc.Dataset(np.arange(100.0), np.arange(100.0))
        for k in range(10):
            ed.replace(big.with_point(k, k), f"load {k}")
        assert 1 <= len(ed.history) <= 4
        assert ed.undo()  # the last one can always be undone
        assert len(session.dataset) == 101
    finally:
        session.shutdown()


def test_a_change_made_around_the_editor_is_recorded(qtbot, panel):
    s, ed = panel.session, panel.editor
    before = s.dataset
    other = gc.preset("step")
    s.set_dataset(other)  # someone else swapped the data
    ed.add_point(0, 0)
    ed.undo()
    assert s.dataset is other
    ed.undo()
    assert s.dataset is before


def test_ctrl_z_mid_drag_cancels_the_drag(qtbot, panel):
    s, ed = panel.session, panel.editor
    original = s.dataset
    ed.begin_move([0])
    ed.update_move(1.0, 1.0)
    qtbot.waitUntil(lambda: s.dataset is not original)
    assert ed.undo_text() == "move point"
    ed.undo()
    assert s.dataset is original and not ed.moving and ed.history == []


# ----- edits while training ---------------------------------------------------------------------

def test_edits_while_training_apply_at_once_and_the_run_continues(qtbot):
    panel = make_panel(qtbot, settings=Settings(speed=math.inf, lr=0.002))
    s = panel.session
    try:
        s.play()
        qtbot.waitUntil(lambda: s.snapshot.step >= 200, timeout=10000)
        vb = panel.getPlotItem().vb
        view = vb.viewRange()
        for k in range(5):
            click(panel, 2 + k, 5.3)  # five points high above the line
            qtbot.wait(30)
            assert s.running
        step_before = s.snapshot.step
        assert len(s.dataset) == 13
        # the least-squares line (dashed) moved to the new data at once
        w, b = gc.least_squares(s.dataset.x, s.dataset.y)
        xs, ys = panel.lsq.getData()
        np.testing.assert_allclose(ys, w * xs + b, rtol=1e-9, atol=1e-9)
        # the run continues (no restart from step 0) and heads for the new optimum
        qtbot.waitUntil(lambda: s.snapshot.step >= step_before + 20000, timeout=30000)
        assert s.running and s.snapshot.diverged is None
        assert s.snapshot.params == pytest.approx([w, b], abs=0.05)
        assert vb.viewRange() == view  # no jumping around
    finally:
        s.shutdown()
