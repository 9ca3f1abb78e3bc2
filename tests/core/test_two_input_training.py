"""Training on two-input data: the trainer's checks, the plane, XOR and the blobs."""

from __future__ import annotations

import numpy as np
import pytest

import gradviz.core as gc


def test_plane_descends_to_least_squares():
    ds = gc.preset("plane")
    tr = gc.Trainer(gc.make_model("plane"), ds, loss="mse", optimizer="gd", lr=0.05)
    snap = tr.step(3000)
    F = np.column_stack([ds.x, np.ones(ds.n)])
    best = np.linalg.lstsq(F, ds.y, rcond=None)[0]  # independent reference
    np.testing.assert_allclose(snap.params, best, atol=1e-8)
    assert snap.loss == pytest.approx(np.mean((F @ best - ds.y) ** 2), rel=1e-10)


def test_xor_with_a_hidden_layer_reaches_high_accuracy():
    ds = gc.preset("xor")
    model = gc.make_model("network", hidden=4, inputs=2, output="sigmoid")
    tr = gc.Trainer(model, ds, loss="bce", optimizer="adam", lr=0.05, seed=0)
    snap = tr.step(1500)
    assert gc.accuracy(model, snap.params, ds.x, ds.y) >= 0.95
    assert snap.loss < 0.2 and tr.diverged is None


def test_blobs_with_one_neuron_are_separated():
    ds = gc.preset("blobs")
    model = gc.make_model("neuron", inputs=2)
    snap = gc.Trainer(model, ds, loss="bce", optimizer="gd", lr=0.5).step(500)
    assert gc.accuracy(model, snap.params, ds.x, ds.y) == 1.0


def test_mini_batches_and_held_out_data_with_two_inputs():
    train, held = gc.split(gc.preset("moons"), 0.25, seed=3)
    model = gc.make_model("network", hidden=6, inputs=2, output="sigmoid")
    tr = gc.Trainer(model, train, loss="bce", optimizer="sgd", lr=0.5, batch_size=8, seed=1, eval_dataset=held)
    snap = tr.step(300)
    assert snap.eval_loss == pytest.approx(model.loss(snap.params, held.x, held.y, "bce"), rel=1e-12)
    assert snap.loss == pytest.approx(model.loss(snap.params, train.x, train.y, "bce"), rel=1e-12)
    again = gc.Trainer.from_state(model, train, tr.state(), eval_dataset=held)
    np.testing.assert_array_equal(again.step(50).params, tr.step(50).params)


def test_the_trainer_refuses_a_model_that_does_not_fit_the_data():
    two, one = gc.preset("xor"), gc.preset("lesson")
    with pytest.raises(ValueError, match="has two inputs .* takes 1: use the plane"):
        gc.Trainer(gc.make_model("line"), two)
    with pytest.raises(ValueError, match="has one input .* takes 2"):
        gc.Trainer(gc.make_model("plane"), one)
    tr = gc.Trainer(gc.make_model("plane"), two, loss="mse")
    with pytest.raises(ValueError, match="takes 1"):
        tr.set_model(gc.make_model("network", hidden=2))
    with pytest.raises(ValueError, match="has one input"):
        tr.set_dataset(one)
    with pytest.raises(ValueError, match="the evaluation set has one input"):
        tr.set_eval_dataset(one)
    assert tr.model == gc.make_model("plane") and tr.dataset is two  # nothing changed


def test_bce_is_refused_where_it_does_not_apply():
    xor = gc.preset("xor")
    with pytest.raises(ValueError, match="'bce' needs a model whose output is a probability"):
        gc.Trainer(gc.make_model("plane"), xor, loss="bce")
    tr = gc.Trainer(gc.make_model("network", hidden=2, inputs=2), xor, loss="mse")
    with pytest.raises(ValueError, match="probability"):
        tr.set_loss("bce")
    assert tr.loss_name == "mse"
    tr = gc.Trainer(gc.make_model("neuron", inputs=2), xor, loss="bce")
    with pytest.raises(ValueError, match="probability"):
        tr.set_model(gc.make_model("plane"))
    with pytest.raises(ValueError, match=r"labels 0 and 1, but point 0 has y = .* \(the data\)"):
        tr.set_dataset(gc.preset("plane"))
    with pytest.raises(ValueError, match="labels 0 and 1"):
        gc.Trainer(gc.make_model("neuron"), gc.preset("lesson"), loss="bce")
    with pytest.raises(ValueError, match="unknown loss 'ce'.*'bce'"):
        gc.Trainer(gc.make_model("neuron"), gc.preset("step"), loss="ce")


def test_one_input_neuron_learns_the_step_with_bce():
    ds = gc.preset("step")
    model = gc.make_model("neuron")
    snap = gc.Trainer(model, ds, loss="bce", optimizer="adam", lr=0.1).step(500)
    assert gc.accuracy(model, snap.params, ds.x, ds.y) == 1.0


def test_history_table_and_standardization_with_two_inputs():
    ds = gc.preset("blobs")
    model = gc.make_model("neuron", inputs=2)
    tr = gc.Trainer(model, ds, loss="bce", optimizer="gd", lr=0.5)
    snap = tr.step(20)
    from gradviz.core.history_csv import history_table
    table = history_table(snap, model, ds, "bce")
    last = table[-1]
    assert last[4] == pytest.approx(model.loss(last[1:4], ds.x, ds.y, "bce"), rel=1e-12)
    np.testing.assert_allclose(last[5:8], model.loss_and_grad(last[1:4], ds.x, ds.y, "bce")[1], rtol=1e-12)
    st = gc.standardization(ds.x)  # each input on its own scale
    np.testing.assert_allclose(st.apply(ds.x), (ds.x - ds.x.mean(axis=0)) / ds.x.std(axis=0), rtol=1e-12)
