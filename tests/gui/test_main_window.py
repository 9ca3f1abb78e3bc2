"""The main window end to end: transport, training, divergence, sliders, contour clicks,
closing mid-run, the screenshot mode and the contour fallback."""

from __future__ import annotations

import math
import os
import subprocess
import sys
import time

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QImage

import gradviz.core as gc
from gradviz.gui.main_window import MainWindow
from gradviz.gui.state.session import Session
from gradviz.gui.state.settings import Settings
from windows import make_window

LESSON_LSQ = gc.least_squares(gc.preset("lesson").x, gc.preset("lesson").y)


@pytest.fixture
def window(qtbot, config_dir):
    win = make_window(qtbot, settings=Settings(speed=math.inf), start=[1.0, 0.0])
    yield win
    win.close()
    assert not win.session.thread_running()


def wait_step(qtbot, win, step, timeout=10000):
    qtbot.waitUntil(lambda: win.session.snapshot is not None and win.session.snapshot.step >= step,
                    timeout=timeout)


def wait_settled(qtbot, session, quiet_ms=300, timeout=10000):
    """Wait until the step on screen has not changed for quiet_ms; return it."""
    last = [None, time.perf_counter()]

    def settled():
        now = time.perf_counter()
        step = session.snapshot.step
        if step != last[0]:
            last[:] = [step, now]
        return now - last[1] >= quiet_ms / 1000

    qtbot.waitUntil(settled, timeout=timeout)
    return session.snapshot.step


def test_opens_with_lesson_data_and_line(window):
    assert len(window.session.dataset) == 8
    assert window.session.model.name == "line"
    x, y = window.data_panel.points.getData()
    np.testing.assert_array_equal(x, np.arange(1, 9))
    assert window.session.snapshot.step == 0
    assert window.readout.values["w"] == pytest.approx(1.0)
    assert window.readout.values["b"] == pytest.approx(0.0)


def test_step_reset_and_play_pause(qtbot, window):
    s = window.session
    s.update_settings(speed=math.inf)
    window.act_step.trigger()
    wait_step(qtbot, window, 1)
    assert s.snapshot.step == 1
    window.act_step10.trigger()
    wait_step(qtbot, window, 11)
    assert s.snapshot.step == 11
    window.act_play.trigger()
    assert s.running
    wait_step(qtbot, window, 500)
    window.act_play.trigger()
    assert not s.running
    # the last snapshot may still be on its way to the screen (a frame or two): let it land
    # (a worker that kept stepping would never settle, and this would time out)
    frozen = wait_settled(qtbot, s)
    qtbot.wait(300)
    assert s.snapshot.step == frozen  # paused means paused
    window.act_reset.trigger()
    qtbot.waitUntil(lambda: s.snapshot.step == 0)
    np.testing.assert_allclose(s.snapshot.params, [1.0, 0.0])


def test_training_moves_line_and_ball_toward_least_squares(qtbot, window):
    s = window.session
    start_dist = np.hypot(1.0 - LESSON_LSQ[0], 0.0 - LESSON_LSQ[1])
    s.play()
    wait_step(qtbot, window, 20000, timeout=30000)
    s.pause()
    qtbot.wait(50)
    w, b = s.snapshot.params
    assert np.hypot(w - LESSON_LSQ[0], b - LESSON_LSQ[1]) < 0.2 * start_dist
    # the drawn line is the model's line
    xs, ys = window.data_panel.curve.getData()
    np.testing.assert_allclose(ys, w * xs + b, rtol=1e-9, atol=1e-9)
    # the ball (contour view) sits at the current parameters
    bx, by = window.contour.ball_position()
    assert (bx, by) == pytest.approx((w, b))
    # the loss curve went down
    _, losses = window.loss_curve.curve.getData()
    assert losses[-1] < losses[0]


