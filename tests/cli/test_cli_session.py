"""--save-session OUT.gradviz and ``gradviz FILE.gradviz``: a bad OUT is refused before any
window opens (exit 2, one line, no file); a saved session holds the trainer's own numbers
and reopens in a new process with the same picture."""

from __future__ import annotations

import json

import numpy as np
import pytest

import gradviz.core as gc
from clirun import gradviz, refused, refused_before_qt




@pytest.mark.parametrize("args, needles", [
    (["--save-session", "nowhere/s.gradviz"], ["--save-session: nowhere/s.gradviz: the folder nowhere does not exist"]),
    (["--save-session", "s.json"], ["s.json: unknown extension '.json'; allowed: .gradviz"]),
    (["--save-session", "s"], ["s: no extension; allowed: .gradviz"]),
    (["--save-session", "afolder.gradviz"], ["afolder.gradviz: is a folder"]),
    (["--save-session", "s.gradviz", "--screenshot", "x.png"], ["--save-session: not with --screenshot"]),
    (["--save-session", "s.gradviz", "--export", "x.csv"], ["--save-session: not with --export"]),
    (["--save-session", "s.gradviz", "--autoplay"], ["--autoplay: not with --save-session"]),
    (["--steps", "5"], ["--steps: only works with --screenshot, --export or --save-session"]),
])
def test_bad_save_session_arguments_are_refused_before_qt_starts(args, needles, config_dir, tmp_path):
    (tmp_path / "afolder.gradviz").mkdir()
    refused_before_qt(args, needles, config_dir=config_dir, cwd=tmp_path)
    # (a file that cannot be written: test_cli_export's test of it covers --save-session too)


def test_options_that_a_session_file_sets_are_refused_with_it(config_dir, tmp_path):
    path = tmp_path / "s.gradviz"
    path.write_text("{}")
    r = gradviz([path, "--lr", "0.1", "--seed", "3"], config_dir=config_dir, cwd=tmp_path, display=None)
    refused(r, "s.gradviz: a session file sets the model and settings; not with --lr, --seed")


def test_a_bad_session_file_stops_with_the_place_in_it(config_dir, tmp_path):
    path = tmp_path / "hand-edited.gradviz"
    r = gradviz(["--fresh", "--preset", "lesson", "--steps", "3", "--save-session", path, "--no-gl"],
                config_dir=config_dir, cwd=tmp_path, display="offscreen")
    assert r.returncode == 0, r.stderr
    raw = json.loads(path.read_text())
    raw["runs"][0]["lr"] = "fast"
    path.write_text(json.dumps(raw))
    r = gradviz([path, "--screenshot", tmp_path / "x.png", "--no-gl"], config_dir=config_dir, cwd=tmp_path,
                display="offscreen")
    refused(r, "gradviz: error: hand-edited.gradviz, runs[0].lr: must be a number > 0, got 'fast'")
    assert not (tmp_path / "x.png").exists()


def test_save_session_holds_the_trainers_own_numbers_and_reopens_with_the_same_picture(config_dir, tmp_path):
    from PySide6.QtGui import QImage

    out = tmp_path / "s.gradviz"
    common = ["--no-gl", "--size", "1200x800"]
    r = gradviz(["--fresh", "--preset", "lesson", "--optimizer", "adam", "--lr", "0.05", "--steps", "40",
                 "--save-session", out, *common], config_dir=config_dir, cwd=tmp_path, display="offscreen")
    assert r.returncode == 0, r.stderr
    assert r.stdout == f"gradviz: saved {out} (8 points, step 40)\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "config") == ["s.gradviz"]
    run = json.loads(out.read_text())["runs"][0]
    tr = gc.Trainer(gc.make_model("line"), gc.preset("lesson"), optimizer="adam", lr=0.05)
    tr.step(40)
    assert run["trainer"]["params"] == tr.params.tolist()  # the very same floats
    assert run["trainer"]["adam_v"] == tr.state()["adam_v"].tolist()
    # the same run as a picture, and the session reopened in a new process
    r = gradviz(["--fresh", "--preset", "lesson", "--optimizer", "adam", "--lr", "0.05", "--steps", "40",
                 "--screenshot", tmp_path / "run.png", *common], config_dir=config_dir, cwd=tmp_path,
                display="offscreen")
    assert r.returncode == 0, r.stderr
    r = gradviz([out, "--screenshot", tmp_path / "reopened.png", *common], config_dir=config_dir, cwd=tmp_path,
                display="offscreen")
    assert r.returncode == 0, r.stderr
    assert r.stdout.endswith("(1200x800 pixels, step 40)\n")
    a, b = (QImage(str(tmp_path / n)).convertToFormat(QImage.Format.Format_RGB32) for n in ("run.png", "reopened.png"))
    assert (a.width(), a.height()) == (b.width(), b.height()) == (1200, 800)
    pa, pb = (np.frombuffer(i.constBits(), np.uint8).reshape(i.height(), -1)[:, :i.width() * 4] for i in (a, b))
    differ = np.flatnonzero(np.any(pa != pb, axis=1))
    # only the status bar's message differs ("Loaded preset…" against "Opened the session…")
    assert differ.size and differ.min() >= a.height() - 30, differ


