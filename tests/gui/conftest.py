"""GUI test guards."""

from __future__ import annotations

import sys
import time
from pathlib import Path

# The shared helpers (windows.py, screen_invariants.py) live here; the tests of each part
# live in a folder below and import them by name.
sys.path.insert(0, str(Path(__file__).parent))

import pytest


@pytest.fixture
def config_dir(tmp_path, monkeypatch):
    """Settings and autosave in a temporary folder: a test never touches the user's."""
    d = tmp_path / "config"
    monkeypatch.setenv("GRADVIZ_CONFIG_DIR", str(d))
    return d


@pytest.fixture(autouse=True)
def _no_running_training_thread():
    """Fail a test that leaves a Session's training QThread running (a window it never
    closed). Such threads are invisible to threading.enumerate()'s checks (they show as
    _DummyThread), and a running QThread destroyed later by the garbage collector aborts
    the whole test process."""
    yield
    from PySide6.QtCore import QCoreApplication

    from gradviz.gui.state.session import running_sessions

    end = time.perf_counter() + 3.0
    while running_sessions() and time.perf_counter() < end:
        QCoreApplication.processEvents()
        time.sleep(0.01)
    left = running_sessions()
    for s in left:
        s.shutdown()  # don't let one leak take the next tests (or the process) down
    assert not left, f"{len(left)} training thread(s) left running: close the window (qtbot.addWidget) or call shutdown()"
