"""The landscape controller: which window the views show (holding every run's start and
path), the star, an empty data set.

Each test drives a whole window (contour view only: the controller does not care which
views it feeds) and checks the window against the points it must hold, computed here.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.gui.landscape import framing
from gradviz.gui.state.settings import Settings

from windows import make_window, settled_frame


def holds(window, u: float, v: float) -> bool:
    (u0, u1), (v0, v1) = window
    return u0 <= u <= u1 and v0 <= v <= v1


def spans(window) -> tuple[float, float]:
    (u0, u1), (v0, v1) = window
    return u1 - u0, v1 - v0


def shown(win):
    """The window the contour view shows now, ((u0, u1), (v0, v1))."""
    return tuple(tuple(r) for r in win.contour.view_box.viewRange())


def run_steps(qtbot, session, k: int) -> None:
    target = session.snapshot.step + k
    session.step_once(k)
    qtbot.waitUntil(lambda: session.snapshot.step >= target or bool(session.snapshot.diverged), timeout=10000)
    qtbot.wait(50)  # the frame reaches the views


def test_after_a_divergence_a_reset_and_a_lower_rate_frame_the_new_run(qtbot, config_dir):
    win = make_window(qtbot, settings=Settings(lr=0.01), use_gl=False)
    s, ctrl = win.session, win.landscape
    run_steps(qtbot, s, 400)
    assert s.snapshot.diverged
    assert max(spans(ctrl.window)) > 1000            # it followed the run out
    s.reset()
    s.update_settings(lr=0.0031)
    qtbot.waitUntil(lambda: s.snapshot.step == 0, timeout=5000)
    run_steps(qtbot, s, 300)
    opt = gc.least_squares(s.dataset.x, s.dataset.y)
    w, b = s.snapshot.params
    for window in (ctrl.window, shown(win)):
        assert holds(window, *s.start) and holds(window, *opt) and holds(window, w, b)
        assert max(spans(window)) < 30                 # the bowl, not a sliver of a huge plane


def test_an_edit_that_moves_the_optimum_off_the_map_brings_it_back(qtbot, config_dir):
    win = make_window(qtbot, use_gl=False)
    s, ctrl = win.session, win.landscape
    run_steps(qtbot, s, 5)
    # fit w = 0.089, b = 2.61 exactly: the lesson's window does not reach b = 2.61
    assert not holds(ctrl.window, 0.089, 2.61)
    ds = s.dataset
    target = 0.089 * ds.x + 2.61
    win.editor.move_points(np.arange(len(ds)), 0.0, 0.0)  # (no-op: the editor is idle)
    for k in range(len(ds)):
        win.editor.move_points([k], 0.0, float(target[k] - s.dataset.y[k]))
    opt = gc.least_squares(s.dataset.x, s.dataset.y)
    assert opt == pytest.approx((0.089, 2.61))
    # the last edit's frame may still be on its way on a loaded machine: wait for it, then
    # the map holds the new optimum and its star is there
    qtbot.waitUntil(lambda: holds(ctrl.window, *opt) and ctrl.optimum is not None
                    and ctrl.optimum[:2] == pytest.approx(opt), timeout=10000)
    assert holds(shown(win), *opt)


def test_fit_landscape_reframes_on_demand(qtbot, config_dir):
    win = make_window(qtbot, use_gl=False)
    s, ctrl = win.session, win.landscape
    ctrl.set_window(((-500.0, 500.0), (-200.0, 300.0)))
    assert np.ravel(shown(win)) == pytest.approx([-500, 500, -200, 300], abs=10)  # (half a grid cell)
    assert win.act_fit_landscape.shortcut().toString() == "Shift+F"
    win.act_fit_landscape.trigger()
    opt = gc.least_squares(s.dataset.x, s.dataset.y)
    assert holds(ctrl.window, *opt) and holds(ctrl.window, *s.start)
    assert max(spans(ctrl.window)) < 30


def test_ranges_by_hand_are_checked_and_shown(qtbot, config_dir):
    win = make_window(qtbot, use_gl=False)
    ctrl = win.landscape
    with pytest.raises(ValueError, match="w"):
        ctrl.set_window(((1.0, 0.0), (0.0, 1.0)))
    dialog = win.pair_selector.range_dialog()
    qtbot.addWidget(dialog)
    (u0, u1), (v0, v1) = ctrl.window
    assert [f.text() for f in dialog.fields] == [f"{x:.6g}" for x in (u0, u1, v0, v1)]
    for texts, words in ((("1", "0", "0", "1"), ("w", "above")), (("-1", "x", "0", "1"), ("w", "number")),
                         (("-1", "1", "0", "inf"), ("b", "finite"))):
        dialog.set_texts(*texts)
        assert not dialog.ok_enabled()
        assert all(word in dialog.message.text() for word in words), dialog.message.text()
    dialog.set_texts("-2", "3", "-1.5", "4")
    assert dialog.ok_enabled() and dialog.message.text() == ""
    dialog.accept()
    assert ctrl.window == ((-2.0, 3.0), (-1.5, 4.0))
    assert np.ravel(shown(win)) == pytest.approx([-2, 3, -1.5, 4], abs=0.05)


def test_an_empty_data_set_shows_an_empty_landscape_with_a_hint(qtbot, config_dir):
    win = make_window(qtbot)
    run_steps(qtbot, win.session, 3)
    win.editor.clear()
    ctrl = win.landscape
    # an edit recomputes at most SLICE_HZ times a second: the last one lands within 1/SLICE_HZ s
    qtbot.waitUntil(lambda: ctrl.surface is None, timeout=2000)
    assert ctrl.optimum is None
    for view in (win.contour, win.view3d):
        assert "No data" in view.hint_text()
    assert not win.contour.image.isVisible() and win.contour.ball_position() is None
    assert len(win.contour.contours.getData()[0]) == 0
    assert not win.view3d.surface.visible() and win.view3d.ball_position() is None
    assert all(t.text == "" for t in win.view3d.z_ticks)
    win.editor.undo()                                # the data back: the landscape too
    qtbot.waitUntil(lambda: ctrl.surface is not None, timeout=3000)
    assert win.contour.hint_text() == "" and win.contour.image.isVisible()
    assert win.view3d.hint_text() == "" and win.view3d.surface.visible()


@pytest.mark.parametrize("model, loss, star", [("line", "l2", "optimum"), ("line", "mse", "optimum"),
                                               ("line", "l1", "lowest point of this slice"),
                                               ("neuron", "l2", "lowest point of this slice")])
def test_the_star_is_the_true_optimum_or_says_what_it_is(qtbot, config_dir, model, loss, star):
    win = make_window(qtbot, settings=Settings(model=model, loss=loss))
    run_steps(qtbot, win.session, 2)
    ctrl, ds = win.landscape, win.session.dataset
    assert ctrl.optimum_exact == (star == "optimum")
    for legend in (win.contour.legend, win.view3d.legend):
        assert legend.text().endswith(star)
    label = win.view3d.optimum_label.text
    if star == "optimum":
        opt = gc.least_squares(ds.x, ds.y)
        assert ctrl.optimum[:2] == pytest.approx(opt)
        assert label.startswith("min ")
    else:
        u, v, Z = ctrl.surface                         # the lowest grid point of the slice drawn
        a, b = np.unravel_index(np.nanargmin(Z), Z.shape)
        assert ctrl.optimum == pytest.approx((u[a], v[b], Z[a, b]))
        assert label.startswith("lowest here ")


def test_ranges_set_by_hand_stay_for_a_new_run_inside_them(qtbot, config_dir):
    win = make_window(qtbot, use_gl=False)
    s, ctrl = win.session, win.landscape
    ctrl.set_window(((-300.0, 300.0), (5.0, 400.0)))   # the optimum is not in it: the user's choice
    assert ctrl.window == ((-300.0, 300.0), (5.0, 400.0))
    s.set_start([10.0, 20.0])                            # a new run inside the ranges
    qtbot.waitUntil(lambda: s.snapshot.step == 0 and s.snapshot.params[0] == 10.0, timeout=5000)
    run_steps(qtbot, s, 1)
    assert ctrl.window == ((-300.0, 300.0), (5.0, 400.0))
    s.set_start([1000.0, 20.0])                          # ...and one outside them: framed afresh
    qtbot.waitUntil(lambda: s.snapshot.step == 0 and s.snapshot.params[0] == 1000.0, timeout=5000)
    run_steps(qtbot, s, 1)
    assert holds(ctrl.window, 1000.0, 20.0)


# ----- every run's start and path (the runs beside the focused one) -----------------------

START = [1.0, 0.0]


def test_a_run_with_its_own_start_far_away_widens_the_window_to_hold_it(qtbot, config_dir):
    win = make_window(qtbot, settings=Settings(speed=math.inf), start=START, use_gl=False)
    s, ctrl = win.session, win.landscape
    settled_frame(qtbot, s)
    far = (9.0, -7.0)
    assert not holds(ctrl.window, *far)
    s.runs.add(replace(s.settings, lr=0.002), start=list(far))
    settled_frame(qtbot, s)
    qtbot.waitUntil(lambda: holds(ctrl.window, *far), timeout=5000)
    for window in (ctrl.window, shown(win)):
        assert holds(window, *far) and holds(window, *START)
    # its path as it goes, and a reset brings both starts back into a fresh window
    s.step_once(300)
    qtbot.waitUntil(lambda: s.frame.step >= 300, timeout=10000)
    f = settled_frame(qtbot, s)
    qtbot.waitUntil(lambda: holds(ctrl.window, *f.companions[0].snapshot.params), timeout=5000)
    s.reset()
    settled_frame(qtbot, s)
    qtbot.waitUntil(lambda: s.frame.step == 0, timeout=5000)
    assert holds(ctrl.window, *far) and holds(ctrl.window, *START)


def test_reframing_holds_every_run_start_and_current_point(qtbot, config_dir):
    win = make_window(qtbot, settings=Settings(speed=math.inf), start=START, use_gl=False)
    s, ctrl = win.session, win.landscape
    s.runs.add(replace(s.settings, optimizer="momentum", lr=0.003), start=[-4.0, 6.0])
    s.step_once(50)
    qtbot.waitUntil(lambda: s.frame.step >= 50, timeout=10000)
    f = settled_frame(qtbot, s)
    ctrl.reframe()
    (c,) = f.companions
    for u, v in (START, (-4.0, 6.0), c.snapshot.params, f.snapshot.params):
        assert holds(ctrl.window, u, v)


def test_a_run_flying_off_is_not_followed(qtbot, config_dir):
    win = make_window(qtbot, settings=Settings(speed=math.inf), start=START, use_gl=False)
    s, ctrl = win.session, win.landscape
    stable = s.stable_lr()
    s.runs.add(replace(s.settings, lr=1.2 * stable))  # overshoots further every step, then diverges
    s.step_once(400)
    qtbot.waitUntil(lambda: s.frame.step >= 400, timeout=10000)
    f = settled_frame(qtbot, s)
    (c,) = f.companions
    assert c.snapshot.diverged  # it went far off the plane
    qtbot.wait(400)  # a pending recompute lands
    assert max(spans(ctrl.window)) < 30  # still the bowl the focused run walks in
    opt = gc.least_squares(s.dataset.x, s.dataset.y)
    assert holds(ctrl.window, *START) and holds(ctrl.window, *opt)
    # its points up to where it climbed past CLIMB times its starting loss are held
    rows = framing.companion_points(f)
    losses = c.snapshot.path_losses
    assert np.array_equal(rows[0], START)
    assert len(rows) >= 2 and np.all(np.isfinite(rows))
    assert np.all(np.isin(rows[1:, 0], c.snapshot.path_params[losses <= framing.CLIMB * losses[0], 0]))
