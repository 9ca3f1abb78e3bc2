"""Run ``python -m gradviz`` as a user would, with or without a display."""

from __future__ import annotations

import os
import subprocess
import sys

NO_DISPLAY = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")


def gradviz(args, *, config_dir, cwd, display: str | None = None, env_extra=None, script=None,
            timeout=120) -> subprocess.CompletedProcess:
    """Run gradviz's command line (or ``script`` with those arguments). display=None: no
    display at all, so anything that started Qt would abort; "offscreen": Qt's offscreen
    platform; "inherit": the test's own display (Xvfb under scripts/test.sh)."""
    env = dict(os.environ, GRADVIZ_CONFIG_DIR=str(config_dir))
    if display != "inherit":
        for var in NO_DISPLAY:
            env.pop(var, None)
        if display is not None:
            env["QT_QPA_PLATFORM"] = display
    env.update(env_extra or {})
    cmd = [sys.executable, "-c", script] if script is not None else [sys.executable, "-m", "gradviz"]
    return subprocess.run([*cmd, *map(str, args)], capture_output=True, text=True, timeout=timeout,
                          env=env, cwd=str(cwd))


def refused(r, *needles) -> None:
    """``r`` was refused as a bad command line is: exit 2, one line, no traceback, saying ``needles``."""
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr, r.stderr
    for n in needles:
        assert n in r.stderr, r.stderr


def unwritable_target(tmp_path, name: str) -> str:
    """A file name that cannot be written: in /proc (no new files, not even for root), or in
    a read-only folder."""
    if os.geteuid() == 0:
        return f"/proc/gradviz-{name}"
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    return str(ro / name)


def refused_before_qt(args, needles, *, config_dir, cwd) -> None:
    """``args`` are refused with ``needles`` without a display (Qt would abort) and leave
    the folder ``cwd`` as it was."""
    before = sorted(p.name for p in cwd.iterdir())
    r = gradviz(args, config_dir=config_dir, cwd=cwd, display=None)
    refused(r, *needles)
    assert sorted(p.name for p in cwd.iterdir()) == before
