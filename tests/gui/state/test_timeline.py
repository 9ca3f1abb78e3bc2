"""The timeline: a past step shown exactly in the frame, back to now, branch, ghost, undo."""

from __future__ import annotations

import numpy as np
import pytest

import gradviz.core as gc

from test_session import START, run_to, session, settle  # noqa: F401  (the session fixture: tests/gui/state/)


def reference(steps, lr=0.001, branch=None):
    """A fresh core run: ``steps`` steps, or (step, new lr) then on to ``steps``."""
    tr = gc.Trainer(gc.make_model("line"), gc.preset("lesson"), loss="l2", optimizer="gd", lr=lr, params=START)
    if branch is not None:
        at, new_lr = branch
        tr.step(at)
        tr.set_lr(new_lr)
    tr.step(steps - tr.step_count)
    return tr


def show(qtbot, s, step):
    s.timeline.show_step(step)
    qtbot.waitUntil(lambda: s.frame.step == step, timeout=10000)
    return s.frame


def test_a_past_step_is_shown_exactly_and_the_present_comes_back(qtbot, session):
    now = run_to(qtbot, session, 300)
    steps = []
    session.timeline.stepChanged.connect(steps.append)
    past = show(qtbot, session, 37)
    assert session.timeline.step == 37 and not session.running
    assert np.array_equal(past.params, reference(37).params)
    assert past.snapshot.path_steps[-1] == 37 and past.snapshot.loss == reference(37).snapshot().loss
    assert session.timeline.now_step() == now.step
    session.timeline.back_to_now()
    assert session.frame is now and session.timeline.step is None
    assert steps == [37, None]


def test_the_present_step_or_later_means_now(qtbot, session):
    now = run_to(qtbot, session, 50)
    show(qtbot, session, 10)
    session.timeline.show_step(now.step + 5)
    assert session.timeline.step is None and session.frame.step == now.step


def test_play_and_step_go_on_from_the_present(qtbot, session):
    now = run_to(qtbot, session, 100)
    show(qtbot, session, 20)
    session.step_once(3)
    qtbot.waitUntil(lambda: session.frame.step == now.step + 3, timeout=10000)
    assert session.timeline.step is None


def test_a_speed_change_while_scrubbed_is_no_branch(qtbot, session):
    now = run_to(qtbot, session, 100)
    show(qtbot, session, 20)
    session.update_settings(speed=50.0)
    assert session.timeline.step == 20 and session.timeline.ghost is None
    session.timeline.back_to_now()
    assert session.frame.step == now.step


def test_a_new_rate_at_a_past_step_branches_there_and_leaves_a_ghost(qtbot, session):
    old = run_to(qtbot, session, 200)
    show(qtbot, session, 37)
    session.update_settings(lr=0.004)
    frame = settle(qtbot, session)
    assert frame.step == 37 and session.timeline.step is None
    params, losses = session.timeline.ghost
    assert np.array_equal(params[0], reference(37).params)  # the old future starts where the branch does
    assert np.array_equal(params[-1], old.params) and len(losses) == len(params)
    branched = run_to(qtbot, session, 120)
    ref = reference(branched.step, branch=(37, 0.004))
    assert np.array_equal(branched.params, ref.params)
    session.timeline.dismiss_ghost()
    assert session.timeline.ghost is None


def test_undo_branch_brings_the_old_run_back(qtbot, session):
    old = run_to(qtbot, session, 200)
    show(qtbot, session, 30)
    session.update_settings(lr=0.0002)
    run_to(qtbot, session, 60)
    assert session.timeline.can_undo_branch()
    session.timeline.undo_branch()
    back = settle(qtbot, session)
    assert back.step == old.step and np.array_equal(back.params, old.params)
    assert session.settings.lr == 0.001 and session.timeline.ghost is None
    assert not session.timeline.can_undo_branch()
    # the old run's history came back with it: its past is still exact
    assert np.array_equal(show(qtbot, session, 150).params, reference(150).params)


def test_reset_while_scrubbed_goes_back_to_now_first(qtbot, session):
    run_to(qtbot, session, 100)
    show(qtbot, session, 20)
    session.reset()
    frame = settle(qtbot, session)
    assert frame.step == 0 and session.timeline.step is None


@pytest.mark.parametrize("change", ["seed", "reinitialize"])
def test_a_new_seed_while_scrubbed_shows_the_new_run(qtbot, session, change):
    run_to(qtbot, session, 100)
    show(qtbot, session, 20)
    if change == "seed":
        session.update_settings(seed=5)
    else:
        session.reinitialize()
    frame = settle(qtbot, session)
    assert frame.step == 0 and session.timeline.step is None and session.timeline.ghost is None
    assert np.array_equal(frame.params, session.start)
