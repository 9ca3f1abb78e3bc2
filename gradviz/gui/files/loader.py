"""Loading a CSV file off the GUI thread, with a progress indication and Cancel.

``gc.load_csv`` runs in a QThread (one per load); the GUI keeps painting and training
while it runs. The result reaches the GUI thread as one immutable ``LoadResult``; only a
success may replace the data (the caller decides), so a bad or cancelled load never
touches the user's data. Cancel cannot interrupt numpy's parser mid-call: it returns the
GUI at once and the result, when it comes, is dropped.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget

import gradviz.core as gc

SHOW_PROGRESS_AFTER_MS = 250  # a quick load shows nothing; a slow one a busy bar


@dataclass(frozen=True)
class LoadResult:
    path: Path
    columns: tuple | None
    dataset: gc.Dataset | None = None
    error: BaseException | None = None
    cancelled: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.dataset is not None and not self.cancelled


class _LoadJob(QObject):
    done = Signal(object, object, float)  # dataset or None, exception or None, seconds

    def __init__(self, path: Path, columns) -> None:
        super().__init__()
        self.path = path
        self.columns = columns

    @Slot()
    def run(self) -> None:
        t0 = time.perf_counter()
        try:
            ds = gc.load_csv(self.path, columns=self.columns, max_abs=gc.MAX_ABS_VALUE)
        except Exception as exc:  # DataError above all; MemoryError etc. are reported too
            self.done.emit(None, exc, time.perf_counter() - t0)
        else:
            self.done.emit(ds, None, time.perf_counter() - t0)


class FileLoader(QObject):
    """One load at a time. ``started(path)``, then exactly one ``finished(LoadResult)``."""

    started = Signal(object)
    finished = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._job: _LoadJob | None = None
        self._path: Path | None = None
        self._columns = None
        self._cancelled = False
        self._old: list[tuple[QThread, _LoadJob]] = []  # cancelled loads still running

    @property
    def busy(self) -> bool:
        return self._job is not None

    @property
    def path(self) -> Path | None:
        return self._path

    def start(self, path, columns=None) -> bool:
        if self.busy:
            return False
        self._path, self._columns, self._cancelled = Path(path), columns, False
        thread = QThread()
        thread.setObjectName("gradviz-csv-load")
        job = _LoadJob(self._path, columns)
        job.moveToThread(thread)
        thread.started.connect(job.run)
        job.done.connect(self._on_done)  # queued: runs on the GUI thread
        job.done.connect(thread.quit)
        self._thread, self._job = thread, job
        thread.start()
        self.started.emit(self._path)
        return True

    def cancel(self) -> None:
        """Stop waiting for the load in flight: ``finished`` comes now with cancelled=True."""
        if not self.busy:
            return
        job, thread = self._job, self._thread
        job.done.disconnect(self._on_done)
        self._old.append((thread, job))
        thread.finished.connect(lambda: self._forget(thread))
        self._job = self._thread = None
        self.finished.emit(LoadResult(self._path, self._columns, cancelled=True))

    def _forget(self, thread) -> None:
        self._old = [(t, j) for t, j in self._old if t is not thread]

    def _on_done(self, ds, error, seconds) -> None:
        thread = self._thread
        self._job = self._thread = None
        if thread is not None:
            thread.quit()  # its run() has returned; end its event loop and join it
            thread.wait(5000)
        self.finished.emit(LoadResult(self._path, self._columns, ds, error, False, seconds))

    def wait(self, timeout_ms: int = 60_000) -> bool:
        """Run a local event loop until the load in flight has finished (or timeout)."""
        if not self.busy:
            return True
        loop = QEventLoop()
        self.finished.connect(loop.quit)
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        timer.start(timeout_ms)
        try:
            if self.busy:
                loop.exec()
        finally:
            timer.stop()
            self.finished.disconnect(loop.quit)
        return not self.busy

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Cancel and wait for every load thread to end (the window is closing)."""
        self.cancel()
        ok = True
        for thread, _job in list(self._old):
            ok = thread.wait(timeout_ms) and ok
        self._old.clear()
        return ok


class LoadProgress(QWidget):
    """A status-bar strip: "Loading big.csv (45 MB)… 1.2 s [busy bar] [Cancel]", shown
    only when a load takes longer than SHOW_PROGRESS_AFTER_MS."""

    def __init__(self, loader: FileLoader, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("load_progress")
        self.loader = loader
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy: numpy's parser does not report how far it is
        self.bar.setMaximumWidth(140)
        self.bar.setMaximumHeight(14)
        self.bar.setTextVisible(False)
        self.cancel_button = QToolButton()
        self.cancel_button.setText("Cancel")
        self.cancel_button.setToolTip("Stop loading; your current data stays as it is")
        self.cancel_button.clicked.connect(loader.cancel)
        lay.addWidget(self.label)
        lay.addWidget(self.bar)
        lay.addWidget(self.cancel_button)
        self._t0 = 0.0
        self._what = ""
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.timeout.connect(self._show)
        self._tick = QTimer(self)
        self._tick.setInterval(200)
        self._tick.timeout.connect(self._update_text)
        loader.started.connect(self._on_started)
        loader.finished.connect(self._on_finished)
        self.hide()

    def _on_started(self, path: Path) -> None:
        self._t0 = time.perf_counter()
        try:
            size = path.stat().st_size
            self._what = f"Loading {path.name} ({size / 1e6:.1f} MB)…" if size >= 1e6 else f"Loading {path.name}…"
        except OSError:
            self._what = f"Loading {path.name}…"
        self._show_timer.start(SHOW_PROGRESS_AFTER_MS)

    def pending(self) -> bool:
        """A load is running and the strip waits to show (a quick load never shows it)."""
        return self._show_timer.isActive()

    def show_now(self) -> None:
        """Show the strip without waiting (if a load is still running)."""
        self._show_timer.stop()
        self._show()

    def _show(self) -> None:
        if self.loader.busy:
            self._update_text()
            self.show()
            self._tick.start()

    def _update_text(self) -> None:
        self.label.setText(f"{self._what} {time.perf_counter() - self._t0:.1f} s")

    def _on_finished(self, _result) -> None:
        self._show_timer.stop()
        self._tick.stop()
        self.hide()
