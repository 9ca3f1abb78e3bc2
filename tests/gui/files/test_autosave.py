"""Keep the user's work: autosave after edits, state restored after a restart (a real new
process), a crash mid-write leaves the previous copy intact, a damaged autosave falls back
to the default data with a message."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

import gradviz.core as gc
from gradviz.gui.files import autosave
from gradviz.gui.files.autosave import DATA_FILE, RUN_FILE, STATE_FILE, Autosaver, restore_state
from gradviz.gui.files.autosave_runs import RUNS_FILE
from windows import make_window
from gradviz.gui.state.session import Session
from gradviz.gui.state.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def click(panel, x, y):
    vb = panel.getPlotItem().vb
    QTest.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     panel.mapFromScene(vb.mapViewToScene(QPointF(x, y))))


LAUNCH = textwrap.dedent("""
    import json, sys
    import gradviz.app as app
    from gradviz.__main__ import main

    def report(qapp, window, session, args):
        s = session
        _focus, runs = s.runs.request_saved().result(timeout=10)
        print("REPORT " + json.dumps({
            "x": s.dataset.x.tolist(), "y": s.dataset.y.tolist(), "name": s.dataset.name,
            "settings": {k: (v if v == v and v not in (float("inf"),) else str(v))
                         for k, v in s.settings.__dict__.items()},
            "start": s.start.tolist(), "status": window.statusBar().currentMessage(),
            "source": str(window.files.current_path) if window.files.current_path else None,
            "drawn": len(window.data_panel.points.getData()[0]),
            "step": s.snapshot.step, "params": s.snapshot.params.tolist(),
            "path": len(s.snapshot.path_steps), "readout_step": window.readout.values["step"],
            "runs": [[label, st.optimizer, st.lr, follows, state["step"], state["params"].tolist()]
                     for label, st, follows, state in runs],
        }))
        window.close()
        return 0

    app._screenshot = report
    sys.exit(main(sys.argv[1:] + ["--screenshot", "unused.png", "--no-gl"]))
