"""The session on its own (no window): messages, frames and their change numbers, and what a
new data set or a data edit does to the run."""

from __future__ import annotations

import math

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.gui.state.edit_history import DataEditor
from gradviz.gui.state.session import Session
from gradviz.gui.state.settings import Settings
from windows import settled_frame

START = [1.0, 0.0]


@pytest.fixture
def session(qapp):
    s = Session(gc.preset("lesson"), Settings(speed=math.inf), start=START)
    yield s
    s.shutdown()


def settle(qtbot, s):
    """Wait until the frame shown reflects every change made so far; return it."""
    return settled_frame(qtbot, s)


def run_to(qtbot, s, step):
    s.play()
    qtbot.waitUntil(lambda: s.frame.step >= step, timeout=10000)
    s.pause()
    return settle(qtbot, s)


def test_notify_says_it_on_the_message_signal(session):
    said = []
    session.message.connect(said.append)
    session.notify("Hello.")
    assert said == ["Hello."]


def test_request_sync_returns_a_number_the_frames_reach(qtbot, session):
    first = settle(qtbot, session).seq
    target = session.request_sync()
    assert target > first
    qtbot.waitUntil(lambda: session.frame.seq >= target)


def test_a_frame_says_which_model_data_and_settings_it_belongs_to(qtbot, session):
    session.update_settings(lr=0.0005)
    frame = settle(qtbot, session)
    assert frame.settings.lr == 0.0005 and frame.dataset is session.dataset and frame.model is session.model


def test_a_new_data_set_mid_run_starts_a_new_run_from_the_start_point(qtbot, session):
    frame = run_to(qtbot, session, 200)
    assert frame.step >= 200
    session.set_dataset(gc.preset("sine"), new_run=True)
    frame = settle(qtbot, session)
    assert frame.dataset.name == "sine"
    assert frame.step == 0
    np.testing.assert_array_equal(frame.params, START)
    assert len(frame.snapshot.path_steps) == 1  # the old path is gone, not re-scored
    assert frame.data_changes == ()
    # the loss shown is the start point's loss on the new data
    ds = frame.dataset
    want = frame.model.loss_and_grad(np.asarray(START), ds.x, ds.y, frame.settings.loss)[0]
    assert frame.snapshot.loss == pytest.approx(want, rel=1e-12)


def test_an_edit_mid_run_keeps_the_run_and_marks_the_step(qtbot, session):
    frame = run_to(qtbot, session, 200)
    at = frame.step
    session.set_dataset(session.dataset.with_point(9.0, 5.0))
    frame = settle(qtbot, session)
    assert frame.step == at                 # paused: the run goes on from where it was
    assert frame.data_changes == (at,)
    frame = run_to(qtbot, session, at + 100)
    assert frame.data_changes == (at,)      # the mark stays where it happened
    session.reset()
    frame = settle(qtbot, session)
    assert frame.step == 0 and frame.data_changes == ()  # a new run has no marks


def test_an_edit_before_any_step_marks_nothing(qtbot, session):
    session.set_dataset(session.dataset.with_point(9.0, 5.0))
    assert settle(qtbot, session).data_changes == ()


def test_the_editor_starts_a_new_run_for_a_load_and_keeps_it_for_an_edit(qtbot, session):
    editor = DataEditor(session)
    at = run_to(qtbot, session, 100).step
    editor.add_point(9.0, 5.0)
    assert settle(qtbot, session).step == at
    editor.replace(gc.preset("sine"), "load preset 'sine'")
    assert settle(qtbot, session).step == 0
    editor.undo()  # back to the edited lesson data: a whole data set again, a new run
    frame = settle(qtbot, session)
    assert frame.step == 0 and len(frame.dataset) == 9


def test_steps_per_second_is_zero_while_paused(session):
    assert session.steps_per_second() == 0.0


def test_a_drag_released_before_its_last_live_update_lands_it_as_part_of_the_drag(qtbot, session):
    editor = DataEditor(session)
    seen = []  # (moving, data set) for every data change the views see
    session.datasetChanged.connect(lambda ds: seen.append((editor.moving, ds)))
    editor.begin_move([1, 2])
    editor.update_move(0.5, 0.0)   # applied at once
    editor.update_move(1.0, 0.25)  # within the interval: waits for the throttle
    assert len(seen) == 1
    editor.finish_move()
    moving, last_live = seen[1]
    assert moving  # the views saw the final position while the drag was still on
    assert session.dataset is last_live  # and the recorded edit is that very data set
    np.testing.assert_allclose(session.dataset.x[[1, 2]] - gc.preset("lesson").x[[1, 2]], [1.0, 1.0])
    assert editor.undo_text() == "move 2 points"


