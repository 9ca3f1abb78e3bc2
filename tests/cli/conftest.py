"""Command-line test fixtures; the helper that runs gradviz is in clirun.py."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # the tests import clirun by name


@pytest.fixture
def config_dir(tmp_path, monkeypatch):
    """Settings and autosave in a temporary folder: a test never touches the user's."""
    d = tmp_path / "config"
    monkeypatch.setenv("GRADVIZ_CONFIG_DIR", str(d))
    return d
