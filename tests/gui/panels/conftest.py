"""The Controls panel on its own on a Session, for the panel tests that drive it."""

from __future__ import annotations

import pytest

from gradviz.gui.panels.controls import ControlPanel
from panel_session import session_for


@pytest.fixture
def panel(qtbot):
    with session_for(start=(1.0, 0.0)) as s:
        p = ControlPanel(s)
        qtbot.addWidget(p)
        p.show()
        qtbot.waitExposed(p)
        yield p
