"""Training on standardized x: the run, the landscape, the readout and the controls on
u = (x - mean)/std, the data view in x's own units, and the switch keeping the curve."""

from __future__ import annotations

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.gui.panels.controls import LR_MAX, LR_MIN, log_to_pos
from gradviz.gui.state.settings import Settings

from windows import make_window

LESSON = gc.preset("lesson")


def settled(qtbot, session):
    seq = session.request_sync()
    qtbot.waitUntil(lambda: session.frame.seq >= seq, timeout=5000)
    qtbot.wait(30)


def run_steps(qtbot, session, k):
    target = session.frame.step + k
    session.step_once(k)
    qtbot.waitUntil(lambda: session.frame.step >= target, timeout=10000)
    qtbot.wait(30)


def curve_in_data_view(win):
    xs, ys = win.data_panel.curve.getData()
    return np.asarray(xs), np.asarray(ys)


def test_switching_on_trains_on_u_and_keeps_the_curve(qtbot, config_dir):
    win = make_window(qtbot, settings=Settings(curvature=True), start=(1.0, 0.0), use_gl=False)
    s = win.session
    before = curve_in_data_view(win)
    win.landscape_options.standardize_button.click()
    settled(qtbot, s)
    st = gc.standardization(LESSON.x)
    frame = s.frame
    assert frame.scaling is not None and (frame.scaling.mean, frame.scaling.std) == pytest.approx((st.mean, st.std))
    np.testing.assert_allclose(frame.dataset.x, st.apply(LESSON.x), rtol=1e-15)
    np.testing.assert_array_equal(s.dataset.x, LESSON.x)  # the data itself is untouched
    # a new run from the same line, described on u: w' = w·std, b' = b + w·mean
    assert frame.step == 0
    np.testing.assert_allclose(frame.params, [st.std, st.mean], rtol=1e-12)
    xs, ys = curve_in_data_view(win)
    np.testing.assert_allclose(ys, np.interp(xs, *before), rtol=1e-9)
    # the lesson's long valley is round: condition 1, the stable rate 2/n for l2
    u = st.apply(LESSON.x)
    assert win.readout.values["condition"] == pytest.approx(1.0, rel=1e-9)
    assert win.readout.values["stable_lr"] == pytest.approx(gc.max_stable_lr(u, LESSON.y, "l2"), rel=1e-12)
    assert win.readout.values["stable_lr"] == pytest.approx(2.0 / len(LESSON), rel=1e-9)
    assert win.controls.lr_slider.mark() == log_to_pos(s.stable_lr(), LR_MIN, LR_MAX)
    assert s.stable_lr() == pytest.approx(2.0 / len(LESSON), rel=1e-9)
    assert "Standardized x" in win.readout.label.toPlainText()
    # back off: the same line again, on x
    win.landscape_options.standardize_button.click()
    settled(qtbot, s)
    assert s.frame.scaling is None
    np.testing.assert_allclose(s.frame.params, [1.0, 0.0], rtol=1e-12, atol=1e-12)


def test_the_fit_on_u_is_least_squares_on_x(qtbot, config_dir):
    win = make_window(qtbot, settings=Settings(standardize=True, lr=0.1), use_gl=False)
    s = win.session
    run_steps(qtbot, s, 200)
    fit = win.readout.values
    np.testing.assert_allclose([fit["w (x units)"], fit["b (x units)"]], gc.least_squares(LESSON.x, LESSON.y),
                               rtol=1e-9)
    # the landscape is over u: its star is least squares on u
    st = s.frame.scaling
    np.testing.assert_allclose(win.landscape.optimum[:2], gc.least_squares(st.apply(LESSON.x), LESSON.y),
                               rtol=1e-9)
    xs, ys = curve_in_data_view(win)
    w, b = gc.least_squares(LESSON.x, LESSON.y)
    np.testing.assert_allclose(ys, w * xs + b, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("model", ["neuron", "network"])
def test_the_data_view_draws_the_sigmoid_models_in_x_units(qtbot, config_dir, model):
    win = make_window(qtbot, settings=Settings(model=model, standardize=True, optimizer="adam", lr=0.01),
                      use_gl=False)
    s = win.session
    run_steps(qtbot, s, 30)
    frame = s.frame
    xs, ys = curve_in_data_view(win)
    np.testing.assert_allclose(ys, frame.model.predict(frame.params, frame.scaling.apply(xs)), rtol=1e-9,
                               atol=1e-12)


def test_an_edit_while_standardized_restandardizes_and_the_rings_stay_on_the_points(qtbot, config_dir):
    win = make_window(qtbot, settings=Settings(standardize=True, optimizer="sgd", batch_size=2, lr=0.05,
                                               point_arrows=True), use_gl=False)
    s = win.session
    run_steps(qtbot, s, 3)
    win.editor.move_points([7], 0.0, 1.0)
    settled(qtbot, s)
    run_steps(qtbot, s, 2)
    settled(qtbot, s)
    st = gc.standardization(s.dataset.x)
    np.testing.assert_allclose(s.frame.dataset.x, st.apply(s.dataset.x), rtol=1e-15)
    assert s.frame.dataset.y[7] == pytest.approx(LESSON.y[7] + 1.0)
    batch = win.point_highlights.batch()
    assert batch.size == 2
    xs, _ = win.point_highlights.batch_rings.getData()
    np.testing.assert_allclose(xs, s.dataset.x[batch], rtol=1e-12)


def test_nothing_to_scale_trains_on_x(qtbot, config_dir):
    ds = gc.Dataset([2.0, 2.0, 2.0], [1.0, 2.0, 3.0])
    win = make_window(qtbot, dataset=ds, settings=Settings(model="neuron", standardize=True), use_gl=False)
    settled(qtbot, win.session)
    assert win.session.frame.scaling is None
    np.testing.assert_array_equal(win.session.frame.dataset.x, ds.x)


def _held_out_loss_in_data_units(frame, held):
    model = frame.model
    p = frame.scaling.to_original(model, frame.params) if frame.scaling is not None else frame.params
    return gc.loss_value(model.predict(p, held.x) - held.y, frame.settings.loss)


def test_held_out_points_are_measured_on_the_training_scale(qtbot, config_dir):
    """Standardized training measures the held-out points on the same u scale, also after
    an edit moves the mean: the held-out loss is the fit's loss on them in x's units."""
    win = make_window(qtbot, start=(1.0, 0.0), use_gl=False)
    s = win.session
    held = gc.Dataset(np.array([0.5, 3.5, 9.0]), np.array([0.6, 2.0, 5.5]), name="held out")
    s.set_eval_dataset(held)
    win.landscape_options.standardize_button.click()
    run_steps(qtbot, s, 5)
    assert s.frame.scaling is not None and s.frame.snapshot.eval_loss is not None
    assert s.frame.snapshot.eval_loss == pytest.approx(_held_out_loss_in_data_units(s.frame, held), rel=1e-9)
    s.set_dataset(LESSON.concat(gc.Dataset(np.array([12.0]), np.array([7.0]))))  # an edit: new mean and spread
    run_steps(qtbot, s, 3)
    assert s.frame.snapshot.eval_loss == pytest.approx(_held_out_loss_in_data_units(s.frame, held), rel=1e-9)
    np.testing.assert_array_equal(s.frame.eval_dataset.x, held.x)  # drawn in x's own units
