"""--screenshot reports the size of the PNG it wrote, in pixels, read back from the file:
at a scale factor of 1.5 (a HiDPI laptop) a 1400x900 window is a 2100x1350 picture."""

from __future__ import annotations

import re

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
