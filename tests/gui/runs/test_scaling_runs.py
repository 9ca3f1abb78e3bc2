"""Raw and standardized x race side by side: a companion on the other scale of x trains on
its own scale of the data (exactly a core run there), starts from the same curve, and is
drawn on the focused run's landscape through the core's exact parameter mapping."""

from __future__ import annotations

import contextlib
import dataclasses
import math
from dataclasses import replace

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.gui.runs.scaling import landscape_params
from gradviz.gui.runs.table import params_text, run_rows
from gradviz.gui.runs.scaling_race import scaling_runs
from gradviz.gui.state.session import Session
from gradviz.gui.state.settings import Settings

from windows import make_window, settled_frame

START = [1.0, 0.0]
LINE = gc.make_model("line")


def core_run(dataset, standardize: bool, start, lr: float, steps: int, optimizer="gd"):
    """A core Trainer on ``dataset`` (standardized or not) from ``start`` (on that scale)."""
    x = dataset.x
    st = gc.standardization(x) if standardize else None
    ds = dataclasses.replace(dataset, x=st.apply(x)) if st else dataset
    tr = gc.Trainer(LINE, ds, lr=lr, optimizer=optimizer, params=start)
    return tr.step(steps), st


def step(qtbot, s, k):
    target = s.frame.step + k
    s.step_once(k)
    qtbot.waitUntil(lambda: s.frame.step >= target, timeout=10000)
    return settled_frame(qtbot, s)


@contextlib.contextmanager
def lesson_session(settings: Settings, start):
    """A session on the lesson's data (no window), shut down at the end."""
    s = Session(gc.preset("lesson"), settings, start=start)
    try:
        yield s
    finally:
        s.shutdown()


def test_a_standardized_run_beside_a_raw_one_is_a_core_run_on_standardized_data(qtbot, qapp):
    with lesson_session(Settings(speed=math.inf, lr=0.002), START) as s:
        check_standardized_beside_raw(qtbot, s)


def check_standardized_beside_raw(qtbot, s):
    assert s.runs.add(replace(s.settings, standardize=True, lr=0.1)) == "B"
    f = step(qtbot, s, 60)
    (c,) = f.companions
    st = gc.standardization(s.dataset.x)
    ref, _ = core_run(s.dataset, True, st.to_standardized(LINE, START), 0.1, 60)
    assert np.array_equal(c.snapshot.params, ref.params)  # its own parameters: the core's, bit for bit
    assert np.array_equal(c.snapshot.path_losses, ref.path_losses)
    # on the landscape (over the raw run's w, b): the core run's parameters mapped to x's units
    path, params = landscape_params(f, c)
    mapped = np.array([st.to_original(LINE, p) for p in ref.path_params])
    assert np.allclose(path, mapped, rtol=1e-12, atol=1e-12)
    assert np.array_equal(params, st.to_original(LINE, ref.params))
    assert np.allclose(path[0], START, rtol=0, atol=1e-12)  # the same start line as the raw run
    assert c.describe() == "gd, lr 0.1, x standardized"
    # the runs table shows its parameters on the map's scale too, beside the raw run's
    assert [r.params for r in run_rows(f) if r.label == "B"] == [params_text(params)]
    # a reset and new data: it starts again from the start line, on the new data standardized
    moved = gc.Dataset(np.append(s.dataset.x, 7.5), np.append(s.dataset.y, 2.0))
    s.set_dataset(moved, new_run=True)
    assert settled_frame(qtbot, s).step == 0
    f = step(qtbot, s, 25)
    st2 = gc.standardization(moved.x)
    ref2, _ = core_run(moved, True, st2.to_standardized(LINE, START), 0.1, 25)
    assert np.array_equal(f.companions[0].snapshot.params, ref2.params)


def test_the_drawn_paths_and_lines_are_the_mapped_parameters(qtbot, config_dir):
    win = make_window(qtbot, settings=Settings(speed=math.inf, lr=0.002), start=START, use_gl=False)
    s = win.session
    s.runs.add(replace(s.settings, standardize=True, lr=0.2))
    f = step(qtbot, s, 40)
    (c,) = f.companions
    st = gc.standardization(s.dataset.x)
    ref, _ = core_run(s.dataset, True, st.to_standardized(LINE, START), 0.2, 40)
    mapped = np.array([st.to_original(LINE, p) for p in ref.path_params])
    u, v = win.contour.runs.drawn()["B"]
    assert np.allclose([u[0], v[0]], mapped[0], rtol=1e-12) and np.allclose([u[-1], v[-1]], mapped[-1], rtol=1e-12)
    drawn = np.column_stack([u, v])  # every drawn point is one of the mapped path's (thinned)
    assert all(np.isclose(mapped, p, rtol=1e-12, atol=1e-12).all(axis=1).any() for p in drawn)
    x, y = win.data_panel.runs.drawn()["B"]
    w, b = st.to_original(LINE, ref.params)
    assert np.allclose(y, w * x + b)
    assert all(win.landscape.window[0][0] <= p[0] <= win.landscape.window[0][1] for p in (mapped[0], mapped[-1]))


