"""The weight editor: a slider and an exact entry per parameter, signals, streaming."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea

from net_params import OFFSCREEN_NOISE, SEED4, make_params

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def test_non_finite_params_show_a_dash(editor):
    p = make_params(w=[np.nan, 2.0, np.inf], b=[0.0, np.nan, -np.inf], v=[1.0, -np.inf, 2.0], c=np.nan)
    editor.set_params(np.array(p), 3)
    editor.flush()
    assert editor.control("w1").spin.text() == "\u2014"
    assert editor.control("c").spin.text() == "\u2014"
    # back to finite values: the dash goes away
    editor.set_params(SEED4[: 3 * 3].tolist() + [0.5], 3)
    editor.flush()
    assert editor.control("w1").spin.value() == pytest.approx(0.2)
    assert editor.control("c").spin.text() == "0.500"


def test_slider_emits_all_params_with_one_changed(editor, qtbot):
    p = np.array([0.123456, -1.5, 2.25, 3.3333, 0.5, -0.75, 0.1])
    editor.set_params(p, 2)
    ctl = editor.control("b2")
    with qtbot.waitSignal(editor.paramsEdited, timeout=1000) as blocker:
        ctl.slider.setValue(1250)  # 2.5 (positions 0..2000 span -10..10)
    got = blocker.args[0]
    assert isinstance(got, np.ndarray)
    expected = p.copy()
    expected[4] = 2.5
    np.testing.assert_array_equal(got, expected)
    assert ctl.spin.value() == pytest.approx(2.5)


def test_spin_box_accepts_values_beyond_the_slider(editor, qtbot):
    p = np.array([1.0, 2.0, 3.0, 4.0])
    editor.set_params(p, 1)
    ctl = editor.control("v1")
    with qtbot.waitSignal(editor.paramsEdited, timeout=1000) as blocker:
        ctl.spin.setValue(-17.5)
    np.testing.assert_array_equal(blocker.args[0], [1.0, 2.0, -17.5, 4.0])
    assert ctl.slider.value() == ctl.slider.minimum()  # pinned at -10
    assert ctl.spin.minimum() <= -20 and ctl.spin.maximum() >= 20
    # a trained weight far outside any default range is shown, not clamped
    editor.set_params([1.0, 2.0, 5000.0, 4.0], 1)
    editor.flush()
    assert ctl.spin.value() == 5000.0 and ctl.slider.value() == ctl.slider.maximum()


def test_set_params_does_not_emit(editor, qtbot):
    with qtbot.assertNotEmitted(editor.paramsEdited):
        editor.set_params(SEED4, 4)
        editor.flush()
        editor.set_params(SEED4 * 0.5, 4)
        editor.flush()
    assert editor.control("w3").spin.value() == pytest.approx(0.95)
    assert editor.control("w3").slider.value() == 1095  # 0.95
    assert editor.control("v2").spin.value() == pytest.approx(4.85)


def test_set_params_streams_cheaply_and_the_last_call_lands(editor, qtbot):
    editor.set_params(SEED4, 4)
    for k in range(1, 30):
        editor.set_params(SEED4 + 0.01 * k, 4)
    qtbot.waitUntil(lambda: editor.control("c").spin.value() == pytest.approx(0.29), timeout=2000)
    assert editor.control("w1").spin.value() == pytest.approx(0.49)


def test_user_dragging_a_slider_keeps_its_value(editor, qtbot):
    editor.set_params(SEED4, 4)
    ctl = editor.control("w2")
    ctl.slider.setSliderDown(True)
    with qtbot.waitSignal(editor.paramsEdited, timeout=1000):
        ctl.slider.setValue(1300)  # 3.0
    editor.set_params(SEED4 + 1.0, 4)  # e.g. the trainer's echo
    editor.flush()
    assert ctl.slider.value() == 1300 and editor.params()[3] == 3.0
    assert editor.control("w1").spin.value() == pytest.approx(1.2)
    ctl.slider.setSliderDown(False)
    editor.set_params(SEED4 + 1.0, 4)
    editor.flush()
    assert ctl.spin.value() == pytest.approx(0.5)


def test_hidden_change_rebuilds_groups(editor):
    for h in (1, 4, 16, 2):
        editor.set_params(np.zeros(3 * h + 1), h)
        assert editor.group_count() == h
        assert len(editor.findChildren(type(editor.groups()[0]), "neuronGroup")) >= h
    groups = editor.groups()
    editor.set_params(np.ones(7), 2)
    assert editor.groups() == groups  # same H: kept
    with pytest.raises(ValueError):
        editor.set_params(np.ones(6), 2)


def test_example_and_reinit_buttons(editor, qtbot):
    for k in (1, 2, 4):
        with qtbot.waitSignal(editor.examplePicked, timeout=1000) as blocker:
            qtbot.mouseClick(editor.example_buttons[k], Qt.MouseButton.LeftButton)
        assert blocker.args == [k]
    with qtbot.waitSignal(editor.reinitRequested, timeout=1000):
        qtbot.mouseClick(editor.reinit_button, Qt.MouseButton.LeftButton)
    assert editor.reinit_button.toolTip() and editor.example_buttons[4].toolTip()


def test_every_neuron_is_one_row_of_the_table(editor, qtbot):
    editor.set_params(np.arange(49.0) / 10, 16)
    editor.flush()
    for width in (700, 420):
        editor.resize(width, 400)
        qtbot.waitUntil(lambda w=width: editor.width() == w)
        qtbot.wait(20)
        for i, row in enumerate(editor.groups()):
            cells = [editor.control(f"{k}{i + 1}") for k in "wbv"]
            ys = {c.mapTo(editor, c.rect().center()).y() for c in cells}
            assert len(ys) == 1, (width, i)  # w, b and v side by side
            xs = [c.mapTo(editor, c.rect().topLeft()).x() for c in cells]
            assert xs == sorted(xs)
            assert all(c.spin.isVisible() or not row.isVisible() for c in cells)
        assert editor.groups()[1].height() < 2.5 * editor.control("w1").spin.height()
        assert editor.sliders_shown() == (width >= editor.SLIDERS_MIN_WIDTH)
        assert editor.control("v16").slider.isHidden() != editor.sliders_shown()
    # 16 rows do not fit in 400 px: the table scrolls, and the last row can be brought into view
    last = editor.control("v16").spin
    assert not last.visibleRegion().boundingRect().height()
    editor.findChild(QScrollArea).ensureWidgetVisible(last)
    qtbot.waitUntil(lambda: last.visibleRegion().boundingRect().height() > 0)
    assert editor.control("v16").spin.value() == pytest.approx(4.7)
