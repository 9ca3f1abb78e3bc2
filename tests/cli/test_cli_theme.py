"""--theme: a bad name is refused before Qt starts; a good one colours the screenshot."""

from __future__ import annotations

from PySide6.QtGui import QImage

from clirun import gradviz, refused
from gradviz.gui.theme.palette import DARK


def test_a_bad_theme_is_refused_before_qt_starts(config_dir, tmp_path):
    r = gradviz(["--theme", "blue"], config_dir=config_dir, cwd=tmp_path)
    refused(r, "--theme", "'blue'", "system", "light", "dark")


def test_the_theme_colours_the_screenshot(config_dir, tmp_path):
    for theme in ("dark", "light"):
        out = tmp_path / f"{theme}.png"
        r = gradviz(["--screenshot", out, "--no-gl", "--fresh", "--size", "1000x700", "--theme", theme],
                    config_dir=config_dir, cwd=tmp_path, display="inherit")
        assert r.returncode == 0, r.stderr
        corner = QImage(str(out)).pixelColor(5, 690)  # the status bar's ground
        if theme == "dark":
            assert corner.name() == DARK.window
        else:
            assert corner.lightness() > 200  # the style's own light window colour
