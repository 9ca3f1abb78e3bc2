"""Random use: a seeded monkey drives the main window through its real entry points.

Each seed runs ACTIONS_PER_SEED random actions (4 seeds x 500 = 2,000 by default): clicks
that add, select and delete points, drags that move them, undo and redo, every control of
the control panel (model, hidden neurons, loss, optimizer, batch size, momentum, learning
rate, speed, seed, the manual parameter sliders), play, pause, step, reset, presets, Clear
All, opening the files of the CSV corpus (good and bad), Save As and reopening what was
saved (the same numbers must come back), the network panel's examples and re-initialise,
clicks on the contour map, the landscape's parameter pair, view toggles, docks, the
layout, zooming and resizing.

After every action:

* no exception was raised in a Qt slot (nor in the training thread) and Qt logged no warning;
* nothing non-finite is on screen (curves, points, residuals, contributions, the loss curve,
  the ball, path, arrow and optimum of both landscape views, readout and status texts);
* the readout says what the core computes (``model.loss_and_grad``) for the parameters of
  the snapshot on screen, on the data, loss and model that snapshot was computed for.
  (Which those are is known from the command sequence number the worker stamps on each
  snapshot; see screen_invariants.py. Every CHECK_EVERY actions, and at random, the test
  also waits for the snapshot that reflects everything done so far and checks that.)

A failure prints the seed, the action number and the last actions, so it can be replayed:
``GRADVIZ_RANDOM_SEEDS=7 GRADVIZ_RANDOM_ACTIONS=300 ./scripts/test.sh tests/gui/test_random_use.py``.
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, QtMsgType, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

import gradviz.core as gc
from gradviz.gui.main_window import MainWindow
from gradviz.gui.state.session import Session
from gradviz.gui.state.settings import Settings
from screen_invariants import SnapshotTracker, nonfinite_on_screen, readout_mismatch, settle
from windows import column_dialogs_accepted

CORPUS = Path(__file__).resolve().parents[2] / "data" / "csv"
SEEDS = [int(s) for s in os.environ.get("GRADVIZ_RANDOM_SEEDS", "0,1,2,3").split(",")]
ACTIONS_PER_SEED = int(os.environ.get("GRADVIZ_RANDOM_ACTIONS", "500"))
CHECK_EVERY = 25  # actions between full waits for the snapshot reflecting everything
LEFT, RIGHT = Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton
NO = Qt.KeyboardModifier.NoModifier
SHIFT, CTRL = Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def config_dir(tmp_path, monkeypatch):
    d = tmp_path / "config"
    monkeypatch.setenv("GRADVIZ_CONFIG_DIR", str(d))
    return d


@dataclass(frozen=True)
class TrainerState:
    """What a snapshot is computed on: the data, the loss and the model."""

    dataset: gc.Dataset
    loss: str
    model: gc.Model


class Monkey:
    """Random actions on a main window, and the checks after each one."""

    def __init__(self, qtbot, win, seed: int, qtlog, exceptions, folder=None) -> None:
        self.qtbot, self.win, self.seed = qtbot, win, seed
        self.folder = folder
        self.rng = np.random.default_rng(seed)
        self.qtlog, self.exceptions = qtlog, exceptions
        self.s = win.session
        self.tracker = SnapshotTracker(self.s)
        self.log: list[str] = []
        self.n_warnings = 0
        self.readout_checked = 0
        self.readout_skipped = 0
        self.times: list[tuple[float, str]] = []  # (seconds, action) incl. the checks after it
        # after each action, remember which trainer state the last command sent so far leads to
        self.state_at_seq: dict[int, TrainerState] = {}
        win.data_panel.setFocus()
        self.actions = [
            (10, self.add_point), (4, self.select_point), (4, self.drag_point), (4, self.right_click_point),
            (2, self.rubber_band_delete), (5, self.undo), (3, self.redo), (1, self.clear_all),
            (1, self.select_all_delete), (1, self.escape),
            (4, self.pick_model), (2, self.pick_hidden), (4, self.pick_loss), (3, self.pick_optimizer),
            (1, self.pick_batch), (1, self.pick_momentum), (4, self.pick_lr), (3, self.pick_speed),
            (1, self.nudge_speed), (1, self.pick_seed), (3, self.manual_param),
            (8, self.play_pause), (6, self.step), (3, self.reset),
            (2, self.preset), (1, self.open_corpus_file), (1, self.save_and_reopen), (2, self.network_example), (1, self.network_reinit), (1, self.network_edit),
            (2, self.contour_click), (1, self.pick_pair),
            (2, self.toggle_view), (1, self.toggle_dock), (1, self.reset_layout), (2, self.zoom_pan),
            (1, self.fit_view), (1, self.resize), (1, self.log_height), (4, self.wait),
        ]
        w = np.array([a[0] for a in self.actions], dtype=float)
        self.p = w / w.sum()

    # ----- helpers --------------------------------------------------------------------------
    def r(self) -> float:
        return float(self.rng.random())

    def pick(self, seq):
        return seq[int(self.rng.integers(len(seq)))]

    def note(self, text: str) -> None:
        self.log[-1] += f" {text}"

    def combo(self, combo, key=None) -> None:
        i = combo.findData(key) if key is not None else int(self.rng.integers(combo.count()))
        combo.setCurrentIndex(i)
        self.note(str(combo.itemData(i) if combo.itemData(i) is not None else combo.itemText(i)))

    def data_vb(self):
        return self.win.data_panel.getPlotItem().vb

    def random_data_pixel(self):
        """A widget pixel inside the data view box, and its data coordinates."""
        dp, vb = self.win.data_panel, self.data_vb()
        rect = vb.sceneBoundingRect()
        sp = QPointF(rect.left() + (0.05 + 0.9 * self.r()) * rect.width(),
                     rect.top() + (0.05 + 0.9 * self.r()) * rect.height())
        return dp.mapFromScene(sp), vb.mapSceneToView(sp)

    def visible_point(self):
        """(index, widget pixel) of a random data point inside the view, or None."""
        ds = self.s.dataset
        if len(ds) == 0:
            return None
        (x0, x1), (y0, y1) = self.data_vb().viewRange()
        inside = np.flatnonzero((ds.x > x0) & (ds.x < x1) & (ds.y > y0) & (ds.y < y1))
        if inside.size == 0:
            return None
        i = int(self.pick(inside))
        sp = self.data_vb().mapViewToScene(QPointF(float(ds.x[i]), float(ds.y[i])))
        return i, self.win.data_panel.mapFromScene(sp)

    # ----- data edits with the mouse -------------------------------------------------------------
    def add_point(self) -> None:
        pos, at = self.random_data_pixel()
        self.note(f"at ({at.x():.3g}, {at.y():.3g})")
        QTest.mouseClick(self.win.data_panel.viewport(), LEFT, NO, pos)

    def select_point(self) -> None:
        hit = self.visible_point()
        if hit is None:
            return self.add_point()
        mods = self.pick([NO, NO, CTRL, SHIFT])
        self.note(f"#{hit[0]} {mods.name}")
        QTest.mouseClick(self.win.data_panel.viewport(), LEFT, mods, hit[1])

    def _move(self, pos, mods=NO) -> None:
        """A mouse move with the left button held (QTest.mouseMove carries no buttons)."""
        vp = self.win.data_panel.viewport()
        ev = QMouseEvent(QEvent.Type.MouseMove, QPointF(pos), QPointF(vp.mapToGlobal(pos)),
                         Qt.MouseButton.NoButton, LEFT, mods)
        QApplication.sendEvent(vp, ev)

    def _drag(self, a, b, mods=NO, steps=3) -> None:
        vp = self.win.data_panel.viewport()
        QTest.mousePress(vp, LEFT, mods, a)
        for k in range(1, steps + 1):
            QTest.qWait(12)  # pyqtgraph drops moves closer than 10 ms
            self._move(a + (b - a) * (k / steps), mods)
        QTest.qWait(12)
        QTest.mouseRelease(vp, LEFT, mods, b)

    def drag_point(self) -> None:
        hit = self.visible_point()
        if hit is None:
            return self.add_point()
        to, at = self.random_data_pixel()
        self.note(f"#{hit[0]} to ({at.x():.3g}, {at.y():.3g})")
        if self.r() < 0.15:  # Escape or Ctrl+Z in the middle of the drag
            vp = self.win.data_panel.viewport()
            QTest.mousePress(vp, LEFT, NO, hit[1])
            QTest.qWait(12)
            self._move(hit[1] + (to - hit[1]) * 0.5)
            QTest.qWait(12)
            self._move(to)
            if self.r() < 0.5:
                QTest.keyClick(self.win.data_panel, Qt.Key.Key_Escape)
                self.note("(escape)")
            else:
                self.win.act_undo.trigger()
                self.note("(undo mid-drag)")
            QTest.mouseRelease(vp, LEFT, NO, to)
        else:
            self._drag(hit[1], to)

    def right_click_point(self) -> None:
        hit = self.visible_point()
        if hit is None:
            return
        self.note(f"#{hit[0]}")
        QTest.mouseClick(self.win.data_panel.viewport(), RIGHT, NO, hit[1])

    def rubber_band_delete(self) -> None:
        a, _ = self.random_data_pixel()
        b, _ = self.random_data_pixel()
        self._drag(a, b, mods=SHIFT, steps=2)
        self.note(f"selected {len(self.win.data_panel.selected)}")
        if self.r() < 0.7:
            QTest.keyClick(self.win.data_panel, Qt.Key.Key_Delete)

    def undo(self) -> None:
        self.win.act_undo.trigger()

    def redo(self) -> None:
        self.win.act_redo.trigger()

    def clear_all(self) -> None:
        self.win.act_clear.trigger()

    def select_all_delete(self) -> None:
        self.win.act_select_all.trigger()
        if self.r() < 0.5:
            self.win.act_delete.trigger()
            self.note("deleted")

    def escape(self) -> None:
        QTest.keyClick(self.win.data_panel, Qt.Key.Key_Escape)

    # ----- controls ----------------------------------------------------------------------------
    def pick_model(self) -> None:
        self.combo(self.win.controls.model_combo)

    def pick_hidden(self) -> None:
        v = int(self.rng.integers(1, 17))
        self.note(str(v))
        self.win.controls.hidden_spin.setValue(v)

    def pick_loss(self) -> None:
        self.combo(self.win.controls.loss_combo)

    def pick_optimizer(self) -> None:
        self.combo(self.win.controls.opt_combo)

    def pick_batch(self) -> None:
        v = int(self.pick([1, 2, 5, 32, 1000]))
        self.note(str(v))
        self.win.controls.batch_spin.setValue(v)

    def pick_momentum(self) -> None:
        v = round(float(self.rng.uniform(0.0, 0.999)), 3)
        self.note(str(v))
        self.win.controls.momentum_spin.setValue(v)

    def pick_lr(self) -> None:
        c = self.win.controls
        if self.r() < 0.5:
            pos = int(self.rng.integers(0, c.lr_slider.maximum() + 1))
            self.note(f"slider {pos}")
            c.lr_slider.setValue(pos)
        else:
            v = float(10 ** self.rng.uniform(-6, 1))
            self.note(f"{v:.3g}")
            c.lr_spin.setValue(v)

    def pick_speed(self) -> None:
        c = self.win.controls
        pos = int(self.pick([c.speed_slider.maximum(), c.speed_slider.maximum(),
                             int(self.rng.integers(0, c.speed_slider.maximum() + 1))]))
        self.note(f"slider {pos}")
        c.speed_slider.setValue(pos)

    def nudge_speed(self) -> None:
        (self.win.act_faster if self.r() < 0.5 else self.win.act_slower).trigger()

    def pick_seed(self) -> None:
        v = int(self.rng.integers(0, 100))
        self.note(str(v))
        self.win.controls.seed_spin.setValue(v)

    def manual_param(self) -> None:
        sliders = [sl for sl in self.win.controls.param_sliders if hasattr(sl, "spin")]
        if not sliders:
            return self.network_edit()
        sl = self.pick(sliders)
        if self.r() < 0.5:
            pos = int(self.rng.integers(0, sl.slider.maximum() + 1))
            self.note(f"{sl.label.text()} slider {pos}")
            sl.slider.setValue(pos)
        else:
            v = round(float(self.rng.normal(0, 5)), 3)
            self.note(f"{sl.label.text()} = {v}")
            sl.spin.setValue(v)

    # ----- transport ---------------------------------------------------------------------------
    def play_pause(self) -> None:
        self.win.act_play.trigger()
        self.note("running" if self.s.running else "paused")
        if self.s.running:
            self.qtbot.wait(int(self.rng.integers(5, 80)))

    def step(self) -> None:
        (self.win.act_step if self.r() < 0.6 else self.win.act_step10).trigger()

    def reset(self) -> None:
        self.win.act_reset.trigger()

    def preset(self) -> None:
        name = self.pick(list(gc.PRESETS))
        self.note(name)
        self.win.load_preset(name)

    def open_corpus_file(self) -> None:
        """A file of tests/data/csv, good or bad, as File > Open opens it (the error box and
        the column chooser are answered by the test's fixtures)."""
        path = self.pick(sorted(CORPUS.glob("*.csv")))
        before = self.s.dataset
        ok = self.win.open_file(path)
        self.note(f"{path.name}: {'opened' if ok else 'refused'}")
        if not ok and self.s.dataset is not before:
            raise AssertionError(f"a failed open of {path.name} changed the data")

    def save_and_reopen(self) -> None:
        """Save As, then open what was saved: the very same numbers come back."""
        if self.folder is None:
            return
        before = self.s.dataset
        path = self.folder / f"saved-{len(self.log)}.csv"
        saved = self.win.save_file(path)
        self.note(f"{len(before)} points, saved={saved}")
        if saved and len(before):
            assert self.win.open_file(path), f"could not reopen {path}"
            got = self.s.dataset
            assert got.x.tobytes() == before.x.tobytes() and got.y.tobytes() == before.y.tobytes()

    # ----- the network panel and the landscape ------------------------------------------------------
    def network_example(self) -> None:
        k = self.pick([1, 2, 4])
        self.note(str(k))
        self.win.network.editor.example_buttons[k].click()

    def network_reinit(self) -> None:
        self.win.network.editor.reinit_button.click()

    def network_edit(self) -> None:
        if self.s.model.name != "network":
            return
        names = self.s.model.param_names
        ctl = self.win.network.editor.control(self.pick(names))
        if ctl is None:
            return
        v = round(float(self.rng.normal(0, 4)), 3)
        self.note(f"{ctl.name} = {v}")
        if self.r() < 0.5:
            ctl.spin.setValue(v)
        else:
            ctl.slider.setValue(int(self.rng.integers(ctl.slider.minimum(), ctl.slider.maximum() + 1)))

    def contour_click(self) -> None:
        c = self.win.contour
        if not c.isVisible():
            return
        vb = c.plot_item.vb
        rect = vb.sceneBoundingRect()
        sp = QPointF(rect.left() + (0.05 + 0.9 * self.r()) * rect.width(),
                     rect.top() + (0.05 + 0.9 * self.r()) * rect.height())
        at = vb.mapSceneToView(sp)
        self.note(f"({at.x():.3g}, {at.y():.3g})")
        QTest.mouseClick(c.plot_widget.viewport(), LEFT, NO, c.plot_widget.mapFromScene(sp))

    def pick_pair(self) -> None:
        sel = self.win.pair_selector
        if not sel.isEnabled():
            return
        self.combo(sel.u_combo if self.r() < 0.5 else sel.v_combo)

    # ----- views --------------------------------------------------------------------------------
    def toggle_view(self) -> None:
        act = self.pick([self.win.act_resid, self.win.act_lsq, self.win.act_log])
        self.note(act.text())
        act.toggle()

    def toggle_dock(self) -> None:
        key = self.pick(list(self.win.docks))
        act = self.win.docks[key].toggleViewAction()
        self.note(key)
        if act.isEnabled():
            act.trigger()

    def reset_layout(self) -> None:
        self.win.act_reset_layout.trigger()

    def zoom_pan(self) -> None:
        vb = self.data_vb()
        if self.r() < 0.5:
            f = float(10 ** self.rng.uniform(-1, 1))
            self.note(f"zoom {f:.3g}")
            vb.scaleBy((f, f))
        else:
            (x0, x1), (y0, y1) = vb.viewRange()
            dx, dy = (x1 - x0) * self.rng.normal(0, 0.3), (y1 - y0) * self.rng.normal(0, 0.3)
            self.note(f"pan ({dx:.3g}, {dy:.3g})")
            vb.translateBy(x=dx, y=dy)

    def fit_view(self) -> None:
        self.win.act_fit.trigger()

    def resize(self) -> None:
        w, h = int(self.rng.integers(900, 1500)), int(self.rng.integers(650, 950))
        self.note(f"{w}x{h}")
        self.win.resize(w, h)

    def log_height(self) -> None:
        if self.win.view3d is not None:
            self.win.view3d.log_check.toggle()

    def wait(self) -> None:
        ms = int(self.pick([20, 50, 150]))
        self.note(f"{ms} ms")
        self.qtbot.wait(ms)

    # ----- the loop and the checks ----------------------------------------------------------------
    def fail(self, i: int, what: str) -> None:
        tail = "\n    ".join(self.log[-25:])
        pytest.fail(f"seed {self.seed}, action {i}: {what}\n  last actions:\n    {tail}\n"
                    f"  replay: GRADVIZ_RANDOM_SEEDS={self.seed} GRADVIZ_RANDOM_ACTIONS={i + 1} "
                    f"./scripts/test.sh tests/gui/test_random_use.py", pytrace=False)

    def remember_state(self) -> None:
        self.state_at_seq[self.s.worker.submitted_seq()] = TrainerState(self.s.dataset, self.s.settings.loss, self.s.model)

    def check(self, i: int, full: bool) -> None:
        if self.exceptions:
            import traceback
            text = "".join(traceback.format_exception(*self.exceptions[0]))
            self.fail(i, f"exception in a Qt slot or the training thread:\n{text}")
        warnings = [r for r in self.qtlog.records if r.type in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg,
                                                                  QtMsgType.QtFatalMsg)]
        if len(warnings) > self.n_warnings:
            self.fail(i, f"Qt warning: {warnings[self.n_warnings].message}")
        if full:
            if not settle(self.tracker):
                self.fail(i, "no snapshot reflecting the last action within 20 s (frozen?)")
            self.remember_state()
        bad = nonfinite_on_screen(self.win)
        if bad:
            self.fail(i, f"non-finite on screen: {bad}")
        state = self.state_at_seq.get(self.tracker.shown_seq())
        if state is None:
            if full:
                self.fail(i, "settle() returned but the snapshot on screen is not a known one")
            self.readout_skipped += 1
            return
        diff = readout_mismatch(self.win, (state.dataset, state.loss, state.model))
        if diff:
            self.fail(i, f"readout != core: {diff}")
        self.readout_checked += 1

    def run(self, n: int) -> None:
        self.log.append("start")
        self.check(-1, full=True)
        for i in range(n):
            weight_fn = self.actions[int(self.rng.choice(len(self.actions), p=self.p))]
            fn = weight_fn[1]
            self.log.append(f"{i}: {fn.__name__}")
            t0 = time.perf_counter()
            try:
                fn()
            except Exception:  # an assertion of the action itself, or an error it ran into
                import traceback
                self.fail(i, f"the action failed:\n{traceback.format_exc()}")
            self.remember_state()
            self.qtbot.wait(int(self.pick([0, 1, 5, 15])))
            self.check(i, full=(i % CHECK_EVERY == CHECK_EVERY - 1) or self.r() < 0.03)
            self.times.append((time.perf_counter() - t0, self.log[-1]))


