"""A FILE argument follows one rule, whatever is wrong with it: it is loaded before the
window shows (through the window's own File > Open path, without dialogs), and one that
cannot be loaded ends the program with one line naming the file and what is wrong, exit
2, no window shown. Every file of tests/data/csv/ goes through it (in one process that
calls the command line's main() for each: a new process per file would take minutes),
and a few through ``python -m gradviz`` itself. Also: options that mean nothing alone or
together are refused, not silently ignored."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import numpy as np
import pytest

import gradviz.core as gc
from clirun import gradviz

CORPUS = Path(__file__).resolve().parents[1] / "data" / "csv"
# where the window takes other columns than load_csv's default (the first two): two
# numeric columns among others are taken without asking
WINDOW_COLUMNS = {"text_column.csv": (1, 2)}

EACH_FILE = textwrap.dedent("""
    # Test-side wrapper: run gradviz's command line once per FILE given; report for each
    # the exit code, stderr, whether the window was shown, and the data it opened with.
    import contextlib, io, json, sys
    from PySide6.QtWidgets import QApplication
    from gradviz.gui.main_window import MainWindow
    import gradviz.__main__ as cli

    shown, loaded = [], {}
    real_show = MainWindow.show

    def show(self):
        shown.append(True)
        real_show(self)

    def exec_(app):  # the window is up: note its data and close it instead of running
        win = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        ds = win.session.dataset
        loaded.update(x=ds.x.tolist(), y=ds.y.tolist())
        win.close()
        return 0

    MainWindow.show = show
    QApplication.exec = exec_
    report = {}
    for path in sys.argv[1:]:
        shown.clear(), loaded.clear()
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            try:
                code = cli.main([path, "--no-gl", "--fresh"])
            except SystemExit as exc:
                code = exc.code
        report[path] = {"code": code, "stderr": err.getvalue(), "shown": bool(shown), **loaded}
    print("REPORT " + json.dumps(report))
""")


def core_outcome(path: Path):
    try:
        return gc.load_csv(path, columns=WINDOW_COLUMNS.get(path.name), max_abs=gc.MAX_ABS_VALUE), None
    except gc.DataError as exc:
        return None, exc


@pytest.mark.slow
def test_every_corpus_file_on_the_command_line(config_dir, tmp_path):
    files = sorted(CORPUS.glob("*.csv"))
    r = gradviz(files, config_dir=config_dir, cwd=tmp_path, display="inherit", script=EACH_FILE, timeout=300)
    assert r.returncode == 0, r.stderr
    report = json.loads(next(ln for ln in r.stdout.splitlines() if ln.startswith("REPORT "))[len("REPORT "):])
    problems = []
    for path in files:
        got, (want, want_err) = report[str(path)], core_outcome(path)
        if want_err is not None:
            if got["code"] != 2 or got["stderr"] != f"gradviz: error: {want_err}\n" or got["shown"]:
                problems.append(f"{path.name}: exit {got['code']}, window shown {got['shown']}, said "
                                f"{got['stderr']!r}; want exit 2, no window, one line: {want_err}")
        elif got["code"] != 0 or not got["shown"] or got["stderr"] or \
                not (np.array_equal(got["x"], want.x) and np.array_equal(got["y"], want.y)):
            problems.append(f"{path.name}: loads in the core, but the command line gave exit {got['code']}, "
                            f"said {got['stderr']!r}, opened with other data: {got.get('x')} {got.get('y')}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", ["empty.csv", "ragged_too_few.csv", "utf16.csv"])
def test_a_bad_file_stops_before_any_window(name, config_dir, tmp_path):
    """As a user runs it, with no --screenshot: an empty file opened the app on the lesson
    data with an error dialog, a ragged one exited 2; now both exit 2 with one line."""
    r = gradviz([CORPUS / name], config_dir=config_dir, cwd=tmp_path, display="offscreen")
    _ds, err = core_outcome(CORPUS / name)
    assert (r.returncode, r.stderr, r.stdout) == (2, f"gradviz: error: {err}\n", "")


@pytest.mark.parametrize("args, said", [
    (["--steps", "100"], "argument --steps: only works with --screenshot"),
    (["--autoplay", "--screenshot", "out.png"], "argument --autoplay: not with --screenshot"),
    (["--model", "network", "--start", "1", "2"], "argument --start: applies to the line and the neuron, not the network"),
    (["--preset", "sine", "points.csv"], "give either a FILE or --preset, not both"),
    (["--start", "1", "2", "3"], "3: no such file (--start takes exactly two numbers, W B)"),
    (["nowhere.csv"], "nowhere.csv: no such file"),
    (["."], ".: is a folder, not a file"),
])
def test_options_that_mean_nothing_alone_or_together(args, said, config_dir, tmp_path):
    (tmp_path / "points.csv").write_text("x,y\n1,2\n3,4\n")
    r = gradviz(args, config_dir=config_dir, cwd=tmp_path)  # no display: refused before Qt starts
    assert r.returncode == 2 and len(r.stderr.splitlines()) == 1 and said in r.stderr, r.stderr
    assert not (tmp_path / "out.png").exists()


def test_start_with_the_network_of_last_time(config_dir, tmp_path):
    """--start without --model, when last time's model was the network: refused, saying
    how to go on, before any window shows."""
    config_dir.mkdir(parents=True)
    (config_dir / "session.json").write_text(json.dumps({"settings": {"model": "network"}}))
    r = gradviz(["--start", "1", "2"], config_dir=config_dir, cwd=tmp_path, display="offscreen")
    assert r.returncode == 2, r.stderr
    assert r.stderr == ("gradviz: error: argument --start: applies to the line and the neuron, not the network "
                        "(the model of last time; add --model line or --model neuron)\n")
