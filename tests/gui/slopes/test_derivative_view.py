"""The derivative as a slope: the roller coaster and the loss along one parameter, the
tangent's slope against finite differences, the "move against the slope" game, mouse and keys."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

import gradviz.core as gc

from windows import make_window


@pytest.fixture
def win(qtbot, config_dir):
    w = make_window(qtbot, use_gl=False)
    w.slopes.set_open(True)
    w.slopes.room.show_tab("derivative")
    qtbot.wait(50)
    yield w
    w.close()


def drawn_slope(plot) -> float:
    (x0, y0), (x1, y1) = plot.tangent_ends()
    return (y1 - y0) / (x1 - x0)


def curve_slope_at(plot, x) -> float:
    """Slope of the drawn curve at x by a central difference of its samples (independent of
    the analytic derivative)."""
    xs, ys = plot.curve_data()
    k = int(np.argmin(np.abs(xs - x)))
    return (ys[k + 1] - ys[k - 1]) / (xs[k + 1] - xs[k - 1])


def test_starts_as_the_seed_widget_does(win):
    view = win.slopes.room.derivative
    assert view.function() == "roller"
    assert view.x() == 0.0
    assert "slope of tangent: <b>1.3000</b>" in view.numbers.text()
    assert view.plot.limits() == gc.ROLLER_COASTER_RANGE
    assert drawn_slope(view.plot) == pytest.approx(1.3)
    assert "positive" in view.explanation() and "left" in view.explanation()


@pytest.mark.parametrize("x", [-2.2, -1.0, 0.45, 1.2, 2.3])
def test_the_tangent_has_the_slope_of_the_curve(win, x):
    view = win.slopes.room.derivative
    view.set_x(x)
    f, slope = view.value_and_slope()
    assert f == pytest.approx(gc.roller_coaster(x))
    assert drawn_slope(view.plot) == pytest.approx(slope, rel=1e-9)
    # the polynomial's curve is sampled every 1/80: a central difference is good to ~1e-3
    assert curve_slope_at(view.plot, view.x()) == pytest.approx(slope, abs=2e-3)
    (x0, y0), _ = view.plot.tangent_ends()
    assert y0 == pytest.approx(f + slope * (x0 - view.x()))  # it touches the curve at the point


def test_stepping_against_the_slope_ends_in_a_valley(win):
    view = win.slopes.room.derivative
    view.set_x(0.0)
    view.set_rate(0.1)
    view.step_downhill()
    assert view.x() == pytest.approx(-0.13)  # -rate × 1.3
    assert "moved by −0.1 × 1.3000 = −0.1300 (left)" in view.explanation()
    for _ in range(200):
        view.step_downhill()
    assert gc.roller_coaster_slope(view.x()) == pytest.approx(0.0, abs=1e-6)
    assert gc.roller_coaster(view.x()) < gc.roller_coaster(view.x() + 0.05)
    assert gc.roller_coaster(view.x()) < gc.roller_coaster(view.x() - 0.05)
    # from the right of the hill the same game ends in the other valley
    view.set_x(1.0)
    assert "negative" in view.explanation() and "right" in view.explanation()
    for _ in range(200):
        view.step_downhill()
    assert view.x() == pytest.approx(1.456, abs=1e-3)


def test_loss_along_a_parameter_follows_the_run_and_its_slope_is_the_gradient(qtbot, win):
    view = win.slopes.room.derivative
    view.set_function("w")
    s = win.session
    assert view.x() == pytest.approx(s.frame.params[0])
    _f, slope = view.value_and_slope()
    assert slope == pytest.approx(win.readout.values["dL/dw"], rel=1e-12)
    assert drawn_slope(view.plot) == pytest.approx(slope, rel=1e-9)
    assert view.rate.value() == pytest.approx(s.settings.lr)
    # moved off the run's value: the slope is still that of the curve there
    view.set_x(0.3)
    _f, slope = view.value_and_slope()
    ds = s.dataset
    h = 1e-6
    lo, hi = gc.loss_slice(s.model, s.frame.params, 0, [0.3 - h, 0.3 + h], ds.x, ds.y, "l2")
    assert slope == pytest.approx((hi - lo) / (2 * h), rel=1e-6)
    # the run moves b: the curve (b held where the run has it) follows, the point stays the learner's
    before = view.plot.curve_data()[1].copy()
    s.step_once(5)
    qtbot.waitUntil(lambda: s.snapshot.step >= 5, timeout=5000)
    qtbot.wait(50)
    assert view.x() == pytest.approx(0.3)
    assert not np.allclose(view.plot.curve_data()[1], before)
    view.to_run_value()
    assert view.x() == pytest.approx(s.frame.params[0])


def test_bad_function_names_say_what_is_allowed(win):
    view = win.slopes.room.derivative
    with pytest.raises(ValueError, match="choose one of w, b or 'roller'"):
        view.set_function("v1")
    assert view.functions() == ["roller", "w", "b"]


def test_mouse_drag_and_arrow_keys_move_the_point_without_stepping_the_run(qtbot, win):
    view = win.slopes.room.derivative
    plot = view.plot
    vb = plot.getPlotItem().getViewBox()
    scene_pos = vb.mapViewToScene(QPointF(1.0, 0.0))
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=plot.mapFromScene(scene_pos))
    assert view.x() == pytest.approx(1.0, abs=0.03)
    x = view.x()
    plot.setFocus()
    qtbot.keyClick(plot, Qt.Key.Key_Right)
    assert view.x() == pytest.approx(x + 5.0 / 200)
    qtbot.keyClick(plot, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert view.x() == pytest.approx(x + 5.0 / 200 - 5.0 / 20)
    qtbot.wait(100)
    assert win.session.snapshot.step == 0  # Right is the window's Step elsewhere, not here
    # never past the plot's ends
    view.set_x(99.0)
    assert view.x() == 2.5
