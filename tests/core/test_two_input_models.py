"""Two inputs: the data set, the plane, the two-input neuron and network, a sigmoid output."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.core import DataError, Dataset
from finite_differences import fd_grad


def _case(model, rng, loss, n=12):
    """Random two-input (or one-input) data and params; 0/1 labels for bce; for l1 away from kinks."""
    for _ in range(100):
        x = rng.uniform(-3, 3, (n, 2) if model.n_inputs == 2 else n)
        y = (rng.uniform(size=n) < 0.5).astype(float) if loss == "bce" else rng.normal(0, 2, n)
        p = rng.normal(0, 1.5, model.n_params)
        if loss != "l1" or np.min(np.abs(model.predict(p, x) - y)) > 1e-3:
            return p, x, y
    raise AssertionError("could not draw a case away from the kinks")


MODELS = {
    "plane": lambda: gc.make_model("plane"),
    "neuron2": lambda: gc.make_model("neuron", inputs=2),
    "network2": lambda: gc.make_model("network", hidden=3, inputs=2),
    "network2-sigmoid": lambda: gc.make_model("network", hidden=3, inputs=2, output="sigmoid"),
    "network1-sigmoid": lambda: gc.make_model("network", hidden=2, output="sigmoid"),
}


def _losses(model):
    return ("l1", "l2", "mse", "bce") if model.probability else ("l1", "l2", "mse")


@pytest.mark.parametrize("key", list(MODELS))
def test_gradients_match_finite_differences(key):
    model = MODELS[key]()
    rng = np.random.default_rng(11)
    for loss in _losses(model):
        for _ in range(3):
            p, x, y = _case(model, rng, loss)
            L, g = model.loss_and_grad(p, x, y, loss)
            assert L == pytest.approx(model.loss(p, x, y, loss), rel=1e-12)
            np.testing.assert_allclose(g, fd_grad(model, p, x, y, loss), rtol=1e-5, atol=1e-7, err_msg=loss)
            np.testing.assert_allclose(model.loss_many(np.vstack([p, p]), x, y, loss), [L, L], rtol=1e-12)


def test_parameter_names_and_predictions_by_hand():
    x = np.array([[1.0, 2.0], [-1.0, 0.5]])
    plane = gc.make_model("plane")
    assert plane.param_names == ("w1", "w2", "b") and plane.n_inputs == 2 and not plane.probability
    np.testing.assert_allclose(plane.predict([2.0, -1.0, 0.5], x), [0.5, -2.0])
    neuron = gc.make_model("neuron", inputs=2)
    assert neuron.param_names == ("w1", "w2", "b") and neuron.probability
    np.testing.assert_allclose(neuron.predict([2.0, -1.0, 0.5], x), 1 / (1 + np.exp(-np.array([0.5, -2.0]))))
    net = gc.make_model("network", hidden=2, inputs=2, output="sigmoid")
    assert net.param_names == ("w1_1", "w1_2", "b1", "v1", "w2_1", "w2_2", "b2", "v2", "c")
    p = np.array([1.0, -1.0, 0.5, 2.0, 0.5, 0.25, -1.0, -3.0, 0.1])
    s = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    hidden = [s(1.0 * x[:, 0] - 1.0 * x[:, 1] + 0.5), s(0.5 * x[:, 0] + 0.25 * x[:, 1] - 1.0)]
    np.testing.assert_allclose(net.predict(p, x), s(2.0 * hidden[0] - 3.0 * hidden[1] + 0.1), rtol=1e-14)
    grid = np.zeros((4, 5, 2))  # a heat map's grid keeps its shape
    assert net.predict(p, grid).shape == (4, 5)


def test_one_input_network_layout_matches_network():
    """With one input and a linear output the flexible network is the Network, same order."""
    assert type(gc.make_model("network", hidden=3, inputs=1)) is gc.Network
    flex = gc.FlexNetwork(3, inputs=1, output="linear")
    net = gc.Network(3)
    assert flex.param_names == net.param_names
    rng = np.random.default_rng(2)
    p, x, y = rng.normal(size=net.n_params), rng.normal(size=9), rng.normal(size=9)
    for loss in ("l1", "l2", "mse"):
        a, b = flex.loss_and_grad(p, x, y, loss), net.loss_and_grad(p, x, y, loss)
        assert a[0] == pytest.approx(b[0], rel=1e-13)
        np.testing.assert_allclose(a[1], b[1], rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("kwargs, match", [
    (dict(name="line", inputs=2), "plane"),
    (dict(name="plane", inputs=1), "two inputs"),
    (dict(name="neuron", output="sigmoid"), "network only"),
    (dict(name="network", output="softmax"), "'linear' or 'sigmoid'"),
    (dict(name="network", inputs=3), "1 or 2 inputs"),
    (dict(name="cube", inputs=2), "unknown model"),
])
def test_make_model_refuses_clearly(kwargs, match):
    with pytest.raises(ValueError, match=match):
        gc.make_model(**kwargs)


def test_wrong_number_of_inputs_is_a_clear_error():
    x2, x1, y = np.zeros((3, 2)), np.zeros(3), np.zeros(3)
    with pytest.raises(ValueError, match="takes two inputs"):
        gc.make_model("plane").loss([1, 1, 0], x1, y)
    with pytest.raises(ValueError, match="takes one input, but the data has two"):
        gc.make_model("line").loss([1, 0], x2, y)
    with pytest.raises(ValueError, match="two inputs"):
        gc.make_model("neuron", inputs=2).predict([1, 1, 0], [1.0, 2.0, 3.0])


# -- the data set ----------------------------------------------------------------------------

def test_dataset_with_two_inputs():
    ds = Dataset([[1, 2], [3, 4]], [0, 1], name="d")
    assert ds.n == len(ds) == 2 and ds.n_inputs == 2 and ds.x_names == ("x1", "x2")
    assert ds.x.shape == (2, 2) and not ds.x.flags.writeable
    assert ds.to_array().tolist() == [[1, 2, 0], [3, 4, 1]]
    assert gc.preset("lesson").n_inputs == 1 and gc.preset("lesson").x_names == ("x",)
    assert pickle.loads(pickle.dumps(ds)) == ds and hash(ds) == hash(Dataset([[1, 2], [3, 4]], [0, 1], name="d"))
    assert ds != Dataset([[1, 2], [3, 4]], [0, 1], name="d", x2_name="other")
    assert "x2_name='x2'" in repr(ds)


def test_dataset_edits_with_two_inputs():
    ds = Dataset([[1, 2], [3, 4]], [0, 1])
    assert ds.with_point((5, 6), 1).x.tolist() == [[1, 2], [3, 4], [5, 6]]
    assert ds.moved([1], (0.5, -1), 2).to_array().tolist() == [[1, 2, 0], [3.5, 3, 3]]
    assert ds.with_points_set([0], [[9, 9]], [1]).to_array().tolist() == [[9, 9, 1], [3, 4, 1]]
    assert ds.without(0).to_array().tolist() == [[3, 4, 1]]
    assert ds.concat(ds).n == 4
    with pytest.raises(DataError, match="pair"):
        ds.with_point(5, 1)
    with pytest.raises(DataError, match="cannot join data with 1 input"):
        ds.concat(gc.preset("lesson"))


@pytest.mark.parametrize("x, y, match", [
    (np.zeros((3, 3)), np.zeros(3), r"shape \(n, 2\)"),
    (np.zeros((3, 2)), np.zeros(2), "3 rows but y has 2"),
    ([[1, np.nan]], [0], r"x\[0, 1\] is nan"),
])
def test_dataset_refuses_bad_two_input_data(x, y, match):
    with pytest.raises(DataError, match=match):
        Dataset(x, y)


def test_held_out_split_keeps_two_inputs():
    ds = gc.preset("xor")
    train, held = gc.split(ds, 0.2, seed=1)
    assert train.n_inputs == held.n_inputs == 2 and train.n + held.n == ds.n
    assert held.x_names == ds.x_names and held.y_name == "class"
