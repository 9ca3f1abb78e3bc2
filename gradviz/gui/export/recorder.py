"""Record an animation: drive the run step by step and encode a picture of each frame.

The recorder pauses the run, then for each frame asks the session for the steps up to the
frame's target step, waits for that frame to be published (the event loop keeps running,
so the window stays responsive), lets the panels settle, grabs the picture and hands it
to a :class:`FrameEncoder` working in its own thread (:class:`BackgroundEncoder`). Cancel, a failure or a run that stops answering removes the
temporary file; only a finished recording is renamed over the target.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage

from gradviz.gui.export.encoders import BackgroundEncoder, FrameEncoder

__all__ = ["AnimationRecorder", "frame_steps", "image_to_rgb"]

SETTLE_MS = 15  # after a frame is published: panels that update on a timer catch up
FRAME_TIMEOUT_MS = 30_000  # a frame that does not come by then ends the recording
FINISH_POLL_MS = 20  # while the encoder's thread writes the file


def frame_steps(start: int, steps: int, frames: int) -> list[int]:
    """The step of each frame: ``frames`` steps from ``start`` to ``start + steps``, evenly
    spread (the first frame is the current state), without repeats."""
    if frames < 1:
        raise ValueError(f"frames must be at least 1, got {frames}")
    if frames == 1 or steps == 0:
        return [start]
    at = np.rint(np.linspace(start, start + steps, frames)).astype(np.int64)
    return sorted(set(int(s) for s in at))


def image_to_rgb(image: QImage) -> np.ndarray:
    """An H x W x 3 uint8 copy of ``image``'s pixels."""
    img = image.convertToFormat(QImage.Format.Format_RGB888)
    w, h, stride = img.width(), img.height(), img.bytesPerLine()
    buf = np.frombuffer(img.constBits(), dtype=np.uint8, count=h * stride)
    return buf.reshape(h, stride)[:, : w * 3].reshape(h, w, 3).copy()


class AnimationRecorder(QObject):
    """Records ``frames`` pictures over the next ``steps`` steps into ``path`` (.gif or
    .mp4) at ``fps``. ``grab`` returns the picture (a QImage) of what is recorded.
    ``progress(done, total)`` after each frame; ``finished(error)`` once, with None on
    success, "cancelled" after :meth:`cancel`, else the reason."""

    progress = Signal(int, int)
    finished = Signal(object)

    def __init__(self, session, grab, path, steps: int, frames: int, fps: float, parent=None,
                 encoder_factory=FrameEncoder) -> None:
        super().__init__(parent)
        self._encoder_factory = encoder_factory  # (path, fps) -> an encoder; the benchmark's does no encoding
        self.session = session
        self.grab = grab
        self.path = Path(path)
        self.steps, self.frames, self.fps = int(steps), int(frames), float(fps)
        self.encoder: BackgroundEncoder | None = None
        self.finishing = False  # every frame taken; the file is being written
        self.error: str | None = None
        self.done = False
        self._targets: list[int] = []
        self._index = 0
        self._size = None
        self._waiting = False
        self._sync = None  # the change number the first frame waits for
        self._connected = False
        self._timeout = QTimer(self)
        self._timeout.setSingleShot(True)
        self._timeout.timeout.connect(lambda: self._fail("the run stopped answering"))

    @property
    def total(self) -> int:
        return len(self._targets)

    @property
    def steps_of_frames(self) -> list[int]:
        """The step of each frame (known once the run has paused)."""
        return list(self._targets)

    def start(self) -> None:
        """Begin (returns at once; the work happens in the event loop)."""
        why = self.session.can_train() if self.steps else None
        if why:
            self._end(why)
            return
        self.session.pause()
        try:
            self.encoder = BackgroundEncoder(self._encoder_factory(self.path, self.fps))
        except (OSError, ValueError) as exc:
            self._end(f"{self.path}: {getattr(exc, 'strerror', None) or exc}")
            return
        self.session.frameChanged.connect(self._on_frame)
        self._connected = True
        # the first frame is the run as it stands once paused: a running worker may be
        # steps ahead of the frame on screen, so wait for a frame made after the pause
        self._sync = self.session.request_sync()
        self._timeout.start(FRAME_TIMEOUT_MS)
        frame = self.session.frame
        if frame is not None and frame.seq >= self._sync:
            self._synced(frame)

    def _synced(self, frame) -> None:
        self._sync = None
        self._timeout.stop()
        self._targets = frame_steps(frame.step, self.steps, self.frames)
        QTimer.singleShot(0, self, self._next)

    def cancel(self) -> None:
        """Stop and leave no file; too late once every frame is taken (the file is being
        written then, and the recording ends as saved)."""
        if not self.done and not self.finishing:
            self._fail("cancelled")

    # ----- the loop ------------------------------------------------------------------------
    def _next(self) -> None:
        if self.done:
            return
        if self._index >= len(self._targets):
            self._complete()
            return
        target = self._targets[self._index]
        snap = self.session.snapshot
        current = snap.step if snap is not None else 0
        if snap is not None and snap.diverged and target > current:
            self._targets = self._targets[: self._index]  # the run cannot go on: end here
            self._complete()
            return
        if target > current:
            self._waiting = True
            self._timeout.start(FRAME_TIMEOUT_MS)
            self.session.step_once(target - current)
        else:
            QTimer.singleShot(SETTLE_MS, self, self._capture)

    def _on_frame(self, frame) -> None:
        if self.done:
            return
        if self._sync is not None:
            if frame.seq >= self._sync:
                self._synced(frame)
            return
        if not self._waiting:
            return
        target = self._targets[self._index]
        if frame.step >= target or frame.snapshot.diverged:
            self._waiting = False
            self._timeout.stop()
            QTimer.singleShot(SETTLE_MS, self, self._capture)

    def _capture(self) -> None:
        if self.done:
            return
        try:
            image = self.grab()
            if self._size is None:
                self._size = image.size()
            elif image.size() != self._size:  # the window was resized: keep the first size
                image = image.scaled(self._size, Qt.AspectRatioMode.IgnoreAspectRatio,
                                     Qt.TransformationMode.SmoothTransformation)
            self.encoder.append(image_to_rgb(image))
        except (OSError, ValueError, RuntimeError) as exc:
            self._fail(f"could not write {self.path.name}: {getattr(exc, 'strerror', None) or exc}")
            return
        self._index += 1
        self.progress.emit(self._index, len(self._targets))
        QTimer.singleShot(0, self, self._next)

    def _complete(self) -> None:
        self.finishing = True
        self._poll_finish(first=True)

    def _poll_finish(self, first: bool = False) -> None:
        try:
            if first:
                self.encoder.request_finish()
            done = self.encoder.poll()
        except (OSError, ValueError, RuntimeError) as exc:
            self._fail(f"could not write {self.path.name}: {getattr(exc, 'strerror', None) or exc}")
            return
        if done:
            self._end(None)
        else:
            QTimer.singleShot(FINISH_POLL_MS, self, self._poll_finish)

    def _fail(self, reason: str) -> None:
        if self.encoder is not None:
            self.encoder.abort()
        self._end(reason)

    def _end(self, error) -> None:
        if self.done:
            return
        self.done = True
        self.error = error
        self._timeout.stop()
        if self._connected:
            self._connected = False
            self.session.frameChanged.disconnect(self._on_frame)
        self.finished.emit(error)
