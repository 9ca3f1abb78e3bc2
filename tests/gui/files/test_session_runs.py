"""A session with several runs side by side: Save Session writes every run, opening it in a
fresh window brings them all back at the same step, in their colours, with the same picture,
and each carries on exactly as a core run of its settings."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np

import gradviz.core as gc
from gradviz.gui.runs.comparisons import start_comparison
from gradviz.gui.state.settings import Settings
from session_pictures import (
    reopened, same_picture_but_the_loss_curve, same_run, saved_runs as _saved, train_all as _train,
)
from windows import make_window, settled_frame

START = [1.0, 0.0]


def _core_run(s: Settings, steps: int) -> gc.Trainer:
    """The run of ``s`` alone, from the start, ``steps`` steps on: the reference."""
    ds = gc.preset("lesson")
    tr = gc.Trainer(gc.make_model("line"), ds, loss=s.loss, optimizer=s.optimizer, lr=s.lr, params=START,
                    batch_size=s.effective_batch(len(ds)), seed=s.seed, **s.optimizer_options())
    tr.step(steps)
    return tr


def _without_speed(s: Settings) -> Settings:
    return replace(s, speed=0.0)  # the speed is the window's, not a run's


def test_three_runs_reopen_in_a_fresh_window_the_same_runs_step_parameters_and_picture(qtbot, config_dir, tmp_path):
    first = make_window(qtbot, settings=Settings(lr=0.002, seed=2), start=START)
    first.autosave.set_enabled(False)
    first.resize(1400, 900)
    start_comparison(first.session, "optimizers")  # as Runs > Compare optimizers does
    _train(qtbot, first, 60)
    frame = settled_frame(qtbot, first.session)
    assert [c.label for c in frame.companions] == ["B", "C"]
    path = tmp_path / "race.gradviz"
    assert first.sessions.save_to(path)
    assert "Saved the session to race.gradviz (3 runs, step 60)" in first.statusBar().currentMessage()
    raw = json.loads(path.read_text())
    assert [(r["label"], r["optimizer"]) for r in raw["runs"]] == [("A", "gd"), ("B", "momentum"), ("C", "adam")]
    assert [r.get("follows_start") for r in raw["runs"]] == [None, True, True]
    saved_focus, saved_runs = _saved(first)

    second = reopened(qtbot, path)
    assert "Opened the session race.gradviz: 8 points, step 60. 3 runs side by side." in \
        second.statusBar().currentMessage()
    s1, s2 = first.session, second.session
    qtbot.waitUntil(lambda: len(s2.frame.companions) == 2, timeout=10000)
    assert s2.settings == s1.settings and s2.snapshot.step == 60
    assert s2.snapshot.params.tobytes() == s1.snapshot.params.tobytes()
    focus, runs = _saved(second)
    same_run(saved_focus, focus)
    assert [label for label, *_ in runs] == [label for label, *_ in saved_runs] == ["B", "C"]
    for (_l, settings, follows, state), (_l0, settings0, follows0, state0) in zip(runs, saved_runs):
        assert _without_speed(settings) == _without_speed(settings0) and follows == follows0
        same_run(state0, state)  # parameters, optimizer state, path: all of it
    f1, f2 = settled_frame(qtbot, s1), settled_frame(qtbot, s2)
    assert [(c.label, c.colour, c.snapshot.step) for c in f2.companions] == \
        [(c.label, c.colour, c.snapshot.step) for c in f1.companions]
    same_picture_but_the_loss_curve(first, second)

    # every run carries on exactly: equal to a core run of its settings stepped 60 + 25 steps
    _train(qtbot, second, 25)
    f2 = settled_frame(qtbot, s2)
    assert f2.snapshot.params.tobytes() == _core_run(s2.settings, 85).params.tobytes()
    for c in f2.companions:
        assert c.snapshot.step == 85
        assert c.snapshot.params.tobytes() == _core_run(c.settings, 85).params.tobytes(), c.label
    # and Reset takes them all back to the shared start, in lock step
    s2.reset()
    f2 = settled_frame(qtbot, s2)
    assert [c.snapshot.params.tolist() for c in f2.companions] == [START, START]
    for w in (first, second):
        w.close()


def test_a_run_with_its_own_start_keeps_it_and_runs_move_to_free_colours(qtbot, config_dir, tmp_path):
    win = make_window(qtbot, settings=Settings(lr=0.002), start=START)
    win.autosave.set_enabled(False)
    s = win.session
    assert s.runs.add(replace(s.settings, optimizer="sgd", batch_size=3, seed=4), start=[2.0, -1.0]) == "B"
    _train(qtbot, win, 20)
    path = tmp_path / "own.gradviz"
    assert win.sessions.save_to(path)
    raw = json.loads(path.read_text())
    assert raw["runs"][1]["follows_start"] is False and raw["runs"][1]["start"] == [2.0, -1.0]
    raw["runs"][1]["label"] = "mine"  # a label that names no colour: it takes the first free one
    path.write_text(json.dumps(raw))
    s.runs.clear()
    assert win.sessions.open_path(path, interactive=False), win.sessions.last_error
    f = settled_frame(qtbot, s)
    assert [(c.label, c.snapshot.step) for c in f.companions] == [("B", 20)]
    s.set_start([0.5, 0.5])  # its own start stays its own
    f = settled_frame(qtbot, s)
    assert f.companions[0].snapshot.params.tolist() == [2.0, -1.0] and f.companions[0].snapshot.step == 0
    win.close()


def test_a_file_with_a_bad_second_run_changes_nothing(qtbot, config_dir, tmp_path):
    win = make_window(qtbot, settings=Settings(lr=0.002), start=START)
    win.autosave.set_enabled(False)
    s = win.session
    s.runs.add(replace(s.settings, lr=0.001))
    _train(qtbot, win, 5)
    path = tmp_path / "bad.gradviz"
    assert win.sessions.save_to(path)
    raw = json.loads(path.read_text())
    raw["runs"][1]["loss"] = "mse"
    path.write_text(json.dumps(raw))
    s.runs.remove("B")
    s.runs.add(replace(s.settings, lr=0.003))
    before = settled_frame(qtbot, s)
    assert not win.sessions.open_path(path, interactive=False)
    assert win.sessions.last_error == "bad.gradviz, runs[1].loss: must equal runs[0].loss ('l2'): the runs share " \
                                      "it, got 'mse'"
    after = settled_frame(qtbot, s)
    assert [(c.label, c.settings.lr) for c in after.companions] == [(c.label, c.settings.lr) for c in before.companions]
    assert np.array_equal(after.snapshot.params, before.snapshot.params)
    win.close()


def test_a_session_saved_with_another_run_in_focus_reopens_every_run(qtbot, config_dir, tmp_path):
    """Saved while B is in focus: the file lists B first, then A and C, each label once, and
    the reopened window has B's run in focus (labelled A there) with the other two beside it."""
    first = make_window(qtbot, settings=Settings(lr=0.002, seed=2), start=START)
    first.autosave.set_enabled(False)
    start_comparison(first.session, "optimizers")
    _train(qtbot, first, 30)
    assert first.session.runs.focus("B")
    qtbot.waitUntil(lambda: first.session.frame.run_label == "B", timeout=10000)
    _train(qtbot, first, 10)
    saved_focus, saved_runs = _saved(first)
    path = tmp_path / "focused.gradviz"
    assert first.sessions.save_to(path)
    raw = json.loads(path.read_text())
    assert (raw["runs"][0]["label"], raw["runs"][0]["optimizer"]) == ("B", "momentum")
    assert sorted((r["label"], r["optimizer"]) for r in raw["runs"][1:]) == [("A", "gd"), ("C", "adam")]

    second = reopened(qtbot, path)
    qtbot.waitUntil(lambda: len(second.session.frame.companions) == 2, timeout=10000)
    assert second.session.settings.optimizer == "momentum" and second.session.snapshot.step == 40
    focus, runs = _saved(second)
    same_run(saved_focus, focus)
    assert sorted(settings.optimizer for _l, settings, *_ in runs) == ["adam", "gd"]
    by_optimizer = {settings.optimizer: state for _l, settings, _f, state in runs}
    for _l, settings, _f, state in saved_runs:
        same_run(state, by_optimizer[settings.optimizer])


