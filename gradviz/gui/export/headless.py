"""``gradviz --export OUT --steps N``: train, write OUT, exit; no dialog, no user input."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop

import gradviz.core as gc
from gradviz.gui.export.menu import history_runs, save_run_history
from gradviz.gui.export.panel_images import png_bytes
from gradviz.gui.export.recorder import AnimationRecorder
from gradviz.gui.export.targets import ANIMATIONS

__all__ = ["export_headless", "DEFAULT_FPS", "default_frames", "settle", "train_steps"]

DEFAULT_FPS = 15
FRAMES_DEFAULT_MAX = 60


def default_frames(steps: int) -> int:
    """Frames of an animation of ``steps`` steps: one per step, at most 60 plus the start."""
    return min(steps, FRAMES_DEFAULT_MAX) + 1


def settle(app, seconds: float = 0.5) -> None:
    """Process events for ``seconds``: every panel (and OpenGL) draws the state shown."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:  # let every panel (and OpenGL) draw the final state
        app.processEvents()
        time.sleep(0.01)


def train_steps(session, steps: int, timeout_s: float = 120.0) -> bool:
    """Train ``steps`` more steps and wait for them; a restored run carries on from its own
    step. False if they did not come in time."""
    if not steps:
        return True
    target = (session.snapshot.step if session.snapshot is not None else 0) + steps
    session.step_once(steps)
    return session.wait_for_step(target, timeout_s=timeout_s)


def _fail(window, app, text: str) -> int:
    print(f"gradviz: error: {text}", file=sys.stderr)
    window.close()
    app.processEvents()
    return 1


def export_headless(app, window, session, args) -> int:
    out = Path(args.export).expanduser()
    kind = out.suffix.lower()
    steps = args.steps or 0
    settle(app, 0.3)
    if kind in ANIMATIONS:
        frames = args.frames or default_frames(steps)
        rec = AnimationRecorder(session, window.export.window_image, out, steps, frames, args.fps or DEFAULT_FPS, window)
        loop = QEventLoop()
        rec.finished.connect(lambda _e: loop.quit())
        rec.start()
        if not rec.done:
            loop.exec()
        if rec.error is not None:
            return _fail(window, app, f"{args.export}: {rec.error}; no file was written")
        what = f"{rec.total} frames of {rec.encoder.size[0]}x{rec.encoder.size[1]} pixels at {rec.fps:g} per second"
    else:
        if not train_steps(session, steps):
            return _fail(window, app, "training did not reach the requested step in time")
        settle(app)
        try:
            if kind == ".csv":
                save_run_history(session, out)
                runs = history_runs(session.frame)
                rows = sum(len(snap.path_steps) for _label, snap in runs)
                what = f"{rows:,} rows" + (f" of {len(runs)} runs" if len(runs) > 1 else "")
            else:
                image = window.export.window_image()
                gc.atomic_write_bytes(out, png_bytes(image))
                what = f"{image.width()}x{image.height()} pixels"
        except (OSError, ValueError) as exc:
            return _fail(window, app, f"could not write {args.export}: {getattr(exc, 'strerror', None) or exc}")
    step = session.snapshot.step if session.snapshot is not None else 0
    window.close()
    app.processEvents()
    print(f"gradviz: saved {args.export} ({what}, step {step})")
    return 0
