"""Frames: each published snapshot comes with the model, settings and data it belongs to."""

from __future__ import annotations

import numpy as np

import gradviz.core as gc
from gradviz.gui.state.frame import ContextLog, RunContext
from gradviz.gui.state.session import Session
from gradviz.gui.state.settings import Settings


def _ctx(seq, model="line", lr=0.001):
    return RunContext(seq, gc.make_model(model), Settings(model=model, lr=lr), gc.preset("lesson"))


def test_context_log_gives_the_newest_context_at_or_before_a_change():
    log = ContextLog(_ctx(1))
    log.record(_ctx(3, "neuron"))
    log.record(_ctx(5, lr=0.002))
    assert log.context_for(2).seq == 1
    assert log.context_for(3).model.name == "neuron"
    assert log.context_for(4).seq == 3
    assert log.context_for(9).settings.lr == 0.002
    assert log.latest().seq == 5


def test_context_log_replaces_a_context_at_the_same_change():
    log = ContextLog(_ctx(1))
    log.record(_ctx(1, lr=0.5))  # e.g. a speed change: nothing sent to the worker
    assert log.context_for(1).settings.lr == 0.5


def _frames(qtbot, session):
    frames = []
    session.frameChanged.connect(frames.append)
    return frames


def _wait_frame(qtbot, frames, pred):
    qtbot.waitUntil(lambda: any(pred(f) for f in frames), timeout=5000)
    return next(f for f in reversed(frames) if pred(f))


def test_first_frame_is_the_start(qtbot):
    s = Session(gc.preset("lesson"), Settings())
    try:
        f = s.frame
        assert f is not None and f.step == 0
        assert f.model.name == "line" and f.dataset is s.dataset and f.settings == s.settings
        np.testing.assert_array_equal(f.params, s.start)
    finally:
        s.shutdown()


def test_a_frame_names_the_model_it_belongs_to_even_when_shapes_agree(qtbot):
    # the line and the neuron both have two parameters: only the frame can tell them apart
    s = Session(gc.preset("lesson"), Settings())
    frames = _frames(qtbot, s)
    try:
        s.step_once(3)
        f = _wait_frame(qtbot, frames, lambda f: f.step >= 3)
        assert f.model.name == "line"
        s.update_settings(model="neuron")
        s.step_once(1)
        f = _wait_frame(qtbot, frames, lambda f: f.model.name == "neuron" and f.step >= 1)
        assert f.settings.model == "neuron" and f.params.shape == (2,)
        assert f.seq >= 1
    finally:
        s.shutdown()


def test_a_frame_carries_the_settings_and_data_it_was_made_with(qtbot):
    s = Session(gc.preset("lesson"), Settings())
    frames = _frames(qtbot, s)
    try:
        s.update_settings(lr=0.002)
        s.step_once(1)
        f = _wait_frame(qtbot, frames, lambda f: f.step >= 1)
        assert f.settings.lr == 0.002
        ds = gc.preset("noisy-line")
        s.set_dataset(ds)
        s.step_once(1)
        f = _wait_frame(qtbot, frames, lambda f: f.dataset is ds)
        assert len(f.dataset) == len(ds)
        seqs = [f.seq for f in frames]
        assert seqs == sorted(seqs)  # frames never go back to an older change
    finally:
        s.shutdown()


def test_a_new_run_shows_its_first_frame_at_once_and_never_an_older_one(qtbot):
    # panels must draw the new run's start when it is made, not wait for the worker (a
    # settled window would otherwise show the old run's last frame), and a snapshot of the
    # old trainer still on its way must not replace it
    s = Session(gc.preset("lesson"), Settings(model="network", hidden=2))
    frames = _frames(qtbot, s)
    try:
        s.step_once(5)
        _wait_frame(qtbot, frames, lambda f: f.step >= 5)
        frames.clear()
        s.reinitialize()
        assert frames and frames[0].step == 0 and s.frame is frames[0]
        qtbot.wait(300)
        assert all(f.step == 0 and f.seq >= frames[0].seq for f in frames)
    finally:
        s.shutdown()
