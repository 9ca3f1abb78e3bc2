"""Clean exits: Ctrl+C (SIGINT) and SIGTERM in the terminal mid-run, with edits not yet
autosaved, and while a modal dialog is open; closing the window while a dialog is open or
while the landscape is being recomputed.

The process tests run the real command line (``gradviz.__main__.main``, as ``python -m
gradviz`` does) under the test's display, with a throw-away GRADVIZ_CONFIG_DIR, through a
small test-side wrapper that says when the window is up (and, for some tests, draws a point
or opens a dialog first). Each must end with exit code 0, no traceback, no Qt warning on
stderr, and an autosave that loads back to exactly the data on screen at the end.
"""

from __future__ import annotations

import math
import os
import select
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

import gradviz.core as gc
from gradviz.gui.files.autosave import restore_state
from windows import make_window
from gradviz.gui.state.settings import Settings

WRAPPER = textwrap.dedent("""
    # Test-side wrapper: run gradviz's command line; once the window is up, do what
    # EXIT_TEST_DO says and print READY (then the test sends the signal).
    import os, sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    import gradviz.__main__ as cli

    todo = os.environ.get("EXIT_TEST_DO", "")
    real_exec = QApplication.exec

    def exec_(app):
        def ready():
            win = next(w for w in app.topLevelWidgets() if type(w).__name__ == "MainWindow")
            if "edit" in todo:  # drawn just before the signal: not autosaved yet (400 ms debounce)
                win.editor.add_point(123.0, 456.0)
            print(f"READY step={win.session.snapshot.step} running={win.session.running}", flush=True)
            if "dialog" in todo:
                QTimer.singleShot(0, win.show_shortcuts)  # modal: its own event loop
        QTimer.singleShot(1500, ready)
        return real_exec()

    QApplication.exec = exec_
    sys.exit(cli.main(sys.argv[1:]))
""")

def seed_autosave(config_dir: Path) -> gc.Dataset:
    """A previous run's drawn data, as the autosave left it."""
    config_dir.mkdir(parents=True, exist_ok=True)
    ds = gc.Dataset(np.array([0.5, 1.5, 2.5, 4.0, 6.0]), np.array([1.0, 1.7, 3.1, 3.9, 6.2]), name="drawn")
    gc.save_csv(ds, config_dir / "autosave.csv")
    return ds


