"""Bad and odd input through the window (the GUI path), file by file.

tests/core/test_data.py proves what ``gc.load_csv`` makes of every file of the corpus in
tests/data/csv/ (listed in tests/data/README.md). Here every one of those files goes
through the window as a user opens it (File > Open's path: header sniffing, the column
chooser, the loader thread, the error dialog), and must give exactly what the core gives:
the same values, or the core's DataError, shown in a dialog naming the file, the line and
the column, with the data and the undo history untouched. Also: a folder instead of a file,
a 1,000,000-row file broken near its end, values beyond the range the app works in
(``gc.MAX_ABS_VALUE``), and the same through the command line and the autosave.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QMessageBox

import gradviz.core as gc
from gradviz.gui.files.autosave import restore_state
import windows
from screen_invariants import SnapshotTracker, nonfinite_on_screen, readout_mismatch, settle

CORPUS = Path(__file__).resolve().parents[2] / "data" / "csv"
LIMIT = gc.MAX_ABS_VALUE

# The columns the window picks where it differs from load_csv's default (the first two):
# two numeric columns among others are taken without asking.
GUI_COLUMNS = {"text_column.csv": (1, 2)}
# Files whose more than two numeric columns make the window ask (the test accepts the
# dialog's preselection: the first two numeric columns).
ASKS_FOR_COLUMNS = {"three_columns.csv", "three_columns_no_header.csv"}


def make_window(qtbot, dataset=None, settings=None, use_gl=False):
    return windows.make_window(qtbot, dataset, settings, use_gl=use_gl)  # contour only: faster


@pytest.fixture
def window(qtbot, config_dir):
    yield from windows.window_closed_after(qtbot, use_gl=False)  # contour only: faster


@pytest.fixture
def dialogs(monkeypatch):
    """Warnings the window shows (title, text), instead of modal boxes; column dialogs are
    accepted with their preselection and recorded."""
    shown = {"warnings": [], "columns": []}
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown["warnings"].append((a[1], a[2])))
    with windows.column_dialogs_accepted(record=shown["columns"].append):
        yield shown


def core_outcome(path: Path, **kw):
    try:
        return gc.load_csv(path, **kw), None
    except gc.DataError as exc:
        return None, exc


def bits(a) -> list[int]:
    return np.asarray(a, dtype=np.float64).view(np.int64).tolist()


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.csv"))


def test_the_corpus_is_listed_in_the_readme():
    readme = (CORPUS.parent / "README.md").read_text(encoding="utf-8")
    missing = [p.name for p in corpus_files() if f"`{p.name}`" not in readme]
    assert not missing, f"tests/data/README.md does not list: {missing}"


def test_the_app_limit_only_refuses_values_beyond_it():
    """load_csv(max_abs=...) (what the window uses) gives what load_csv gives for every
    corpus file, except for values beyond the limit, which become a DataError naming the
    line and the column."""
    differ = []
    for path in corpus_files():
        kw = {"columns": GUI_COLUMNS[path.name]} if path.name in GUI_COLUMNS else {}
        plain, plain_err = core_outcome(path, **kw)
        limited, limited_err = core_outcome(path, max_abs=LIMIT, **kw)
        if plain_err is not None:
            assert limited_err is not None and str(limited_err) == str(plain_err), path.name
        elif limited_err is not None:
            differ.append(path.name)
            big = np.abs(np.concatenate([plain.x, plain.y])).max()
            assert big > LIMIT
            assert (limited_err.line, limited_err.column) == (3, 1), str(limited_err)
            assert "is too large (values must lie within ±1e+100)" in str(limited_err)
        else:
            assert limited == plain and bits(limited.x) == bits(plain.x), path.name
    assert differ == ["full_precision.csv"]  # its 1.7976931348623157e308 is beyond the limit


def test_every_corpus_file_through_the_window(qtbot, window, dialogs):
    """One window, every file of the corpus in turn; each either replaces the data with
    exactly what the core loads, or leaves data and history exactly as they were and shows
    the core's message with the line and the column."""
    s, ed = window.session, window.editor
    tracker = SnapshotTracker(s)
    problems = []
    for path in corpus_files():
        name = path.name
        window.load_preset("lesson")
        ed.add_point(10.0, 10.0)  # some unsaved work
        before, history = s.dataset, ed.history
        n_warn, n_cols = len(dialogs["warnings"]), len(dialogs["columns"])
        kw = {"columns": GUI_COLUMNS[name]} if name in GUI_COLUMNS else {}
        want, want_err = core_outcome(path, max_abs=LIMIT, **kw)
        got = window.open_file(path)
        warnings = dialogs["warnings"][n_warn:]
        asked = len(dialogs["columns"]) - n_cols
        if asked != (1 if name in ASKS_FOR_COLUMNS else 0):
            problems.append(f"{name}: the column dialog was shown {asked} times")
        if want_err is None:
            if got is not True or warnings:
                problems.append(f"{name}: the core loads it, the window said {got} {warnings}")
                continue
            ds = s.dataset
            if bits(ds.x) != bits(want.x) or bits(ds.y) != bits(want.y) or \
                    (ds.x_name, ds.y_name) != (want.x_name, want.y_name):
                problems.append(f"{name}: the window shows other values or names than the core loads")
            if window.files.current_path != path:
                problems.append(f"{name}: Save would not write back to the file")
            window.act_undo.trigger()
            if s.dataset is not before:
                problems.append(f"{name}: undo did not bring the previous data back")
        else:
            text = warnings[0][1] if len(warnings) == 1 else ""
            expected_lines = [str(want_err)]  # (each a line of the dialog's text, or its start)
            if want_err.line is not None:
                expected_lines.append(f"Line: {want_err.line}")
            if want_err.column is not None:
                expected_lines.append(f"Column: {want_err.column}")
            expected_lines.append("Your current data is unchanged.")
            shown_lines = text.splitlines()
            if got is not False:
                problems.append(f"{name}: open_file returned {got!r} for a bad file")
            if s.dataset is not before or ed.history != history:
                problems.append(f"{name}: the data or the undo history changed on a failure")
            if len(warnings) != 1 or not text.startswith(str(want_err)) or \
                    not all(any(s == e or s.startswith(e + " ") for s in shown_lines) for e in expected_lines):
                problems.append(f"{name}: dialog {warnings!r} does not say {expected_lines!r}")
            if window.statusBar().currentMessage() != f"Could not open {name}; your data is unchanged.":
                problems.append(f"{name}: status bar says {window.statusBar().currentMessage()!r}")
        if not settle(tracker):
            problems.append(f"{name}: no snapshot for the current data within 20 s")
        bad = nonfinite_on_screen(window)
        if bad:
            problems.append(f"{name}: non-finite on screen: {bad}")
        diff = readout_mismatch(window)
        if diff:
            problems.append(f"{name}: readout != core: {diff}")
    assert not problems, "\n".join(problems)
    # the window still trains after all that
    window.load_preset("lesson")
    s.step_once(10)
    qtbot.waitUntil(lambda: s.snapshot.step == 10 and s.snapshot.diverged is None)


