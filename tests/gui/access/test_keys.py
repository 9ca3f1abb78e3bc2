"""The keys that make every action reachable without a mouse are in the shortcuts table,
and none of them is another action's."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction, QKeySequence

from gradviz.gui.access.feature import ADD_POINT_KEY, EXPORT_HISTORY_KEY
from windows import window_closed_after


@pytest.fixture
def window(qtbot, config_dir):
    yield from window_closed_after(qtbot)


def test_the_new_keys_are_listed_and_taken_by_no_other_action(qtbot, window):
    dialog = window.show_shortcuts()
    rows = dialog.rows()
    dialog.close()
    assert ("Ins", "Add a Point") in rows
    assert (EXPORT_HISTORY_KEY, "Export the run history (CSV)") in rows
    assert ("Up / Down", "Select the next / previous point (by x)") in rows
    assert ("Alt+arrows", "Move the selected points") in rows
    for key in (ADD_POINT_KEY, EXPORT_HISTORY_KEY):
        owners = [a.text() for a in window.findChildren(QAction) if QKeySequence(key) in a.shortcuts()]
        assert len(owners) == 1, owners
