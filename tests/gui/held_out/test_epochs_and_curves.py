"""Epochs and both losses on screen: the epoch table (hidden until asked for, copied as
text), the loss curve's held-out curve, turn mark and epoch axis, seed 002's run in one
click."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtGui import QGuiApplication

import gradviz.core as gc
from gradviz.gui.held_out.epoch_table import WHOLE_BATCH
from gradviz.gui.state.settings import Settings
from windows import make_window

X = np.linspace(-3, 3, 12)
LINE = gc.Dataset(X, 0.8 * X + 0.3)


def _run(win, qtbot, steps):
    s = win.session
    target = s.snapshot.step + steps
    s.step_once(steps)
    qtbot.waitUntil(lambda: s.frame.snapshot.step >= target, timeout=20000)
    qtbot.wait(30)


def test_epoch_table_lists_mini_batch_epochs_and_copies_as_text(qtbot, config_dir):
    win = make_window(qtbot, dataset=LINE, settings=Settings(optimizer="sgd", batch_size=4, loss="mse", lr=0.01,
                                                             speed=math.inf), use_gl=False)
    try:
        win.held_out.held.set_points(gc.Dataset([0.5, 1.5], [0.7, 1.5]), "hold out two points")
        _run(win, qtbot, 9)  # three batches an epoch: three epochs
        dock = win.held_out.dock
        assert not dock.isVisible()
        m_view = next(a.menu() for a in win.menuBar().actions() if a.text() == "&View")
        view = dock.toggleViewAction()
        assert view in m_view.actions() and view.text() == "&Epoch table"
        view.trigger()
        assert dock.isVisible()
        snap = win.session.frame.snapshot
        rows = snap.epochs
        assert [r.step for r in rows] == [3, 6, 9]
        text = win.held_out.table.table_text()
        assert text.startswith(gc.format_epoch_table(rows, ("w", "b")))
        assert text.splitlines()[0].startswith("Epoch 0: loss=") and "eval=" in text.splitlines()[0]
        assert text.endswith(f"Held-out loss now: {snap.eval_loss:.6f} (2 points)")
        # the loss curve's top axis counts the epochs at the steps where they ended
        assert win.loss_curve.eval_marks.epoch_ticks == [(3.0, "1"), (6.0, "2"), (9.0, "3")]
        win.held_out.table.copy()
        assert QGuiApplication.clipboard().text() == text
    finally:
        win.close()


def test_whole_batch_training_says_what_the_table_is(qtbot, config_dir):
    win = make_window(qtbot, dataset=LINE, settings=Settings(speed=math.inf), use_gl=False)
    try:
        win.held_out.dock.show()
        _run(win, qtbot, 5)
        assert win.held_out.table.table_text() == WHOLE_BATCH
        assert win.loss_curve.eval_marks.epoch_ticks == []
        assert not win.loss_curve.plot.getPlotItem().getAxis("top").isVisible()
    finally:
        win.close()


def test_the_loss_curve_shows_both_losses_and_marks_the_turn(qtbot, config_dir):
    rng = np.random.default_rng(0)
    x = np.linspace(-3, 3, 10)
    train = gc.Dataset(x, 0.5 * x + rng.normal(0, 0.6, 10))
    xe = np.linspace(-2.7, 2.7, 8)
    win = make_window(qtbot, dataset=train, settings=Settings(model="network", hidden=16, optimizer="adam",
                                                              lr=0.05, loss="mse", seed=1, speed=math.inf),
                      use_gl=False)
    try:
        marks = win.loss_curve.eval_marks
        assert not marks.legend.isVisible() and marks.turn is None
        win.held_out.held.set_points(gc.Dataset(xe, 0.5 * xe), "hold out eight points")
        _run(win, qtbot, 1500)
        snap = win.session.frame.snapshot
        sx, sy = marks.curve.getData()
        np.testing.assert_allclose(sy, snap.eval_path_losses)  # linear scale: the losses as they are
        assert marks.legend.isVisible()
        assert marks.curve.opts["pen"].color() != win.loss_curve.curve.opts["pen"].color()
        assert marks.curve.opts["pen"].style() != win.loss_curve.curve.opts["pen"].style()
        turn = gc.turning_step(snap.path_steps, snap.eval_path_losses)
        assert turn is not None and marks.turn == turn and marks.turn_line.isVisible()
        assert marks.turn_line.value() == turn
        assert snap.eval_loss > snap.eval_path_losses[list(snap.path_steps).index(turn)]  # it turned up
        win.held_out.held.clear()
        qtbot.waitUntil(lambda: win.session.frame.eval_dataset is None)
        win.session.step_once(1)
        qtbot.waitUntil(lambda: not marks.turn_line.isVisible() and not marks.legend.isVisible())
    finally:
        win.close()


def test_seed_002s_run_in_one_click(qtbot, config_dir):
    win = make_window(qtbot, use_gl=False)
    try:
        win.held_out.actions["seed002"].trigger()
        s = win.session
        qtbot.waitUntil(lambda: s.frame.snapshot.step >= 100_000, timeout=60000)
        qtbot.wait(50)
        assert (s.settings.optimizer, s.settings.batch_size, s.settings.loss, s.settings.lr) == ("sgd", 1, "mse", 1e-4)
        assert len(s.dataset) == 10_000 and len(s.eval_dataset) == 100
        rows = s.frame.snapshot.epochs
        assert len(rows) == 10
        w, b = rows[-1].params
        assert abs(w - 2) < 0.01 and abs(b - 1) < 0.01
        assert rows[-1].eval_loss < 1e-3
        assert win.held_out.dock.isVisible()
        assert win.held_out.table.table_text().splitlines()[9].startswith("Epoch 9: loss=0.0000")
        assert win.loss_curve.is_log()
        win.editor.undo()  # the whole set-up is one step back
        assert len(s.dataset) == 8 and s.eval_dataset is None
    finally:
        win.close()
