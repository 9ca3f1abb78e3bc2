"""Sizes: --screenshot reports the size of the PNG it wrote, in pixels, read back from the
file (at a scale factor of 1.5, as on a HiDPI laptop, a 1400x900 window is a 2100x1350
picture); the window opens at its size of last time unless --size is given."""

from __future__ import annotations

import re
import textwrap

import pytest
from PySide6.QtGui import QImageReader

from clirun import gradviz


@pytest.mark.slow
@pytest.mark.parametrize("scale, size, pixels", [
    ("1", "1000x700", (1000, 700)),
    ("1.5", "1000x700", (1500, 1050)),
    ("2", "1000x700", (2000, 1400)),
])
def test_screenshot_reports_the_pictures_own_size(scale, size, pixels, config_dir, tmp_path):
    out = tmp_path / "shot.png"
    r = gradviz(["--screenshot", out, "--steps", "5", "--size", size, "--no-gl", "--fresh"], config_dir=config_dir,
                cwd=tmp_path, display="inherit", env_extra={"QT_SCALE_FACTOR": scale})
    assert r.returncode == 0, r.stderr
    on_disk = QImageReader(str(out)).size()
    assert (on_disk.width(), on_disk.height()) == pixels
    m = re.fullmatch(r"gradviz: saved (.+) \((\d+)x(\d+) pixels(: the (\d+x\d+) window at a scale of ([\d.]+))?, "
                     r"step 5\)\n", r.stdout)
    assert m, r.stdout
    assert (int(m[2]), int(m[3])) == pixels
    if scale != "1":
        assert m[5] == size and float(m[6]) == float(scale)


SIZE_OF = textwrap.dedent("""
    # Test-side wrapper: run gradviz's command line; once the window is up, resize it to
    # RESIZE_TO (if set), print its size and close it (which saves the layout).
    import os, sys
    from PySide6.QtWidgets import QApplication
    from gradviz.gui.main_window import MainWindow
    import gradviz.__main__ as cli

    def exec_(app):
        win = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        if os.environ.get("RESIZE_TO"):
            win.resize(*map(int, os.environ["RESIZE_TO"].split("x")))
            app.processEvents()
        print(f"SIZE {win.width()}x{win.height()}", flush=True)
        win.close()
        return 0

    QApplication.exec = exec_
    sys.exit(cli.main(sys.argv[1:] + ["--no-gl"]))
""")


def window_size(args, config_dir, tmp_path, resize_to="") -> str:
    r = gradviz(args, config_dir=config_dir, cwd=tmp_path, display="inherit", script=SIZE_OF,
                env_extra={"RESIZE_TO": resize_to})
    assert r.returncode == 0, r.stderr
    return next(ln for ln in r.stdout.splitlines() if ln.startswith("SIZE "))[len("SIZE "):]


@pytest.mark.slow
def test_the_window_keeps_its_size_of_last_time_unless_size_is_given(config_dir, tmp_path):
    assert window_size([], config_dir, tmp_path, resize_to="1100x760") == "1100x760"
    assert window_size([], config_dir, tmp_path) == "1100x760"  # the default size no longer overrides it
    assert window_size(["--size", "1300x850"], config_dir, tmp_path) == "1300x850"


@pytest.mark.slow
def test_a_screenshot_leaves_the_saved_layout_alone(config_dir, tmp_path):
    assert window_size([], config_dir, tmp_path, resize_to="1100x760") == "1100x760"
    r = gradviz(["--screenshot", tmp_path / "shot.png", "--size", "900x640", "--no-gl"], config_dir=config_dir,
                cwd=tmp_path, display="inherit")
    assert r.returncode == 0, r.stderr
    assert window_size([], config_dir, tmp_path) == "1100x760"  # not the screenshot's 900x640
