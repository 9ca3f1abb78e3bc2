"""Predicting new x: the entry, the marks on the data view's curve and their values."""

from __future__ import annotations

import pytest

import gradviz.core as gc
from gradviz.gui.slopes.prediction import MAX_PREDICTIONS, parse_xs
from gradviz.gui.state.settings import Settings

from windows import make_window


def test_parse_xs_reads_the_seeds_values_and_names_bad_input():
    assert parse_xs("-3, 6.28") == [-3.0, 6.28]
    assert parse_xs("\u22123;  6.28 1e2") == [-3.0, 6.28, 100.0]
    with pytest.raises(ValueError, match="type one or more x values"):
        parse_xs("  ")
    with pytest.raises(ValueError, match="'abc' is not a number"):
        parse_xs("1, abc")
    with pytest.raises(ValueError, match="out of range"):
        parse_xs("1e300")
    with pytest.raises(ValueError, match="out of range"):
        parse_xs("nan")
    with pytest.raises(ValueError, match=f"at most {MAX_PREDICTIONS}"):
        parse_xs(" ".join(["1"] * (MAX_PREDICTIONS + 1)))


def test_predictions_at_the_seeds_x_are_marked_on_the_curve(qtbot, config_dir):
    win = make_window(qtbot, start=[0.6, 0.2], use_gl=False)  # the seed's w = 0.6, b = 0.2
    win.slopes.set_open(True)
    view = win.slopes.room.predict
    win.slopes.room.show_tab("predict")
    assert view.entry.text() == "-3, 6.28"
    assert view.predict()
    # independent reference: the seed's y(x, w, b) = w * x + b
    want = [(-3.0, 0.6 * -3 + 0.2), (6.28, 0.6 * 6.28 + 0.2)]
    assert view.marks.marked() == [(pytest.approx(x), pytest.approx(y)) for x, y in want]
    assert [t.toPlainText() for t in view.marks.texts[:2]] == ["ŷ(−3) = −1.6", "ŷ(6.28) = 3.968"]
    assert "ŷ(−3) = 0.6·(−3) + 0.2 = <b>−1.6</b>" in view.result.text()
    # the data view widened to show both, though neither x is in the data (1..8)
    (x0, x1), (y0, y1) = win.data_panel.getPlotItem().vb.viewRange()
    assert x0 < -3 and x1 > 6.28 and y0 < -1.6
    # they follow the run
    s = win.session
    s.step_once(10)
    qtbot.waitUntil(lambda: s.snapshot.step >= 10, timeout=5000)
    qtbot.wait(60)
    w, b = s.frame.params
    assert view.marks.marked()[0] == (pytest.approx(-3.0), pytest.approx(w * -3 + b))
    win.close()


def test_network_prediction_and_a_bad_entry(qtbot, config_dir):
    win = make_window(qtbot, dataset=gc.preset("sine"), settings=Settings(model="network"), use_gl=False)
    win.slopes.set_open(True)
    view = win.slopes.room.predict
    view.set_xs([0.5])
    frame = win.session.frame
    assert view.marks.predictions() == [(0.5, pytest.approx(float(frame.model.predict(frame.params, [0.5])[0])))]
    messages = []
    win.session.message.connect(messages.append)
    view.entry.setText("two")
    assert not view.predict()
    assert "'two' is not a number" in view.result.text()
    assert messages and "'two' is not a number" in messages[-1]
    assert view.marks.xs() == [0.5]  # the marks shown stay as they were
    win.close()


def test_marks_hide_with_the_room(qtbot, config_dir):
    win = make_window(qtbot, use_gl=False)
    win.slopes.set_open(True)
    win.slopes.room.predict.set_xs([-3.0])
    assert win.slopes.room.predict.marks.marked()
    win.slopes.set_open(False)
    assert win.slopes.room.predict.marks.marked() == []
    assert not any(t.isVisible() for t in win.slopes.room.predict.marks.texts)
    win.slopes.set_open(True)
    assert len(win.slopes.room.predict.marks.marked()) == 1
    win.close()
