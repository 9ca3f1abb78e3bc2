"""Settings that fit data of one or two inputs, and the session switching between them."""

from __future__ import annotations

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.gui.state import two_inputs as ti
from gradviz.gui.state.session import Session
from gradviz.gui.state.settings import Settings


@pytest.fixture
def session():
    s = Session(gc.preset("lesson"), Settings(lr=0.002))
    yield s
    s.shutdown()


def test_models_follow_the_number_of_inputs():
    assert ti.build_model(Settings(), 1) == gc.make_model("line")
    assert ti.build_model(Settings(), 2) == gc.make_model("plane")
    assert ti.build_model(Settings(model="plane"), 1) == gc.make_model("line")
    assert ti.build_model(Settings(model="network", hidden=3), 1) == gc.make_model("network", hidden=3)
    net = ti.build_model(Settings(model="network", hidden=3, loss="bce"), 2)
    assert (net.n_inputs, net.hidden, net.output) == (2, 3, "sigmoid")
    assert ti.build_model(Settings(model="neuron"), 2).param_names == ("w1", "w2", "b")


def test_bce_is_offered_only_for_a_probability_on_classes():
    xor, lesson = gc.preset("xor"), gc.preset("lesson")
    assert ti.losses_for("neuron", xor) == gc.LOSSES + ("bce",)
    assert ti.losses_for("plane", xor) == gc.LOSSES
    assert ti.losses_for("neuron", lesson) == gc.LOSSES
    assert ti.models_for(1) == gc.MODEL_NAMES and ti.models_for(2) == ("plane", "neuron", "network")


def test_fit_settings_mends_what_does_not_fit():
    xor, lesson = gc.preset("xor"), gc.preset("lesson")
    s = Settings(model="neuron", loss="bce", standardize=True)
    assert ti.fit_settings(s, lesson).loss == "l2"
    fitted = ti.fit_settings(s, xor)
    assert (fitted.loss, fitted.standardize) == ("bce", True)  # each input standardized on its own
    assert ti.fit_settings(Settings(), xor).model == "plane"
    assert ti.fit_settings(Settings(), lesson) == Settings()  # one input: nothing changes


def test_first_settings_for_each_two_input_preset():
    picks = {name: ti.first_settings(Settings(), gc.preset(name)) for name in gc.TWO_INPUT_PRESETS}
    assert (picks["plane"].model, picks["plane"].loss) == ("plane", "l2")
    assert (picks["blobs"].model, picks["blobs"].loss) == ("neuron", "bce")
    for name in ("xor", "circle", "moons"):
        assert (picks[name].model, picks[name].loss) == ("network", "bce")


def test_switching_inputs_and_back_loses_nothing(qtbot, session):
    start = np.array([0.3, -0.1])
    session.set_start(start)
    session.set_dataset(gc.preset("xor"), new_run=True)
    assert session.model.n_inputs == 2 and session.model.probability
    assert session.settings.loss == "bce"
    session.update_settings(hidden=5)
    session.set_dataset(gc.preset("lesson"), new_run=True)
    assert session.settings.model == "line" and session.settings.lr == 0.002
    assert np.array_equal(session.start, start)
    session.set_dataset(gc.preset("moons"), new_run=True)  # two inputs again: as left
    assert (session.settings.model, session.settings.hidden) == ("network", 5)


def test_the_run_trains_after_every_switch_of_model_and_loss(qtbot, session):
    session.set_dataset(gc.preset("xor"), new_run=True)
    for changes in ({"loss": "l2"}, {"loss": "bce"}, {"model": "plane"}, {"model": "neuron", "loss": "bce"}):
        session.update_settings(**changes)  # each a new model: a new run from step 0
        session.step_once(3)
        qtbot.waitUntil(lambda: session.frame.model == session.model and session.frame.step >= 3, timeout=10000)
        assert np.isfinite(session.frame.snapshot.loss)
    assert session.settings.loss == "bce" and session.model.name == "neuron"
    session.update_settings(model="plane")  # the plane's output is no probability: bce goes
    assert session.settings.loss == "l2"


def test_data_the_loss_does_not_fit_mends_it_in_a_new_run(qtbot, session):
    session.set_dataset(gc.preset("blobs"), new_run=True)
    assert session.settings.loss == "bce"
    session.set_dataset(gc.preset("plane"), new_run=True)  # labels not 0/1 any more
    assert session.settings.loss == "l2"
    session.step_once(2)
    qtbot.waitUntil(lambda: session.frame.dataset.name == "plane" and session.frame.step >= 2, timeout=10000)


def test_standardize_on_two_inputs_scales_each_column_and_keeps_the_surface(qtbot, session):
    from gradviz.gui.panels.scaling_rows import scaling_rows
    from gradviz.gui.state.scaling import params_in_data_units

    ds = gc.preset("plane")
    session.set_dataset(ds, new_run=True)
    model, x = session.model, ds.x
    session.set_start([0.5, -0.8, 1.0])
    before = model.predict(session.start, x)
    session.update_settings(standardize=True)
    assert session.settings.standardize and session.scaling.n_inputs == 2
    m, sd = x.mean(axis=0), x.std(axis=0)  # numpy's own, per column
    u = session.training_dataset().x
    np.testing.assert_allclose(u, (x - m) / sd, rtol=1e-12, atol=1e-12)
    # the run starts again from the same plane, described on u
    np.testing.assert_allclose(model.predict(session.start, u), before, rtol=1e-12, atol=1e-12)
    session.step_once(30)
    qtbot.waitUntil(lambda: session.frame.step >= 30 and session.frame.scaling is not None, timeout=10000)
    frame = session.frame
    raw = params_in_data_units(frame)
    w = frame.params[:2] / sd  # the plane on x, written out
    np.testing.assert_allclose(raw, [w[0], w[1], frame.params[2] - w @ m], rtol=1e-12)
    np.testing.assert_allclose(model.predict(raw, x), model.predict(frame.params, u), rtol=1e-12, atol=1e-12)
    values = {}
    (row,) = scaling_rows(frame, values)
    def shown(v):
        return f"{v:.5g}".replace("-", "\u2212")

    for j in (0, 1):
        assert f"x{j + 1} here is (x{j + 1} \u2212 {shown(m[j])}) / {shown(sd[j])}" in row
    assert values["w2 (x units)"] == pytest.approx(w[1], rel=1e-12)


def test_standardize_works_for_a_probability_network_of_one_input(qtbot):
    """The network with a sigmoid output (bce on labels 0 and 1) maps to and from u too."""
    x = np.linspace(10.0, 30.0, 12)
    ds = gc.Dataset(x, (x > 20).astype(float), name="steps")
    s = Session(ds, Settings(model="network", hidden=2, loss="bce", optimizer="adam", lr=0.05))
    try:
        assert s.model.probability and s.model.n_inputs == 1
        before = s.model.predict(s.start, x)
        s.update_settings(standardize=True)
        assert s.scaling is not None
        u = (x - x.mean()) / x.std()
        np.testing.assert_allclose(s.model.predict(s.start, u), before, rtol=1e-12)
    finally:
        s.shutdown()
