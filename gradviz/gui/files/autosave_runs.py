"""The autosave of the runs beside the run in focus: ``runs.json`` in the config folder,
next to ``run.npz`` (the focused run), so that a relaunch brings them back too.

The file is ``{"version": 1, "runs": [...]}``, each run written as the session file writes
``runs[1]``, ``runs[2]``, ... (``session_file.run_json``): its settings, start, whether it
follows the focused run's start, and the full trainer state, taken in the training thread
at the same step as ``run.npz``'s. No runs beside the focused one: no file.

Read back at start-up, each run is checked as a session file's is (the model and data, the
shared loss, the same step as the focused run); a file that does not fit (written before a
crash at another step, hand-edited) is left out with a message, never a reason not to start.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from gradviz.gui.files.session_file import RunRecord, SessionFileError, check_beside, parse_run, run_json
from gradviz.gui.files.session_runs import companion_records, companions_saved
from gradviz.gui.state.runs import MAX_COMPANIONS
from gradviz.gui.state.settings import Settings

__all__ = ["RUNS_FILE", "runs_bytes", "write_runs", "read_runs", "restore_runs"]

RUNS_FILE = "runs.json"
VERSION = 1


def runs_bytes(companions) -> bytes:
    """``runs.json``'s bytes for ``companions`` as ``CompanionRuns.request_saved`` gives them."""
    runs = [run_json(r, {}, r.label) for r in companion_records(companions)]
    return (json.dumps({"version": VERSION, "runs": runs}, allow_nan=False) + "\n").encode("utf-8")


def write_runs(folder: Path, companions, atomic_write) -> None:
    """(Writer thread) ``runs.json`` for ``companions``, or no file when there are none."""
    path = Path(folder) / RUNS_FILE
    if companions:
        atomic_write(path, runs_bytes(companions))
    elif path.exists():
        path.unlink()


def read_runs(folder: Path) -> tuple[list | None, str | None]:
    """(the runs of ``runs.json`` as JSON, not yet checked, or None; a message if it could
    not be read)."""
    path = Path(folder) / RUNS_FILE
    if not path.exists():
        return None, None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        return None, f"Your other runs of last time ({RUNS_FILE}) could not be read ({exc})."
    if not isinstance(raw, dict) or raw.get("version") != VERSION or not isinstance(raw.get("runs"), list):
        return None, f"Your other runs of last time ({RUNS_FILE}) are not in a form this gradviz reads."
    return raw["runs"], None


def restore_runs(session, raw_runs: list, run_state: dict) -> str | None:
    """Carry on the autosaved runs beside the session's run, restored from ``run_state``;
    None, or a message saying why they were left out (nothing changed then)."""
    settings = session.settings
    first = RunRecord(dataclasses.asdict(settings), session.start, run_state)
    model, ds, held = session.model, session.dataset, session.eval_dataset
    try:
        if len(raw_runs) > MAX_COMPANIONS:
            raise SessionFileError("runs", f"at most {MAX_COMPANIONS} runs beside the focused one, got {len(raw_runs)}")
        records = [parse_run(r, f"runs[{k}]", model, ds, Settings(), held) for k, r in enumerate(raw_runs)]
        for k, r in enumerate(records):
            check_beside(r, first, f"runs[{k}]")
        session.runs.restore(companions_saved(settings, records))
    except (SessionFileError, ValueError) as exc:
        return f"Your other runs of last time could not be carried on ({RUNS_FILE}, {exc}); they were left out."
    return None
