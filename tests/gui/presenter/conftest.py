"""The presenter tests' window, and the zoom put back to 100 % after each test."""

from __future__ import annotations

import pytest

from gradviz.gui.presenter.zoom import zoom
from windows import make_window
from zoom_helpers import closed_window_gone


@pytest.fixture(autouse=True)
def _back_to_100():
    yield
    zoom().reset()  # the next test starts as the application does


@pytest.fixture
def window(qtbot, config_dir):
    win = make_window(qtbot)
    yield win
    win.close()
    closed_window_gone(qtbot)
