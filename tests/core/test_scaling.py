"""Tests for gradviz.core.scaling: standardizing x and mapping parameters back exactly."""

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.core import Line, Network, Neuron

MODELS = [Line(), Neuron(), Network(1), Network(5)]


def test_standardization_of_the_lesson_data():
    x = np.arange(1.0, 9.0)
    s = gc.standardization(x)
    assert s.mean == 4.5 and s.std == pytest.approx(np.sqrt(5.25), rel=1e-15)
    u = s.apply(x)
    assert abs(u.mean()) < 1e-15 and u.std() == pytest.approx(1.0, rel=1e-15)
    np.testing.assert_allclose(s.restore(u), x, rtol=1e-15)


@pytest.mark.parametrize("model", MODELS, ids=repr)
def test_mapped_parameters_give_the_same_predictions(model):
    rng = np.random.default_rng(7)
    x = rng.uniform(-50, 80, 30)
    s = gc.standardization(x)
    for _ in range(5):
        q = rng.normal(0, 2, model.n_params)  # parameters on u
        p = s.to_original(model, q)
        np.testing.assert_allclose(model.predict(p, x), model.predict(q, s.apply(x)), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("model", MODELS, ids=repr)
def test_round_trip(model):
    rng = np.random.default_rng(3)
    s = gc.Standardization(12.5, 0.3)
    for _ in range(5):
        p = rng.normal(0, 3, model.n_params)
        np.testing.assert_allclose(s.to_standardized(model, s.to_original(model, p)), p, rtol=1e-13, atol=1e-13)
        np.testing.assert_allclose(s.to_original(model, s.to_standardized(model, p)), p, rtol=1e-13, atol=1e-13)


def test_the_line_mapping_written_out():
    s = gc.Standardization(4.0, 2.0)
    np.testing.assert_allclose(s.to_original(Line(), [3.0, 1.0]), [1.5, 1.0 - 1.5 * 4.0])
    # the network's output weights and bias do not see x
    net = Network(2)
    q = net.pack([2.0, -4.0], [1.0, 0.5], [7.0, -3.0], 0.25)
    w, b, v, c = net.unpack(s.to_original(net, q))
    np.testing.assert_allclose(w, [1.0, -2.0])
    np.testing.assert_allclose(b, [1.0 - 4.0, 0.5 + 8.0])
    np.testing.assert_allclose(v, [7.0, -3.0])
    assert c == 0.25


def test_the_line_fit_on_standardized_data_maps_to_least_squares():
    x = np.arange(1.0, 9.0)
    y = np.array([0.85, 1.43, 1.92, 2.59, 3.20, 3.82, 4.38, 4.97])
    s = gc.standardization(x)
    q = gc.least_squares(s.apply(x), y)
    np.testing.assert_allclose(s.to_original(Line(), q), gc.least_squares(x, y), rtol=1e-12)


@pytest.mark.parametrize("x, what", [([], "at least two points"), ([3.0], "at least two points"),
                                     ([2.0, 2.0, 2.0], "all x are equal")])
def test_nothing_to_scale_is_one_clear_error(x, what):
    with pytest.raises(ValueError, match=what):
        gc.standardization(x)


def test_bad_scale_is_refused():
    with pytest.raises(ValueError, match="std > 0"):
        gc.Standardization(0.0, 0.0)


# ----- two inputs: each column with its own mean and std ---------------------------------------

TWO_INPUT_MODELS = [gc.make_model("plane"), gc.make_model("neuron", inputs=2),
                    gc.make_model("network", hidden=3, inputs=2),
                    gc.make_model("network", hidden=4, inputs=2, output="sigmoid"),
                    gc.make_model("network", hidden=2, output="sigmoid")]


def test_each_column_is_standardized_on_its_own():
    rng = np.random.default_rng(11)
    x = np.column_stack([rng.uniform(-50, 80, 40), rng.normal(3.0, 0.01, 40)])
    s = gc.standardization(x)
    assert s.n_inputs == 2
    np.testing.assert_allclose(s.mean, [x[:, 0].mean(), x[:, 1].mean()], rtol=1e-15)
    np.testing.assert_allclose(s.std, [x[:, 0].std(), x[:, 1].std()], rtol=1e-14)
    u = s.apply(x)
    np.testing.assert_allclose(u.mean(axis=0), 0.0, atol=1e-13)
    np.testing.assert_allclose(u.std(axis=0), 1.0, rtol=1e-13)
    np.testing.assert_allclose(s.restore(u), x, rtol=1e-13)


@pytest.mark.parametrize("model", TWO_INPUT_MODELS, ids=repr)
def test_two_input_parameters_mapped_back_give_the_same_outputs(model):
    rng = np.random.default_rng(5)
    inputs = model.n_inputs
    x = rng.uniform(-50, 80, 30) if inputs == 1 else np.column_stack([rng.uniform(-50, 80, 30),
                                                                      rng.uniform(0.001, 0.002, 30)])
    s = gc.standardization(x)
    for _ in range(5):
        q = rng.normal(0, 2, model.n_params)  # parameters on u
        p = s.to_original(model, q)
        np.testing.assert_allclose(model.predict(p, x), model.predict(q, s.apply(x)), rtol=1e-11, atol=1e-11)
        np.testing.assert_allclose(s.to_standardized(model, p), q, rtol=1e-11, atol=1e-11)


def test_the_two_input_mapping_written_out():
    """Independently of the models: w_j = w'_j / s_j and b = b' - sum_j w_j m_j for each
    hidden neuron's sum; the output weights and bias stay."""
    rng = np.random.default_rng(2)
    x = np.column_stack([rng.normal(10, 4, 50), rng.normal(-2, 0.5, 50)])
    m, sd = x.mean(axis=0), x.std(axis=0)
    s = gc.standardization(x)
    u = (x - m) / sd
    plane = gc.make_model("plane")
    q = np.array([1.5, -2.0, 0.25])
    w = q[:2] / sd
    np.testing.assert_allclose(s.to_original(plane, q), [w[0], w[1], q[2] - w @ m], rtol=1e-14)
    np.testing.assert_allclose(w[0] * x[:, 0] + w[1] * x[:, 1] + q[2] - w @ m, u @ q[:2] + q[2], rtol=1e-12)
    net = gc.make_model("network", hidden=2, inputs=2, output="sigmoid")
    q = np.array([1.0, 2.0, 0.5, 3.0, -1.0, 0.25, -0.5, -2.0, 0.75])  # w1_1 w1_2 b1 v1 w2_1 w2_2 b2 v2 c
    p = s.to_original(net, q)
    for h in range(2):
        wq, bq = q[4 * h:4 * h + 2], q[4 * h + 2]
        np.testing.assert_allclose(p[4 * h:4 * h + 2], wq / sd, rtol=1e-14)
        assert p[4 * h + 2] == pytest.approx(bq - (wq / sd) @ m, rel=1e-14)
        assert p[4 * h + 3] == q[4 * h + 3]
    assert p[-1] == q[-1]
    hidden = 1 / (1 + np.exp(-(u @ q[[0, 1]] + q[2]))), 1 / (1 + np.exp(-(u @ q[[4, 5]] + q[6])))
    out = 1 / (1 + np.exp(-(q[3] * hidden[0] + q[7] * hidden[1] + q[8])))
    np.testing.assert_allclose(net.predict(p, x), out, rtol=1e-12)


@pytest.mark.parametrize("column", [0, 1])
def test_a_constant_input_column_is_one_clear_error(column):
    x = np.column_stack([np.arange(5.0), np.arange(5.0)])
    x[:, column] = 7.0
    with pytest.raises(ValueError, match=f"all x{column + 1} are equal"):
        gc.standardization(x)


def test_a_scaling_of_the_other_number_of_inputs_is_refused():
    s = gc.standardization(np.arange(6.0).reshape(3, 2) ** 2)
    with pytest.raises(ValueError, match="of 2 inputs, but the model line takes 1"):
        s.to_original(gc.make_model("line"), [1.0, 0.0])