@pytest.fixture
def dialogs(monkeypatch):
    """The error box of a bad file is recorded instead of waiting for a click; the column
    chooser is accepted with its preselection."""
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    with column_dialogs_accepted():
        yield shown


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_random_use(qtbot, qtlog, config_dir, dialogs, tmp_path, seed):
    start = time.perf_counter()
    settings = Settings(speed=math.inf) if seed % 2 else Settings()
    session = Session(gc.preset("lesson"), settings)
    # half the seeds without the 3D view: software OpenGL repaints are the slowest part,
    # and the contour-only layout is a real configuration too (--no-gl, no OpenGL)
    win = MainWindow(session, restore_layout=False, use_gl=None if seed % 4 < 2 else False)
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    with qtbot.capture_exceptions() as exceptions:
        monkey = Monkey(qtbot, win, seed, qtlog, exceptions, folder=tmp_path)
        try:
            monkey.run(ACTIONS_PER_SEED)
        finally:
            win.close()
    assert not session.thread_running()
    assert not exceptions, exceptions
    # the readout check cannot be skipped silently: most actions must have been verified
    total = monkey.readout_checked + monkey.readout_skipped
    assert monkey.readout_checked >= 0.5 * total, (monkey.readout_checked, monkey.readout_skipped)
    slowest = "; ".join(f"{t:.2f} s {what}" for t, what in sorted(monkey.times, reverse=True)[:3])
    print(f"seed {seed}: {ACTIONS_PER_SEED} actions in {time.perf_counter() - start:.1f} s; readout verified "
          f"after {monkey.readout_checked} of {total} checks; slowest: {slowest}")


