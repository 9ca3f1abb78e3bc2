"""Suite-wide hooks and fixtures. Keep this file small: Qt fixtures belong in tests/gui/conftest.py.

Displays: scripts/test.sh runs pytest under xvfb-run with QT_QPA_PLATFORM=xcb, so Qt tests
and the OpenGL (``gl``) tests get a real X display with Mesa's software GL. Bare ``pytest``
gets one from pytest-xvfb when Xvfb is installed. tests/core never needs a display.
"""

from __future__ import annotations

import os
import threading
import time

import pytest


@pytest.hookimpl(trylast=True)  # after pytest-xvfb's pytest_configure has set DISPLAY
def pytest_configure(config: pytest.Config) -> None:
    if "QT_QPA_PLATFORM" not in os.environ:
        if os.environ.get("DISPLAY"):
            # Xvfb (or a real X server): use it even on a Wayland desktop, GLX lives there
            os.environ["QT_QPA_PLATFORM"] = "xcb"
        elif not os.environ.get("WAYLAND_DISPLAY"):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"  # widgets work, OpenGL doesn't


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Without any display there is no OpenGL context to be had. Skip `gl` tests then, with a
    # pointer -- but never on CI or under scripts/test.sh, where that would hide a broken set-up.
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason="no display for OpenGL: run ./scripts/test.sh (uses Xvfb)")
    for item in items:
        if item.get_closest_marker("gl"):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _no_leftover_threads():
    """Fail a test that leaves a Python thread running after it (2 s grace to finish).

    QThreads are not covered here: one that ever ran Python code shows up in
    threading.enumerate() as a _DummyThread that stays "alive" forever, so those are
    ignored. A QThread check (QThread.isRunning on threads the test made) belongs in
    tests/gui/conftest.py.
    """
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 2.0
    while True:
        left = [
            t
            for t in threading.enumerate()
            if t not in before and t.is_alive() and not isinstance(t, threading._DummyThread)
        ]
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    if left:
        names = ", ".join(f"{t.name!r} (daemon={t.daemon})" for t in left)
        pytest.fail(f"test left thread(s) running: {names}; stop and join them", pytrace=False)