def test_a_raw_run_beside_a_standardized_one(qtbot, qapp):
    st = gc.standardization(gc.preset("lesson").x)
    start = st.to_standardized(LINE, START)
    with lesson_session(Settings(speed=math.inf, lr=0.1, standardize=True), start) as s:
        s.runs.add(replace(s.settings, standardize=False, lr=0.002))
        f = step(qtbot, s, 30)
        ref, _ = core_run(s.dataset, False, st.to_original(LINE, start), 0.002, 30)
        (c,) = f.companions
        assert np.allclose(c.snapshot.params, ref.params, rtol=1e-12)
        path, params = landscape_params(f, c)  # on the standardized landscape
        assert np.allclose(params, st.to_standardized(LINE, ref.params), rtol=1e-12)
        s.reset()
        f = settled_frame(qtbot, s)
        assert np.allclose(f.companions[0].snapshot.params, START, atol=1e-12)  # its own scale: x's


def test_the_ready_made_race_of_raw_and_standardized(qtbot, config_dir):
    win = make_window(qtbot, settings=Settings(speed=math.inf, standardize=True), start=START, use_gl=False)
    s = win.session
    win.runs_menu.compare_actions["scaling"].trigger()
    f = settled_frame(qtbot, s)
    assert not s.settings.standardize and s.settings.optimizer == "gd"
    (c,) = f.companions
    assert c.settings.standardize
    ds = s.dataset
    raw_lr = gc.max_stable_lr(ds.x, ds.y, "l2")
    std_lr = gc.max_stable_lr(gc.standardization(ds.x).apply(ds.x), ds.y, "l2")
    assert s.settings.lr == float(f"{0.5 * raw_lr:.3g}") and c.settings.lr == float(f"{0.5 * std_lr:.3g}")
    assert [r.standardize for r in scaling_runs(s)] == [False, True]
    f = step(qtbot, s, 200)
    # the standardized run is far closer to the optimum after as many steps
    opt = np.array(gc.least_squares(ds.x, ds.y))
    _path, params = landscape_params(f, f.companions[0])
    assert np.linalg.norm(params - opt) < 0.1 * np.linalg.norm(f.snapshot.params - opt)


def test_a_standardized_plane_beside_a_raw_one_draws_the_same_plane_on_the_map(qtbot, qapp):
    """Two inputs: each column standardized; the companion's parameters mapped back to x's
    units give the same outputs as its own model on standardized x, at every point."""
    ds = gc.preset("plane")
    s = Session(ds, Settings(model="plane", loss="mse", speed=math.inf, lr=0.01), start=[0.0, 0.0, 0.0])
    try:
        assert s.runs.add(replace(s.settings, standardize=True, lr=0.05)) == "B"
        f = step(qtbot, s, 40)
        (c,) = f.companions
        assert c.snapshot.diverged is None and c.snapshot.step == 40
        st = gc.standardization(ds.x)
        own = np.asarray(c.snapshot.params)
        _path, mapped = landscape_params(f, c)
        xs = st.apply(ds.x)
        assert np.allclose(xs @ own[:2] + own[2], ds.x @ mapped[:2] + mapped[2], rtol=1e-9, atol=1e-9)
    finally:
        s.shutdown()


def test_held_out_points_added_later_reach_a_run_on_the_other_scale_on_its_scale(qtbot, qapp):
    """The standardized run measures the held-out points standardized with the training
    data's mean and spread: its held-out loss is the core run's on those points."""
    with lesson_session(Settings(speed=math.inf, lr=0.002), START) as s:
        assert s.runs.add(replace(s.settings, standardize=True, lr=0.1)) == "B"
        step(qtbot, s, 10)
        held = gc.Dataset(np.array([2.5, 6.5]), np.array([1.6, 4.1]))
        s.set_eval_dataset(held)
        f = step(qtbot, s, 5)
        (c,) = f.companions
        ref, st = core_run(s.dataset, True, gc.standardization(s.dataset.x).to_standardized(LINE, START), 0.1, 15)
        e = LINE.predict(ref.params, st.apply(held.x)) - held.y
        assert c.snapshot.eval_loss == pytest.approx(0.5 * np.sum(e ** 2), rel=1e-12)  # l2: ½Σe²