# ----- what the monkey found: each as a small, direct test ------------------------------------------

def test_network_diagram_changes_size_while_the_mouse_is_over_the_data(qtbot):
    """Seed 2: with the mouse over the data view (the diagram shades neurons for that x),
    changing the number of hidden neurons raised "operands could not be broadcast together
    with shapes (16,) (4,)": the diagram rebuilt itself with the old weights."""
    from gradviz.gui.network.panel import NetworkDiagram

    d = NetworkDiagram()
    qtbot.addWidget(d)
    d.show()
    d.set_params(gc.Network(16).init_params(), 16)
    d.set_probe_x(0.5)
    d.set_params(gc.Network(4).init_params(), 4)
    assert d.hidden() == 4
    d.set_params(gc.Network(16).init_params(1), 16)
    assert d.hidden() == 16


def test_switching_to_the_network_with_no_points(qtbot, config_dir):
    """Seeds 3 and 4: with every point deleted the landscape kept the previous model's slice;
    after switching to the network the next frame compared parameter vectors of different
    lengths ("operands could not be broadcast together with shapes (5,) (0,)")."""
    win = MainWindow(Session(gc.preset("lesson"), Settings(speed=math.inf)), restore_layout=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    try:
        with qtbot.capture_exceptions() as exceptions:
            win.act_clear.trigger()
            win.network.editor.example_buttons[2].click()  # to the network (2 neurons)
            win.editor.add_point(1.0, 2.0)
            win.session.step_once(3)
            qtbot.waitUntil(lambda: win.session.snapshot.step == 3 and win.session.snapshot.params.size == 7)
            win.network.editor.example_buttons[4].click()
            win.act_undo.trigger()  # no points again, now with 4 neurons
            win.act_redo.trigger()
            win.session.step_once(3)
            qtbot.waitUntil(lambda: win.session.snapshot.step == 3 and win.session.snapshot.params.size == 13)
            qtbot.wait(50)
        assert not exceptions, exceptions
        assert win.landscape.surface is not None
    finally:
        win.close()


def test_a_failing_command_does_not_end_training(qtbot, config_dir):
    """Found with huge data (before values were limited): a command that raised in the
    training thread (reset() at a start point where the loss overflowed) ended its loop for
    good; the window stayed up but never trained again. Now the error is reported (as any
    uncaught exception) and the loop goes on."""
    win = MainWindow(Session(gc.preset("lesson"), Settings(speed=math.inf)), restore_layout=False)
    qtbot.addWidget(win)
    win.show()
    try:
        with qtbot.capture_exceptions() as exceptions:
            win.session.worker.submit(lambda tr: 1 / 0)
            win.session.step_once(5)
            qtbot.waitUntil(lambda: win.session.snapshot.step == 5, timeout=5000)
        assert len(exceptions) == 1 and exceptions[0][0] is ZeroDivisionError
    finally:
        win.close()


def test_a_model_switch_computes_the_new_landscape_once(qtbot, config_dir):
    """Seed 59: switching from a trained line to the neuron on 10,001 points froze the
    window for 3.5 s. The neuron's surface (96 x 96 points x 10,001 sigmoids, ~1 s here)
    was computed three times: framed around the line's trained parameters (a line snapshot
    fits the neuron: both have w and b), then again around the neuron's start point, then
    once more when the last line snapshot arrived."""
    win = MainWindow(Session(gc.preset("seed-002"), Settings(speed=math.inf)), restore_layout=False, use_gl=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    try:
        s = win.session
        tracker = SnapshotTracker(s)
        s.set_start([2.5, 3.0])  # the line away from the neuron's start, (1, 0)
        s.step_once(5)
        assert settle(tracker)
        computed = []
        win.landscape.surfaceComputed.connect(computed.append)
        win.controls.model_combo.setCurrentIndex(win.controls.model_combo.findData("neuron"))
        assert settle(tracker)
        qtbot.wait(400)  # (a deferred recompute would have run by now)
        assert len(computed) == 1, computed
        (u0, u1), (v0, v1) = win.landscape.window
        w, b = s.start
        assert u0 < w < u1 and v0 < b < v1
    finally:
        win.close()
