"""Helpers for benchmarks/bench_gui.py: environment, counters, probes and the naive baseline.

Nothing here changes gradviz: the probes observe it from outside (event filters on widgets,
a timer in the GUI thread, and thin timing wrappers put around a few methods at class
level, each one ``perf_counter`` pair per call).

Import this module before Qt is imported anywhere (``prepare_environment()`` sets the
variables Qt and OpenBLAS read at start-up, as scripts/test.sh and bench_core.py do).
"""

from __future__ import annotations

import atexit
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_TMPDIRS: list[str] = []


def prepare_environment() -> None:
    """What scripts/test.sh and bench.sh set, for a run under bare ``xvfb-run`` too; plus a
    throw-away GRADVIZ_CONFIG_DIR so the benchmark never reads or writes the user's
    settings (the main window saves its layout on close)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    os.environ.setdefault("LIBGL_ALWAYS_SOFTWARE", "1")
    os.environ.setdefault("QT_XCB_GL_INTEGRATION", "xcb_glx")
    os.environ.setdefault("LANG", "C.UTF-8")
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    os.environ.pop("DBUS_SESSION_BUS_ADDRESS", None)
    xdg = os.environ.get("XDG_RUNTIME_DIR")
    if not xdg or not os.path.isdir(xdg) or os.stat(xdg).st_uid != os.getuid():
        xdg = _tmpdir("gradviz-bench-xdg-")
        os.environ["XDG_RUNTIME_DIR"] = xdg
    os.chmod(os.environ["XDG_RUNTIME_DIR"], 0o700)
    os.environ["GRADVIZ_CONFIG_DIR"] = _tmpdir("gradviz-bench-config-")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


def _tmpdir(prefix: str) -> str:
    d = tempfile.mkdtemp(prefix=prefix)
    _TMPDIRS.append(d)
    return d


@atexit.register
def _cleanup_tmpdirs() -> None:
    for d in _TMPDIRS:
        shutil.rmtree(d, ignore_errors=True)


# ----------------------------------------------------------------------------------------
# small numbers helpers
# ----------------------------------------------------------------------------------------

def percentile(values, q: float) -> float:
    """q-th percentile (0..100), linear interpolation; nan for no values."""
    v = sorted(values)
    if not v:
        return float("nan")
    pos = (len(v) - 1) * q / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (pos - lo)


def median(values) -> float:
    values = [v for v in values if v == v]
    return statistics.median(values) if values else float("nan")


def rss_mb() -> float:
    """Resident set size of this process in MB (VmRSS from /proc/self/status)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # peak, as a fallback


def git_state() -> str:
    """'abc1234' or 'abc1234 + uncommitted changes in gradviz/' (what was measured)."""
    import subprocess
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "gradviz"], cwd=ROOT,
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown commit"
    if not head:
        return "unknown commit"
    return f"{head} + uncommitted changes in gradviz/" if dirty else head


def cpu_times() -> list[int] | None:
    """The machine's CPU time counters (/proc/stat 'cpu' line: user nice system idle iowait
    irq softirq steal ...), or None where there is no /proc."""
    try:
        with open("/proc/stat", encoding="ascii") as fh:
            return [int(v) for v in fh.readline().split()[1:]]
    except (OSError, ValueError):
        return None


def steal_text(before: list[int] | None) -> str:
    """Share of CPU time the hypervisor gave to other machines since ``before``: on a shared
    VM, frames/s fall with it (seen here: 12-50 % steal, 30 -> 7 frames/s)."""
    after = cpu_times()
    if not before or not after or len(after) < 8:
        return "CPU steal unknown"
    d = [a - b for a, b in zip(after, before)]
    total = sum(d[:8])
    return f"CPU stolen by the host {100.0 * d[7] / total:.0f} %" if total > 0 else "CPU steal unknown"


def load_text() -> str:
    try:
        return "load average %.2f %.2f %.2f" % os.getloadavg()
    except OSError:
        return "load average unknown"


# ----------------------------------------------------------------------------------------
# Qt side (imported lazily: prepare_environment() must run first)
# ----------------------------------------------------------------------------------------

class QtMessages:
    """Records every Qt message (and still prints it to stderr, as Qt would)."""

    def __init__(self) -> None:
        from PySide6.QtCore import qInstallMessageHandler
        self.messages: list[str] = []
        self._previous = qInstallMessageHandler(self._handler)

    def _handler(self, mode, context, message) -> None:
        self.messages.append(f"{mode.name}: {message}")
        print(f"[qt {mode.name}] {message}", file=sys.stderr, flush=True)


