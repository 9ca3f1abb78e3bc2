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
