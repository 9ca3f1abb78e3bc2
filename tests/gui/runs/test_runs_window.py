"""Every panel shows every run: the paths and balls on the contour view, each model's line on
the data view, the loss curves overlaid with the table of runs; the Runs menu drives them."""

from __future__ import annotations

import math

import numpy as np
import pytest

from windows import settled_frame, window_closed_after

from gradviz.gui.state.settings import Settings


@pytest.fixture
def window(qtbot):
    yield from window_closed_after(qtbot, settings=Settings(speed=math.inf), start=[1.0, 0.0], use_gl=False)


def settle(qtbot, s):
    return settled_frame(qtbot, s)


def race(qtbot, window, kind, steps):
    window.runs_menu.compare_actions[kind].trigger()
    window.session.step_once(steps)
    qtbot.waitUntil(lambda: window.session.frame.step >= steps, timeout=10000)
    return settle(qtbot, window.session)


def test_the_optimizer_race_is_drawn_on_every_panel(qtbot, window):
    f = race(qtbot, window, "optimizers", 40)
    labels = [c.label for c in f.companions]
    assert labels == ["B", "C"]
    # contour: each run's path from the common start to its own current point (a ball)
    paths = window.contour.runs.drawn()
    for c in f.companions:
        u, v = paths[c.label]
        assert (u[0], v[0]) == (1.0, 0.0)
        assert (u[-1], v[-1]) == tuple(c.snapshot.params)
    # data view: each run's line through its own parameters (w·x + b at the ends drawn)
    lines = window.data_panel.runs.drawn()
    for c in f.companions:
        x, y = lines[c.label]
        w, b = c.snapshot.params
        assert np.allclose(y, w * x + b)
    # loss curve: each run's losses over its steps, and one table row per run
    curves = window.loss_curve.runs.drawn()
    for c in f.companions:
        steps, losses = curves[c.label]
        assert steps[-1] == 40 and losses[-1] == pytest.approx(c.snapshot.loss)
    rows = window.loss_curve.runs_table.rows()
    assert [r[0] for r in rows] == ["A", "B", "C"]
    assert [r[3] for r in rows] == ["gd, lr 0.00475", "momentum, lr 0.00475, μ 0.9", "adam, lr 0.05"]
    assert [r[4] for r in rows] == [40, 40, 40]


def test_removing_runs_takes_them_off_every_panel(qtbot, window):
    race(qtbot, window, "rates", 5)
    window.runs_menu.remove_menu.aboutToShow.emit()
    remove_b = window.runs_menu.remove_menu.actions()[0]
    assert remove_b.text().startswith("Run B (gd, lr 0.00475")
    remove_b.trigger()
    window.session.step_once(1)
    qtbot.waitUntil(lambda: window.session.frame.step >= 6, timeout=10000)
    settle(qtbot, window.session)
    assert set(window.contour.runs.drawn()) == {"C"}
    window.runs_menu.act_remove_all.trigger()
    settle(qtbot, window.session)
    assert window.contour.runs.drawn() == {} and window.loss_curve.runs.drawn() == {}
    assert window.loss_curve.runs_table.rows() == []


def test_duplicate_goes_on_from_here_at_its_own_rate(qtbot, window):
    s = window.session
    s.step_once(10)
    qtbot.waitUntil(lambda: s.frame.step >= 10, timeout=10000)
    assert window.runs_menu.duplicate(lr=0.0005) == "B"
    s.step_once(5)
    qtbot.waitUntil(lambda: s.frame.step >= 15, timeout=10000)
    f = settle(qtbot, s)
    (b,) = f.companions
    assert b.settings.lr == 0.0005 and b.snapshot.step == 15
    # the same path as this run up to step 10, its own from there
    assert np.array_equal(b.snapshot.path_params[:11], f.snapshot.path_params[:11])
    assert not np.array_equal(b.snapshot.params, f.snapshot.params)



@pytest.fixture
def window3d(qtbot):
    yield from window_closed_after(qtbot, settings=Settings(speed=math.inf), start=[1.0, 0.0])


def test_the_3d_view_shows_every_run(qtbot, window3d):
    if window3d.view3d is None:
        pytest.skip("no 3D view here (no OpenGL)")
    race(qtbot, window3d, "batches", 10)
    qtbot.waitUntil(lambda: window3d.view3d.runs.labels() == ("B", "C"), timeout=10000)
    window3d.runs_menu.act_remove_all.trigger()
    qtbot.waitUntil(lambda: window3d.view3d.runs.labels() == (), timeout=10000)