def test_divergence_stops_with_message_and_reset_recovers(qtbot, window):
    s = window.session
    s.update_settings(lr=0.01)  # seed 001's "too high" rate
    assert "too high" in window.controls.stable_label.text()
    messages = []
    s.message.connect(messages.append)
    s.play()
    qtbot.waitUntil(lambda: s.snapshot.diverged is not None, timeout=10000)
    qtbot.waitUntil(lambda: not s.running)
    assert any(m.startswith("Diverged at step") and "0.0095" in m for m in messages), messages
    assert np.all(np.isfinite(s.snapshot.params)) and math.isfinite(s.snapshot.loss)
    assert window.loss_curve.diverged_line.isVisible()
    xs, ys = window.data_panel.curve.getData()
    assert np.all(np.isfinite(ys))
    s.play()  # refused while diverged
    assert not s.running
    s.update_settings(lr=0.001)
    window.act_reset.trigger()
    qtbot.waitUntil(lambda: s.snapshot.diverged is None and s.snapshot.step == 0)
    assert not window.loss_curve.diverged_line.isVisible()
    s.play()
    wait_step(qtbot, window, 100)
    s.pause()
    assert s.snapshot.diverged is None


def test_manual_sliders_drive_readout_line_and_pause(qtbot, window):
    s = window.session
    s.play()
    wait_step(qtbot, window, 10)
    w_slider, b_slider = window.controls.param_sliders
    w_slider.spin.setValue(0.5)
    assert not s.running
    b_slider.spin.setValue(0.25)
    qtbot.waitUntil(lambda: tuple(s.snapshot.params) == (0.5, 0.25) and s.snapshot.step == 0)
    ds = s.dataset
    loss, grad = s.model.loss_and_grad(np.array([0.5, 0.25]), ds.x, ds.y, "l2")
    vals = window.readout.values
    assert vals["loss"] == pytest.approx(loss)
    assert vals["dL/dw"] == pytest.approx(grad[0])
    assert vals["dL/db"] == pytest.approx(grad[1])
    text = window.readout.label.text()
    assert "0.5·xᵢ + 0.25" in text  # the numbers plugged into the formula
    xs, ys = window.data_panel.curve.getData()
    np.testing.assert_allclose(ys, 0.5 * xs + 0.25)
    # moving the slider itself (not the entry) works too
    w_slider.slider.setValue(w_slider.slider.maximum())
    qtbot.waitUntil(lambda: s.snapshot.params[0] == pytest.approx(10.0))


def test_contour_click_sets_start_point(qtbot, window):
    s = window.session
    vb = window.contour.plot_item.vb
    (u0, u1), (v0, v1) = vb.viewRange()
    target = (u0 + 0.3 * (u1 - u0), v0 + 0.7 * (v1 - v0))  # inside the map, away from the ball
    scene_pt = vb.mapViewToScene(QPointF(*target))
    view_pt = window.contour.plot_widget.mapFromScene(scene_pt)
    qtbot.mouseClick(window.contour.plot_widget.viewport(), Qt.MouseButton.LeftButton, pos=view_pt)
    qtbot.waitUntil(lambda: s.snapshot.step == 0 and abs(s.snapshot.params[0] - target[0]) < 0.05)
    w, b = s.snapshot.params
    assert (w, b) == pytest.approx(target, abs=0.05)
    np.testing.assert_allclose(s.start, s.snapshot.params)
    assert window.readout.values["w"] == pytest.approx(w)
    xs, ys = window.data_panel.curve.getData()
    np.testing.assert_allclose(ys, w * xs + b)


def test_settings_change_mid_run_without_restart(qtbot, window):
    s = window.session
    s.play()
    wait_step(qtbot, window, 200)
    before = s.snapshot.step
    s.update_settings(lr=0.002, loss="mse")
    qtbot.wait(100)
    assert s.running and s.snapshot.step >= before  # no restart from zero
    s.update_settings(optimizer="adam")
    s.update_settings(optimizer="sgd", batch_size=2)
    wait_step(qtbot, window, s.snapshot.step + 100)
    s.pause()
    assert s.snapshot.diverged is None


