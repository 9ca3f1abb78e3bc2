"""Tests for gradviz.core.models: definitions, analytic gradients vs finite differences, helpers."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gradviz.core as gc
from gradviz.core import (LOSSES, MAX_HIDDEN, MIN_HIDDEN, MODEL_NAMES, SEED001_NETWORKS, Line, Model, Network,
                          Neuron, make_model, sigmoid)

from finite_differences import fd_grad, random_case  # tests/core/finite_differences.py

LESSON_X = np.arange(1.0, 9.0)
LESSON_Y = np.array([0.85, 1.43, 1.92, 2.59, 3.20, 3.82, 4.38, 4.97])

MODELS = [Line(), Neuron(), Network(1), Network(3), Network(8)]


# -- sigmoid ------------------------------------------------------------------------------------

def test_sigmoid_is_stable_at_the_extremes():
    z = np.array([-np.inf, -1e308, -1000.0, -745.0, -30.0, 0.0, 30.0, 1000.0, 1e308, np.inf])
    s = sigmoid(z)  # warnings are errors in this suite: none may be raised
    assert np.all(np.isfinite(s))
    assert np.all((s >= 0) & (s <= 1))
    assert s[5] == 0.5
    assert s[-1] == 1.0 and s[0] < 1e-300
    assert sigmoid(-30.0) == pytest.approx(np.exp(-30.0) / (1 + np.exp(-30.0)), rel=1e-14)
    assert isinstance(sigmoid(0.3), float)


@settings(max_examples=60, deadline=None)
@given(st.floats(-800, 800))
def test_sigmoid_symmetry_and_accuracy(z):
    s, t = sigmoid(z), sigmoid(-z)
    assert s + t == pytest.approx(1.0, abs=1e-15)
    if z > -700:
        ref = 1.0 / (1.0 + np.exp(-z)) if z > -700 else 0.0
        assert s == pytest.approx(ref, rel=1e-14, abs=1e-300)


# -- gradients ----------------------------------------------------------------------------------

@pytest.mark.parametrize("model", MODELS, ids=repr)
@pytest.mark.parametrize("loss", LOSSES)
def test_analytic_gradient_matches_finite_differences(model, loss):
    rng = np.random.default_rng(hash((repr(model), loss)) % 2**32)
    for _ in range(5):
        p, x, y = random_case(model, rng, loss)
        L, g = model.loss_and_grad(p, x, y, loss)
        assert L == pytest.approx(model.loss(p, x, y, loss), rel=1e-13)
        fd = fd_grad(model, p, x, y, loss)
        np.testing.assert_allclose(g, fd, rtol=1e-6, atol=1e-6 * (1 + np.abs(fd).max()))


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), hidden=st.integers(1, 5),
       loss=st.sampled_from(["l2", "mse"]), scale=st.floats(0.1, 4.0))
def test_network_backprop_property(seed, hidden, loss, scale):
    rng = np.random.default_rng(seed)
    model = Network(hidden)
    p = rng.normal(0, scale, model.n_params)
    x = rng.uniform(-2, 2, 7)
    y = rng.normal(0, 1, 7)
    _, g = model.loss_and_grad(p, x, y, loss)
    fd = fd_grad(model, p, x, y, loss, h=1e-5)
    np.testing.assert_allclose(g, fd, rtol=1e-5, atol=1e-6 * (1 + np.abs(fd).max()))


def test_lesson_gradient_is_seed001s_formula():
    # seed 001: dw = Σ (y(x) - y_i)·x_i, db = Σ (y(x) - y_i), at w = 1, b = 0
    L, g = Line().loss_and_grad([1.0, 0.0], LESSON_X, LESSON_Y, "l2")
    e = LESSON_X - LESSON_Y
    assert L == pytest.approx(0.5 * np.sum(e ** 2))
    np.testing.assert_allclose(g, [np.sum(e * LESSON_X), np.sum(e)])


def test_gradients_on_empty_data_are_zero():
    for model in MODELS:
        for loss in LOSSES:
            L, g = model.loss_and_grad(model.init_params(0), [], [], loss)
            assert L == 0.0 and np.all(g == 0.0)


# -- models ----------------------------------------------------------------------------------------

def test_make_model():
    assert isinstance(make_model("line"), Line)
    assert isinstance(make_model("Neuron"), Neuron)
    net = make_model("network", hidden=6)
    assert isinstance(net, Network) and net.hidden == 6 and net.n_params == 19
    for bad in ("tree", "", None):
        with pytest.raises(ValueError, match="line.*neuron.*network"):
            make_model(bad)


@pytest.mark.parametrize("hidden", [0, 17, -1, 2.5, True, "4"])
def test_network_hidden_bounds(hidden):
    with pytest.raises(ValueError):
        Network(hidden)


def test_model_names_and_hidden_limits():
    assert MODEL_NAMES == ("line", "neuron", "network") and gc.MODEL_NAMES is MODEL_NAMES
    assert [make_model(name).name for name in MODEL_NAMES] == list(MODEL_NAMES)
    assert (MIN_HIDDEN, MAX_HIDDEN) == (1, 16)
    assert (Network.MIN_HIDDEN, Network.MAX_HIDDEN) == (MIN_HIDDEN, MAX_HIDDEN)
    assert make_model("network", hidden=MIN_HIDDEN).hidden == MIN_HIDDEN
    assert make_model("network", hidden=MAX_HIDDEN).n_params == 3 * MAX_HIDDEN + 1
    for bad in (MIN_HIDDEN - 1, MAX_HIDDEN + 1):
        with pytest.raises(ValueError, match=f"a network has {MIN_HIDDEN} to {MAX_HIDDEN} hidden neurons, got hidden={bad}"):
            make_model("network", hidden=bad)
    with pytest.raises(ValueError, match=f"integer from {MIN_HIDDEN} to {MAX_HIDDEN}"):
        make_model("network", hidden=2.5)
    assert isinstance(make_model("line", hidden=MAX_HIDDEN + 1), Line)  # only a network uses it


def test_param_names_and_init():
    assert Line().param_names == ("w", "b")
    assert Neuron().param_names == ("w", "b")
    assert Network(2).param_names == ("w1", "b1", "v1", "w2", "b2", "v2", "c")
    np.testing.assert_array_equal(Line().init_params(), [1.0, 0.0])  # seed 001's start
    np.testing.assert_array_equal(Neuron().init_params(5), [1.0, 0.0])
    net = Network(4)
    a, b, c = net.init_params(0), net.init_params(0), net.init_params(1)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    assert a.shape == (13,) and np.all(np.abs(a) < 6) and a[-1] == 0.0
    assert Line().describe() == "y = w·x + b"
    assert "σ" in Neuron().describe() and "σ" in net.describe()
    assert Network(3) == Network(3) != Network(4) and Line() != Neuron()
    assert len({Network(3), Network(3), Line()}) == 2


def test_predict_shapes_and_bad_params():
    assert Line().predict([2.0, 1.0], 3.0) == 7.0
    assert Line().predict([2.0, 1.0], np.ones((2, 3))).shape == (2, 3)
    with pytest.raises(ValueError, match="2 parameters"):
        Line().predict([1.0, 2.0, 3.0], [1.0])
    with pytest.raises(ValueError, match="same length"):
        Line().loss([1.0, 0.0], [1.0, 2.0], [1.0], "l2")


def test_network_pack_unpack_contributions():
    net = Network(3)
    rng = np.random.default_rng(0)
    p = rng.normal(size=net.n_params)
    w, b, v, c = net.unpack(p)
    np.testing.assert_array_equal(net.pack(w, b, v, c), p)
    np.testing.assert_array_equal(w, p[0:9:3])
    x = np.linspace(-2, 2, 11)
    A = net.activations(p, x)
    C = net.contributions(p, x)
    assert A.shape == C.shape == (3, 11)
    np.testing.assert_allclose(A, sigmoid(np.outer(w, x) + b[:, None]))
    np.testing.assert_allclose(C, v[:, None] * A)
    np.testing.assert_allclose(C.sum(axis=0) + c, net.predict(p, x))
    with pytest.raises(ValueError):
        net.pack([1, 2], b, v, c)


def test_predict_many_and_loss_many_agree_with_loss():
    rng = np.random.default_rng(3)
    x, y = rng.uniform(-2, 2, 9), rng.normal(size=9)
    for model in MODELS:
        P = rng.normal(size=(7, model.n_params))
        np.testing.assert_allclose(model.predict_many(P, x), [model.predict(q, x) for q in P], rtol=1e-13)
        for loss in LOSSES:
            np.testing.assert_allclose(model.loss_many(P, x, y, loss, chunk_elems=20),
                                       [model.loss(q, x, y, loss) for q in P], rtol=1e-12)


def test_seed001_networks():
    assert set(SEED001_NETWORKS) == {1, 2, 4}
    x = np.linspace(-10, 10, 41)
    one = SEED001_NETWORKS[1]
    np.testing.assert_allclose(Network(1).predict(one["params"], x), 6.28 * sigmoid(x))
    two = SEED001_NETWORKS[2]
    assert two["hidden"] == 2
    np.testing.assert_allclose(Network(2).predict(two["params"], x),
                               -5 * sigmoid(-1.5 * x - 8) + 5 * sigmoid(1.5 * x - 8))
    four = SEED001_NETWORKS[4]
    w, b, v, c = Network(4).unpack(four["params"])
    np.testing.assert_array_equal(w, [0.2, -0.5, 1.9, -0.8])
    np.testing.assert_array_equal(v, [7.2, 9.7, -6.3, -6.3])
    np.testing.assert_array_equal(b, [1, -5.7, 0, 7.1])
    assert c == 0.0 and isinstance(four["label"], str) and four["label"]
    with pytest.raises(ValueError):
        four["params"][0] = 1.0  # shared constants are read-only


def test_model_base_is_abstract():
    with pytest.raises(NotImplementedError):
        Model().init_params()
