"""Fixtures of the data view's tests."""

from __future__ import annotations

import pytest

from data_panels import make_panel
from gradviz.gui.state.session import running_sessions


@pytest.fixture
def panel(qtbot):
    p = make_panel(qtbot)
    yield p
    p.session.shutdown()
    assert p.session not in running_sessions()