def test_slow_motion_shows_each_step(qtbot, window):
    s = window.session
    s.update_settings(speed=4.0)
    seen = []
    s.frameChanged.connect(lambda frame: seen.append(frame.step))
    t0 = time.perf_counter()
    s.play()
    qtbot.waitUntil(lambda: bool(seen) and max(seen) >= 5, timeout=20000)
    elapsed = time.perf_counter() - t0
    s.pause()
    wait_settled(qtbot, s)
    steps = [k for k in seen if k > 0]
    # never faster than 4 steps a second (a lower bound: a loaded machine may only be slower)
    assert elapsed >= 0.8 * (5 - 1) / 4.0
    assert steps == sorted(steps) and set(steps) == set(range(1, max(steps) + 1))  # every step was drawn


def test_close_during_run_stops_thread(qtbot, config_dir):
    win = make_window(qtbot, settings=Settings(speed=math.inf))
    win.session.play()
    wait_step(qtbot, win, 100)
    win.close()
    assert not win.session.thread_running()
    assert win.session.snapshot.step >= 100


def test_a_closed_window_paints_no_more_3d(qtbot, config_dir, monkeypatch):
    """Once the window is closing, the 3D view paints nothing, whatever reaches it (a modal
    dialog's event loop can deliver an update request while the window is torn down)."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from pyqtgraph.opengl.GLViewWidget import GLViewMixin

    win = make_window(qtbot, settings=Settings(speed=math.inf))
    if win.view3d is None:
        win.close()
        pytest.skip("no OpenGL here")
    gl_view = win.view3d.gl_view
    painted = []
    real = GLViewMixin.drawItemTree   # every frame draws items (over the cached backdrop or not)
    monkeypatch.setattr(GLViewMixin, "drawItemTree",
                        lambda self, *a, **k: (painted.append(self), real(self, *a, **k))[1])
    gl_view.update()
    qtbot.waitUntil(lambda: gl_view in painted)           # (the spy sees paints while open)
    win.session.play()
    win.close()
    painted.clear()
    QCoreApplication.sendEvent(gl_view, QEvent(QEvent.Type.UpdateRequest))
    gl_view.paintGL()
    assert win.view3d.gl_view.render_image() is None
    qtbot.wait(50)
    assert painted == []


def test_layout_is_remembered(qtbot, config_dir):
    win = make_window(qtbot)
    win.docks["readout"].hide()
    win.close()
    session = Session(gc.preset("lesson"))
    win2 = MainWindow(session, restore_layout=True)
    qtbot.addWidget(win2)
    assert win2.docks["readout"].isHidden()
    win2.close()


def test_bad_file_keeps_data(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y\n1,2\n3,abc\n")
    before = window.session.dataset
    assert window.open_file(bad) is False
    assert window.session.dataset is before
    assert "bad.csv" in shown[0] and "line 3" in shown[0]


def test_contour_fallback_without_gl(qtbot, config_dir):
    win = make_window(qtbot, use_gl=False)
    assert win.view3d is None
    assert "landscape3d" not in win.docks
    assert "3D view unavailable" in win.statusBar().currentMessage()
    win.session.step_once(5)
    wait_step(qtbot, win, 5)
    assert win.contour.ball_position() == pytest.approx(tuple(win.session.snapshot.params))
    win.close()


@pytest.mark.gl
def test_3d_view_present_under_a_gl_display(window):
    assert window.view3d is not None, window.gl_reason


def _run_cli(args, env_extra=None, timeout=120):
    env = dict(os.environ)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "gradviz", *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


@pytest.mark.slow
def test_screenshot_mode_writes_window_png(tmp_path, config_dir):
    out = tmp_path / "shot.png"
    r = _run_cli(["--screenshot", str(out), "--steps", "300", "--size", "1200x800", "--fresh"],
                 {"GRADVIZ_CONFIG_DIR": str(config_dir)})
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    img = QImage(str(out))
    assert (img.width(), img.height()) == (1200, 800)
    # not blank: many distinct colours
    small = img.scaled(120, 80)
    colours = {small.pixel(x, y) for x in range(120) for y in range(80)}
    assert len(colours) > 50


@pytest.mark.slow
def test_offscreen_platform_falls_back_to_contour(tmp_path, config_dir):
    out = tmp_path / "shot.png"
    r = _run_cli(["--screenshot", str(out), "--steps", "10", "--fresh"],
                 {"QT_QPA_PLATFORM": "offscreen", "GRADVIZ_CONFIG_DIR": str(config_dir)})
    assert r.returncode == 0, r.stderr
    assert out.exists()


@pytest.mark.parametrize("args, fragment", [
    (["--lr", "-1"], "must be greater than 0"),
    (["--lr", "abc"], "is not a number"),
    (["--loss", "l3"], "invalid choice"),
    (["--hidden", "40"], "between 1 and 16"),
    (["--preset", "nope"], "nope"),
    (["does-not-exist.csv"], "does-not-exist.csv"),
])
def test_bad_arguments_exit_cleanly(args, fragment, config_dir):
    r = _run_cli(args + ["--screenshot", "unused.png"], {"GRADVIZ_CONFIG_DIR": str(config_dir)})
    assert r.returncode == 2
    assert fragment in r.stderr
    assert "Traceback" not in r.stderr


def test_version_flag():
    r = _run_cli(["--version"])
    assert r.returncode == 0 and r.stdout.strip().startswith("gradviz ")


# ----- layout -----------------------------------------------------------------------------

def _dock_height(win, key):
    return win.docks[key].height()


def test_docks_and_data_view_share_a_small_window_and_recover_when_it_grows(qtbot, config_dir):
    win = make_window(qtbot)
    win.resize(1600, 1000)
    qtbot.wait(100)
    big = {k: (win.docks[k].width(), win.docks[k].height()) for k in ("controls", "loss", "readout")}
    win.resize(800, 600)
    qtbot.wait(100)
    assert win.data_panel.width() >= 300, win.data_panel.width()    # not squeezed to a sliver
    assert win.data_panel.height() >= 200, win.data_panel.height()
    assert win.docks["loss"].height() >= 100 and win.docks["readout"].height() >= 100
    win.resize(1600, 1000)
    qtbot.wait(100)
    for k, (w, h) in big.items():  # each dock gets its share back (within a few pixels)
        assert abs(win.docks[k].width() - w) <= 0.05 * w + 4, (k, win.docks[k].width(), w)
        assert abs(win.docks[k].height() - h) <= 0.05 * h + 4, (k, win.docks[k].height(), h)
    win.close()


def test_a_dock_size_the_user_chose_is_the_share_kept_on_resize(qtbot, config_dir):
    win = make_window(qtbot)
    win.resize(1400, 900)
    qtbot.wait(100)
    loss = win.docks["loss"]
    # what a separator drag does (the shares are recorded while the mouse button is down)
    win.resizeDocks([loss], [400], Qt.Orientation.Vertical)
    qtbot.wait(50)
    chosen = loss.height()
    assert chosen > 300
    win.dock_shares.record()
    win.resize(1400, 1000)
    qtbot.wait(100)
    assert loss.height() == pytest.approx(chosen * 1000 / 900, abs=0.03 * chosen + 4)
    win.close()


def test_reset_layout_keeps_the_network_dock_hidden_for_the_line(qtbot, window):
    assert window.session.model.name == "line"
    window.act_reset_layout.trigger()
    qtbot.wait(50)
    assert window.docks["network"].isHidden()
    assert not window.docks["network"].toggleViewAction().isEnabled()
    for key in ("controls", "contour", "loss", "readout"):
        assert window.docks[key].isVisible(), key
    if "landscape3d" in window.docks:  # the 3D view keeps the larger part of its column
        assert window.docks["landscape3d"].height() > 1.5 * window.docks["contour"].height()


def test_reset_layout_shows_the_network_dock_for_the_network(qtbot, config_dir):
    win = make_window(qtbot, settings=Settings(model="network", hidden=2))
    win.docks["network"].hide()
    win.act_reset_layout.trigger()
    qtbot.wait(50)
    assert win.docks["network"].isVisible()
    win.close()


def test_a_saved_layout_cannot_show_the_network_dock_for_the_line(qtbot, config_dir):
    win = make_window(qtbot, settings=Settings(model="network", hidden=2))
    assert win.docks["network"].isVisible()
    win.close()
    win2 = MainWindow(Session(gc.preset("lesson")), restore_layout=True)
    qtbot.addWidget(win2)
    win2.show()
    assert win2.session.model.name == "line" and win2.docks["network"].isHidden()
    win2.close()


def test_window_size_and_position_are_restored_on_relaunch(qtbot, config_dir, monkeypatch):
    """Two launches through the command line in sequence: the second opens where the first
    was closed; an explicit --size still wins."""
    import signal

    from PySide6.QtWidgets import QApplication

    import gradviz.__main__ as cli

    seen = []

    def exec_(app, first=[True]):
        win = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        seen.append((win.width(), win.height(), win.x(), win.y()))
        if first[0]:
            first[0] = False
            win.resize(900, 700)
            win.move(40, 50)
            qtbot.wait(50)
        win.close()
        return 0

    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    monkeypatch.setattr(QApplication, "exec", exec_)
    try:
        assert cli.main(["--no-gl"]) == 0
        assert cli.main(["--no-gl"]) == 0
        assert cli.main(["--no-gl", "--size", "1000x800"]) == 0
    finally:
        for s, h in handlers.items():
            signal.signal(s, h)
    assert seen[0][:2] == (1400, 900)        # the first launch: the default size
    assert seen[1] == (900, 700, 40, 50)      # as the first window was left
    assert seen[2][:2] == (1000, 800)         # --size asked for: that size


# ----- help ----------------------------------------------------------------------------------

def test_f1_shows_a_table_of_every_shortcut_from_the_actions(qtbot, window):
    from PySide6.QtGui import QKeySequence

    dialog = window.show_shortcuts()
    qtbot.waitExposed(dialog)
    rows = dialog.rows()
    keys = {k: a for k, a in rows}
    assert keys["Space"] == "Play / Pause"
    assert keys["Ctrl+Shift+P"] == "Save Screenshot"
    assert keys["F1"] == "Keyboard shortcuts"
    assert keys["Ctrl+Z"] == "Undo"
    assert keys["Ctrl+Shift+Z or Ctrl+Y"] == "Redo"
    # every action with a shortcut is listed, with all its keys
    for act in window.actions():
        if act.shortcuts():
            text = " or ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in act.shortcuts())
            assert text in keys, text
    assert ("Click", "Add a point") in rows  # the mouse gestures follow
    assert ("Enter", "Focus the chosen run (its controls and readout)") in rows  # the runs table's keys
    assert dialog.table.columnCount() == 2
    dialog.close()


def test_undo_keeps_its_name_in_the_shortcuts_table_after_an_edit(qtbot, window):
    window.editor.add_point(2.0, 5.0)
    assert window.act_undo.text().startswith("&Undo add point")
    dialog = window.show_shortcuts()
    assert ("Ctrl+Z", "Undo") in dialog.rows()
    dialog.close()


# ----- a new data set, a new run ------------------------------------------------------------

def test_a_preset_loaded_mid_run_starts_a_new_run(qtbot, window):
    s = window.session
    s.play()
    wait_step(qtbot, window, 300)
    s.pause()
    window.load_preset("sine")
    target = s.request_sync()
    qtbot.waitUntil(lambda: s.frame.seq >= target, timeout=10000)
    frame = s.frame
    assert frame.dataset.name == "sine"
    assert frame.step == 0
    np.testing.assert_array_equal(frame.params, [1.0, 0.0])  # the window's start point
    _, losses = window.loss_curve.curve.getData()
    assert len(losses) == 1  # the old path is not re-scored on the new data


def test_frames_are_paced_at_the_refresh_rate_of_the_windows_screen(window):
    from gradviz.gui.training.pacer import display_rate

    assert window.session.pacer.rate() == pytest.approx(display_rate(window.screen().refreshRate()))


def test_the_default_layout_gives_the_loss_curve_and_readout_their_share(qtbot, config_dir):
    # the landscape column stands above the bottom docks: sized to the whole window height,
    # it squeezed the loss curve and readout to a strip
    win = MainWindow(Session(gc.preset("lesson")), restore_layout=False)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    qtbot.wait(50)
    for key in ("loss", "readout"):
        assert win.docks[key].height() >= 0.2 * win.height(), (key, win.docks[key].height())
    if "landscape3d" in win.docks:
        assert win.docks["landscape3d"].height() > 1.5 * win.docks["contour"].height()
    win.close()
