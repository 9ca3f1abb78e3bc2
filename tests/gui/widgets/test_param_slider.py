"""The parameter slider: slider and entry agree; user changes emit, shown values do not."""

from __future__ import annotations

import pytest

from gradviz.gui.widgets.param_slider import ParamSlider


@pytest.fixture
def ps(qtbot):
    w = ParamSlider("w", resolution=0.02, decimals=4, entry_limit=1e6)
    qtbot.addWidget(w)
    return w


def test_slider_and_entry_emit_and_agree(ps):
    got = []
    ps.valueEdited.connect(got.append)
    ps.slider.setValue(ps.slider.maximum())
    assert got == [10.0] and ps.spin.value() == 10.0
    ps.spin.setValue(-2.5)
    assert got[-1] == -2.5 and ps.value() == -2.5
    assert ps.slider.value() == round((-2.5 + 10) / 0.02)


def test_entry_goes_beyond_the_slider(ps):
    ps.spin.setValue(250.0)
    assert ps.value() == 250.0 and ps.slider.value() == ps.slider.maximum()


def test_set_value_is_silent_and_shows_non_finite_as_a_dash(ps):
    got = []
    ps.valueEdited.connect(got.append)
    ps.set_value(1.2345)
    assert ps.spin.value() == 1.2345 and got == []
    pos = ps.slider.value()
    ps.set_value(float("inf"))
    assert ps.spin.text() == "\u2014" and ps.slider.value() == pos and got == []


def test_touched_when_the_user_starts_typing(qtbot, ps):
    hits = []
    ps.touched.connect(lambda: hits.append(1))
    qtbot.keyClicks(ps.spin.lineEdit(), "3")
    assert hits