""")


def launch(config_dir, *args) -> dict:
    """Start the app in a new process (the real launch path: restore, arguments, window)
    and report what it shows."""
    env = dict(os.environ, GRADVIZ_CONFIG_DIR=str(config_dir))
    r = subprocess.run([sys.executable, "-c", LAUNCH, *args], capture_output=True, text=True, timeout=120,
                       env=env, cwd=str(ROOT))
    assert r.returncode == 0, r.stderr
    line = [ln for ln in r.stdout.splitlines() if ln.startswith("REPORT ")]
    assert line, r.stdout + r.stderr
    return json.loads(line[0][len("REPORT "):])


# ----- autosave after edits -------------------------------------------------------------------

def test_drawn_points_are_saved_automatically(qtbot, config_dir):
    win = make_window(qtbot, dataset=gc.Dataset(np.zeros(0), np.zeros(0)))
    try:
        win.data_panel.setRange(xRange=(0, 10), yRange=(0, 10), padding=0)
        for x, y in [(1, 2), (3, 3), (5, 5.5)]:
            click(win.data_panel, x, y)
        data = config_dir / DATA_FILE
        qtbot.waitUntil(lambda: data.exists() and len(gc.load_csv(data, allow_empty=True)) == 3, timeout=5000)
        saved = gc.load_csv(data)
        np.testing.assert_array_equal(saved.x, win.session.dataset.x)  # full precision
        np.testing.assert_array_equal(saved.y, win.session.dataset.y)
        # session.json is written just after the data file (same background save): wait for it too
        state_file = config_dir / STATE_FILE

        def state_says_three():
            try:
                return json.loads(state_file.read_text())["data"]["points"] == 3
            except (OSError, ValueError, KeyError):
                return False

        qtbot.waitUntil(state_says_three, timeout=5000)
        state = json.loads(state_file.read_text())
        assert state["data"]["points"] == 3 and state["settings"]["lr"] == 0.001
    finally:
        win.close()


def test_state_restored_after_a_restart(qtbot, config_dir, tmp_path):
    """Draw by clicking, change settings, quit; a new process shows the same data and
    settings (and Save still knows the file)."""
    src = tmp_path / "start.csv"
    src.write_text("x,y\n0,0\n10,10\n")
    win = make_window(qtbot, settings=Settings(speed=math.inf))
    assert win.open_file(src)
    for x, y in [(2, 3.5), (4, 4.25), (6, 7.75)]:
        click(win.data_panel, x, y)
    win.session.update_settings(lr=0.004, loss="mse", optimizer="momentum", speed=math.inf)
    win.session.set_start([0.5, -0.25])
    drawn_x, drawn_y = win.session.dataset.x.copy(), win.session.dataset.y.copy()
    win.close()  # no wait: closing writes the last state synchronously
    got = launch(config_dir)
    assert got["x"] == drawn_x.tolist() and got["y"] == drawn_y.tolist()  # bit for bit
    assert got["name"] == "start"
    assert got["settings"]["lr"] == 0.004 and got["settings"]["loss"] == "mse"
    assert got["settings"]["optimizer"] == "momentum" and got["settings"]["speed"] == "inf"
    assert got["start"] == [0.5, -0.25]
    assert got["source"] == str(src)
    assert got["status"].startswith("Restored your data from last time: 5 points")
    assert got["drawn"] == 5
    # command-line options win over the saved ones; --fresh ignores the saved state
    assert launch(config_dir, "--lr", "0.002")["settings"]["lr"] == 0.002
    fresh = launch(config_dir, "--fresh")
    assert len(fresh["x"]) == 8 and fresh["settings"]["lr"] == 0.001


def test_file_argument_goes_through_the_gui_loading_path(config_dir, tmp_path):
    wide = tmp_path / "wide.csv"
    wide.write_text("id,name,h,w\n1,a,10,20\n2,b,11,22\n3,c,12,25\n")
    got = launch(config_dir, str(wide))  # headless: no dialog, the first two numeric columns
    assert got["x"] == [1, 2, 3] and got["y"] == [10, 11, 12]
    assert got["source"] == str(wide)
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y\n1,2\n3,abc\n")
    env = dict(os.environ, GRADVIZ_CONFIG_DIR=str(config_dir))
    r = subprocess.run([sys.executable, "-m", "gradviz", str(bad), "--screenshot", "x.png", "--no-gl"],
                       capture_output=True, text=True, timeout=120, env=env, cwd=str(tmp_path))
    assert r.returncode == 2
    assert "bad.csv, line 3, column 2 ('y'): 'abc' is not a number" in r.stderr
    assert "Traceback" not in r.stderr


# ----- crash safety ---------------------------------------------------------------------------

CRASH = textwrap.dedent("""
    import os, sys
    import numpy as np
    from PySide6.QtCore import QCoreApplication
    import gradviz.core as gc
    from gradviz.gui.files.autosave import Autosaver
    from gradviz.gui.state.session import Session

    app = QCoreApplication([])
    a = gc.Dataset.from_points([(1.0, 2.0), (3.0, 4.5), (5.0, 0.1 + 0.2)])
    session = Session(a)
    saver = Autosaver(session)
    assert saver.flush()
    print("FIRST SAVE DONE", flush=True)

    real_fdopen = os.fdopen

    class Dying:
        def __init__(self, f):
            self.f = f
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            self.f.close()
        def write(self, data):
            self.f.write(data[: len(data) // 2])  # half of the new file reaches the disk...
            self.f.flush()
            os.fsync(self.f.fileno())
            os._exit(9)  # ...and the process dies (power cut, kill -9)

    os.fdopen = lambda fd, *a, **k: Dying(real_fdopen(fd, *a, **k))
    b = gc.Dataset(np.arange(50_000.0), np.arange(50_000.0) * 2)
    session.set_dataset(b)
    saver.flush()
    print("NOT REACHED", flush=True)
""")


def test_autosave_survives_a_crash_mid_write(qtbot, config_dir):
    env = dict(os.environ, GRADVIZ_CONFIG_DIR=str(config_dir), QT_QPA_PLATFORM="offscreen")
    r = subprocess.run([sys.executable, "-c", CRASH], capture_output=True, text=True, timeout=120, env=env)
    assert r.returncode == 9, r.stderr
    assert "FIRST SAVE DONE" in r.stdout and "NOT REACHED" not in r.stdout
    leftovers = list(config_dir.glob(".autosave.csv.*.tmp"))
    assert leftovers and leftovers[0].stat().st_size > 0  # the half-written new copy
    # the previous copy is intact, bit for bit
    ds = gc.load_csv(config_dir / DATA_FILE)
    assert ds.x.tolist() == [1.0, 3.0, 5.0] and ds.y.tolist() == [2.0, 4.5, 0.1 + 0.2]
    # and the next start restores it (and sweeps the leftover away)
    restored = restore_state()
    assert restored.dataset.y.tolist() == [2.0, 4.5, 0.1 + 0.2]
    assert restored.messages == []
    assert not list(config_dir.glob(".autosave.csv.*.tmp"))
    win = make_window(qtbot, dataset=restored.dataset)
    assert win.data_panel.points.getData()[1].tolist() == [2.0, 4.5, 0.1 + 0.2]
    win.close()


@pytest.mark.parametrize("damage", [
    b"x,y\n1,2\n3,abc\n",  # a bad cell
    b"\x00\x01\x02garbage\xff\xfe",  # binary garbage
    b"",  # empty (e.g. a crash on a file system without atomic rename)
])
def test_damaged_autosave_falls_back_to_the_default_data_with_a_message(config_dir, damage):
    config_dir.mkdir(parents=True)
    (config_dir / DATA_FILE).write_bytes(damage)
    (config_dir / STATE_FILE).write_text(json.dumps({"settings": {"lr": 0.003}, "start": [1, 2]}))
    got = launch(config_dir)
    assert len(got["x"]) == 8  # the lesson data
    assert "Your autosaved data could not be read (autosave.csv" in got["status"]
    assert "started with the default data instead" in got["status"]
    assert got["settings"]["lr"] == 0.003  # the settings were fine, so they came back
    kept = list(config_dir.glob("autosave-damaged-*.csv"))
    assert len(kept) == 1 and kept[0].read_bytes() == damage  # never deleted


def test_damaged_settings_fall_back_field_by_field(config_dir):
    config_dir.mkdir(parents=True)
    gc.save_csv(gc.preset("sine"), config_dir / DATA_FILE)
    (config_dir / STATE_FILE).write_text(json.dumps({"settings": {"lr": -1, "loss": "l1", "model": "banana"}}))
    r = restore_state()
    assert len(r.dataset) == 60
    assert r.settings.loss == "l1" and r.settings.lr == 0.001 and r.settings.model == "line"
    assert "lr = -1" in r.messages[0] and "model = 'banana'" in r.messages[0]
    (config_dir / STATE_FILE).write_text("{not json")
    r = restore_state()
    assert len(r.dataset) == 60 and r.settings is None
    assert "could not be read" in r.messages[0]


def test_autosave_failure_is_reported_and_retried(qtbot, config_dir, tmp_path):
    session = Session(gc.preset("lesson"))
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be")
    try:
        saver = Autosaver(session, folder=blocked)
        failures = []
        saver.failed.connect(failures.append)
        session.set_dataset(gc.preset("step"))
        saver.flush()
        assert failures and failures[0].startswith("Autosave failed")
        saver.folder = tmp_path / "ok"
        saver.flush()  # the data set that failed is written on the next save
        assert len(gc.load_csv(tmp_path / "ok" / DATA_FILE)) == len(gc.preset("step"))
        saver.shutdown()
    finally:
        session.shutdown()


def test_a_fresh_run_keeps_the_previous_autosave_aside(qtbot, config_dir):
    config_dir.mkdir(parents=True)
    drawn = gc.Dataset.from_points([(1, 1), (2, 2.5)])
    gc.save_csv(drawn, config_dir / DATA_FILE)
    session = Session(gc.preset("lesson"))  # started --fresh: autosave.csv was not restored
    try:
        saver = Autosaver(session)
        session.set_dataset(gc.preset("step"))
        assert saver.flush()
        assert len(gc.load_csv(config_dir / DATA_FILE)) == len(gc.preset("step"))
        assert gc.load_csv(config_dir / "autosave-previous.csv").y.tolist() == [1, 2.5]
        session.set_dataset(gc.preset("sine"))
        assert saver.flush()  # only once per run: the previous copy is not overwritten
        assert gc.load_csv(config_dir / "autosave-previous.csv").y.tolist() == [1, 2.5]
        saver.shutdown()
    finally:
        session.shutdown()


def test_large_data_is_autosaved_in_binary_and_restored_exactly(qtbot, config_dir):
    from gradviz.gui.files.autosave import BIG_DATA_FILE, CSV_MAX_POINTS
    rng = np.random.default_rng(3)
    n = CSV_MAX_POINTS + 1
    big = gc.Dataset(rng.normal(size=n), rng.normal(size=n), name="survey", x_name="age", y_name="income")
    session = Session(gc.preset("lesson"))
    try:
        saver = Autosaver(session)
        session.set_dataset(gc.preset("sine"))
        assert saver.flush() and (config_dir / DATA_FILE).exists()
        session.set_dataset(big)
        assert saver.flush()
        assert (config_dir / BIG_DATA_FILE).exists() and not (config_dir / DATA_FILE).exists()
        saver.shutdown()
    finally:
        session.shutdown()
    r = restore_state()
    assert r.dataset == big  # values, name and column names
    # a damaged binary autosave falls back like a damaged CSV
    (config_dir / BIG_DATA_FILE).write_bytes(b"\x93NUMPY garbage")
    r = restore_state()
    assert r.dataset is None and "could not be read (autosave.npy" in r.messages[0]
    assert list(config_dir.glob("autosave-damaged-*.npy"))


# ----- the training run -----------------------------------------------------------------------

def _train_and_close(qtbot, steps, **settings):
    """A window trained ``steps`` steps and closed; returns its last snapshot."""
    win = make_window(qtbot, settings=Settings(**settings))
    win.session.step_once(steps)
    assert win.session.wait_for_step(steps)
    snap = win.session.snapshot
    win.close()
    return snap


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_a_relaunch_carries_the_training_run_on(qtbot, config_dir, optimizer):
    snap = _train_and_close(qtbot, 37, optimizer=optimizer, batch_size=3, lr=0.003)
    assert (config_dir / RUN_FILE).exists()
    got = launch(config_dir)
    assert got["step"] == 37 and got["readout_step"] == 37  # the first frame shows it
    assert got["params"] == snap.params.tolist() and got["path"] == len(snap.path_steps)
    assert "training carries on from step 37" in got["status"]
    # the restored run takes the very steps the first one would have taken
    state = restore_state().run
    a = gc.Trainer.from_state(gc.make_model("line"), gc.preset("lesson"), state)
    b = gc.Trainer(gc.make_model("line"), gc.preset("lesson"), optimizer=optimizer, lr=0.003,
                   batch_size=3 if optimizer == "sgd" else None)  # (the app's mini-batches are SGD's only)
    b.step(37)
    np.testing.assert_array_equal(a.step(5).params, b.step(5).params)
    # a new start point, other data or --fresh: a new run
    assert launch(config_dir, "--start", "1", "2")["step"] == 0
    assert launch(config_dir, "--preset", "sine")["step"] == 0
    assert launch(config_dir, "--fresh")["step"] == 0


def test_a_relaunch_brings_the_runs_beside_it_back(qtbot, config_dir):
    win = make_window(qtbot, settings=Settings(lr=0.002))
    s = win.session
    momentum = replace(s.settings, optimizer="momentum", lr=0.001)
    sgd = replace(s.settings, optimizer="sgd", batch_size=3, seed=4)
    assert s.runs.add(momentum) == "B" and s.runs.add(sgd, start=[2.0, -1.0]) == "C"
    s.step_once(23)
    assert s.wait_for_step(23)
    win.close()
    assert (config_dir / RUNS_FILE).exists()
    got = launch(config_dir)
    assert got["step"] == 23
    assert [r[:5] for r in got["runs"]] == [["B", "momentum", 0.001, True, 23], ["C", "sgd", 0.002, False, 23]]
    for run, st, start in zip(got["runs"], (momentum, sgd), ([1.0, 0.0], [2.0, -1.0])):
        tr = gc.Trainer(gc.make_model("line"), gc.preset("lesson"), optimizer=st.optimizer, lr=st.lr, params=start,
                        batch_size=st.effective_batch(8), seed=st.seed, momentum=st.momentum)
        assert run[5] == tr.step(23).params.tolist()  # the very same floats
    # --run asks for other runs: the saved ones stay out; a new run leaves them out too
    assert [r[0] for r in launch(config_dir, "--run", "lr=0.003")["runs"]] == ["B"]
    assert launch(config_dir, "--start", "1", "2")["runs"] == []


def test_runs_that_no_longer_fit_are_left_out_with_a_message(qtbot, config_dir):
    win = make_window(qtbot, settings=Settings(lr=0.002))
    win.session.runs.add(replace(win.session.settings, lr=0.001))
    win.session.step_once(5)
    assert win.session.wait_for_step(5)
    win.close()
    raw = json.loads((config_dir / RUNS_FILE).read_text())
    raw["runs"][0]["loss"] = "mse"
    (config_dir / RUNS_FILE).write_text(json.dumps(raw))
    got = launch(config_dir)
    assert got["step"] == 5 and got["runs"] == []
    assert "Your other runs of last time could not be carried on (runs.json, runs[0].loss: must equal" in got["status"]
    # with no run beside the focused one the file goes
    win = make_window(qtbot, settings=Settings(lr=0.002))
    win.session.step_once(2)
    assert win.session.wait_for_step(2)
    win.close()
    assert not (config_dir / RUNS_FILE).exists()


def _nan_params_run():
    tr = gc.Trainer(gc.make_model("line"), gc.preset("lesson"))
    tr.step(3)
    state = tr.state()
    state["params"] = np.array([np.nan, 1.0])
    return gc.run_state_bytes(state)


@pytest.mark.parametrize("damage, why", [
    (b"PK\x03\x04 broken", "could not be read (not a readable run file"),
    (_nan_params_run(), "could not be carried on (params holds a value that is not finite)"),
])
def test_a_damaged_run_file_starts_a_new_run_with_the_data_and_settings(qtbot, config_dir, damage, why):
    _train_and_close(qtbot, 12, lr=0.002)
    (config_dir / RUN_FILE).write_bytes(damage)
    got = launch(config_dir)
    assert got["step"] == 0 and got["path"] == 1
    assert why in got["status"] and "started a new run with the restored data and settings" in got["status"]
    assert len(got["x"]) == 8 and got["settings"]["lr"] == 0.002


def test_a_moving_run_is_saved_every_few_seconds_not_every_frame(qtbot, config_dir, monkeypatch):
    monkeypatch.setattr(autosave, "RUN_SAVE_MS", 300)
    win = make_window(qtbot, settings=Settings(speed=200.0))
    asked = []
    real = win.session.runs.request_saved
    monkeypatch.setattr(win.session.runs, "request_saved", lambda: asked.append(1) or real())
    frames = []
    win.session.frameChanged.connect(frames.append)
    try:
        # Counted against the time that really passed: a loaded machine draws fewer frames
        # in a given time, so waiting a fixed time and counting would test the machine.
        start = time.monotonic()
        win.session.play()
        qtbot.waitUntil(lambda: len(frames) >= 30 and time.monotonic() - start >= 1.0, timeout=30000)
        elapsed = time.monotonic() - start
        assert 1 <= len(asked) <= elapsed / 0.3 + 2  # at most one save per RUN_SAVE_MS
        assert len(asked) < len(frames) / 3
        win.session.pause()  # a pause saves the run as it stands
        step = win.session.snapshot.step
        # the run file itself, read as restore_state reads it (polling restore_state would
        # sweep the writer's temporary file away mid-write, as after a crash)
        run = config_dir / RUN_FILE

        def saved_step():
            try:
                return gc.run_state_from_bytes(run.read_bytes())["step"]
            except (OSError, gc.RunStateError):
                return -1

        qtbot.waitUntil(lambda: saved_step() >= step, timeout=5000)
        assert restore_state().run["step"] >= step
    finally:
        win.close()


@pytest.mark.slow
def test_kill_9_mid_run_keeps_the_data_and_a_whole_run_file(tmp_path, config_dir):
    """Killed (SIGKILL: no shutdown at all) while training flat out, just after a run save:
    the next start finds the data and a run file that loads, never a part of one."""
    env = dict(os.environ, GRADVIZ_CONFIG_DIR=str(config_dir))
    proc = subprocess.Popen([sys.executable, "-m", "gradviz", "--autoplay", "--speed", "max", "--no-gl"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=str(ROOT))
    try:
        end = time.monotonic() + 60
        while not (config_dir / RUN_FILE).exists() and time.monotonic() < end and proc.poll() is None:
            time.sleep(0.1)
        time.sleep(0.2)  # (a second save may be under way: the rename keeps it whole)
        assert proc.poll() is None, proc.stderr.read()
    finally:
        proc.kill()
        proc.communicate()
    r = restore_state()
    assert r.messages == [] and len(r.dataset) == 8 and r.run is not None
    tr = gc.Trainer.from_state(gc.make_model("line"), r.dataset, r.run)
    assert tr.step_count > 0
