"""The landscape controller: which window the views show, the star, an empty data set.

Each test drives a whole window (contour view only: the controller does not care which
views it feeds) and checks the window against the points it must hold, computed here.
"""

from __future__ import annotations

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.gui.state.settings import Settings

from windows import make_window


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
