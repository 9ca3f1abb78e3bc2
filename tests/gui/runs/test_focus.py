"""Focusing a run: the session's run and a companion swap in the training thread with nothing
lost; a focused run's settings reach it alone; companions at a past step while scrubbed;
each run's held-out loss; removing runs while one is in focus."""

from __future__ import annotations

import math
import time
from dataclasses import replace

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.gui.runs.table import run_rows
from gradviz.gui.state.session import Session
from gradviz.gui.state.settings import Settings
from windows import settled_frame

START = [1.0, 0.0]
OWN_START = [2.0, -1.0]


@pytest.fixture
def session(qapp):
    s = Session(gc.preset("lesson"), Settings(speed=math.inf, lr=0.002), start=START)
    yield s
    s.shutdown()


def solo(s: Settings, steps: int, start=START, changes=None) -> gc.Trainer:
    """A core run alone: ``s`` from ``start``; ``changes``: (step, setter calls) made at that step."""
    ds = gc.preset("lesson")
    tr = gc.Trainer(gc.make_model("line"), ds, loss=s.loss, optimizer=s.optimizer, lr=s.lr, params=start,
                    batch_size=s.effective_batch(len(ds)), seed=s.seed, **s.optimizer_options())
    if changes is not None:
        at, calls = changes
        tr.step(at)
        for name, value in calls:
            getattr(tr, name)(value)
    tr.step(steps - tr.step_count)
    return tr


def step_to(qtbot, s, step):
    s.step_once(step - s.frame.step)
    qtbot.waitUntil(lambda: s.frame.step >= step, timeout=10000)
    return settled_frame(qtbot, s)


def by_label(frame) -> dict:
    """{label: (settings, params, step)} of every run of ``frame``, the focused one included."""
    runs = {c.label: (c.settings, c.snapshot.params, c.snapshot.step) for c in frame.companions}
    runs[frame.run_label] = (frame.settings, frame.snapshot.params, frame.step)
    return runs


def test_focusing_a_run_swaps_it_with_the_session_run_and_nothing_is_lost(qtbot, session):
    a = session.settings
    b = replace(a, optimizer="momentum", lr=0.001)
    c = replace(a, optimizer="sgd", batch_size=3, seed=4)
    session.runs.add(b)
    session.runs.add(c, start=OWN_START)
    step_to(qtbot, session, 17)
    assert session.runs.focus("B")
    f = settled_frame(qtbot, session)
    assert f.run_label == "B" and session.runs.focus_label() == "B"
    assert (session.settings.optimizer, session.settings.lr) == ("momentum", 0.001)  # the Controls show B
    assert [c.label for c in f.companions] == ["A", "C"] and session.runs.labels() == ("A", "C")
    assert session.runs.all_labels() == ("A", "B", "C")
    assert f.step == 17 and [c.snapshot.step for c in f.companions] == [17, 17]  # the same step
    f = step_to(qtbot, session, 30)
    runs = by_label(f)
    assert np.array_equal(runs["A"][1], solo(a, 30).params)  # A went on as a companion: same bits
    assert np.array_equal(runs["B"][1], solo(b, 30).params)  # B's optimizer state came with it
    assert np.array_equal(runs["C"][1], solo(c, 30, OWN_START).params)
    # B's path is its whole history, A's too
    assert np.array_equal(f.snapshot.path_params, solo(b, 30).snapshot().path_params)
    assert session.runs.focus("C")  # a run with a start of its own: the session's start is its
    assert session.start.tolist() == OWN_START
    session.reset()
    runs = by_label(settled_frame(qtbot, session))
    assert {k: v[1].tolist() for k, v in runs.items()} == {"A": START, "B": START, "C": OWN_START}
    assert not session.runs.focus("C") and not session.runs.focus("D")  # in focus already; none


def test_focusing_back_and_forth_during_play_is_safe(qtbot, session):
    a = session.settings
    others = {"B": replace(a, optimizer="momentum", lr=0.001), "C": replace(a, optimizer="sgd", batch_size=2, seed=3)}
    for s in others.values():
        session.runs.add(s)
    session.play()
    for label in "BACABCCA" * 2:
        session.runs.focus(label)
        deadline = time.perf_counter() + 0.02
        while time.perf_counter() < deadline:
            qtbot.wait(2)
    session.pause()
    f = settled_frame(qtbot, session)
    assert f.run_label == "A" and f.step > 0
    runs = by_label(f)
    assert {v[2] for v in runs.values()} == {f.step}  # lock step: no step lost or doubled
    for label, s in {"A": a, **others}.items():
        assert np.array_equal(runs[label][1], solo(s, f.step).params), label