def test_every_error_names_where_it_is():
    """A DataError for a file's content names the line, and the column where one cell is at
    fault; only whole-file problems (empty, no data rows, one column) name no column."""
    for path in corpus_files():
        _ds, err = core_outcome(path, max_abs=LIMIT, **({"columns": GUI_COLUMNS[path.name]}
                                                         if path.name in GUI_COLUMNS else {}))
        if err is None:
            continue
        assert err.path == path
        if err.what.startswith("the file is empty"):
            assert err.line is None, str(err)
        elif "header row but no data rows" in err.what or "only one column" in err.what:
            assert err.line is not None and err.column is None, str(err)
        else:
            assert err.line is not None and err.column is not None, str(err)


# ----- a folder, a missing file --------------------------------------------------------------------

def test_a_folder_instead_of_a_file(qtbot, window, dialogs, tmp_path):
    folder = tmp_path / "points.csv"
    folder.mkdir()
    (folder / "inner.csv").write_text("x,y\n1,2\n3,4\n")
    before, history = window.session.dataset, window.editor.history
    with pytest.raises(gc.DataError, match="is a folder, not a file"):
        gc.load_csv(folder)
    assert window.open_file(folder) is False
    assert window.session.dataset is before and window.editor.history == history
    (title, text), = dialogs["warnings"]
    assert text.startswith("points.csv: is a folder, not a file")
    assert "Your current data is unchanged." in text
    # a folder dropped on the window is not taken for a file
    from PySide6.QtCore import QMimeData, QUrl
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    assert window.files.dropped_path(mime) is None
    # Recent Files pointing at what is now a folder: removed, with a message, nothing opened
    window.files.open_recent(folder)
    assert window.session.dataset is before
    assert "no longer there" in window.statusBar().currentMessage()


def _cli(args, config_dir, cwd):
    env = dict(os.environ, GRADVIZ_CONFIG_DIR=str(config_dir))
    return subprocess.run([sys.executable, "-m", "gradviz", *args], capture_output=True, text=True,
                          timeout=120, env=env, cwd=str(cwd))