def make_app():
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        # what gradviz.app.run does: GL views in several windows share pyqtgraph's shaders
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
        app = QApplication([sys.argv[0]])
        app.setApplicationName("gradviz")
        app.setOrganizationName("gradviz")
    return app


def run_events(seconds: float) -> None:
    """Run the Qt event loop for ``seconds`` (a nested QEventLoop, like app.exec())."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(max(0, int(round(seconds * 1000))), loop.quit)
    loop.exec()


def gui_thread_cpu_reader():
    """A function returning the CPU seconds of the calling (GUI) thread, readable from any
    thread (from /proc/self/task/TID/stat; 10 ms resolution), or None off Linux."""
    tid = threading.get_native_id()
    path = f"/proc/self/task/{tid}/stat"
    if not os.path.exists(path):
        return None
    tick = os.sysconf("SC_CLK_TCK")

    def read() -> float:
        with open(path, encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick   # utime + stime

    return read


def run_interval(warm_s: float, seconds: float, at_start=None, at_end=None,
                 every: tuple[float, object] | None = None) -> tuple[float, float]:
    """Run the Qt event loop for ``warm_s + seconds``; return (t0, t1), the measured part.

    The ends are kept by a watchdog thread, not by a QTimer: when the GUI thread cannot
    keep up, Qt keeps delivering posted events (snapshots, repaints) and its timers starve,
    so a timer-based quit can come seconds late. At t0 the watchdog calls ``at_start()``; at
    t1 ``at_end()`` (e.g. pause the trainer: the flood of work ends) and posts a quit."""
    from PySide6.QtCore import QEventLoop, QMetaObject, Qt, QTimer

    loop = QEventLoop()
    t_begin = time.perf_counter()
    t0 = t_begin + warm_s
    t1 = t0 + seconds
    marks = {}

    def watchdog():
        time.sleep(max(0.0, t0 - time.perf_counter()))
        marks["t0"] = time.perf_counter()
        if at_start:
            at_start()
        if every:
            period, fn = every
            nxt = marks["t0"] + period
            while nxt < t1:
                time.sleep(max(0.0, nxt - time.perf_counter()))
                fn()
                nxt += period
        time.sleep(max(0.0, t1 - time.perf_counter()))
        marks["t1"] = time.perf_counter()
        if at_end:
            at_end()
        QMetaObject.invokeMethod(loop, "quit", Qt.ConnectionType.QueuedConnection)

    th = threading.Thread(target=watchdog, name="bench-watchdog", daemon=True)
    QTimer.singleShot(int((warm_s + seconds + 120) * 1000), loop.quit)  # last resort
    th.start()
    loop.exec()
    th.join()
    return marks["t0"], marks["t1"]


def wait_until(cond, timeout_s: float) -> bool:
    from PySide6.QtCore import QCoreApplication

    end = time.perf_counter() + timeout_s
    while time.perf_counter() < end:
        if cond():
            return True
        QCoreApplication.processEvents()
        time.sleep(0.002)
    return bool(cond())


class Timings:
    """Per-key lists of (perf_counter at the end, wall seconds, GUI-thread CPU seconds) of
    the wrapped methods; class-wide. Wall much larger than CPU means the GUI thread waited
    inside the call: for the GIL, for Mesa's or Qt's helper threads, or for the X server."""

    data: dict[str, list[tuple[float, float, float]]] = defaultdict(list)

    @classmethod
    def reset(cls) -> None:
        cls.data = defaultdict(list)

    @classmethod
    def add(cls, key: str, t_end: float, wall: float, cpu: float) -> None:
        cls.data[key].append((t_end, wall, cpu))

    @classmethod
    def between(cls, key: str, t0: float, t1: float) -> list[tuple[float, float]]:
        """[(wall, cpu)] of the calls of ``key`` that ended in [t0, t1]."""
        return [(w, c) for t, w, c in cls.data.get(key, ()) if t0 <= t <= t1]

    @classmethod
    def keys(cls) -> list[str]:
        return list(cls.data)


_ROLES: dict[int, str] = {}  # id(widget) -> name, for wrappers shared by several instances


def set_role(obj, name: str) -> None:
    _ROLES[id(obj)] = name


def _wrap(cls, name: str, key, gui_thread_only: bool = True) -> None:
    orig = cls.__dict__.get(name)
    if orig is None or getattr(orig, "_bench_wrapped", False):
        return
    main = threading.main_thread()
    perf_counter, thread_time = time.perf_counter, time.thread_time

    def wrapper(self, *args, **kwargs):
        if gui_thread_only and threading.current_thread() is not main:
            return orig(self, *args, **kwargs)
        c0 = thread_time()
        t0 = perf_counter()
        try:
            return orig(self, *args, **kwargs)
        finally:
            t1 = perf_counter()
            Timings.add(key(self) if callable(key) else key, t1, t1 - t0, thread_time() - c0)

    wrapper._bench_wrapped = True
    wrapper.__name__ = name
    wrapper.__qualname__ = f"{cls.__name__}.{name}"
    wrapper.__wrapped__ = orig
    setattr(cls, name, wrapper)


# (module, class, method, timing key): the per-frame entry points, each wrapped with a timer.
_ENTRY_POINTS = [
    ("gradviz.gui.state.session", "Session", "_publish", "slot: all snapshot slots"),
    ("gradviz.gui.data_view.panel", "DataPanel", "_draw_model", "slot: data view curve"),
    ("gradviz.gui.landscape.controller", "LandscapeController", "on_frame", "slot: landscape (3D + contour)"),
    ("gradviz.gui.landscape.controller", "LandscapeController", "recompute", "slot:   surface recompute"),
    ("gradviz.gui.landscape.surface_view", "Landscape3DView", "set_state", "slot:   3D set_state"),
    ("gradviz.gui.landscape.contour_view", "ContourView", "set_state", "slot:   contour set_state"),
    ("gradviz.gui.panels.loss_curve", "LossCurvePanel", "on_frame", "slot: loss curve"),
    ("gradviz.gui.panels.readout", "ReadoutPanel", "on_frame", "slot: readout"),
    ("gradviz.gui.panels.controls", "ControlPanel", "on_frame", "slot: controls"),
    ("gradviz.gui.main_window", "MainWindow", "_update_status", "slot: status bar"),
    ("gradviz.gui.network.panel", "NetworkPanel", "_on_frame", "slot: network panel"),
    ("gradviz.gui.landscape.descent_insight", "DescentInsight", "on_frame", "slot: curvature + point arrows"),
]


def instrument() -> None:
    """Wrap the per-frame entry points with timers. Call before any window is built (the
    session connects bound methods at construction). Overhead: ~1 µs per call."""
    import importlib

    import pyqtgraph as pg

    from gradviz.gui.gl import gl_importable
    from gradviz.gui.main_window import MainWindow

    for module, cls_name, name, key in _ENTRY_POINTS:
        _wrap(getattr(importlib.import_module(module), cls_name), name, key)
    if gl_importable():
        from gradviz.gui.gl.gl_view import GLView
        _wrap(GLView, "paintGL", "paint: 3D view (paintGL)")
    _time_update_requests(MainWindow, "frame: window repaint (UpdateRequest)")
    _wrap(pg.GraphicsView, "paintEvent", lambda self: "paint: " + _ROLES.get(id(self), "other pyqtgraph view"))


def _time_update_requests(cls, key: str) -> None:
    """Time the top-level window's UpdateRequest: Qt repaints every dirty widget of the
    window in it (2D views, the GL view's paintGL, labels, controls), composes the window
    (with a GL widget inside: all of it through OpenGL) and flushes it to the screen."""
    if getattr(cls.__dict__.get("event"), "_bench_wrapped", False):
        return
    from PySide6.QtCore import QEvent

    base_event = cls.__mro__[1].event if "event" not in cls.__dict__ else cls.__dict__["event"]
    update_request = QEvent.Type.UpdateRequest
    perf_counter, thread_time = time.perf_counter, time.thread_time

    def event(self, ev):
        if ev.type() != update_request:
            return base_event(self, ev)
        c0 = thread_time()
        t0 = perf_counter()
        try:
            return base_event(self, ev)
        finally:
            t1 = perf_counter()
            Timings.add(key, t1, t1 - t0, thread_time() - c0)

    event._bench_wrapped = True
    cls.event = event


class PaintCounter:
    """Counts QEvent.Paint events reaching the given widgets (an event filter each)."""

    def __init__(self, widgets: dict[str, object]) -> None:
        from PySide6.QtCore import QEvent, QObject

        paint = QEvent.Type.Paint
        counter = self

        class _Filter(QObject):
            def __init__(self, name):
                super().__init__()
                self.name = name

            def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
                if event.type() == paint:
                    counter.times[self.name].append(time.perf_counter())
                return False

        self.times: dict[str, list[float]] = {name: [] for name in widgets}
        self._filters = []
        self._widgets = []
        for name, w in widgets.items():
            f = _Filter(name)
            w.installEventFilter(f)
            self._filters.append(f)
            self._widgets.append((w, f))

    def count(self, name: str, t0: float, t1: float) -> int:
        return sum(1 for t in self.times.get(name, ()) if t0 <= t <= t1)

    def remove(self) -> None:
        for w, f in self._widgets:
            try:
                w.removeEventFilter(f)
            except RuntimeError:  # widget already gone
                pass
        self._widgets.clear()


class TickProbe:
    """A 1 ms QTimer in the GUI thread; the gaps between its ticks show how long the event
    loop was busy (a gap of 40 ms means nothing else, input included, ran for 40 ms)."""

    def __init__(self, interval_ms: int = 1) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.ticks: list[float] = []
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        self.ticks.append(time.perf_counter())

    def start(self) -> None:
        self.ticks.clear()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def gaps_ms(self, t0: float, t1: float) -> list[float]:
        """Gaps between ticks in [t0, t1], the interval's ends counted as ticks (so a loop
        that never ticked shows one gap as long as the interval)."""
        ts = [t0] + [t for t in self.ticks if t0 < t < t1] + [t1]
        return [(b - a) * 1e3 for a, b in zip(ts, ts[1:])]


class SnapshotLog:
    """Every frame the GUI published: (perf_counter, step)."""

    def __init__(self, session) -> None:
        self.log: list[tuple[float, int]] = []
        self.session = session
        session.frameChanged.connect(self._on)

    def _on(self, frame) -> None:
        self.log.append((time.perf_counter(), int(frame.snapshot.step)))

    def between(self, t0: float, t1: float) -> list[tuple[float, int]]:
        return [e for e in self.log if t0 <= e[0] <= t1]

    def disconnect(self) -> None:
        try:
            self.session.frameChanged.disconnect(self._on)
        except (RuntimeError, TypeError):
            pass


def deliver(session, snap) -> None:
    """Hand ``snap`` to every panel as the session does with a worker's snapshot: a Frame of
    the session's current model, settings and data."""
    from gradviz.gui.state.frame import Frame

    session.snapshot = snap
    seq = session.frame.seq if session.frame is not None else 0
    session.frame = Frame(snap, session.model, session.settings, session.dataset, seq)
    session.frameChanged.emit(session.frame)


