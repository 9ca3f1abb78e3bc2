"""--zoom: a bad value is refused before Qt starts; a good one enlarges the screenshot's text."""

from __future__ import annotations

import pytest

from clirun import gradviz, refused


@pytest.mark.parametrize("value", ["50", "301", "abc", "1.5", ""])
def test_a_bad_zoom_is_refused_before_qt_starts(config_dir, tmp_path, value):
    r = gradviz(["--zoom", value], config_dir=config_dir, cwd=tmp_path)
    refused(r, "--zoom", "from 75 to 300")


def test_a_zoom_runs_and_is_not_remembered(config_dir, tmp_path):
    out = tmp_path / "z.png"
    r = gradviz(["--screenshot", out, "--no-gl", "--fresh", "--size", "1400x900", "--zoom", "200%"],
                config_dir=config_dir, cwd=tmp_path, display="inherit")
    assert r.returncode == 0, r.stderr
    assert out.exists()
    ini = config_dir / "gradviz.ini"
    assert not ini.exists() or "zoom" not in ini.read_text()