@pytest.mark.slow
def test_a_folder_or_a_too_large_value_on_the_command_line(config_dir, tmp_path):
    folder = tmp_path / "data.csv"
    folder.mkdir()
    r = _cli([str(folder), "--screenshot", "x.png", "--no-gl"], config_dir, tmp_path)
    assert r.returncode == 2, r.stderr
    assert f"{folder}: is a folder, not a file" in r.stderr
    assert "Traceback" not in r.stderr
    big = tmp_path / "big.csv"
    big.write_text("x,y\n1,2\n3,4e150\n")
    r = _cli([str(big), "--screenshot", "x.png", "--no-gl"], config_dir, tmp_path)
    assert r.returncode == 2, r.stderr
    assert "big.csv, line 3, column 2 ('y'): '4e150' is too large (values must lie within ±1e+100)" in r.stderr
    assert "Traceback" not in r.stderr and not (tmp_path / "x.png").exists()


# ----- values beyond the range the app works in ------------------------------------------------------

@pytest.mark.parametrize("text, line, column", [
    ("x,y\n1,2\n1e101,3\n", 3, 1),
    ("x,y\n1,2\n3,-1e300\n", 3, 2),
    ("1,2\n\n3,1.7976931348623157e308\n", 3, 2),
    ('x;y\n1;2\n"2e200";3\n', 3, 1),
])
def test_values_beyond_the_limit_are_refused_naming_line_and_column(qtbot, window, dialogs, tmp_path,
                                                                    text, line, column):
    path = tmp_path / "huge.csv"
    path.write_bytes(text.encode())
    gc.load_csv(path)  # fine for the core: every one is a finite double
    with pytest.raises(gc.DataError) as info:
        gc.load_csv(path, max_abs=LIMIT)
    assert (info.value.line, info.value.column) == (line, column)
    before = window.session.dataset
    assert window.open_file(path) is False
    assert window.session.dataset is before
    assert dialogs["warnings"][0][1].startswith(str(info.value))


def test_the_data_view_never_goes_beyond_the_limit(qtbot, window):
    """Zooming far out stops at the limit, so a click can only add a point the app can handle."""
    dp = window.data_panel
    vb = dp.getPlotItem().vb
    for _ in range(120):  # as the mouse wheel zooms out, step by step
        vb.scaleBy((10.0, 10.0))
    qtbot.wait(50)
    (x0, x1), (y0, y1) = vb.viewRange()
    assert -LIMIT <= x0 < x1 <= LIMIT and -LIMIT <= y0 < y1 <= LIMIT
    n = len(window.session.dataset)
    corner = vb.mapViewToScene(QPointF(x1, y1))
    pos = dp.mapFromScene(corner) + QPointF(-2, 2).toPoint()
    qtbot.mouseClick(dp.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: len(window.session.dataset) == n + 1)
    x, y = window.session.dataset.x[-1], window.session.dataset.y[-1]
    assert abs(x) <= LIMIT and abs(y) <= LIMIT and abs(x) > LIMIT / 10


def test_autosaved_values_beyond_the_limit_count_as_damaged(config_dir):
    """Someone edits autosave.csv by hand: the app starts with the default data, says why,
    and keeps the edited file aside."""
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "autosave.csv").write_text("x,y\n1,2\n3,1e200\n")
    restored = restore_state(config_dir)
    assert restored.dataset is None
    assert restored.damaged_copy is not None and restored.damaged_copy.exists()
    assert "line 3, column 2" in restored.messages[0] and "too large" in restored.messages[0]
    np.save(config_dir / "autosave.npy", np.array([[1.0, 2.0], [3.0, 1e200]]))
    restored = restore_state(config_dir)
    assert restored.dataset is None and "beyond" in restored.messages[0]


# ----- a million rows ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def million_rows_broken(tmp_path_factory):
    """1,000,000 good rows, then one bad cell, then one more good row."""
    folder = tmp_path_factory.mktemp("big")
    rng = np.random.default_rng(11)
    x = rng.uniform(0, 10, size=1_000_000)
    y = 0.6 * x + 2 + rng.normal(size=x.size)
    good = folder / "good.csv"
    gc.save_csv(gc.Dataset(x, y), good)
    text = good.read_text()
    bad_cell = folder / "bad_cell.csv"
    bad_cell.write_text(text + "5.5,abc\n1,2\n")
    too_big = folder / "too_big.csv"
    too_big.write_text(text + "1e101,2\n1,2\n")
    return bad_cell, too_big


@pytest.mark.slow
def test_a_million_rows_broken_at_the_end(qtbot, window, dialogs, million_rows_broken):
    for path, line, column, what in [(million_rows_broken[0], 1_000_002, 2, "'abc' is not a number"),
                                     (million_rows_broken[1], 1_000_002, 1, "'1e101' is too large")]:
        before, history = window.session.dataset, window.editor.history
        dialogs["warnings"].clear()
        assert window.open_file(path) is False
        assert window.session.dataset is before and window.editor.history == history
        (title, text), = dialogs["warnings"]
        assert text.startswith(f"{path.name}, line {line:d}, column {column}")
        assert what in text and f"Line: {line}" in text.splitlines()
    s = window.session
    s.step_once(3)
    qtbot.waitUntil(lambda: s.snapshot.step == 3)
