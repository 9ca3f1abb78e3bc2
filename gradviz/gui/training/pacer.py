"""Frame pacing: when the GUI draws the worker's latest snapshot, and when the worker may go on.

A snapshot's arrival only schedules a render. While the GUI has not taken the snapshot the
worker posts nothing new, so the event queue drains and timers and input are never starved
(a flood of posted events starves QTimers under the glib dispatcher). A frame is done once
its repaints ran (and any paint barrier painted); only then does the worker get its turn.

Frames aim at the screen's refresh rate: the render timer never starts two frames closer
than one refresh apart, and the worker's turn between frames shrinks so that a frame plus a
turn fits in one refresh (see :func:`trainer_turn`).
"""

from __future__ import annotations

import math
import time
from typing import Callable

import shiboken6
from PySide6.QtCore import QObject, QTimer

DEFAULT_RATE = 60.0  # frames/s when the screen does not say (or says something absurd)
RATE_RANGE = (20.0, 500.0)  # refresh rates outside this are not believed
IDLE_FRACTION = 0.1  # after a frame that took T, leave the event loop at least T/10 (the trainer's turn counts)
PAINT_BARRIER_MAX_MS = 100  # a view that never paints (hidden, minimised) cannot hold training up longer

# Fast runs take turns with the GUI: the GUI draws a frame while the trainer waits (with the
# trainer running, every Qt call the GUI makes waits for the GIL, up to 5 ms each), then the
# trainer computes for its turn: COMPUTE_SLICE, or less when frames are slow, so that frame +
# turn fits in one refresh (but at least MIN_SLICE). Frames slower than SLOW_FRAME (a big
# network) cannot keep MIN_FRAME_RATE anyway: there the trainer keeps COMPUTE_SLICE, since
# squeezing it would slow training without buying frames.
COMPUTE_SLICE = 0.008
MIN_SLICE = 0.003
MIN_FRAME_RATE = 30.0
SLOW_FRAME = 1.0 / MIN_FRAME_RATE


def trainer_turn(frame_seconds: float, aim_seconds: float = 1.0 / DEFAULT_RATE) -> float:
    """How long the trainer computes after a frame that took ``frame_seconds`` to draw, when
    frames aim to come every ``aim_seconds``."""
    if frame_seconds > SLOW_FRAME:
        return COMPUTE_SLICE
    return min(COMPUTE_SLICE, max(MIN_SLICE, aim_seconds - frame_seconds))


def display_rate(hz) -> float:
    """Frames per second to aim at for a screen reporting ``hz`` (None: no screen)."""
    try:
        hz = float(hz)
    except (TypeError, ValueError):
        return DEFAULT_RATE
    if not math.isfinite(hz) or not RATE_RANGE[0] <= hz <= RATE_RANGE[1]:
        return DEFAULT_RATE
    return hz


def primary_screen_rate() -> float:
    from PySide6.QtGui import QGuiApplication

    screen = QGuiApplication.primaryScreen() if QGuiApplication.instance() is not None else None
    return display_rate(screen.refreshRate() if screen is not None else None)


class FramePacer(QObject):
    """Sits between the worker and the session: takes the worker's latest snapshot at most
    once per refresh, hands it to ``deliver(snapshot, seq)``, and tells the worker when the
    frame it caused has been painted."""

    def __init__(self, worker, deliver: Callable, parent=None, rate: float | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._deliver = deliver
        self._frame_seconds = 1.0 / DEFAULT_RATE
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.timeout.connect(self._render)
        self._last_render_start = 0.0
        self._last_render_cost = 0.0
        self._last_render_end = 0.0
        self._paint_barriers: list = []  # views that paint on their own schedule (see add_paint_barrier)
        self._awaiting_paint = False
        self._barrier_timer = QTimer(self)
        self._barrier_timer.setSingleShot(True)
        self._barrier_timer.timeout.connect(self._finish_frame)
        self._stopped = False
        self.set_rate(primary_screen_rate() if rate is None else rate)
        worker.snapshotReady.connect(self._schedule_render)

    # ----- the rate -----------------------------------------------------------------------
    def rate(self) -> float:
        """Frames per second aimed at."""
        return 1.0 / self._frame_seconds

    def set_rate(self, hz: float) -> None:
        self._frame_seconds = 1.0 / display_rate(hz)
        self._worker.set_frame_interval(self._frame_seconds)

    def follow_screen(self, screen) -> None:
        """Aim at ``screen``'s refresh rate (the window moved to another screen)."""
        self.set_rate(screen.refreshRate() if screen is not None else None)

    # ----- paint barriers -------------------------------------------------------------------
    def add_paint_barrier(self, window) -> None:
        """A frame is done only once ``window`` has painted it too: its ``paint_pending()``
        says an update is waiting, its ``painted`` signal that one was drawn. For native
        windows (the 3D view) whose paint comes a few ms after the widgets' repaint; until
        then the trainer must not take the GIL back, or every GL call of that paint waits."""
        self._paint_barriers.append(window)
        window.painted.connect(self._on_barrier_painted)

    def _paint_pending(self) -> bool:
        # a closed window's view is deleted while the session lives on
        self._paint_barriers = [w for w in self._paint_barriers if shiboken6.isValid(w)]
        return any(w.paint_pending() for w in self._paint_barriers)

    # ----- one frame --------------------------------------------------------------------------
    def _schedule_render(self) -> None:
        if self._stopped or self._render_timer.isActive():
            return
        now = time.perf_counter()
        since = now - self._last_render_start
        idle = now - self._last_render_end  # the loop was free since the last frame ended
        delay = max(self._frame_seconds - since, IDLE_FRACTION * self._last_render_cost - idle, 0.0)
        self._render_timer.start(int(delay * 1000))

    def _render(self) -> None:
        self._last_render_start = time.perf_counter()
        snap, seq = self._worker.take_snapshot()
        if snap is not None:
            self._deliver(snap, seq)
        # the repaints this frame causes run after the slots; a zero timer fires after them
        QTimer.singleShot(0, self, self._render_done)

    def _render_done(self) -> None:
        if self._stopped:
            return
        if self._paint_pending():
            self._awaiting_paint = True
            self._barrier_timer.start(PAINT_BARRIER_MAX_MS)
            return
        self._finish_frame()

    def _on_barrier_painted(self) -> None:
        if self._awaiting_paint and not self._paint_pending():
            self._barrier_timer.stop()
            self._finish_frame()

    def _finish_frame(self) -> None:
        self._awaiting_paint = False
        self._last_render_end = time.perf_counter()
        self._last_render_cost = self._last_render_end - self._last_render_start
        self._worker.frame_done()

    def stop(self) -> None:
        """No more frames: the worker's last snapshot must not schedule one for a window
        being closed."""
        if self._stopped:
            return
        self._stopped = True
        try:
            self._worker.snapshotReady.disconnect(self._schedule_render)
        except (RuntimeError, TypeError):
            pass
        self._render_timer.stop()
        self._barrier_timer.stop()
