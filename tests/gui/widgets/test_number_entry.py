"""The scientific entry: exact texts, a message naming what is wrong and what is allowed,
and the keyboard handed back after Enter."""

from __future__ import annotations

import pytest

from gradviz.gui.widgets.number_entry import ScientificEntry, ValueEntry, check_number
from keys import type_into


@pytest.mark.parametrize("text, fragment", [
    ("0", "must be greater than 0"), ("-1", "must be greater than 0"),
    ("15", "above the largest allowed, 10"), ("100", "above the largest allowed, 10"),
    ("1e400", "too large to compute with"), ("1,5", "with a point (1.5)"), ("abc", "is not a number"),
    ("1e-13", "below the smallest allowed, 1e-12"),
])
def test_check_number_says_what_is_wrong_and_what_is_allowed(text, fragment):
    v, problem = check_number(text, 1e-12, 10.0, "Learning rate")
    assert v is None
    assert fragment in problem
    assert "Allowed: a number from 1e-12 to 10" in problem


def test_check_number_accepts_the_range():
    assert check_number("1e-4", 1e-12, 10.0, "x") == (1e-4, None)
    assert check_number(" 10 ", 1e-12, 10.0, "x") == (10.0, None)
    assert check_number("\u22122", -5.0, 5.0, "x") == (-2.0, None)


@pytest.fixture
def entry(qtbot):
    e = ScientificEntry(1e-12, 10.0, "Learning rate")
    qtbot.addWidget(e)
    e.setValue(0.001)
    e.show()
    qtbot.waitExposed(e)
    return e


@pytest.mark.parametrize("text", ["0", "-1", "15", "100", "1e400", "1,5"])
def test_bad_entry_is_reported_and_reverted(qtbot, entry, text):
    got = []
    entry.rejected.connect(got.append)
    changed = []
    entry.valueChanged.connect(changed.append)
    type_into(qtbot, entry, text)
    assert len(got) == 1 and "Allowed: a number from 1e-12 to 10" in got[0], got
    assert entry.value() == 0.001 and entry.lineEdit().text() == "0.001" and changed == []
    assert got[0] in entry.toolTip()


def test_good_entry_is_taken_exactly(qtbot, entry):
    got = []
    entry.rejected.connect(got.append)
    type_into(qtbot, entry, "0.0012346")
    assert entry.value() == 0.0012346 and got == []
    assert entry.lineEdit().text() == "0.0012346"
    assert "Allowed: from 1e-12 to 10." in entry.toolTip()


def test_enter_hands_the_keyboard_back(qtbot, entry):
    type_into(qtbot, entry, "0.002")
    assert not entry.hasFocus()


@pytest.mark.parametrize("v", [0.00316, 0.0012346, 0.0000316, 0.001])
def test_the_box_shows_the_whole_value(qtbot, entry, v):
    entry.setValue(v)
    edit = entry.lineEdit()
    assert edit.text() == {0.0000316: "0.0000316"}.get(v, repr(v))
    assert edit.fontMetrics().horizontalAdvance(edit.text()) <= edit.width() - 4


def test_value_entry_shows_a_dash_and_widens_its_range(qtbot):
    e = ValueEntry(3, 1000.0)
    qtbot.addWidget(e)
    e.show_value(float("nan"))
    assert e.text() == "\u2014"
    e.show_value(5000.0)
    assert e.value() == 5000.0 and e.maximum() >= 5000.0
