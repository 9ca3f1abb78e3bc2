"""The session passes the optimizer's hyperparameters and the schedule to its trainer, as
live changes and when it carries a saved run on; the autosave keeps them."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.gui.files.autosave import DATA_FILE, STATE_FILE, restore_state
from gradviz.gui.state.session import Session
from gradviz.gui.state.settings import Settings

START = (1.0, 0.0)


def core_run(k, **kw):
    tr = gc.Trainer(gc.make_model("line"), gc.preset("lesson"), params=list(START), **kw)
    tr.step(k)
    return tr


def test_the_first_launchs_trainer_is_todays():
    assert Settings().optimizer_options() == {"momentum": 0.9, "betas": (0.9, 0.999), "eps": None,
                                              "weight_decay": None, "schedule": None}


def test_live_changes_reach_the_trainer(qtbot):
    s = Session(gc.preset("lesson"), Settings(optimizer="adamw", lr=0.05, speed=math.inf), start=START)
    try:
        s.step_once(2)
        qtbot.waitUntil(lambda: s.frame.step == 2, timeout=10000)
        s.update_settings(beta1=0.5, beta2=0.75, eps=1e-4, weight_decay=0.3, schedule="exp:0.5")
        s.step_once(3)
        qtbot.waitUntil(lambda: s.frame.step == 5, timeout=10000)
        tr = core_run(2, optimizer="adamw", lr=0.05)
        tr.set_betas((0.5, 0.75))
        tr.set_eps(1e-4)
        tr.set_weight_decay(0.3)
        tr.set_schedule(gc.schedules.exponential(0.5))
        np.testing.assert_array_equal(s.frame.params, tr.step(3).params)
        assert s.frame.snapshot.next_lr == 0.05 * 0.5 ** 5
    finally:
        s.shutdown()


def test_a_bad_schedule_is_refused_and_changes_nothing():
    s = Session(gc.preset("lesson"), Settings(speed=math.inf), start=START)
    try:
        with pytest.raises(ValueError, match="is not a schedule"):
            s.update_settings(schedule="linear:3", lr=0.002)
        assert s.settings == Settings(speed=math.inf)
    finally:
        s.shutdown()


def test_a_saved_run_carries_on_with_its_schedule_and_decay(qtbot):
    kw = dict(optimizer="rmsprop", lr=0.01, weight_decay=0.2, schedule=gc.schedules.cosine(30))
    tr = core_run(9, **kw)
    settings = Settings(optimizer="rmsprop", lr=0.01, weight_decay=0.2, schedule="cosine:30", speed=math.inf)
    s = Session(gc.preset("lesson"), settings, start=START, run_state=tr.state())
    try:
        assert s.run_restore_problem is None and s.frame.step == 9
        s.step_once(4)
        qtbot.waitUntil(lambda: s.frame.step == 13, timeout=10000)
        np.testing.assert_array_equal(s.frame.params, tr.step(4).params)
        np.testing.assert_array_equal(s.frame.snapshot.square_avg, tr.snapshot().square_avg)
    finally:
        s.shutdown()


def test_the_autosave_keeps_the_new_settings_and_refuses_bad_ones(config_dir):
    config_dir.mkdir(parents=True)
    gc.save_csv(gc.preset("lesson"), config_dir / DATA_FILE)
    good = {"optimizer": "nesterov", "beta1": 0.8, "beta2": 0.95, "eps": 1e-6, "weight_decay": 0.01,
            "schedule": "step:10:0.5"}
    (config_dir / STATE_FILE).write_text(json.dumps({"settings": good}))
    r = restore_state()
    assert r.messages == [] and {k: getattr(r.settings, k) for k in good} == good
    bad = {"optimizer": "lbfgs", "beta1": 1.0, "eps": 0.0, "weight_decay": -1.0, "schedule": "linear:5"}
    (config_dir / STATE_FILE).write_text(json.dumps({"settings": {**bad, "eps": None, "lr": 0.002}}))
    r = restore_state()
    assert (r.settings.optimizer, r.settings.beta1, r.settings.eps, r.settings.weight_decay) == ("gd", 0.9, None, None)
    assert r.settings.schedule == "constant" and r.settings.lr == 0.002
    for text in ("optimizer = 'lbfgs'", "beta1 = 1.0", "weight_decay = -1.0", "schedule = 'linear:5'"):
        assert text in r.messages[0]
