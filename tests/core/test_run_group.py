"""RunGroup: several runs on the same data in lock step, each equal to its solo run."""

import numpy as np
import pytest

import gradviz.core as gc


def _trainer(**kw):
    ds = gc.preset("lesson")
    args = dict(loss="l2", optimizer="gd", lr=1e-4, params=[0.5, -1.0], seed=3)
    args.update(kw)
    return gc.Trainer(gc.make_model("line"), ds, **args)


SETTINGS = [dict(), dict(optimizer="momentum", lr=5e-5), dict(optimizer="adam", lr=0.05),
            dict(optimizer="sgd", batch_size=2, seed=7, params=[1.0, 2.0])]


def test_runs_step_in_lock_step_and_each_equals_its_solo_run():
    group = gc.RunGroup()
    for i, kw in enumerate(SETTINGS):
        group.add(f"run{i}", _trainer(**kw))
    for k in (1, 7, 30):
        group.advance(k)
    assert group.step_count() == 38
    assert [t.step_count for t in group.trainers()] == [38] * 4
    for (label, snap), kw in zip(group.snapshots(), SETTINGS):
        solo = _trainer(**kw).step(38)
        assert np.array_equal(snap.params, solo.params), label  # bit for bit
        assert snap.loss == solo.loss


def test_removing_a_run_midway_leaves_the_others_untouched():
    group = gc.RunGroup()
    for i, kw in enumerate(SETTINGS[:3]):
        group.add(f"run{i}", _trainer(**kw))
    group.advance(10)
    removed = group.remove("run1")
    assert removed is not None and removed.step_count == 10
    assert group.remove("run1") is None  # a second removal is harmless
    group.advance(15)
    assert group.labels() == ("run0", "run2")
    assert removed.step_count == 10
    for label, kw in (("run0", SETTINGS[0]), ("run2", SETTINGS[2])):
        assert np.array_equal(group.trainer(label).params, _trainer(**kw).step(25).params)


def test_a_late_run_catches_up_to_the_group_step():
    group = gc.RunGroup()
    group.add("a", _trainer())
    group.advance(12)
    group.add("b", _trainer(lr=5e-5), catch_up=group.step_count())
    assert [t.step_count for t in group.trainers()] == [12, 12]
    group.advance(3)
    assert np.array_equal(group.trainer("b").params, _trainer(lr=5e-5).step(15).params)


def test_a_diverged_run_stops_and_the_others_go_on():
    group = gc.RunGroup()
    group.add("ok", _trainer())
    group.add("wild", _trainer(lr=10.0))
    diverged = group.advance(50)
    assert set(diverged) == {"wild"}
    assert group.step_count() == 50
    assert group.trainer("wild").step_count < 50


def test_limits_and_bad_runs_are_refused_with_a_reason():
    group = gc.RunGroup(max_runs=2)
    group.add("a", _trainer())
    with pytest.raises(gc.RunGroupError, match="already a run called 'a'"):
        group.add("a", _trainer())
    group.add("b", _trainer())
    with pytest.raises(gc.RunGroupError, match="at most 2 runs"):
        group.add("c", _trainer())
    with pytest.raises(gc.RunGroupError, match="must be a gradviz Trainer"):
        gc.RunGroup().add("x", object())
    with pytest.raises(gc.RunGroupError, match="1 to 4 runs"):
        gc.RunGroup(max_runs=5)


def test_advance_to_brings_every_run_to_a_step_on_or_back():
    group = gc.RunGroup()
    group.add("a", _trainer())
    group.add("b", _trainer(optimizer="sgd", batch_size=3, seed=5))
    group.advance_to(40)
    assert [t.step_count for t in group.trainers()] == [40, 40]
    group.advance_to(25)  # back: as if the run they keep pace with branched at step 25
    group.advance(5)
    for label, kw in (("a", {}), ("b", dict(optimizer="sgd", batch_size=3, seed=5))):
        assert np.array_equal(group.trainer(label).params, _trainer(**kw).step(30).params)
