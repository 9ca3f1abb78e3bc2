"""The Controls panel's optimizer hyperparameters and schedule rows: shown only where the
optimizer or schedule uses them, edits reach the session and its trainer, and the rows
follow the session's settings."""

from __future__ import annotations

import pytest

import gradviz.core as gc
from panel_session import advance
from keys import type_into


def shown(panel) -> set[str]:
    rows = panel.optimizer_rows
    named = {"momentum": panel.momentum_spin, "beta1": rows.beta1_spin, "beta2": rows.beta2_spin,
             "eps": rows.eps_spin, "weight_decay": rows.weight_decay_spin, "schedule": rows.schedule_combo,
             "every": rows.every_spin, "gamma": rows.gamma_spin, "t_max": rows.t_max_spin, "lr_min": rows.lr_min_spin}
    return {name for name, w in named.items() if w.isVisibleTo(panel)}


@pytest.mark.parametrize("optimizer, uses", [
    ("gd", set()), ("sgd", set()), ("momentum", {"momentum"}), ("nesterov", {"momentum"}),
    ("adam", {"beta1", "beta2", "eps"}), ("adamw", {"beta1", "beta2", "eps"}), ("rmsprop", {"eps"}),
    ("adagrad", {"eps"}),
])
def test_each_optimizer_shows_only_its_hyperparameters(qtbot, panel, optimizer, uses):
    panel.session.update_settings(optimizer=optimizer)
    assert shown(panel) == uses | {"weight_decay", "schedule"}
    assert panel.opt_combo.currentData() == optimizer


def test_first_launch_is_calm(panel):
    assert shown(panel) == {"weight_decay", "schedule"}
    rows = panel.optimizer_rows
    assert rows.schedule_combo.currentText() == "Constant" and rows.weight_decay_spin.value() == 0.0


def test_the_boxes_show_each_optimizers_default(panel):
    s, rows = panel.session, panel.optimizer_rows
    s.update_settings(optimizer="adagrad")
    assert rows.eps_spin.value() == 1e-10 and rows.weight_decay_spin.value() == 0.0
    s.update_settings(optimizer="adamw")
    assert rows.eps_spin.value() == 1e-8 and rows.weight_decay_spin.value() == 0.01
    assert s.settings.eps is None and s.settings.weight_decay is None  # still "the optimizer's own"


def test_edits_reach_the_settings_and_the_trainer(qtbot, panel):
    s, rows = panel.session, panel.optimizer_rows
    s.update_settings(optimizer="adam", lr=0.05)
    rows.beta1_spin.setValue(0.8)
    rows.beta2_spin.setValue(0.95)
    type_into(qtbot, rows.eps_spin, "1e-6")
    rows.weight_decay_spin.setValue(0.2)
    assert (s.settings.beta1, s.settings.beta2, s.settings.eps, s.settings.weight_decay) == (0.8, 0.95, 1e-6, 0.2)
    advance(qtbot, s, 3)
    tr = gc.Trainer(gc.make_model("line"), s.dataset, optimizer="adam", lr=0.05, params=[1.0, 0.0],
                    betas=(0.8, 0.95), eps=1e-6, weight_decay=0.2)
    assert tuple(s.frame.snapshot.params) == tuple(tr.step(3).params)


@pytest.mark.parametrize("bad", ["0", "2", "1,5"])
def test_a_bad_eps_says_what_is_allowed(qtbot, panel, bad):
    s = panel.session
    s.update_settings(optimizer="rmsprop")
    msgs = []
    s.message.connect(msgs.append)
    type_into(qtbot, panel.optimizer_rows.eps_spin, bad)
    assert s.settings.eps is None and len(msgs) == 1 and "Allowed: a number from 1e-15 to 1" in msgs[0]


def test_the_schedule_rows(qtbot, panel):
    s, rows = panel.session, panel.optimizer_rows
    combo = rows.schedule_combo
    combo.setCurrentIndex(combo.findData("step"))
    assert s.settings.schedule == "step:100:0.5" and shown(panel) >= {"every", "gamma"}
    assert not shown(panel) & {"t_max", "lr_min"}
    rows.every_spin.setValue(25)
    rows.gamma_spin.setValue(0.75)
    assert s.settings.schedule == "step:25:0.75"
    combo.setCurrentIndex(combo.findData("exp"))
    assert s.settings.schedule == "exp:0.99" and "gamma" in shown(panel) and "every" not in shown(panel)
    combo.setCurrentIndex(combo.findData("cosine"))
    rows.t_max_spin.setValue(40)
    type_into(qtbot, rows.lr_min_spin, "1e-5")
    assert s.settings.schedule == "cosine:40:1e-05" and {"t_max", "lr_min"} <= shown(panel)
    assert gc.schedules.parse(s.settings.schedule) == gc.schedules.cosine(40, 1e-5)
    advance(qtbot, s, 2)
    assert s.frame.snapshot.schedule == gc.schedules.cosine(40, 1e-5)
    combo.setCurrentIndex(combo.findData("constant"))
    assert s.settings.schedule == "constant" and not shown(panel) & {"every", "gamma", "t_max", "lr_min"}


def test_the_rows_follow_the_settings(panel):
    s, rows = panel.session, panel.optimizer_rows
    s.update_settings(optimizer="adamw", beta1=0.5, schedule="step:7:0.25", weight_decay=0.125)
    assert rows.beta1_spin.value() == 0.5 and rows.weight_decay_spin.value() == 0.125
    assert rows.schedule_combo.currentData() == "step" and rows.every_spin.value() == 7
    assert rows.gamma_spin.value() == 0.25
