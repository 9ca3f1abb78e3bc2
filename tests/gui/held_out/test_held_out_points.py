"""Held-out points in the window: split (seeded, re-drawn, undoable), drawn by hand, loaded
from a CSV, kept through edits, undo and autosave; drawn hollow, never trained on."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

import gradviz.core as gc
from gradviz.gui.files.autosave import restore_state
from gradviz.gui.state.settings import Settings
from windows import window_closed_after

X = np.arange(20.0)
DATA = gc.Dataset(X, 0.5 * X + np.sin(X), name="twenty")


@pytest.fixture
def window(qtbot, config_dir):
    yield from window_closed_after(qtbot, dataset=DATA, settings=Settings(speed=math.inf), use_gl=False)


def _pairs(ds):
    return [] if ds is None else sorted(zip(ds.x.tolist(), ds.y.tolist()))


def click(panel, x, y):
    vb = panel.getPlotItem().vb
    QTest.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     panel.mapFromScene(vb.mapViewToScene(QPointF(x, y))))


def test_first_launch_shows_nothing_new(window):
    assert window.session.eval_dataset is None and window.held_out.layer.shown_count() == 0
    assert "held out (not trained on)" not in window.data_panel.legend.names()
    assert not window.held_out.dock.isVisible()  # the epoch table waits to be asked for
    assert window.session.snapshot.eval_loss is None
    assert not window.loss_curve.eval_marks.legend.isVisible()


def test_a_split_is_seeded_drawn_hollow_never_trained_on_and_undone_in_one_step(window, qtbot):
    s, held = window.session, window.held_out.held
    assert held.split(0.25, seed=3)
    train, evald = gc.split(DATA, 0.25, seed=3)
    assert s.dataset == train and s.eval_dataset == evald  # the core's split, the same seed
    train, evald = s.dataset, s.eval_dataset
    assert window.held_out.layer.shown_count() == 5
    assert "held out (not trained on)" in window.data_panel.legend.names()
    qtbot.waitUntil(lambda: s.frame.eval_dataset is s.eval_dataset and s.snapshot.eval_loss is not None)
    snap = s.snapshot
    e = s.model.predict(snap.params, evald.x) - evald.y
    assert snap.eval_loss == pytest.approx(gc.loss_value(e, s.settings.loss))
    # re-draw: the same fraction, other points, all of them still there
    assert held.redraw()
    assert _pairs(s.eval_dataset) != _pairs(evald) and len(s.eval_dataset) == 5
    assert _pairs(s.dataset.concat(s.eval_dataset)) == _pairs(DATA)
    window.editor.undo()
    assert s.dataset is train and s.eval_dataset is evald  # the very same sets come back
    window.editor.undo()
    assert s.dataset == DATA and s.eval_dataset is None and window.held_out.layer.shown_count() == 0
    window.editor.redo()
    assert s.dataset is train and s.eval_dataset is evald


def test_edits_and_their_undo_keep_which_points_are_held_out(window):
    s, held = window.session, window.held_out.held
    held.split(0.2, seed=1)
    evald = s.eval_dataset
    window.editor.add_point(50.0, 3.0)  # a training point
    assert s.eval_dataset is evald and len(s.dataset) == 17
    window.editor.delete_points([0])
    assert s.eval_dataset is evald
    window.editor.undo()
    window.editor.undo()
    assert s.eval_dataset is evald and len(s.dataset) == 16


def test_new_data_drops_the_held_out_points_and_undo_brings_them_back(window):
    s, held = window.session, window.held_out.held
    held.split(0.2, seed=1)
    train, evald = s.dataset, s.eval_dataset
    window.load_preset("lesson")
    assert s.eval_dataset is None and window.held_out.layer.shown_count() == 0
    window.editor.undo()
    assert s.dataset is train and s.eval_dataset is evald


def test_clicks_add_held_out_points_while_the_toggle_is_on(window, qtbot):
    s, panel = window.session, window.data_panel
    panel.setRange(xRange=(0, 20), yRange=(-5, 15), padding=0)
    qtbot.wait(20)
    toggle = window.held_out.actions["adding"]
    assert toggle.shortcut().toString() == "H"
    toggle.trigger()
    assert window.held_out.held.adding and window.held_out.actions["adding"].isChecked()
    click(panel, 7.5, 12.0)
    click(panel, 12.5, -3.0)
    assert len(s.eval_dataset) == 2 and len(s.dataset) == 20  # not trained on
    assert s.eval_dataset.x[0] == pytest.approx(7.5, abs=0.1) and s.eval_dataset.y[1] == pytest.approx(-3, abs=0.1)
    assert window.held_out.layer.shown_count() == 2
    toggle.trigger()
    click(panel, 10.5, 14.0)
    assert len(s.eval_dataset) == 2 and len(s.dataset) == 21
    window.editor.undo()  # the training point
    window.editor.undo()  # the second held-out point
    assert len(s.eval_dataset) == 1 and len(s.dataset) == 20


def test_held_out_points_from_a_csv_and_a_bad_one(window, tmp_path):
    s, held = window.session, window.held_out.held
    good = tmp_path / "eval.csv"
    good.write_text("x,y\n1.5,2\n2.5,3\n")
    assert held.load(good)
    assert _pairs(s.eval_dataset) == [(1.5, 2.0), (2.5, 3.0)] and s.dataset == DATA
    bad = tmp_path / "nan.csv"
    bad.write_text("x,y\n1,2\n3,nan\n")
    messages = []
    s.message.connect(messages.append)
    assert not held.load(bad)
    assert "nan.csv" in messages[-1] and "line 3" in messages[-1]
    assert _pairs(s.eval_dataset) == [(1.5, 2.0), (2.5, 3.0)]  # the old ones stay
    assert not held.load(tmp_path / "missing.csv")


def test_one_held_out_point_and_none(window, qtbot):
    s, held = window.session, window.held_out.held
    held.set_points(gc.Dataset([3.0], [1.0]), "hold out one point")
    qtbot.waitUntil(lambda: s.frame.eval_dataset is s.eval_dataset)
    p = s.snapshot.params
    assert s.snapshot.eval_loss == pytest.approx(0.5 * (p[0] * 3 + p[1] - 1.0) ** 2)  # l2 on one point
    qtbot.waitUntil(lambda: "eval_loss" in window.readout.values)
    assert window.readout.values["eval_loss"] == s.frame.snapshot.eval_loss
    held.set_points(gc.Dataset(np.zeros(0), np.zeros(0)), "hold out no point")
    qtbot.waitUntil(lambda: s.frame.eval_dataset is s.eval_dataset)
    assert s.snapshot.eval_loss is None and window.held_out.layer.shown_count() == 0
    assert "eval_loss" not in window.readout.values
    assert held.clear()
    assert s.eval_dataset is None


def test_merge_back_and_a_fraction_that_takes_every_point(window):
    s, held = window.session, window.held_out.held
    held.split(0.5, seed=2)
    assert held.merge_back() and s.eval_dataset is None and _pairs(s.dataset) == _pairs(DATA)
    assert not held.split(0.999)  # rounds to all twenty: nothing left to train on
    assert not held.split(1.5) and s.eval_dataset is None


def test_autosave_keeps_the_held_out_points(window, config_dir):
    held = window.held_out.held
    held.split(0.3, seed=4)
    train, evald = window.session.dataset, window.session.eval_dataset
    assert window.autosave.flush()
    got = restore_state(config_dir)
    assert got.dataset == train and got.eval_dataset is not None
    np.testing.assert_array_equal(got.eval_dataset.x, evald.x)  # bit for bit
    np.testing.assert_array_equal(got.eval_dataset.y, evald.y)
    held.clear()
    assert window.autosave.flush()
    assert restore_state(config_dir).eval_dataset is None


def test_the_menu_entries_ask_and_act(window, monkeypatch, tmp_path):
    from gradviz.gui.held_out import feature

    s = window.session
    monkeypatch.setattr(feature.QInputDialog, "getDouble", staticmethod(lambda *a, **k: (0.3, True)))
    window.held_out.actions["split"].trigger()
    assert len(s.eval_dataset) == 6 and len(s.dataset) == 14
    first = _pairs(s.eval_dataset)
    window.held_out.actions["redraw"].trigger()
    assert len(s.eval_dataset) == 6 and _pairs(s.eval_dataset) != first
    f = tmp_path / "held.csv"
    f.write_text("0.5,1\n")
    monkeypatch.setattr(feature.QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(f), "")))
    window.held_out.actions["load"].trigger()
    assert _pairs(s.eval_dataset) == [(0.5, 1.0)]
    window.held_out.actions["merge"].trigger()
    assert s.eval_dataset is None and len(s.dataset) == 15
    m_data = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Data")
    sub = next(a.menu() for a in m_data.actions() if a.menu() is not None and a.text() == "&Held-out points")
    assert window.held_out.actions["adding"] in sub.actions()
