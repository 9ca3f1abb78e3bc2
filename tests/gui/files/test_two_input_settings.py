"""Settings of a two-input run survive the autosave: the plane and the loss "bce" are allowed
values, so a restart brings back an XOR run of a probability network trained with bce."""

from __future__ import annotations

import math

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.gui.files.autosave import restore_state
from gradviz.gui.files.settings_json import SettingError, setting_value
from gradviz.gui.state.settings import Settings
from test_autosave import launch
from windows import make_window


@pytest.mark.parametrize("name, value, default", [("model", "plane", "line"), ("model", "network", "line"),
                                                  ("loss", "bce", "l2"), ("loss", "mse", "l2")])
def test_two_input_models_and_bce_are_allowed(name, value, default):
    assert setting_value(name, value, default) == value


@pytest.mark.parametrize("name, value, allowed", [
    ("model", "cube", "one of line, neuron, network, plane"),
    ("loss", "hinge", "one of l1, l2, mse, bce"),
])
def test_a_bad_model_or_loss_names_what_is_allowed(name, value, allowed):
    with pytest.raises(SettingError, match=f"must be {allowed}, got '{value}'"):
        setting_value(name, value, Settings().model)


def test_a_restart_restores_an_xor_run_of_a_sigmoid_network_with_bce(qtbot, config_dir):
    win = make_window(qtbot, settings=Settings(speed=math.inf))
    win.load_preset("xor")
    s = win.session
    s.update_settings(hidden=3, lr=0.03)
    assert s.model == gc.make_model("network", hidden=3, inputs=2, output="sigmoid") and s.settings.loss == "bce"
    s.step_once(25)
    assert s.wait_for_step(25)
    params, start, settings = s.snapshot.params.copy(), s.start.copy(), s.settings
    win.close()  # closing writes the last state synchronously
    saved = restore_state(config_dir)
    assert saved.messages == [] and saved.settings == settings  # every field kept, none reset
    got = launch(config_dir)
    assert got["settings"]["model"] == "network" and got["settings"]["loss"] == "bce"
    assert got["settings"]["hidden"] == 3 and got["settings"]["lr"] == 0.03
    assert got["name"] == "xor" and np.asarray(got["x"]).shape == (len(gc.preset("xor")), 2)
    assert got["start"] == start.tolist() and len(start) == 3 * 4 + 1
    assert got["step"] == 25 and got["params"] == params.tolist()  # the run carries on
    assert "not valid" not in got["status"] and "could not" not in got["status"]