def test_the_focused_runs_settings_reach_it_alone(qtbot, session):
    a, b = session.settings, replace(session.settings, lr=0.001)
    c = replace(a, optimizer="adam", lr=0.05)
    session.runs.add(b)
    session.runs.add(c)
    step_to(qtbot, session, 10)
    session.runs.focus("B")
    new = dict(optimizer="sgd", lr=0.003, batch_size=2, momentum=0.5, weight_decay=0.01, schedule="exp:0.9")
    session.update_settings(**new)
    f = step_to(qtbot, session, 15)
    runs = by_label(f)
    calls = [("set_lr", 0.003), ("set_optimizer", "sgd"), ("set_batch_size", 2), ("set_momentum", 0.5),
             ("set_weight_decay", 0.01), ("set_schedule", gc.schedules.parse("exp:0.9"))]
    assert np.array_equal(runs["B"][1], solo(b, 15, changes=(10, calls)).params)
    assert runs["B"][0] == replace(b, **new)
    assert runs["A"][0] == a and runs["C"][0] == c  # the others' settings untouched
    assert np.array_equal(runs["A"][1], solo(a, 15).params)
    assert np.array_equal(runs["C"][1], solo(c, 15).params)
    # a new seed is a new run of B: every run starts again at step 0, each with its own settings
    session.update_settings(seed=7)
    f = step_to(qtbot, session, 6)
    runs = by_label(f)
    assert runs["B"][0].seed == 7 and runs["A"][0] == a and runs["C"][0] == c
    assert np.array_equal(runs["B"][1], solo(replace(b, **new, seed=7), 6).params)
    assert np.array_equal(runs["A"][1], solo(a, 6).params)
    assert np.array_equal(runs["C"][1], solo(c, 6).params)
    session.runs.focus("A")  # A's own settings come back to the Controls
    assert session.settings == replace(a, speed=session.settings.speed)


def test_a_scrubbed_frame_shows_every_run_at_that_step(qtbot, session):
    b = replace(session.settings, optimizer="sgd", batch_size=3, seed=2)
    c = replace(session.settings, optimizer="momentum", lr=0.001)
    session.runs.add(b)
    session.runs.add(c, start=OWN_START)
    step_to(qtbot, session, 20)
    session.runs.focus("B")
    session.update_settings(lr=0.004)  # a change mid-run: replay makes it again at step 20
    step_to(qtbot, session, 60)
    for step in (35, 12):
        session.timeline.show_step(step)
        qtbot.waitUntil(lambda: session.frame.step == step, timeout=10000)
        f = session.frame
        assert f.run_label == "B" and [c.snapshot.step for c in f.companions] == [step, step]
        runs = by_label(f)
        assert np.array_equal(runs["A"][1], solo(session.runs.settings("A"), step).params)
        assert np.array_equal(runs["C"][1], solo(c, step, OWN_START).params)
        changes = (20, [("set_lr", 0.004)]) if step > 20 else None
        assert np.array_equal(runs["B"][1], solo(b, step, changes=changes).params)
        assert runs["B"][0].lr == (0.004 if step > 20 else b.lr)  # the rate of then
    session.timeline.back_to_now()
    assert [c.snapshot.step for c in session.frame.companions] == [60, 60]


def test_each_runs_held_out_loss_is_in_the_table(qtbot, session):
    b = replace(session.settings, lr=0.001)
    session.runs.add(b)  # before the held-out points: they reach it too
    held = gc.Dataset([0.5, 1.5, 4.0], [0.7, 1.5, 2.5])
    session.set_eval_dataset(held)
    f = step_to(qtbot, session, 12)
    rows = {r.label: r for r in run_rows(f)}
    for label, s in (("A", session.settings), ("B", b)):
        w, bias = solo(s, 12).params
        e = w * np.asarray(held.x) + bias - np.asarray(held.y)
        assert rows[label].held_out == pytest.approx(0.5 * np.sum(e ** 2), rel=1e-12)  # l2: ½Σe²
    session.set_eval_dataset(None)
    assert all(r.held_out is None for r in run_rows(settled_frame(qtbot, session)))


def test_the_focused_run_is_not_removed_and_removing_another_mid_play_is_safe(qtbot, session):
    a, b = session.settings, replace(session.settings, lr=0.001)
    session.runs.add(b)
    session.runs.add(replace(a, lr=0.003))
    session.runs.focus("B")
    with qtbot.waitSignal(session.message) as said:
        session.runs.remove("B")
    assert "focus another run first" in said.args[0] and session.runs.labels() == ("A", "C")
    session.play()
    qtbot.waitUntil(lambda: session.frame.step >= 100, timeout=10000)
    session.runs.remove("A")  # the first run, now beside B
    qtbot.waitUntil(lambda: session.frame.step >= 200, timeout=10000)
    session.pause()
    f = settled_frame(qtbot, session)
    assert [c.label for c in f.companions] == ["C"] and f.companions[0].snapshot.step == f.step
    assert np.array_equal(f.snapshot.params, solo(b, f.step).params)
    session.runs.remove("C")  # the one run left is the first run again
    f = settled_frame(qtbot, session)
    assert f.companions == () and f.run_label == "A" and session.runs.focus_label() == "A"


def test_a_diverged_run_can_be_focused_and_the_others_keep_their_step(qtbot, session):
    wild = replace(session.settings, lr=5.0)
    session.runs.add(wild)
    step_to(qtbot, session, 20)
    session.runs.focus("B")
    f = settled_frame(qtbot, session)
    assert f.snapshot.diverged and f.step < 20
    assert f.companions[0].label == "A" and f.companions[0].snapshot.step == 20  # not taken back
    session.runs.focus("A")
    assert settled_frame(qtbot, session).step == 20
    f = step_to(qtbot, session, 25)
    assert np.array_equal(f.snapshot.params, solo(session.settings, 25).params)


def test_a_companions_settings_share_the_loss_and_model_of_now(qtbot, session):
    session.runs.add(replace(session.settings, lr=0.001, optimizer="momentum"))
    session.update_settings(loss="mse")  # every run's loss
    b = session.runs.settings("B")
    assert (b.loss, b.lr, b.optimizer) == ("mse", 0.001, "momentum")
    session.runs.focus("B")
    assert session.settings.loss == "mse" and session.runs.settings("A").loss == "mse"
