"""Benchmark of animation export: seconds per frame of a GIF and an MP4 of the whole
window, against driving the run and grabbing the same frames without encoding them (so
the difference is the cost of encoding alone), in one run.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python benchmarks/bench_export.py [--quick]
    ./scripts/bench.sh [--quick]          # every benchmark, same display set-up

Window 1400 x 900 (software OpenGL where it works), line on the lesson data, one training
step per frame, the recorder of File > Export (gradviz.gui.export.recorder) doing the
work: pause, step, wait for the frame, let the panels settle (15 ms), grab, hand the frame
to the encoder's thread (which quantizes or pipes it while the next frame is made) and
write the file at the end. "encode s/frame" is what encoding adds to a frame's time.
Default: 60 frames, median of 3 runs of each (--quick: 20 frames, 2 runs; --frames N for
another count, e.g. 300). Prints a table; asserts nothing; exit code 0.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _gui_harness as H  # noqa: E402

H.prepare_environment()

WINDOW = (1400, 900)


class GrabOnly:
    """An encoder that keeps nothing: the baseline's frames are grabbed and converted to
    arrays exactly as for a file, then dropped."""

    def __init__(self, path, fps) -> None:
        self.frames = 0
        self.size = None

    def append(self, frame) -> None:
        self.size = frame.shape[1::-1]
        self.frames += 1

    def finish(self):
        return None

    def abort(self) -> None:
        pass


def _record(window, path, frames: int, encoder_factory=None) -> tuple[float, int]:
    """Seconds and frames of one recording of ``frames`` frames, one step apart."""
    from gradviz.gui.export.encoders import FrameEncoder
    from gradviz.gui.export.recorder import AnimationRecorder

    window.session.reset()
    H.run_events(0.3)
    rec = AnimationRecorder(window.session, window.export.window_image, path, frames - 1, frames, 15,
                            window, encoder_factory=encoder_factory or FrameEncoder)
    t0 = time.perf_counter()
    rec.start()
    if not H.wait_until(lambda: rec.done, 600):
        raise RuntimeError("the recording did not finish in 10 minutes")
    dt = time.perf_counter() - t0
    if rec.error:
        raise RuntimeError(rec.error)
    return dt, rec.total


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="20 frames, 2 runs of each")
    ap.add_argument("--frames", type=int, default=None, help="frames per recording (default 60; --quick 20)")
    args = ap.parse_args(argv)
    frames = args.frames or (20 if args.quick else 60)
    runs = 2 if args.quick else 3

    import gradviz.core as gc
    from gradviz.gui.main_window import MainWindow
    from gradviz.gui.state.session import Session
    from gradviz.gui.state.settings import Settings

    app = H.make_app()
    session = Session(gc.preset("lesson"), Settings())
    window = MainWindow(session, restore_layout=False)
    window.autosave.set_enabled(False)
    window.resize(*WINDOW)
    window.show()
    H.run_events(1.0)
    gl = "3D view (software OpenGL)" if window.view3d is not None else f"no 3D view ({window.gl_reason})"
    print(f"gradviz export benchmark{' (--quick)' if args.quick else ''}: {frames} frames of the "
          f"{window.width()}x{window.height()} window, {gl}, median of {runs} runs; gradviz at {H.git_state()}",
          flush=True)
    rows = []
    try:
        with tempfile.TemporaryDirectory(prefix="gradviz-bench-export-") as tmp:
            grab = [_record(window, Path(tmp) / "none.gif", frames, GrabOnly)[0] for _ in range(runs)]
            base = H.median(grab) / frames
            rows.append(("drive + grab only (baseline)", base, None, None))
            for ext in (".gif", ".mp4"):
                times, sizes = [], []
                for i in range(runs):
                    out = Path(tmp) / f"run{i}{ext}"
                    dt, n = _record(window, out, frames)
                    times.append(dt / n)
                    sizes.append(out.stat().st_size)
                per = H.median(times)
                rows.append((f"{ext[1:].upper()} (drive + grab + encode)", per, per - base, H.median(sizes)))
    finally:
        window.close()
        app.processEvents()
    print(f"{'':38s} {'s/frame':>9s} {'encode s/frame':>15s} {'file size':>13s}")
    for what, per, enc, size in rows:
        enc_s = f"{enc:15.3f}" if enc is not None else f"{'':15s}"
        size_s = f"{size / 1e6:10.2f} MB" if size is not None else ""
        print(f"{what:38s} {per:9.3f} {enc_s} {size_s}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
