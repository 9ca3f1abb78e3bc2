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