def test_a_race_of_raw_and_standardized_x_reopens_each_run_on_its_own_scale(qtbot, config_dir, tmp_path):
    from gradviz.gui.runs.scaling_race import start_scaling_race

    first = make_window(qtbot, settings=Settings(lr=0.002, seed=2), start=START)
    first.autosave.set_enabled(False)
    start_scaling_race(first.session)
    _train(qtbot, first, 30)
    saved_focus, saved_runs = _saved(first)
    assert [settings.standardize for _l, settings, *_ in saved_runs] == [True]
    path = tmp_path / "scales.gradviz"
    assert first.sessions.save_to(path)

    second = reopened(qtbot, path)
    qtbot.waitUntil(lambda: len(second.session.frame.companions) == 1, timeout=10000)
    focus, runs = _saved(second)
    same_run(saved_focus, focus)
    same_run(saved_runs[0][3], runs[0][3])
    # both carry on on their own scale: 10 more steps in each window give the same numbers
    _train(qtbot, first, 10)
    _train(qtbot, second, 10)
    (_f1, r1), (_f2, r2) = _saved(first), _saved(second)
    assert r1[0][3]["params"].tobytes() == r2[0][3]["params"].tobytes()
    assert not second.session.runs.focus(runs[0][0])  # a run on the other scale stays beside the focused one
    assert "the other scale of x" in second.statusBar().currentMessage()