# ----------------------------------------------------------------------------------------
# the naive baseline: one queued Qt signal per training step
# ----------------------------------------------------------------------------------------

def make_naive_worker_class():
    from PySide6.QtCore import QObject, Signal, Slot

    class NaiveWorker(QObject):
        """The design the architecture warns against: every trainer.step(1) is followed by
        an emit of its snapshot, queued to the GUI thread. The only concession is a bound on
        the number of signals in flight (``max_in_flight``): unbounded, the queue of
        snapshots (each a copy of up to 4,000 path entries) grows by gigabytes a second."""

        snapshot = Signal(object)

        def __init__(self, trainer, max_in_flight: int, deadline: float) -> None:
            super().__init__()
            self.trainer = trainer
            self.deadline = deadline  # perf_counter time to stop producing
            self.max_in_flight = max_in_flight
            self.stop_flag = threading.Event()
            self.room = threading.Condition()
            self.emitted = 0
            self.handled = 0
            self.blocked_s = 0.0
            self.steps = 0

        def mark_handled(self) -> None:  # GUI thread
            with self.room:
                self.handled += 1
                self.room.notify()

        @Slot()
        def run(self) -> None:
            tr = self.trainer
            while not self.stop_flag.is_set() and time.perf_counter() < self.deadline:
                snap = tr.step(1)
                self.steps += 1
                with self.room:
                    if self.emitted - self.handled >= self.max_in_flight:
                        t0 = time.perf_counter()
                        while (self.emitted - self.handled >= self.max_in_flight
                               and not self.stop_flag.is_set()):
                            self.room.wait(0.05)
                        self.blocked_s += time.perf_counter() - t0
                    if self.stop_flag.is_set():
                        break
                    self.emitted += 1
                self.snapshot.emit(snap)

        def stop(self) -> None:
            self.stop_flag.set()
            with self.room:
                self.room.notify_all()

    return NaiveWorker
