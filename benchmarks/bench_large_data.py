"""Benchmark of large data in the window: 1,000,000 points loaded, shown and trained on.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python benchmarks/bench_large_data.py [--quick]
    ./scripts/bench.sh [--quick]

(--quick: 200,000 points and shorter measurements.) Prints figures; asserts nothing.
The CSV-parsing race itself (gc.load_csv against numpy.loadtxt) is benchmarks/bench_data.py;
here the same kind of file goes through the window, the way a user opens it.

1. Open through the GUI path (DataFiles.open_path: header, worker thread, one undoable
   replace): wall time from the call to the data shown, split into the load in the worker
   thread and the GUI thread's update afterwards (every view reacting to the new data);
   the event loop's longest stall during the load (a 5 ms timer in the GUI thread).
2. Training flat out with all points shown: data-view frames/s (Paint events reaching its
   viewport), snapshots handled/s, trainer steps/s, the event loop's p99/max stall.
   Baseline in the same run: the same, with the density view switched off and every point
   drawn as a scatter (what drawing them all naively costs).
3. Editing 1,000,000 points: the GUI-thread cost of one click-added point (the new data
   set reaches every view, the landscape and the trainer), of undo, and the rate of live
   updates while a point is dragged.
4. The autosave after such an edit (background thread): binary .npy, as gradviz writes
   large data, against CSV through gc.save_csv; time and GUI-thread stalls.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _gui_harness as H  # noqa: E402

H.prepare_environment()  # before numpy and Qt are imported (as bench_gui.py does)

import numpy as np  # noqa: E402
from PySide6.QtCore import QEvent, QObject, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


pct = H.percentile


class StallProbe:
    """Gaps between ticks of a short timer in the GUI thread: how long the event loop (and
    so input and painting) was unavailable."""

    def __init__(self, interval_ms: int = 5) -> None:
        self.gaps: list[float] = []
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self._last)
        self._last = now

    def start(self) -> None:
        self.gaps.clear()
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self._tick()

    def summary(self) -> str:
        g = [x * 1000 for x in self.gaps]
        return f"p50 {pct(g, 50):5.1f} ms  p99 {pct(g, 99):6.1f} ms  max {max(g):6.1f} ms"


class PaintCounter(QObject):
    def __init__(self, widget) -> None:
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, obj, ev) -> bool:
        if ev.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def spin(app, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.001)


def wait_until(app, cond, timeout: float = 60.0) -> bool:
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        app.processEvents()
        if cond():
            return True
        time.sleep(0.001)
    return False


def write_csv(path: Path, rows: int, seed: int = 0) -> None:
    import gradviz.core as gc

    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, 10.0, size=rows)
    y = 0.6 * x + 2.0 + rng.normal(size=rows)
    gc.save_csv(gc.Dataset(x, y), path)


def make_window(app):
    import gradviz.core as gc
    from gradviz.gui.main_window import MainWindow
    from gradviz.gui.state.session import Session
    from gradviz.gui.state.settings import Settings

    session = Session(gc.preset("lesson"), Settings(speed=float("inf"), lr=1e-6))
    win = MainWindow(session, restore_layout=False)
    win.autosave.set_enabled(False)  # measure the views, not the disk
    win.resize(1400, 900)
    win.show()
    spin(app, 0.5)
    return win


def section_open(app, win, path: Path) -> None:
    files = win.files
    probe = StallProbe()
    during = StallProbe()
    shown, update = {}, {}

    def before_replace(_ds):
        shown["t"] = time.perf_counter()
        during.stop()

    def after_replace(_ds):
        update["t"] = time.perf_counter()
    win.editor.replacing.connect(before_replace)
    win.editor.replaced.connect(after_replace)
    probe.start()
    during.start()
    t0 = time.perf_counter()
    files.open_path(path)
    wait_until(app, lambda: "t" in update, 120)
    t_done = time.perf_counter()
    spin(app, 0.2)
    probe.stop()
    res = files.last_result
    t_thread = res.seconds if res is not None else float("nan")
    size = path.stat().st_size / 1e6
    n = len(win.session.dataset)
    print(f"1. Open {n:,} rows ({size:.1f} MB) through the window (File > Open path)")
    print(f"   data shown after       {t_done - t0:6.2f} s   (target: under 2 s)")
    print(f"     load_csv in worker   {t_thread:6.2f} s")
    print(f"     GUI update after     {update['t'] - shown['t']:6.2f} s   "
          f"(every view takes the new data: scatter/density, least squares, landscape, controls)")
    print(f"   event loop while loading   {during.summary()}")
    print(f"   event loop, whole open     {probe.summary()}  (the longest stall is the GUI update)")
    print(f"   status bar: '{win.status_points.text()}'; density view: {win.data_panel.density.isVisible()}")


def measure_training(app, win, seconds: float) -> dict:
    s = win.session
    paints = PaintCounter(win.data_panel.viewport())
    snaps = []

    def on_frame(frame):
        snaps.append(frame.snapshot.step)
    s.frameChanged.connect(on_frame)
    probe = StallProbe()
    s.play()
    spin(app, 0.5)  # warm up
    paints.count = 0
    snaps.clear()
    probe.start()
    t0 = time.perf_counter()
    spin(app, seconds)
    dt = time.perf_counter() - t0
    probe.stop()
    steps = (snaps[-1] - snaps[0]) if len(snaps) > 1 else 0
    s.pause()
    spin(app, 0.2)
    s.frameChanged.disconnect(on_frame)
    win.data_panel.viewport().removeEventFilter(paints)
    return {"fps": paints.count / dt, "snaps": len(snaps) / dt, "steps": steps / dt, "stall": probe.summary()}


def section_training(app, win, seconds: float) -> None:
    import gradviz.core as gc
    import gradviz.gui.data_view.panel as dp

    s = win.session
    big = s.dataset
    n = len(big)
    print("\n2. Training flat out (gradient descent, line, L2, lr = half the largest stable), all points shown")

    def row(label, r, extra=""):
        print(f"   {label:<28} data-view frames/s {r['fps']:5.1f}   snapshots/s {r['snaps']:5.1f}   "
              f"steps/s {r['steps']:9,.0f}{extra}")
        print(f"   {'':<28} event loop {r['stall']}")

    def train_on(ds):
        if s.dataset is not ds:
            win.editor.replace(ds, "benchmark data")
        s.update_settings(lr=0.5 * s.stable_lr())
        s.reset()
        spin(app, 0.3)
        return measure_training(app, win, seconds)

    row("reference: lesson, 8 points", train_on(gc.preset("lesson")))
    row(f"{n:,} points, density view", train_on(big))
    # baseline: every point drawn as a scatter
    old = dp.MAX_DRAWN_POINTS
    dp.MAX_DRAWN_POINTS = n + 1
    try:
        t0 = time.perf_counter()
        win.data_panel._draw_points()
        spin(app, 0.05)
        t_set = time.perf_counter() - t0
        row(f"{n:,} points, naive scatter", train_on(big), f"   (setData of all points: {t_set:.2f} s)")
    finally:
        dp.MAX_DRAWN_POINTS = old
        win.data_panel._draw_points()
        spin(app, 0.1)
    print("   (flat out, the training thread competes with the GUI thread for the GIL: compare the rows,")
    print("    run on the same machine, rather than the absolute numbers; benchmarks/bench_gui.py has more)")


def section_editing(app, win, repeats: int) -> None:
    s, ed, panel = win.session, win.editor, win.data_panel
    n = len(s.dataset)
    vb = panel.getPlotItem().vb
    (x0, x1), (y0, y1) = vb.viewRange()
    print(f"\n3. Editing {n:,} points (GUI thread, the whole reaction to one edit)")
    adds, undos = [], []
    for k in range(repeats):
        t0 = time.perf_counter()
        ed.add_point(x0 + (0.1 + 0.05 * k) * (x1 - x0), y0 + 0.95 * (y1 - y0))
        adds.append(time.perf_counter() - t0)
        spin(app, 0.05)
    for _ in range(repeats):
        t0 = time.perf_counter()
        ed.undo()
        undos.append(time.perf_counter() - t0)
        spin(app, 0.05)
    print(f"   add a point   median {statistics.median(adds) * 1000:7.1f} ms   max {max(adds) * 1000:7.1f} ms")
    print(f"   undo          median {statistics.median(undos) * 1000:7.1f} ms   max {max(undos) * 1000:7.1f} ms")
    drag_rate(app, win, f"drag, {n:,} points")
    big = s.dataset
    ed.replace(__import__("gradviz.core", fromlist=["preset"]).preset("lesson"), "reference")
    spin(app, 0.3)
    drag_rate(app, win, "drag, lesson (8 points)")
    ed.undo()
    spin(app, 0.3)
    assert s.dataset is big


def drag_rate(app, win, label: str) -> None:
    """A drag: the mouse tries to move at 100 Hz for 1.5 s; how often does the data follow,
    and how long is the event loop unavailable meanwhile?"""
    s, ed = win.session, win.editor
    changes = []

    def on_change(_d):
        changes.append(time.perf_counter())
    s.datasetChanged.connect(on_change)
    ed.begin_move([0])
    probe = StallProbe()
    probe.start()
    t0 = time.perf_counter()
    k = 0
    while time.perf_counter() - t0 < 1.5:
        k += 1
        ed.update_move(0.001 * k, 0.001 * k)
        spin(app, 0.01)
    ed.finish_move()
    probe.stop()
    dt = time.perf_counter() - t0
    s.datasetChanged.disconnect(on_change)
    print(f"   {label:<26} {len(changes) / dt:5.1f} live updates/s ({k / dt:.0f} mouse moves/s); "
          f"one undo step: '{ed.undo_text()}'")
    print(f"   {'':<26} event loop {probe.summary()}")
    ed.undo()
    spin(app, 0.1)


def section_autosave(app, win) -> None:
    """The autosave after an edit of the large data set, written in a background thread:
    how long it takes and what it does to the GUI thread, binary (what gradviz writes above
    CSV_MAX_POINTS) against CSV (gc.save_csv, what it writes for smaller data)."""
    import gradviz.gui.files.autosave as asv

    s = win.session
    n = len(s.dataset)
    print(f"\n4. Autosave of {n:,} points after an edit (background thread; GUI-thread stalls meanwhile)")
    saver = win.autosave
    saver.set_enabled(True)
    old_max = asv.CSV_MAX_POINTS
    try:
        for label, limit in (("binary .npy (gradviz)", old_max), ("CSV via gc.save_csv", n + 1)):
            asv.CSV_MAX_POINTS = limit
            saver.delay_ms = 10 ** 6  # no save by itself within MAX_DELAY_MS: we start it below
            win.editor.add_point(0.0, 0.0)
            spin(app, 1.0)  # let the edit's own repaint pass: measure the write alone
            probe = StallProbe()
            probe.start()
            t0 = time.perf_counter()
            saver.save_soon_now()
            wait_until(app, lambda: saver._thread is None or not saver._thread.is_alive(), 120)
            dt = time.perf_counter() - t0
            spin(app, 0.05)
            probe.stop()
            print(f"   {label:<24} written in {dt:6.2f} s   event loop meanwhile {probe.summary()}")
            win.editor.undo()
    finally:
        asv.CSV_MAX_POINTS = old_max
        saver.set_enabled(False)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="200,000 points, shorter measurements")
    ap.add_argument("--rows", type=int, default=None)
    args = ap.parse_args(argv)
    rows = args.rows or (200_000 if args.quick else 1_000_000)
    seconds = 2.0 if args.quick else 5.0
    with tempfile.TemporaryDirectory(prefix="gradviz-bench-large-") as tmp:
        os.environ["GRADVIZ_CONFIG_DIR"] = str(Path(tmp) / "config")
        path = Path(tmp) / "points.csv"
        t0 = time.perf_counter()
        write_csv(path, rows)
        print(f"(wrote {rows:,} rows with save_csv in {time.perf_counter() - t0:.2f} s)")
        app = QApplication.instance() or QApplication([sys.argv[0]])
        win = make_window(app)
        try:
            section_open(app, win, path)
            section_training(app, win, seconds)
            section_editing(app, win, 3 if args.quick else 5)
            section_autosave(app, win)
        finally:
            win.close()
            app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
