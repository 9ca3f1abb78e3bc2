"""Degenerate data in the window: 0, 1 and 2 points, every x equal, every y equal, values
around 1e9 and 1e-9 (and, beyond those, values whose squares overflow a double).

For each data set the window is started with it (as after an autosave restore) and then
driven through every model and loss: step, ten steps, play, pause, reset. After every
action nothing non-finite is on screen and the readout says what the core computes; the
app says what it cannot do instead of doing something wrong ("Add at least 2 points to
fit a line."), and the least-squares line copes with the singular cases.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.gui.state.settings import Settings
import windows
from screen_invariants import SnapshotTracker, nonfinite_on_screen, readout_mismatch, settle


def make_window(qtbot, dataset, settings=None):
    return windows.make_window(qtbot, dataset, settings or Settings(speed=math.inf))


def ds(x, y, name="degenerate"):
    return gc.Dataset(np.asarray(x, dtype=float), np.asarray(y, dtype=float), name=name)


K = np.arange(8.0)
DATASETS = {
    "no points": ds([], []),
    "one point": ds([2.0], [3.0]),
    "two points": ds([1.0, 2.0], [1.0, 3.0]),
    "two equal points": ds([1.5, 1.5], [-2.0, -2.0]),
    "every x equal": ds([3.0] * 5, [1.0, 2.0, 5.0, 7.0, -1.0]),
    "every y equal": ds(K, [4.0] * 8),
    "around 1e9": ds(1e9 + K * 1e3, 2e9 + 3e3 * K + [5, -3, 2, 0, 1, -4, 2, 1]),
    "around 1e-9": ds(1e-9 * (1 + K), 1e-9 * (0.6 * K + 0.2)),
    "x around 1e9, y small": ds(1e9 + K, 0.5 * K),
    # the largest values the app takes in (gc.MAX_ABS_VALUE; files beyond are refused, the
    # data view does not scroll past it): squares and their sums must still be finite
    "at the limit": ds(gc.MAX_ABS_VALUE * np.array([-1.0, -0.5, 0.25, 1.0]), gc.MAX_ABS_VALUE * np.array([1.0, -1.0, 0.5, -0.25])),
    "tiny and huge": ds([5e-324, -1e-300, 1e100, 0.0], [1e-310, 1e100, -1e-320, -1e100]),
}

MODELS = ("line", "neuron", "network")
LOSSES = ("l2", "l1", "mse")


def combo_pick(combo, key) -> None:
    combo.setCurrentIndex(combo.findData(key))


class Driver:
    """Runs the actions and checks the screen after each one."""

    def __init__(self, qtbot, win) -> None:
        self.qtbot, self.win = qtbot, win
        self.tracker = SnapshotTracker(win.session)
        self.messages: list[str] = []
        win.session.message.connect(self.messages.append)
        self.log: list[str] = []

    def check(self, what: str) -> None:
        self.log.append(what)
        assert settle(self.tracker), f"no snapshot reflecting {what!r} within 20 s; actions: {self.log[-8:]}"
        bad = nonfinite_on_screen(self.win)
        assert not bad, f"non-finite on screen after {what!r}: {bad}; actions: {self.log[-8:]}"
        diff = readout_mismatch(self.win)
        assert diff is None, f"readout != core after {what!r}: {diff}; actions: {self.log[-8:]}"

    def run_through_models(self) -> None:
        win, s = self.win, self.win.session
        c = win.controls
        for model in MODELS:
            combo_pick(c.model_combo, model)
            if model == "network":
                c.hidden_spin.setValue(3)
            for loss in LOSSES:
                combo_pick(c.loss_combo, loss)
                n_before = len(self.messages)
                win.act_step.trigger()
                win.act_step10.trigger()
                self.check(f"{model}/{loss}: step, step x10")
                win.act_play.trigger()
                self.qtbot.wait(40)
                self.check(f"{model}/{loss}: playing")
                if s.running:
                    win.act_play.trigger()
                    assert not s.running
                why = s.can_train()
                if why is not None:
                    # nothing can train: every attempt said why, and nothing moved
                    assert self.messages[n_before:].count(why) >= 3, self.messages[n_before:]
                    assert s.snapshot.step == 0
                win.act_reset.trigger()
                self.check(f"{model}/{loss}: paused, reset")
                assert s.snapshot.step == 0


@pytest.mark.parametrize("name", list(DATASETS))
def test_degenerate_data_in_every_model_and_loss(qtbot, config_dir, name):
    data = DATASETS[name]
    win = make_window(qtbot, data)
    try:
        d = Driver(qtbot, win)
        d.check("start")
        d.run_through_models()
        # the same data arriving as an edit (a load, a preset) instead of at start-up
        win.load_preset("lesson")
        d.check("preset lesson")
        win.editor.replace(data, "degenerate data")
        d.check("replace with the data")
        combo_pick(win.controls.model_combo, "line")
        win.act_play.trigger()
        win.loss_curve.set_log(True)
        d.check("line, log loss curve")
        win.act_play.trigger() if win.session.running else None
        win.loss_curve.set_log(False)
        d.check("paused")
    finally:
        win.close()
    assert not win.session.thread_running()


def test_no_points_says_what_to_do(qtbot, config_dir):
    win = make_window(qtbot, DATASETS["no points"])
    try:
        s = win.session
        msgs = []
        s.message.connect(msgs.append)
        win.act_play.trigger()
        assert not s.running
        assert msgs[-1] == "Add at least 2 points to fit a line."
        assert win.statusBar().currentMessage() == "Add at least 2 points to fit a line."
        win.act_step.trigger()
        assert msgs[-1] == "Add at least 2 points to fit a line."
        # nothing to draw, nothing drawn: no curve through no data, no best line, no surface
        assert len(win.data_panel.points.getData()[0]) == 0
        assert len(win.data_panel.lsq.getData()[0] or []) == 0
        assert win.contour.ball_position() is None
        # one point: still not enough for a line, enough for a neuron
        win.editor.add_point(1.0, 2.0)
        win.act_step.trigger()
        assert msgs[-1] == "Add at least 2 points to fit a line."
        combo_pick(win.controls.model_combo, "neuron")
        win.act_step.trigger()
        qtbot.waitUntil(lambda: s.snapshot.step == 1)
        combo_pick(win.controls.model_combo, "line")
        win.editor.add_point(2.0, 3.0)
        win.act_step.trigger()
        qtbot.waitUntil(lambda: s.snapshot.step == 1)
    finally:
        win.close()


def test_deleting_points_below_the_minimum_stops_a_run_with_a_message(qtbot, config_dir):
    win = make_window(qtbot, DATASETS["two points"])
    try:
        s = win.session
        tracker = SnapshotTracker(s)
        win.act_play.trigger()
        assert s.running
        qtbot.waitUntil(lambda: s.snapshot.step > 50)
        win.editor.delete_points([0])
        assert not s.running
        assert win.statusBar().currentMessage() == "Add at least 2 points to fit a line."
        assert settle(tracker)
        assert not nonfinite_on_screen(win)
        assert readout_mismatch(win) is None
        win.act_play.trigger()
        assert not s.running
        win.act_undo.trigger()  # the point comes back: training is possible again
        win.act_play.trigger()
        assert s.running
        win.act_play.trigger()
    finally:
        win.close()


@pytest.mark.parametrize("name, flat", [("every x equal", (0.0, 2.8)), ("two equal points", (0.0, -2.0))])
def test_every_x_equal_draws_no_best_line_and_says_why(qtbot, config_dir, name, flat):
    """Every line through the mean point fits as well: the core returns the flat one
    (w = 0, b = mean(y)) and marks it in the landscape, but the data view draws no dashed
    "best" line and says there is none."""
    win = make_window(qtbot, DATASETS[name])
    try:
        xs, _ys = win.data_panel.lsq.getData()
        assert xs is None or len(xs) == 0
        assert "no single best line" in win.data_panel.hint.text
        assert win.landscape.optimum[:2] == pytest.approx(flat, abs=1e-12)
        win.data_panel.editor.add_point(4.0, 1.0)           # a second x: the best line is back
        xs, _ys = win.data_panel.lsq.getData()
        assert len(xs) >= 2 and "no single best line" not in win.data_panel.hint.text
    finally:
        win.close()


@pytest.mark.parametrize("name, expected", [
    ("every y equal", (0.0, 4.0)),
    ("two points", (2.0, -1.0)),
])
def test_least_squares_line_in_singular_cases(qtbot, config_dir, name, expected):
    win = make_window(qtbot, DATASETS[name])
    try:
        xs, ys = win.data_panel.lsq.getData()
        assert len(xs) >= 2
        w, b = expected
        np.testing.assert_allclose(ys, w * np.asarray(xs) + b, atol=1e-12)
        assert win.landscape.optimum[:2] == pytest.approx(expected, abs=1e-12)
        assert win.controls.stable_label.text().startswith("largest stable")
    finally:
        win.close()


def test_huge_values_say_why_gradient_descent_cannot_train(qtbot, config_dir):
    """x ~ 1e9: the largest stable rate of gradient descent is ~1e-19, far below the
    slider's range. The run stops at once with a message naming the stable rate."""
    win = make_window(qtbot, DATASETS["x around 1e9, y small"])
    try:
        s = win.session
        msgs = []
        s.message.connect(msgs.append)
        win.act_play.trigger()
        qtbot.waitUntil(lambda: s.snapshot.diverged is not None, timeout=5000)
        qtbot.waitUntil(lambda: not s.running)
        top = gc.max_stable_lr(s.dataset.x, s.dataset.y, "l2")
        assert top < 1e-18
        assert any(m.startswith("Diverged at step 1") and f"largest stable: {top:.2g}" in m for m in msgs), msgs
        assert "too high" in win.controls.stable_label.text()
        assert not nonfinite_on_screen(win)
    finally:
        win.close()
