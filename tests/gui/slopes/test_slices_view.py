"""Partial derivatives as slices: each tangent's slope is the readout's ∂L/∂ component and
the slope of the loss along that parameter; the slices follow the run and the landscape's
pair; their lines on the contour and the 3D surface pass through the ball."""

from __future__ import annotations

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.gui.state.settings import Settings

from windows import make_window


def run_steps(qtbot, session, k):
    target = session.snapshot.step + k
    session.step_once(k)
    qtbot.waitUntil(lambda: session.snapshot.step >= target, timeout=10000)
    qtbot.wait(60)  # the frame reaches the views


def fd_slope(frame, i, h=1e-6):
    """Central difference of the loss along parameter i (the independent reference)."""
    p = frame.params
    ds = frame.dataset
    lo, hi = gc.loss_slice(frame.model, p, i, [p[i] - h, p[i] + h], ds.x, ds.y, frame.settings.loss)
    return (hi - lo) / (2 * h)


def tangent_slope(plot):
    (x0, y0), (x1, y1) = plot.tangent_ends()
    return (y1 - y0) / (x1 - x0)


def open_slices(qtbot, win):
    win.slopes.set_open(True)
    win.slopes.room.show_tab("slices")
    qtbot.wait(60)
    return win.slopes.room.slices


@pytest.mark.parametrize("loss", ["l2", "mse", "l1"])
def test_line_slices_follow_training_and_their_slopes_are_the_readouts_gradient(qtbot, config_dir, loss):
    win = make_window(qtbot, settings=Settings(loss=loss), use_gl=False)
    view = open_slices(qtbot, win)
    for steps in (0, 3, 40):
        if steps:
            run_steps(qtbot, win.session, steps)
        frame = win.session.frame
        slopes = view.slopes()
        for k, name in enumerate(("w", "b")):
            assert slopes[name] == win.readout.values[f"dL/d{name}"]
            assert tangent_slope(view.plots[k]) == pytest.approx(slopes[name], rel=1e-9, abs=1e-12)
            if loss != "l1":  # L1's slope is the same only away from its kinks
                assert slopes[name] == pytest.approx(fd_slope(frame, k), rel=1e-6, abs=1e-9)
            x, f, _ = view.plots[k].point()
            assert (x, f) == (pytest.approx(frame.params[k]), pytest.approx(frame.snapshot.loss))
        # the curve drawn is the loss along w with b held (checked against brute force)
        xs, ys = view.plots[0].curve_data()
        q = np.array(frame.params)
        want = []
        for u in xs[::20]:
            q[0] = u
            want.append(frame.model.loss(q, frame.dataset.x, frame.dataset.y, loss))
        np.testing.assert_allclose(ys[::20], want, rtol=1e-10)
    assert "<b>∇L</b> = (∂L/∂w, ∂L/∂b)" in view.gradient.text()
    win.close()


def test_network_slices_take_the_landscapes_pair(qtbot, config_dir):
    win = make_window(qtbot, dataset=gc.preset("sine"), settings=Settings(model="network"), use_gl=False)
    view = open_slices(qtbot, win)
    run_steps(qtbot, win.session, 20)
    assert view.pair() == (0, 1)
    win.landscape.set_pair(2, 7)
    qtbot.wait(60)
    assert view.pair() == (2, 7)
    names = win.session.model.param_names
    frame = win.session.frame
    for k, i in enumerate((2, 7)):
        slope = view.slopes()[names[i]]
        assert slope == win.readout.values[f"dL/d{names[i]}"]
        assert slope == pytest.approx(fd_slope(frame, i), rel=1e-6, abs=1e-9)
        assert tangent_slope(view.plots[k]) == pytest.approx(slope, rel=1e-9, abs=1e-12)
    win.close()


def test_slice_lines_on_the_contour_only_while_the_room_is_open(qtbot, config_dir):
    win = make_window(qtbot, use_gl=False)
    assert not win.landscape.slice_lines_shown()
    assert win.contour.slice_line_ends() is None  # first launch: as before
    win.slopes.set_open(True)
    qtbot.wait(60)
    ends = win.contour.slice_line_ends()
    u, v = win.contour.ball_position()
    (u0, u1), (v0, v1) = win.landscape.window
    assert ends["u"] == (pytest.approx((u0, v)), pytest.approx((u1, v)))  # along w, b held
    assert ends["v"] == (pytest.approx((u, v0)), pytest.approx((u, v1)))  # along b, w held
    run_steps(qtbot, win.session, 10)
    u, v = win.contour.ball_position()
    assert win.contour.slice_line_ends()["u"][0][1] == pytest.approx(v)
    win.slopes.room.on_landscape.setChecked(False)
    assert win.contour.slice_line_ends() is None
    win.slopes.room.on_landscape.setChecked(True)
    assert win.contour.slice_line_ends() is not None
    win.slopes.set_open(False)
    assert win.contour.slice_line_ends() is None
    assert not win.landscape.slice_lines_shown()
    win.close()


def test_slice_lines_lie_on_the_3d_surface(qtbot, config_dir):
    win = make_window(qtbot)
    if win.view3d is None:
        win.close()
        pytest.skip("no OpenGL here")
    assert win.view3d.slice_line_points() is None
    win.slopes.set_open(True)
    run_steps(qtbot, win.session, 5)
    pts = win.view3d.slice_line_points()
    frame = win.session.frame
    ds = frame.dataset
    (u0, u1), (v0, v1) = win.landscape.window
    u = np.linspace(u0, u1, len(pts["u"]))
    want = win.view3d.to_display(u, frame.params[1], gc.loss_slice(frame.model, frame.params, 0, u, ds.x, ds.y, "l2"))
    want[:, 2] += 0.04
    np.testing.assert_allclose(pts["u"], want, rtol=1e-9, atol=1e-9)
    # the line along b passes through the ball
    bx, by, bz = win.view3d.ball_position()
    k = int(np.argmin(np.abs(pts["v"][:, 1] - by)))
    assert pts["v"][k, 0] == pytest.approx(bx)
    assert pts["v"][k, 2] - 0.04 == pytest.approx(bz, abs=0.05)
    win.slopes.set_open(False)
    assert win.view3d.slice_line_points() is None
    win.close()
