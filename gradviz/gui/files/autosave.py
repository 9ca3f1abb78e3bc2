"""Keep the user's work: the data and the settings are saved automatically and come back
on the next launch.

Files in the config folder (``GRADVIZ_CONFIG_DIR`` in tests):

* ``autosave.csv``: the current data set, written by ``gc.save_csv`` (atomic: a temporary
  file, flushed and fsynced, then renamed over the old one, so a crash mid-write leaves the
  previous copy intact). Plain CSV on purpose: a user can open it in any editor.
* ``autosave.npy`` instead, for more than :data:`CSV_MAX_POINTS` points: the same data in
  numpy's binary format, written just as atomically (``gc.atomic_write_bytes``). Writing
  1,000,000 points as CSV takes seconds of pure-Python formatting that would hold the GIL
  against the GUI thread after every edit; ``.npy`` takes a few milliseconds of memcpy.
* ``session.json``: the settings (model, loss, optimizer, learning rate, ...), the start
  point, the data set's name and column names, which data file is current and the file the
  data came from, written atomically the same way (after the data file).
* ``run.npz``: the training run (``gc.Trainer.state``: step, parameters, optimizer state,
  shuffle order, path and loss history, divergence), so a relaunch carries on where the
  last session stopped. Written with the rest, at most every :data:`RUN_SAVE_MS` while the
  run moves, when training pauses and at shutdown; the worker thread takes the state
  between two steps and the writer thread waits for it (the GUI never does).
* ``runs.json``: the runs beside it (``autosave_runs``), taken at the same step, written
  with ``run.npz``; a relaunch brings them back beside the restored run.

Saving happens shortly after every change (debounced), in a background thread (the GUI
never waits for the disk), and once more, synchronously, at shutdown. Data sets are
immutable, so handing one to the writer thread is safe without a copy.

A run that did not restore the autosaved data (``--fresh``) first copies it to
``autosave-previous.csv`` (or ``.npy``) before overwriting it: drawn data is never lost
to a flag.

:func:`restore_state` reads them back at start-up. A damaged file never stops the app:
the damaged data file is moved aside (never deleted) and the app starts with the default
data and a message saying what was wrong and where the damaged copy is.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

import gradviz.core as gc

from gradviz.gui.files.autosave_runs import RUNS_FILE, read_runs, write_runs
from gradviz.gui.files.config import config_dir
from gradviz.gui.files.settings_json import SettingError, setting_value, settings_to_json
from gradviz.gui.held_out.saved import KEY as HELD_OUT_KEY, held_out_from_json, held_out_json

DATA_FILE = "autosave.csv"
BIG_DATA_FILE = "autosave.npy"
STATE_FILE = "session.json"
RUN_FILE = "run.npz"
PREVIOUS_STEM = "autosave-previous"  # what a run that did not restore it (--fresh) found there
CSV_MAX_POINTS = 100_000  # above this the autosave is binary (.npy)
STATE_VERSION = 1
SAVE_DELAY_MS = 400  # after the last change (a drag sends many)
MAX_DELAY_MS = 3000  # but never later than this after the first unsaved change
RUN_SAVE_MS = 5000  # a moving run is saved at most this often
RUN_WAIT_S = 5.0  # the writer waits this long for the worker to hand over the run state


def remove_stale_temporaries(folder: Path) -> int:
    """Temporary files left by a crash mid-write (``.autosave.csv.<hex>.tmp``): remove them."""
    n = 0
    for name in (DATA_FILE, BIG_DATA_FILE, STATE_FILE, RUN_FILE, RUNS_FILE):
        for p in Path(folder).glob(f".{name}.*.tmp"):
            try:
                p.unlink()
                n += 1
            except OSError:
                pass
    return n


def _npy_bytes(ds: gc.Dataset) -> bytes:
    import io

    buf = io.BytesIO()
    np.save(buf, np.column_stack([ds.x, ds.y]), allow_pickle=False)
    return buf.getvalue()


def _load_npy(path: Path, x_name: str = "x", y_name: str = "y") -> gc.Dataset:
    """The binary autosave; DataError (naming the file) if it is not what we wrote."""
    try:
        arr = np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError) as exc:
        raise gc.DataError(f"not a readable numpy file ({exc})", path) from None
    if arr.ndim != 2 or arr.shape[1] != 2 or arr.dtype != np.float64:
        raise gc.DataError(f"expected an (n, 2) float64 array, found {arr.dtype} {arr.shape}", path)
    if arr.size and not np.abs(arr).max() <= gc.MAX_ABS_VALUE:  # (NaN fails this too)
        raise gc.DataError(f"values beyond ±{gc.MAX_ABS_VALUE:g} (or not finite)", path)
    try:
        return gc.Dataset(arr[:, 0], arr[:, 1], name=path.stem, x_name=x_name, y_name=y_name)
    except gc.DataError as exc:
        raise gc.DataError(exc.what, path) from None


def _same_runs(frame, seen) -> bool:
    """Whether ``frame`` shows the very snapshots of the same runs as ``seen`` (a trainer
    hands out the same snapshot while nothing changed)."""
    return seen is not None and frame.snapshot is seen.snapshot \
        and [c.label for c in frame.companions] == [c.label for c in seen.companions] \
        and all(a.snapshot is b.snapshot for a, b in zip(frame.companions, seen.companions))


def data_file_for(n: int) -> str:
    return DATA_FILE if n <= CSV_MAX_POINTS else BIG_DATA_FILE


# ----- settings <-> JSON --------------------------------------------------------------------

def _valid_settings(raw) -> tuple[object, list[str]]:
    """Settings from saved JSON, field by field: a bad field falls back to its default and
    is reported, the good ones are kept."""
    from gradviz.gui.state.settings import Settings

    base = Settings()
    if not isinstance(raw, dict):
        return base, ["the settings were not readable"]
    problems: list[str] = []
    changes = {}
    for f in dataclasses.fields(base):
        if f.name not in raw:
            continue
        try:
            changes[f.name] = setting_value(f.name, raw[f.name], getattr(base, f.name))
        except SettingError:
            problems.append(f"{f.name} = {raw[f.name]!r}")
    try:
        return dataclasses.replace(base, **changes), problems
    except (TypeError, ValueError) as exc:  # pragma: no cover - every field was checked
        return base, [str(exc)]


# ----- restore -------------------------------------------------------------------------------

@dataclass
class Restored:
    """What :func:`restore_state` found. ``dataset``/``settings``/``start`` are None when
    nothing usable was saved; ``messages`` say what went wrong (for the status bar)."""

    dataset: gc.Dataset | None = None
    settings: object | None = None
    start: list[float] | None = None
    source: str | None = None  # the file the data came from (Save writes there)
    source_columns: bool = False  # that file had more than two columns (Save must ask)
    messages: list[str] = field(default_factory=list)
    damaged_copy: Path | None = None
    run: dict | None = None  # the training run (not yet checked against the model and data)
    eval_dataset: gc.Dataset | None = None  # the held-out points that go with ``dataset``
    runs: list | None = None  # the runs beside ``run`` (as JSON, not yet checked)

    @property
    def found(self) -> bool:
        return self.dataset is not None or self.settings is not None


def _set_aside(path: Path) -> Path | None:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}-damaged-{stamp}{path.suffix}")
    k = 1
    while target.exists():
        k += 1
        target = path.with_name(f"{path.stem}-damaged-{stamp}-{k}{path.suffix}")
    try:
        os.replace(path, target)
        return target
    except OSError:
        return None


def restore_state(folder: Path | None = None) -> Restored:
    """Read the autosaved data and settings. Never raises for a damaged or unreadable file:
    it is reported in ``messages`` and what could not be read stays None."""
    folder = Path(folder) if folder is not None else config_dir()
    remove_stale_temporaries(folder)
    out = Restored()
    state_path = folder / STATE_FILE
    state: dict = {}
    if state_path.exists():
        try:
            state = json.loads(state_path.read_text(encoding="utf-8"))
            if not isinstance(state, dict):
                raise ValueError("not a JSON object")
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            out.messages.append(f"The saved settings ({state_path.name}) could not be read ({exc}); "
                                "using the default settings.")
            state = {}
        else:
            settings, problems = _valid_settings(state.get("settings"))
            out.settings = settings
            if problems:
                out.messages.append("Some saved settings were not valid and were reset: " + ", ".join(problems) + ".")
            start = state.get("start")
            if isinstance(start, list) and start and all(
                    isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in start):
                out.start = [float(v) for v in start]
            src = state.get("source")
            out.source = src if isinstance(src, str) and src else None
            out.source_columns = bool(state.get("source_columns", False))
            out.eval_dataset, problem = held_out_from_json(state.get(HELD_OUT_KEY))
            out.messages += [problem] * bool(problem)
    data = state.get("data") if isinstance(state.get("data"), dict) else {}
    named = data.get("file")
    if named in (DATA_FILE, BIG_DATA_FILE) and (folder / named).exists():
        data_path = folder / named
    else:  # no (readable) session.json: the newest data file there is
        found = [folder / f for f in (DATA_FILE, BIG_DATA_FILE) if (folder / f).exists()]
        data_path = max(found, key=lambda p: p.stat().st_mtime) if found else None
    if data_path is not None:
        try:
            if data_path.suffix == ".npy":
                names = [data.get("x_name"), data.get("y_name")]
                names = [v if isinstance(v, str) else d for v, d in zip(names, ("x", "y"))]
                ds = _load_npy(data_path, *names)
            else:
                inputs = 2 if data.get("inputs") == 2 else 1  # x1, x2, y: three columns
                ds = gc.load_csv(data_path, allow_empty=True, max_abs=gc.MAX_ABS_VALUE, inputs=inputs)
        except gc.DataError as exc:
            out.damaged_copy = _set_aside(data_path)
            kept = f" The damaged file was kept as {out.damaged_copy}." if out.damaged_copy else ""
            out.messages.append(f"Your autosaved data could not be read ({exc}); "
                                f"started with the default data instead.{kept}")
            out.source = None
        else:
            name = data.get("name")
            if isinstance(name, str):
                try:
                    ds = dataclasses.replace(ds, name=name)
                except (gc.DataError, TypeError):
                    pass
            out.dataset = ds
    run_path = folder / RUN_FILE
    if out.dataset is not None and run_path.exists():
        try:
            out.run = gc.run_state_from_bytes(run_path.read_bytes())
        except (OSError, gc.RunStateError) as exc:
            out.messages.append(f"Your training run of last time ({run_path.name}) could not be read ({exc}); "
                                "started a new run with the restored data and settings.")
    if out.run is not None:
        out.runs, problem = read_runs(folder)
        out.messages += [problem] * bool(problem)
    return out


# ----- the saver -----------------------------------------------------------------------------

class Autosaver(QObject):
    """Saves the session's data and settings shortly after every change.

    ``source`` is a callable returning ``(path or None, had_more_columns)`` of the file the
    data came from (so Save knows where to write after a restart); may be None.
    Signals: ``saved(float)`` seconds the last write took; ``failed(str)`` a message.
    """

    saved = Signal(float)
    failed = Signal(str)

    def __init__(self, session, source=None, folder: Path | None = None, parent=None,
                 delay_ms: int = SAVE_DELAY_MS) -> None:
        super().__init__(parent)
        self.session = session
        self.source = source
        self.folder = Path(folder) if folder is not None else config_dir()
        self.enabled = True
        self._lock = threading.Lock()
        self._pending: tuple | None = None  # (data set or None, session.json bytes, run Future or None)
        self._thread: threading.Thread | None = None
        self._written_ds: gc.Dataset | None = None  # what is on disk (GUI thread's view)
        self._queued_ds: gc.Dataset | None = None  # what the writer was last handed
        self._first_change: float | None = None
        self._errors: list[str] = []
        self._keep_previous = True  # until mark_saved: the file on disk is not ours yet
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.save_soon_now)
        self._poll = QTimer(self)  # reports the writer thread's outcome on the GUI thread
        self._poll.setInterval(100)
        self._poll.timeout.connect(self._report)
        for sig in (session.datasetChanged, session.settingsChanged, session.modelChanged, session.startChanged,
                    session.evalDatasetChanged):
            sig.connect(lambda *_: self.schedule())
        self._run_seen = session.frame  # the runs as last saved (or restored)
        self._run_dirty = False
        self._run_timer = QTimer(self)  # a moving run: saved at most every RUN_SAVE_MS
        self._run_timer.setSingleShot(True)
        self._run_timer.timeout.connect(self.save_soon_now)
        session.frameChanged.connect(self._on_frame)
        session.runningChanged.connect(self._on_running)
        self.delay_ms = int(delay_ms)

    @property
    def data_path(self) -> Path:
        """The data file for the current data set (CSV, or .npy when it is large)."""
        return self.folder / data_file_for(len(self.session.dataset))

    @property
    def state_path(self) -> Path:
        return self.folder / STATE_FILE

    def mark_saved(self, dataset: gc.Dataset) -> None:
        """This data set is already what autosave.csv holds (it was just restored from it)."""
        self._written_ds = self._queued_ds = dataset
        self._keep_previous = False

    def _set_previous_aside(self) -> None:
        """The first write of a run that did not restore autosave.csv (``--fresh``, a FILE
        argument that failed...) would overwrite someone's drawn data: copy it aside once."""
        self._keep_previous = False
        for name in (DATA_FILE, BIG_DATA_FILE):
            old = self.folder / name
            if old.exists():
                gc.atomic_write_bytes(self.folder / f"{PREVIOUS_STEM}{old.suffix}", old.read_bytes())

    def set_enabled(self, on: bool) -> None:
        self.enabled = bool(on)
        if not on:
            self._timer.stop()
            self._run_timer.stop()

    def _on_running(self, running: bool) -> None:
        if not running:  # paused (or diverged): save the run as it stands
            self.schedule()

    def _on_frame(self, frame) -> None:
        if _same_runs(frame, self._run_seen) or not self.enabled:
            return
        self._run_seen = frame
        self._run_dirty = True
        if not self._run_timer.isActive():
            self._run_timer.start(RUN_SAVE_MS)

    # ----- scheduling (GUI thread) ---------------------------------------------------------
    def schedule(self) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if self._first_change is None:
            self._first_change = now
        left_ms = MAX_DELAY_MS - (now - self._first_change) * 1000
        self._timer.start(int(max(0, min(self.delay_ms, left_ms))))

    def _state_bytes(self) -> bytes:
        s = self.session
        src, multi = (self.source() if self.source is not None else (None, False))
        state = {
            "version": STATE_VERSION,
            "saved_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "settings": settings_to_json(s.settings),
            "start": [float(v) for v in np.asarray(s.start, dtype=float).ravel()],
            "data": {"file": data_file_for(len(s.dataset)), "name": s.dataset.name, "points": len(s.dataset),
                     "x_name": s.dataset.x_name, "y_name": s.dataset.y_name, "inputs": s.dataset.n_inputs},
            "source": str(src) if src else None,
            "source_columns": bool(multi),
            HELD_OUT_KEY: held_out_json(s.eval_dataset),
        }
        return (json.dumps(state, indent=2) + "\n").encode("utf-8")

    def save_soon_now(self) -> None:
        """Hand the current state to the writer thread (latest wins)."""
        self._timer.stop()
        self._run_timer.stop()
        self._first_change = None
        self._run_dirty = False
        if not self.enabled:
            return
        ds = self.session.dataset
        job = (None if ds is self._queued_ds else ds, self._state_bytes(), self.session.runs.request_saved())
        self._queued_ds = ds
        with self._lock:
            if self._pending is not None and job[0] is None:
                job = (self._pending[0], *job[1:])  # keep a data set the writer has not written yet
            self._pending = job
            start = self._thread is None or not self._thread.is_alive()
            if start:
                self._thread = threading.Thread(target=self._run, name="gradviz-autosave")
        if start:
            self._thread.start()
        if not self._poll.isActive():
            self._poll.start()

    def flush(self, timeout: float = 30.0) -> bool:
        """Write everything now and wait for it (shutdown, tests). True if all went well."""
        if self.enabled and (self._timer.isActive() or self.session.dataset is not self._queued_ds
                             or self._first_change is not None or self._run_dirty):
            self.save_soon_now()
        t = self._thread
        if t is not None:
            t.join(timeout)
        self._report()
        return t is None or not t.is_alive()

    def shutdown(self) -> bool:
        self._timer.stop()
        self._run_timer.stop()
        ok = self.flush()
        self._poll.stop()
        return ok

    # ----- the writer thread -------------------------------------------------------------
    def _run(self) -> None:
        while True:
            with self._lock:
                job, self._pending = self._pending, None
                if job is None:
                    return
            ds, state, run = job
            t0 = time.perf_counter()
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                if ds is not None:
                    if self._keep_previous:
                        self._set_previous_aside()
                    name = data_file_for(len(ds))
                    if name == DATA_FILE:
                        gc.save_csv(ds, self.folder / name)
                    else:
                        gc.atomic_write_bytes(self.folder / name, _npy_bytes(ds))
                gc.atomic_write_bytes(self.state_path, state)
                if ds is not None:  # session.json now names the new file: drop the other one
                    other = self.folder / (BIG_DATA_FILE if name == DATA_FILE else DATA_FILE)
                    if other.exists():
                        other.unlink()
                self._write_run(run)
            except (gc.DataError, OSError) as exc:
                with self._lock:
                    self._errors.append(f"Autosave failed: {exc}")
            else:
                with self._lock:
                    if ds is not None:
                        self._written_ds = ds
                    self._errors.append(f"ok:{time.perf_counter() - t0}")

    def _write_run(self, run) -> None:
        """(Writer thread) the run states, once the worker has handed them over; runs the
        worker could not hand over in time (it was stopping) keep their last saved copy."""
        if run is None:
            return
        try:
            state, companions = run.result(timeout=RUN_WAIT_S)
        except Exception:  # a timeout, or the worker stopped before taking it: the last copy stays
            return
        gc.atomic_write_bytes(self.folder / RUN_FILE, gc.run_state_bytes(state))
        write_runs(self.folder, companions, gc.atomic_write_bytes)

    def _report(self) -> None:
        with self._lock:
            events, self._errors = self._errors, []
            idle = self._pending is None and (self._thread is None or not self._thread.is_alive())
        for e in events:
            if e.startswith("ok:"):
                self.saved.emit(float(e[3:]))
            else:
                self._queued_ds = self.written_dataset  # write the data again next time
                self.failed.emit(e)
        if idle:
            self._poll.stop()

    @property
    def written_dataset(self) -> gc.Dataset | None:
        with self._lock:
            return self._written_ds
