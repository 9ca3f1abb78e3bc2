"""--export OUT: the kind by the extension; a bad OUT is refused before any window opens
(exit 2, one line, no file); a good one is written and reported."""

from __future__ import annotations

import csv
import os

import numpy as np
import pytest

from clirun import gradviz, refused, refused_before_qt, unwritable_target


@pytest.mark.parametrize("args, needles", [
    (["--export", "run.jpg"], ["run.jpg: unknown extension '.jpg'; allowed: .gif, .mp4, .png, .csv"]),
    (["--export", "run"], ["run: no extension; allowed: .gif, .mp4, .png, .csv"]),
    (["--export", "nowhere/run.gif"], ["nowhere/run.gif: the folder nowhere does not exist"]),
    (["--export", "afolder.gif"], ["afolder.gif: is a folder"]),
    (["--export", "run.gif", "--screenshot", "x.png"], ["--export: not with --screenshot"]),
    (["--export", "run.gif", "--autoplay"], ["--autoplay: not with --export"]),
    (["--export", "run.csv", "--frames", "5"], ["--frames: only works with --export of a .gif or .mp4"]),
    (["--fps", "5"], ["--fps: only works with --export of a .gif or .mp4"]),
    (["--export", "run.gif", "--fps", "0"], ["--fps", "allowed: a whole number between 1 and 60"]),
    (["--export", "run.gif", "--frames", "x"], ["--frames", "allowed: a whole number between 1 and 2000"]),
])
def test_bad_export_arguments_are_refused_before_qt_starts(args, needles, config_dir, tmp_path):
    (tmp_path / "afolder.gif").mkdir()
    refused_before_qt(args, needles, config_dir=config_dir, cwd=tmp_path)


@pytest.mark.parametrize("option, name", [("--export", "run.gif"), ("--save-session", "s.gradviz")])
def test_a_file_that_cannot_be_written_is_refused(option, name, config_dir, tmp_path):
    target = unwritable_target(tmp_path, name)
    r = gradviz([option, target], config_dir=config_dir, cwd=tmp_path, display=None)
    refused(r, f"{target}: cannot be written (")
    assert not os.path.exists(target)


def test_an_existing_file_is_left_as_it_was_when_refused(config_dir, tmp_path):
    old = tmp_path / "run.gif"
    old.write_bytes(b"old")
    r = gradviz(["--export", old, "--screenshot", "x.png"], config_dir=config_dir, cwd=tmp_path, display=None)
    assert r.returncode == 2
    assert old.read_bytes() == b"old"


def test_csv_export_writes_the_history(config_dir, tmp_path):
    out = tmp_path / "history.csv"
    r = gradviz(["--export", out, "--steps", "7", "--fresh", "--preset", "lesson", "--no-gl"],
                config_dir=config_dir, cwd=tmp_path, display="offscreen")
    assert r.returncode == 0, r.stderr
    assert r.stdout == f"gradviz: saved {out} (8 rows, step 7)\n"
    with open(out, newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["step", "w", "b", "loss", "dL/dw", "dL/db", "lr"]
    assert [int(r[0]) for r in rows[1:]] == list(range(8))
    assert [p.name for p in tmp_path.iterdir() if p.name != "config"] == ["history.csv"]


@pytest.mark.slow
@pytest.mark.parametrize("ext", [".gif", ".mp4", ".png"])
def test_picture_and_animation_exports(ext, config_dir, tmp_path):
    import sys

    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "gui", "export"))
    from animations import all_differ, read_frames

    out = tmp_path / f"run{ext}"
    args = ["--export", out, "--steps", "6", "--size", "1000x700", "--fresh", "--no-gl"]
    if ext != ".png":
        args += ["--frames", "4", "--fps", "8"]
    r = gradviz(args, config_dir=config_dir, cwd=tmp_path, display="offscreen")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"gradviz: saved {out} (") and r.stdout.endswith(", step 6)\n"), r.stdout
    if ext == ".png":
        from PySide6.QtGui import QImageReader

        size = QImageReader(str(out)).size()
        assert (size.width(), size.height()) == (1000, 700)
    else:
        frames = read_frames(out)
        assert frames.shape == (4, 700, 1000, 3)
        assert all_differ(frames)
        assert "4 frames of 1000x700 pixels at 8 per second" in r.stdout
    assert [p.name for p in tmp_path.iterdir() if p.name != "config"] == [out.name]


def test_steps_carry_a_restored_run_on(qtbot, config_dir, tmp_path):
    # a run trained and closed comes back; --steps N means N more steps (waiting for step N,
    # which the restored run had passed, wrote whatever step training had reached by then)
    from gradviz.gui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    win.session.step_once(200_000)
    assert win.session.wait_for_step(200_000, timeout_s=60)
    win.close()
    r = gradviz(["--export", "run.csv", "--steps", "200000"], config_dir=config_dir, cwd=tmp_path,
                display="inherit")  # steps that take longer than the export's settling
    assert r.returncode == 0, r.stderr
    assert r.stdout.rstrip().endswith("step 400000)"), r.stdout
    with open(tmp_path / "run.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert int(rows[-1]["step"]) == 400_000


def test_csv_export_of_several_runs_has_a_run_column_and_every_runs_rows(config_dir, tmp_path):
    import gradviz.core as gc

    out = tmp_path / "runs.csv"
    r = gradviz(["--export", out, "--steps", "7", "--fresh", "--preset", "lesson", "--no-gl", "--lr", "0.002",
                 "--run", "optimizer=momentum,lr=0.001", "--run", "optimizer=sgd,batch-size=3,seed=4,start=2 -1"],
                config_dir=config_dir, cwd=tmp_path, display="offscreen")
    assert r.returncode == 0, r.stderr
    assert r.stdout == f"gradviz: saved {out} (24 rows of 3 runs, step 7)\n"
    with open(out, newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["run", "step", "w", "b", "loss", "dL/dw", "dL/db", "lr"]
    runs = {"A": dict(optimizer="gd", lr=0.002, params=[1.0, 0.0]),
            "B": dict(optimizer="momentum", lr=0.001, params=[1.0, 0.0]),
            "C": dict(optimizer="sgd", lr=0.002, batch_size=3, seed=4, params=[2.0, -1.0])}
    assert [r[0] for r in rows[1:]] == ["A"] * 8 + ["B"] * 8 + ["C"] * 8
    for label, kw in runs.items():
        tr = gc.Trainer(gc.make_model("line"), gc.preset("lesson"), **kw)
        ref = [tr.snapshot()] + [tr.step(1) for _ in range(7)]
        got = [[float(v) for v in row[2:4]] for row in rows[1:] if row[0] == label]
        assert got == [s.params.tolist() for s in ref], label  # the very same floats
