"""A Session for a panel test without a window, shut down afterwards."""

from __future__ import annotations

import contextlib
import math

import gradviz.core as gc
from gradviz.gui.state.session import Session
from gradviz.gui.state.settings import Settings


@contextlib.contextmanager
def session_for(dataset=None, start=(1.0, 0.0), **settings):
    settings.setdefault("speed", math.inf)
    s = Session(dataset if dataset is not None else gc.preset("lesson"), Settings(**settings), start=start)
    try:
        yield s
    finally:
        s.shutdown()


def advance(qtbot, session, k: int) -> None:
    """Take k steps and wait until the frame that shows them is published."""
    target = session.frame.step + k
    session.step_once(k)
    qtbot.waitUntil(lambda: session.frame.step >= target or session.frame.snapshot.diverged is not None,
                    timeout=20000)


def wait_current(qtbot, session) -> None:
    """Wait until the published frame belongs to the session's current settings and data."""
    qtbot.waitUntil(lambda: session.frame.settings is session.settings and session.frame.dataset is session.dataset,
                    timeout=10000)
