"""--code FILE.py: a learner's file shown in the Code dock and, with --screenshot --steps N,
run N steps; a file that cannot be read or compiled stops before any window (exit 2)."""

from __future__ import annotations

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.gui.code.templates import seed_solution
from clirun import gradviz


def test_a_good_file_runs_its_steps_in_the_screenshot(config_dir, tmp_path):
    code = tmp_path / "mine.py"
    code.write_text(seed_solution())
    out = tmp_path / "shot.png"
    r = gradviz(["--code", code, "--screenshot", out, "--steps", "300", "--no-gl", "--fresh"],
                config_dir=config_dir, cwd=tmp_path, display="inherit")
    assert r.returncode == 0, r.stderr
    assert r.stdout.endswith(", step 300)\n") and out.is_file()


def test_a_file_that_does_not_compile_names_the_line(config_dir, tmp_path):
    code = tmp_path / "mine.py"
    code.write_text("w = 1\nb = 0\n\ndef y(x, w, b)\n  return w * x + b\n")
    r = gradviz(["--code", code], config_dir=config_dir, cwd=tmp_path)  # no display: told before Qt starts
    assert r.returncode == 2
    assert r.stderr == (f"gradviz: error: argument --code: {code}: line 4: expected ':'  →  def y(x, w, b)\n")


@pytest.mark.parametrize("make, says", [
    (lambda p: p, "no such file or directory"),
    (lambda p: (p.mkdir(), p)[1], "is a directory"),
    (lambda p: (p.write_bytes(b"w = '\xff'\n"), p)[1], "is not a utf-8 text file"),
])
def test_a_file_that_cannot_be_read_is_named(make, says, config_dir, tmp_path):
    path = make(tmp_path / "mine.py")
    r = gradviz(["--code", path], config_dir=config_dir, cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.startswith(f"gradviz: error: argument --code: {path}: ") and says in r.stderr.lower()


def test_not_with_export(config_dir, tmp_path):
    code = tmp_path / "mine.py"
    code.write_text(seed_solution())
    r = gradviz(["--code", code, "--export", tmp_path / "a.gif"], config_dir=config_dir, cwd=tmp_path)
    assert r.returncode == 2 and "argument --code: not with --export" in r.stderr


def test_a_runtime_error_is_reported_after_the_picture(config_dir, tmp_path):
    code = tmp_path / "mine.py"
    code.write_text(seed_solution().replace("    update()\n", "    update()\n    1 / 0\n"))
    out = tmp_path / "shot.png"
    r = gradviz(["--code", code, "--screenshot", out, "--steps", "10", "--no-gl", "--fresh"],
                config_dir=config_dir, cwd=tmp_path, display="inherit")
    line = code.read_text().splitlines().index("    1 / 0") + 1
    assert r.returncode == 1 and out.is_file()
    assert f"gradviz: error: your code ({code}): line {line}: ZeroDivisionError" in r.stderr
