"""The session's companion runs: stepped in lock step with the run in focus, each equal to
its own run alone; removing one mid-play is safe; Reset restarts them all; the ready-made
comparisons."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.gui.runs.comparisons import ADAM_LR, comparison, start_comparison
from gradviz.gui.state.runs import STYLES, describe
from gradviz.gui.state.session import Session
from gradviz.gui.state.settings import Settings
from gradviz.gui.theme.palette import LIGHT
from gradviz.gui.theme.vision import min_distance
from windows import settled_frame

START = [1.0, 0.0]


@pytest.fixture
def session(qapp):
    s = Session(gc.preset("lesson"), Settings(speed=math.inf, lr=0.002), start=START)
    yield s
    s.shutdown()


def settle(qtbot, s):
    return settled_frame(qtbot, s)


def solo(s: Settings, steps: int, start=START):
    ds = gc.preset("lesson")
    tr = gc.Trainer(gc.make_model("line"), ds, loss=s.loss, optimizer=s.optimizer, lr=s.lr, params=start,
                    batch_size=s.effective_batch(len(ds)), seed=s.seed, **s.optimizer_options())
    return tr.step(steps)


def test_companions_step_with_the_focused_run_and_equal_their_solo_runs(qtbot, session):
    momentum = replace(session.settings, optimizer="momentum", lr=0.001)
    sgd = replace(session.settings, optimizer="sgd", batch_size=3, seed=4)
    assert session.runs.add(momentum) == "B"
    assert session.runs.add(sgd, start=[2.0, -1.0]) == "C"
    session.step_once(17)
    qtbot.waitUntil(lambda: session.frame.step >= 17, timeout=10000)
    f = settle(qtbot, session)
    assert [c.label for c in f.companions] == ["B", "C"]
    assert [c.snapshot.step for c in f.companions] == [17, 17]  # lock step
    assert np.array_equal(f.companions[0].snapshot.params, solo(momentum, 17).params)
    assert np.array_equal(f.companions[1].snapshot.params, solo(sgd, 17, [2.0, -1.0]).params)
    assert f.companions[1].describe() == "sgd, lr 0.002, batch 3"
    session.reset()
    f = settle(qtbot, session)
    assert [c.snapshot.step for c in f.companions] == [0, 0]
    assert f.companions[1].snapshot.params.tolist() == [2.0, -1.0]  # its own start
    session.set_start([0.5, 0.5])  # a new start point: the runs without one of their own follow
    f = settle(qtbot, session)
    assert [c.snapshot.params.tolist() for c in f.companions] == [[0.5, 0.5], [2.0, -1.0]]


def test_a_run_added_later_catches_up_and_removing_one_mid_play_is_safe(qtbot, session):
    session.step_once(9)
    qtbot.waitUntil(lambda: session.frame.step >= 9, timeout=10000)
    session.runs.add(replace(session.settings, lr=0.001))
    session.runs.add(replace(session.settings, lr=0.003))
    f = settle(qtbot, session)
    assert [c.snapshot.step for c in f.companions] == [9, 9]
    session.play()
    qtbot.waitUntil(lambda: session.frame.step >= 200, timeout=10000)
    session.runs.remove("B")
    qtbot.waitUntil(lambda: session.frame.step >= 400, timeout=10000)
    session.pause()
    f = settle(qtbot, session)
    assert [c.label for c in f.companions] == ["C"]
    assert f.companions[0].snapshot.step == f.step
    assert np.array_equal(f.companions[0].snapshot.params, solo(replace(session.settings, lr=0.003), f.step).params)


def test_duplicate_forks_the_focused_run_as_it_is_now(qtbot, session):
    session.step_once(5)
    qtbot.waitUntil(lambda: session.frame.step >= 5, timeout=10000)
    session.runs.add(replace(session.settings, lr=0.001), fork=True)
    session.step_once(3)
    qtbot.waitUntil(lambda: session.frame.step >= 8, timeout=10000)
    f = settle(qtbot, session)
    ref = gc.Trainer(gc.make_model("line"), gc.preset("lesson"), lr=0.002, params=START)
    ref.step(5)
    ref.set_lr(0.001)
    assert np.array_equal(f.companions[0].snapshot.params, ref.step(3).params)


def test_at_most_three_companions_and_a_new_model_drops_them(qtbot, session):
    for _ in range(3):
        assert session.runs.add(session.settings) is not None
    with qtbot.waitSignal(session.message) as said:
        assert session.runs.add(session.settings) is None
    assert "At most 4 runs" in said.args[0]
    session.update_settings(model="neuron")
    f = settle(qtbot, session)
    assert f.companions == () and session.runs.labels() == ()
    assert session.runs.add(session.settings) == "B"  # room again


def test_the_ready_made_comparisons():
    base = Settings(lr=0.003, optimizer="adam", schedule="step:0.5@100")
    rates = comparison("rates", base, 0.01, 8)
    assert [(s.optimizer, s.lr, s.schedule) for s in rates] == [("gd", pytest.approx(0.001), "constant"),
                                                                ("gd", 0.005, "constant"), ("gd", 0.0105, "constant")]
    assert [s.lr for s in comparison("rates", base, None, 8)] == [0.0015, 0.003, 0.006]
    assert [(s.optimizer, s.lr) for s in comparison("optimizers", base, 0.01, 8)] == [
        ("gd", 0.005), ("momentum", 0.005), ("adam", ADAM_LR)]
    assert [(s.optimizer, s.batch_size) for s in comparison("batches", base, 0.01, 8)] == [
        ("sgd", 1), ("sgd", 2), ("sgd", 8)]
    assert [s.batch_size for s in comparison("batches", base, None, 2)] == [1, 2]
    with pytest.raises(ValueError, match="allowed: rates, optimizers, batches"):
        comparison("seeds", base, None, 8)
    assert describe(Settings(optimizer="momentum", lr=0.5)) == "momentum, lr 0.5, μ 0.9"


def test_starting_a_comparison_races_all_runs_from_step_0(qtbot, session):
    session.step_once(20)
    qtbot.waitUntil(lambda: session.frame.step >= 20, timeout=10000)
    start_comparison(session, "rates")
    f = settle(qtbot, session)
    stable = session.stable_lr()
    # each rate to three significant figures, as the Controls show it whole
    assert f.step == 0 and session.settings.lr == float(f"{0.1 * stable:.3g}")
    assert [c.settings.lr for c in f.companions] == [float(f"{0.5 * stable:.3g}"), float(f"{1.05 * stable:.3g}")]
    assert f.companions[1].settings.lr > stable  # still just over
    session.step_once(30)
    qtbot.waitUntil(lambda: session.frame.step >= 30, timeout=10000)
    f = settle(qtbot, session)
    # just over the stable rate: the loss grows, the other two fall
    assert f.companions[1].snapshot.loss > f.companions[1].snapshot.path_losses[0]
    assert f.companions[0].snapshot.loss < f.companions[0].snapshot.path_losses[0]


def test_the_colours_stay_apart_for_colour_blind_eyes():
    # every run's own colour and the focused run's colours (path, ball, loss, model curve)
    colours = {label: colour for label, colour, _dash in STYLES} | {
        "ball": LIGHT.ball, "path": LIGHT.path, "loss": LIGHT.points, "model": LIGHT.model_curve}
    for vision in ("deuteranopia", "protanopia", "tritanopia"):
        assert min_distance(colours, vision)[0] > 10, vision
    assert len({dash for _l, _c, dash in STYLES}) == len(STYLES) == 4


def test_a_branch_at_a_past_step_takes_the_companions_back_with_it(qtbot, session):
    other = replace(session.settings, lr=0.001)
    session.runs.add(other)
    session.step_once(30)
    qtbot.waitUntil(lambda: session.frame.step >= 30, timeout=10000)
    session.timeline.show_step(10)
    qtbot.waitUntil(lambda: session.frame.step == 10, timeout=10000)
    session.update_settings(lr=0.003)  # branch here
    session.step_once(4)
    qtbot.waitUntil(lambda: session.snapshot.step >= 14, timeout=10000)
    f = settle(qtbot, session)
    assert f.step == 14 and [c.snapshot.step for c in f.companions] == [14]
    assert np.array_equal(f.companions[0].snapshot.params, solo(other, 14).params)
