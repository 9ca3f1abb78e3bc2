"""--eval-fraction, --eval-file and --setup: bad values and files get one line and exit 2
before Qt starts; good ones reach the window."""

from __future__ import annotations

import json
import textwrap

import pytest

from clirun import gradviz

FRACTION = "a number above 0 and below 1"

REPORT = textwrap.dedent("""
    import json, sys
    import gradviz.app as app
    from gradviz.__main__ import main

    def report(qapp, window, session, args):
        ev = session.eval_dataset
        snap = session.snapshot
        print("REPORT " + json.dumps({
            "train": len(session.dataset), "held": None if ev is None else len(ev),
            "held_x": None if ev is None else ev.x.tolist(), "step": snap.step,
            "rows": [[r.epoch, r.loss] + r.params.tolist() for r in snap.epochs],
            "eval_loss": snap.eval_loss, "drawn_hollow": window.held_out.layer.shown_count(),
        }))
        window.close()
        return 0

    app._screenshot = report
    sys.exit(main(sys.argv[1:] + ["--screenshot", "unused.png", "--no-gl", "--fresh"]))
""")


def _report(args, config_dir, tmp_path) -> dict:
    r = gradviz(args, config_dir=config_dir, cwd=tmp_path, display="offscreen", script=REPORT)
    assert r.returncode == 0, r.stderr
    line = next(ln for ln in r.stdout.splitlines() if ln.startswith("REPORT "))
    return json.loads(line[len("REPORT "):])


def _one_line_exit_2(r, *words):
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert "Traceback" not in r.stderr and not r.stdout
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("gradviz: error: "), r.stderr
    for w in words:
        assert w in lines[0], lines[0]


@pytest.mark.parametrize("value", ["0", "1", "1.5", "-0.2", "nan", "half", "inf"])
def test_a_bad_eval_fraction(value, config_dir, tmp_path):
    _one_line_exit_2(gradviz(["--eval-fraction", value], config_dir=config_dir, cwd=tmp_path),
                     "--eval-fraction", FRACTION)


@pytest.mark.parametrize("content, words", [
    (None, ("--eval-file", "missing.csv")),
    ("x,y\n1,2\n3,nan\n", ("--eval-file", "line 3")),
    ("x,y\n", ("--eval-file", "eval.csv")),
    ("just text\n", ("--eval-file", "eval.csv")),
])
def test_a_bad_eval_file(content, words, config_dir, tmp_path):
    name = "missing.csv" if content is None else "eval.csv"
    if content is not None:
        (tmp_path / name).write_text(content)
    _one_line_exit_2(gradviz(["--eval-file", name], config_dir=config_dir, cwd=tmp_path), *words)


@pytest.mark.parametrize("args, words", [
    (["--eval-fraction", "0.2", "--eval-file", "e.csv"], ("--eval-file", "not with --eval-fraction")),
    (["--setup", "seed-002", "--preset", "lesson"], ("--setup",)),
    (["--setup", "nope"], ("--setup", "invalid choice")),
])
def test_options_that_do_not_go_together(args, words, config_dir, tmp_path):
    (tmp_path / "e.csv").write_text("1,2\n")
    _one_line_exit_2(gradviz(args, config_dir=config_dir, cwd=tmp_path), *words)


def test_eval_fraction_and_eval_file_reach_the_window(config_dir, tmp_path):
    got = _report(["--preset", "noisy-line", "--eval-fraction", "0.25", "--seed", "3"], config_dir, tmp_path)
    assert (got["train"], got["held"], got["drawn_hollow"]) == (30, 10, 10)
    (tmp_path / "e.csv").write_text("x,y\n1.5,2\n-2,0.5\n")
    got = _report(["--preset", "lesson", "--eval-file", "e.csv"], config_dir, tmp_path)
    assert (got["train"], got["held"], got["held_x"]) == (8, 2, [1.5, -2.0])


def test_setup_seed_002_runs_its_ten_epochs(config_dir, tmp_path):
    got = _report(["--setup", "seed-002"], config_dir, tmp_path)
    assert (got["train"], got["held"], got["step"]) == (10_000, 100, 100_000)
    assert [r[0] for r in got["rows"]] == list(range(10))
    w, b = got["rows"][-1][2:]
    assert abs(w - 2) < 0.01 and abs(b - 1) < 0.01 and got["eval_loss"] < 1e-3


def test_the_autosaved_held_out_points_come_back_with_their_data(config_dir, tmp_path):
    config_dir.mkdir(parents=True)
    (config_dir / "autosave.csv").write_text("x,y\n0,0\n1,1\n2,2.5\n")
    (config_dir / "session.json").write_text(json.dumps({"data": {"file": "autosave.csv"},
                                                         "held_out": {"x": [0.5, 1.5], "y": [0.25, 1.75]}}))
    script = REPORT.replace(', "--fresh"]', "]")
    r = gradviz([], config_dir=config_dir, cwd=tmp_path, display="offscreen", script=script)
    assert r.returncode == 0, r.stderr
    got = json.loads(next(ln for ln in r.stdout.splitlines() if ln.startswith("REPORT "))[len("REPORT "):])
    assert (got["train"], got["held"], got["held_x"], got["drawn_hollow"]) == (3, 2, [0.5, 1.5], 2)
    assert got["eval_loss"] is not None
    # a damaged entry: the data comes back, no point is held out, nothing crashes
    (config_dir / "session.json").write_text(json.dumps({"data": {"file": "autosave.csv"},
                                                         "held_out": {"x": [0.5], "y": "oops"}}))
    r = gradviz([], config_dir=config_dir, cwd=tmp_path, display="offscreen", script=script)
    got = json.loads(next(ln for ln in r.stdout.splitlines() if ln.startswith("REPORT "))[len("REPORT "):])
    assert (got["train"], got["held"]) == (3, None)