def run_and_signal(tmp_path, config_dir, sig, todo="", args=("--autoplay", "--speed", "max"), after_s=1.0):
    script = tmp_path / "wrapper.py"
    script.write_text(WRAPPER)
    env = dict(os.environ, GRADVIZ_CONFIG_DIR=str(config_dir), EXIT_TEST_DO=todo)
    proc = subprocess.Popen([sys.executable, str(script), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=str(tmp_path))
    try:
        ready, _, _ = select.select([proc.stdout], [], [], 90)  # the window is up within seconds
        line = proc.stdout.readline() if ready else ""
        if not line.startswith("READY"):
            proc.kill()
            out, err = proc.communicate()
            pytest.fail(f"gradviz did not come up (stdout {line + out!r}); stderr:\n{err}")
        time.sleep(after_s)
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        pytest.fail(f"gradviz did not exit within 30 s of {sig!r} (todo={todo!r}); stderr:\n{err}")
    finally:
        if proc.poll() is None:  # never leave it running
            proc.kill()
            proc.communicate()
    return proc.returncode, line + out, err


def assert_clean(code, err):
    assert "Traceback" not in err, err
    assert not err.strip(), "stderr is not empty (a Qt warning or an error):\n" + err
    assert code == 0, f"exit code {code}; stderr:\n{err}"


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_signal_mid_run_exits_cleanly_and_keeps_the_last_edit(tmp_path, config_dir, sig):
    before = seed_autosave(config_dir)
    code, out, err = run_and_signal(tmp_path, config_dir, sig, todo="edit")
    assert "running=True" in out  # it was training flat out when the signal came
    assert_clean(code, err)
    restored = restore_state(config_dir)
    assert not restored.messages, restored.messages
    want = before.with_point(123.0, 456.0)
    np.testing.assert_array_equal(restored.dataset.x, want.x)  # the edit made just before the signal
    np.testing.assert_array_equal(restored.dataset.y, want.y)
    assert restored.settings is not None and math.isinf(restored.settings.speed)
    assert (config_dir / "gradviz.ini").exists()  # the window's own shutdown ran (layout saved)


@pytest.mark.slow
def test_ctrl_c_while_a_dialog_is_open(tmp_path, config_dir):
    before = seed_autosave(config_dir)
    code, out, err = run_and_signal(tmp_path, config_dir, signal.SIGINT, todo="dialog")
    assert_clean(code, err)
    restored = restore_state(config_dir)
    assert not restored.messages, restored.messages
    np.testing.assert_array_equal(restored.dataset.x, before.x)
    np.testing.assert_array_equal(restored.dataset.y, before.y)


# ----- in the test process: close while a dialog is open / during a recompute ----------------------

class DialogWatch:
    """Closes the window while a modal dialog is up; afterwards reports whether the dialog
    went away with the window (a safety timer rejects it otherwise, so a failing test does
    not hang)."""

    def __init__(self, win, kind) -> None:
        self.win, self.kind = win, kind
        self.seen = None
        self.outlived = False
        self._safety = QTimer()
        self._safety.setSingleShot(True)
        self._safety.timeout.connect(self._rescue)

    def _close_when_up(self) -> None:
        dlg = QApplication.activeModalWidget()
        if not isinstance(dlg, self.kind):
            QTimer.singleShot(20, self._close_when_up)
            return
        self.seen = dlg
        self._safety.start(3000)
        self.win.session.play()  # mid-run, too
        self.win.close()

    def _rescue(self) -> None:
        dlg = QApplication.activeModalWidget()
        if dlg is not None:
            self.outlived = True
            dlg.reject()

    def arm(self) -> None:
        QTimer.singleShot(50, self._close_when_up)

    def stop(self) -> None:
        self._safety.stop()


def _assert_closed_cleanly(win, watch):
    watch.stop()
    assert watch.seen is not None, "the dialog never appeared"
    assert not watch.outlived, "the dialog stayed open after its window was closed"
    assert not win.isVisible()
    assert not win.session.thread_running()
    assert not win.files.loader.busy


def test_close_while_the_open_file_dialog_is_up(qtbot, config_dir, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda parent, *a, **k: _real_modal(QFileDialog(parent, "Open data"), ("", "")))
    win = make_window(qtbot)
    before = win.session.dataset
    watch = DialogWatch(win, QFileDialog)
    watch.arm()
    win.act_open.trigger()  # returns when the dialog is gone
    _assert_closed_cleanly(win, watch)
    assert win.session.dataset is before


def _real_modal(dlg, cancelled):
    """Run a real, modal QFileDialog (Qt's own widget, as on a desktop without a native one)."""
    dlg.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    if dlg.exec() == QDialog.DialogCode.Accepted and dlg.selectedFiles():
        return dlg.selectedFiles()[0], ""
    return cancelled


def test_close_while_the_error_dialog_is_up(qtbot, config_dir, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y\n1,2\n3,abc\n")
    win = make_window(qtbot)
    before = win.session.dataset
    watch = DialogWatch(win, QMessageBox)
    watch.arm()
    win.files.open_path(bad)  # the error box is modal: this returns when it is gone
    qtbot.waitUntil(lambda: watch.seen is not None and not win.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5000)
    _assert_closed_cleanly(win, watch)
    assert win.session.dataset is before


def test_close_while_the_column_dialog_is_up(qtbot, config_dir, tmp_path):
    from gradviz.gui.files.column_dialog import ColumnDialog

    wide = tmp_path / "wide.csv"
    wide.write_text("a,b,c\n1,2,3\n4,5,6\n")
    win = make_window(qtbot)
    before = win.session.dataset
    watch = DialogWatch(win, ColumnDialog)
    watch.arm()
    assert win.files.open_path(wide) is False  # the dialog went away: nothing was chosen
    _assert_closed_cleanly(win, watch)
    assert win.session.dataset is before
    qtbot.wait(200)
    assert win.session.dataset is before  # and no load started after the window closed


@pytest.mark.slow
@pytest.mark.parametrize("delay_ms", [0, 1, 5, 20, 60, 150])
def test_close_during_a_surface_recompute(qtbot, config_dir, delay_ms):
    """A network of 16 neurons on 10,000 points trains flat out: its landscape slice is
    recomputed several times a second (and at once on a new parameter pair). Close at
    once or a moment later, repeatedly: no exception, no warning, the thread stops."""
    win = make_window(qtbot, gc.preset("seed-002"), Settings(model="network", hidden=16, optimizer="adam",
                                                              lr=0.01, speed=math.inf))
    times = []
    win.landscape.surfaceComputed.connect(times.append)
    win.session.play()
    qtbot.waitUntil(lambda: win.session.snapshot.step > 20, timeout=20000)
    win.pair_selector.u_combo.setCurrentIndex(5)  # a new slice: recomputed now...
    win.data_panel.editor.add_point(50.0, 80.0)  # ...and a data edit: again, rate-limited
    QTimer.singleShot(delay_ms, win.close)
    qtbot.waitUntil(lambda: not win.isVisible(), timeout=5000)
    qtbot.wait(400)  # a deferred recompute that was pending must not run on the closed window
    assert not win.session.thread_running()
    assert times  # slices were being computed


def test_close_twice_and_quit_action(qtbot, config_dir):
    win = make_window(qtbot, settings=Settings(speed=math.inf))
    win.session.play()
    qtbot.waitUntil(lambda: win.session.snapshot.step > 10, timeout=10000)
    win.act_quit.trigger()
    win.close()
    win.shutdown()
    assert not win.session.thread_running()
