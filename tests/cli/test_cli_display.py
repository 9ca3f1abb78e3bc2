"""With no display, gradviz says so and how to run anyway (exit 2), instead of dying in
Qt's abort (exit 134) when the application starts."""

from __future__ import annotations

import pytest

from gradviz.app import display_problem
from clirun import gradviz

HOW = "./scripts/app.sh [options] in the source folder (it uses xvfb-run), or xvfb-run -a python -m gradviz [options]"


@pytest.mark.parametrize("args, env", [
    ([], {}),
    (["--screenshot", "out.png", "--steps", "10"], {}),
    ([], {"QT_QPA_PLATFORM": "xcb"}),
    ([], {"QT_QPA_PLATFORM": "wayland"}),
])
def test_no_display_says_so_and_how_to_run_anyway(args, env, config_dir, tmp_path):
    r = gradviz(args, config_dir=config_dir, cwd=tmp_path, env_extra=env)  # DISPLAY and WAYLAND_DISPLAY unset
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert r.stderr.startswith("gradviz: error: no display to open the window on (") and HOW in r.stderr
    assert len(r.stderr.splitlines()) == 1 and "Traceback" not in r.stderr and not r.stdout
    assert not (tmp_path / "out.png").exists()


@pytest.mark.parametrize("env, ok", [
    ({}, False),
    ({"DISPLAY": ":0"}, True),
    ({"WAYLAND_DISPLAY": "wayland-0"}, True),
    ({"QT_QPA_PLATFORM": "xcb"}, False),
    ({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":99"}, True),
    ({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}, False),  # xcb needs X
    ({"QT_QPA_PLATFORM": "wayland", "DISPLAY": ":0"}, False),  # wayland needs a compositor
    ({"QT_QPA_PLATFORM": "wayland;xcb", "DISPLAY": ":0"}, True),  # Qt tries each in turn
    ({"QT_QPA_PLATFORM": "offscreen"}, True),
    ({"QT_QPA_PLATFORM": "minimal"}, True),
    ({"QT_QPA_PLATFORM": "vnc:size=800x600"}, True),
    ({"QT_QPA_PLATFORM": "someplugin"}, True),  # unknown to us: Qt decides
])
def test_display_problem(env, ok):
    assert (display_problem(env, "linux") is None) == ok
    assert display_problem(env, "win32") is None and display_problem(env, "darwin") is None
