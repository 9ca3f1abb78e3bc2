"""Animation encoders: frames (H x W x 3 uint8 arrays) into a GIF or an MP4 file.

GIF goes through imageio's Pillow plugin, which writes the file when it is closed
(the frames wait in memory, one byte per pixel once quantized); MP4 goes through imageio-ffmpeg's bundled ffmpeg (libx264, yuv420p). Frames are
written to a temporary file in the target's folder (``.NAME.<hex>.tmp.gif`` or ``.mp4``) that is renamed over the target only by :meth:`FrameEncoder.finish`;
:meth:`FrameEncoder.abort`, or any failure, removes it, so no half-written file is left.
No Qt here.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import numpy as np

__all__ = ["ANIMATION_FORMATS", "FrameEncoder", "even_crop", "temp_beside"]

ANIMATION_FORMATS = {".gif": "GIF", ".mp4": "MP4 (H.264)"}


def temp_beside(path: Path, suffix: str = "") -> Path:
    """A new, empty file ``.NAME.<random hex>.tmp<suffix>`` in ``path``'s folder (so a
    rename over ``path`` stays on one file system)."""
    for _ in range(100):
        tmp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp{suffix}"
        try:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        return tmp
    raise FileExistsError(f"could not create a temporary file in {path.parent}")  # pragma: no cover


def even_crop(frame: np.ndarray) -> np.ndarray:
    """``frame`` cut to an even width and height (yuv420p needs both even)."""
    h, w = frame.shape[:2]
    return frame[: h - h % 2, : w - w % 2]


class FrameEncoder:
    """Write frames of one size to ``path`` at ``fps`` frames per second."""

    def __init__(self, path, fps: float) -> None:
        self.path = Path(path)
        self.kind = self.path.suffix.lower()
        if self.kind not in ANIMATION_FORMATS:
            raise ValueError(f"{self.path.name}: not an animation format; allowed: "
                             f"{', '.join(ANIMATION_FORMATS)}")
        if not fps > 0:
            raise ValueError(f"fps must be greater than 0, got {fps!r}")
        self.fps = float(fps)
        self.frames = 0
        self.size: tuple[int, int] | None = None  # (width, height) of the first frame
        # the extension last: imageio picks the format by it
        self._tmp = temp_beside(self.path, self.kind)
        self._writer = None

    @property
    def gif_frame_ms(self) -> int:
        """A GIF frame's time: GIF counts in hundredths of a second, so 1000/fps ms rounded
        to the nearest 10 ms (15 fps plays at 14.3)."""
        return max(10, int(round(100.0 / self.fps)) * 10)

    def _open(self, width: int, height: int) -> None:
        if self.kind == ".gif":
            import imageio.v3 as iio

            self._writer = iio.imopen(self._tmp, "w", plugin="pillow", extension=".gif")
        else:
            import imageio_ffmpeg

            gen = imageio_ffmpeg.write_frames(
                str(self._tmp), (width, height), fps=self.fps, codec="libx264", macro_block_size=1,
                ffmpeg_log_level="error", output_params=["-f", "mp4"])
            gen.send(None)  # starts ffmpeg
            self._writer = gen

    def append(self, frame: np.ndarray) -> None:
        """Add one frame (H x W x 3 uint8); every frame must have the first one's size."""
        frame = np.asarray(frame)
        if frame.ndim != 3 or frame.shape[2] != 3 or frame.dtype != np.uint8:
            raise ValueError(f"a frame must be an H x W x 3 uint8 array, got {frame.dtype} {frame.shape}")
        if self.kind == ".mp4":
            frame = even_crop(frame)
        h, w = frame.shape[:2]
        if self.size is None:
            self.size = (w, h)
            try:
                self._open(w, h)
            except BaseException:
                self.abort()
                raise
        elif self.size != (w, h):
            raise ValueError(f"frame of {w}x{h} pixels in an animation of {self.size[0]}x{self.size[1]}")
        try:
            if self.kind == ".gif":
                # bits=8: each frame is cut to its own 256-colour palette as it comes, so
                # the frames held until the file is written take a byte per pixel;
                # loop=0 plays for ever
                self._writer.write(frame, is_batch=False, bits=8, duration=self.gif_frame_ms, loop=0)
            else:
                self._writer.send(np.ascontiguousarray(frame))
        except BaseException:
            self.abort()
            raise
        self.frames += 1

    def finish(self) -> Path:
        """Close the file and rename it over the target; returns the target's path."""
        if self._tmp is None:
            raise RuntimeError("the encoder was already finished or aborted")
        if self.frames == 0:
            self.abort()
            raise ValueError("an animation needs at least one frame")
        try:
            self._close_writer()
            os.replace(self._tmp, self.path)
        except BaseException:
            self.abort()
            raise
        self._tmp = None
        return self.path

    def abort(self) -> None:
        """Stop and remove the temporary file (the target is untouched). Safe to repeat."""
        try:
            self._close_writer()
        except Exception:
            pass  # the file goes anyway
        if self._tmp is not None:
            try:
                os.unlink(self._tmp)
            except OSError:
                pass
            self._tmp = None

    def _close_writer(self) -> None:
        writer, self._writer = self._writer, None
        if writer is not None:
            writer.close()


class BackgroundEncoder:
    """Runs an encoder's work in its own thread, so the thread that grabs the frames (the
    GUI's) only hands them over: Pillow's quantizing and ffmpeg's pipe let the GIL go.

    ``append`` queues a frame (waiting while ``QUEUE`` frames are pending, so memory stays
    bounded); ``request_finish`` closes and renames the file in the thread; ``poll`` says
    whether that is done (True), still going (False) or raises what went wrong; ``abort``
    stops the thread and removes the temporary file. Either ``poll`` returning True or
    ``abort`` ends the thread. An abort after the finish was requested may come too late:
    the file is then written."""

    QUEUE = 4

    def __init__(self, encoder) -> None:
        import queue
        import threading

        self.encoder = encoder
        self.frames = 0  # handed over
        self._queue: queue.Queue = queue.Queue(self.QUEUE)
        self._error: BaseException | None = None
        self._stop = threading.Event()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="gradviz-export-encoder", daemon=True)
        self._thread.start()

    @property
    def size(self):
        return self.encoder.size

    def _run(self) -> None:
        try:
            while True:
                item = self._queue.get()
                if self._stop.is_set():
                    break  # aborted: abort() removes the file
                if item is None:
                    self.encoder.finish()
                    break
                self.encoder.append(item)
        except BaseException as exc:  # handed to the GUI thread by poll()/append()
            self._error = exc
            self.encoder.abort()
        finally:
            self._done.set()

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def append(self, frame) -> None:
        import queue

        while True:
            self._raise()
            if self._done.is_set():
                raise RuntimeError("the encoder has stopped")
            try:
                self._queue.put(frame, timeout=0.05)
                break
            except queue.Full:
                continue
        self.frames += 1

    def request_finish(self) -> None:
        self._raise()
        self._queue.put(None)

    def poll(self) -> bool:
        if not self._done.is_set():
            return False
        self._thread.join()
        self._raise()
        return True

    def abort(self) -> None:
        import queue

        self._stop.set()
        try:  # wake the thread if it waits for a frame
            self._queue.put_nowait(None)
        except queue.Full:
            pass
        self._thread.join()
        self.encoder.abort()