def test_save_session_with_runs_writes_every_run_and_reopens_them_all(config_dir, tmp_path):
    from PySide6.QtGui import QImage

    out = tmp_path / "race.gradviz"
    runs = ["--lr", "0.002", "--run", "optimizer=momentum,lr=0.001", "--run", "optimizer=sgd,batch-size=3,seed=4,start=2 -1"]
    common = ["--no-gl", "--size", "1200x800"]
    r = gradviz(["--fresh", "--preset", "lesson", *runs, "--steps", "30", "--save-session", out, *common],
                config_dir=config_dir, cwd=tmp_path, display="offscreen")
    assert r.returncode == 0, r.stderr
    assert r.stdout == f"gradviz: saved {out} (8 points, 3 runs, step 30)\n"
    saved = json.loads(out.read_text())["runs"]
    assert [(run["label"], run["optimizer"], run["lr"], run["trainer"]["step"]) for run in saved] == \
        [("A", "gd", 0.002, 30), ("B", "momentum", 0.001, 30), ("C", "sgd", 0.002, 30)]
    for run, kw in zip(saved, (dict(optimizer="gd", lr=0.002, params=[1.0, 0.0]),
                               dict(optimizer="momentum", lr=0.001, params=[1.0, 0.0]),
                               dict(optimizer="sgd", lr=0.002, batch_size=3, seed=4, params=[2.0, -1.0]))):
        tr = gc.Trainer(gc.make_model("line"), gc.preset("lesson"), **kw)
        tr.step(30)
        assert run["trainer"]["params"] == tr.params.tolist()  # the very same floats
        assert run["start"] == kw["params"]
    # the same runs as a picture, and the session reopened in a new process
    r = gradviz(["--fresh", "--preset", "lesson", *runs, "--steps", "30", "--screenshot", tmp_path / "runs.png",
                 *common], config_dir=config_dir, cwd=tmp_path, display="offscreen")
    assert r.returncode == 0, r.stderr
    r = gradviz([out, "--screenshot", tmp_path / "reopened.png", *common], config_dir=config_dir, cwd=tmp_path,
                display="offscreen")
    assert r.returncode == 0, r.stderr
    a, b = (QImage(str(tmp_path / n)).convertToFormat(QImage.Format.Format_RGB32) for n in ("runs.png", "reopened.png"))
    pa, pb = (np.frombuffer(i.constBits(), np.uint8).reshape(i.height(), -1)[:, :i.width() * 4] for i in (a, b))
    differ = np.flatnonzero(np.any(pa != pb, axis=1))
    assert differ.size and differ.min() >= a.height() - 30, differ  # only the status bar's message


def test_save_session_of_xor_holds_its_pairs_and_its_network_and_reopens(config_dir, tmp_path):
    from gradviz.gui.state import two_inputs
    from gradviz.gui.state.settings import Settings

    out = tmp_path / "xor.gradviz"
    common = ["--no-gl", "--size", "1200x800"]
    r = gradviz(["--fresh", "--preset", "xor", "--steps", "40", "--save-session", out, *common],
                config_dir=config_dir, cwd=tmp_path, display="offscreen")
    assert r.returncode == 0, r.stderr
    assert r.stdout == f"gradviz: saved {out} (100 points, step 40)\n"
    raw = json.loads(out.read_text())
    ds = gc.preset("xor")
    assert raw["data"]["x"] == ds.x.tolist() and raw["data"]["y"] == ds.y.tolist()  # [x1, x2] rows, every bit
    assert raw["model"] == {"name": "network", "hidden": 4} and raw["runs"][0]["loss"] == "bce"
    # the trainer's own numbers: a core run of the first look's settings for XOR (a sigmoid output)
    s = two_inputs.first_settings(Settings(), ds)
    model = two_inputs.build_model(s, 2)
    assert model.probability and raw["runs"][0]["trainer"]["probability"] is True
    tr = gc.Trainer(model, ds, loss=s.loss, optimizer=s.optimizer, lr=s.lr, params=model.init_params(s.seed),
                    batch_size=s.effective_batch(len(ds)), seed=s.seed, **s.optimizer_options())
    tr.step(40)
    assert raw["runs"][0]["trainer"]["params"] == tr.params.tolist()
    r = gradviz([out, "--screenshot", tmp_path / "reopened.png", *common], config_dir=config_dir, cwd=tmp_path,
                display="offscreen")
    assert r.returncode == 0, r.stderr
    assert r.stdout.endswith("(1200x800 pixels, step 40)\n")
    assert (tmp_path / "reopened.png").stat().st_size > 0