# ----- carrying a saved run on -----------------------------------------------------------------

def _saved_run(**kw):
    tr = gc.Trainer(gc.make_model("line"), gc.preset("lesson"), params=START, **kw)
    tr.step(9)
    return tr


def test_a_session_carries_a_saved_run_on(qtbot):
    tr = _saved_run(optimizer="momentum", lr=0.002)
    s = Session(gc.preset("lesson"), Settings(optimizer="momentum", lr=0.002, speed=math.inf), start=START,
                run_state=tr.state())
    try:
        assert s.run_restore_problem is None
        assert s.frame.step == 9 and np.array_equal(s.frame.params, tr.params)  # the first frame
        s.step_once(1)
        qtbot.waitUntil(lambda: s.frame.step == 10, timeout=10000)
        np.testing.assert_array_equal(s.frame.params, tr.step(1).params)  # velocity kept: the same step
        future = s.request_run_state()
        assert future.result(timeout=10)["step"] == 10
    finally:
        s.shutdown()
    assert s.request_run_state() is None  # the thread has stopped: nothing can take it


def test_settings_changed_since_the_save_apply_to_the_carried_on_run(qtbot):
    tr = _saved_run(lr=0.002)
    s = Session(gc.preset("lesson"), Settings(lr=0.001, speed=math.inf), start=START, run_state=tr.state())
    try:
        assert s.frame.step == 9
        s.step_once(1)
        qtbot.waitUntil(lambda: s.frame.step == 10, timeout=10000)
        tr.set_lr(0.001)
        np.testing.assert_array_equal(s.frame.params, tr.step(1).params)
    finally:
        s.shutdown()


@pytest.mark.parametrize("settings, why", [
    (Settings(seed=5), "it was trained with seed 0, not 5"),
    (Settings(model="neuron"), "saved for model = 'line', not 'neuron'"),
])
def test_a_run_that_does_not_fit_starts_a_new_one_and_says_why(qtbot, settings, why):
    s = Session(gc.preset("lesson"), settings, start=START, run_state=_saved_run().state())
    try:
        assert s.frame.step == 0 and why in s.run_restore_problem
    finally:
        s.shutdown()


def test_reading_the_run_state_is_not_a_change_of_the_run(qtbot):
    # a read takes no change number: the frame on screen still reflects every change, and
    # a test or view waiting for a change number is never left waiting for a read
    s = Session(gc.preset("lesson"), Settings())
    try:
        s.update_settings(lr=0.002)
        before = s.worker.submitted_seq()
        state = s.request_run_state().result(timeout=5)
        assert state["lr"] == 0.002  # read after the change sent before it
        assert s.worker.submitted_seq() == before
    finally:
        s.shutdown()


def test_set_params_moves_the_point_and_counts_the_steps_taken_elsewhere(qtbot, session):
    run_to(qtbot, session, 5)
    step = session.frame.step
    session.set_params([0.6, 0.2], steps_taken=10)
    frame = settle(qtbot, session)
    assert frame.step == step + 10 and not session.running
    np.testing.assert_array_equal(frame.snapshot.params, [0.6, 0.2])
    assert frame.snapshot.path_steps[-1] == step + 10
    np.testing.assert_array_equal(session.current_params(), [0.6, 0.2])
    with qtbot.waitSignal(session.message) as said:
        session.set_params([0.6, math.nan])
    assert said.args == ["Those parameters are not a valid point for the model."]


def test_a_new_model_takes_the_other_settings_changed_with_it(qtbot, session):
    """One call changing the model and the rate, loss and optimizer (a lesson's set-up, a
    ready-made run): the new model's run trains with all of them, not only the new model."""
    session.update_settings(model="neuron", lr=0.1, loss="mse", optimizer="adam", schedule="exp:0.9")
    settle(qtbot, session)
    state = session.request_run_state().result(timeout=10)
    assert (state["model"], state["lr"], state["loss"], state["optimizer"]) == ("neuron", 0.1, "mse", "adam")
    assert state["schedule"] == {"kind": "exp", "gamma": 0.9}
    assert session.frame.snapshot.lr == 0.1
