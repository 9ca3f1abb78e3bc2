"""Binary cross-entropy: its value from the logit, its gradient, where it is refused."""

from __future__ import annotations

import math

import numpy as np
import pytest

import gradviz.core as gc
from finite_differences import fd_hessian


def _direct(p, y):
    """-mean[y·log p + (1 - y)·log(1 - p)], written out (for moderate p only)."""
    return -float(np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def test_bce_equals_the_textbook_formula():
    rng = np.random.default_rng(5)
    x = rng.uniform(-2, 2, (30, 2))
    y = (rng.uniform(size=30) < 0.4).astype(float)
    for model in (gc.make_model("neuron", inputs=2), gc.make_model("network", hidden=3, inputs=2, output="sigmoid")):
        p = model.init_params(3)
        assert model.loss(p, x, y, "bce") == pytest.approx(_direct(model.predict(p, x), y), rel=1e-12)
    neuron = gc.make_model("neuron")
    assert neuron.loss([1.5, -0.5], x[:, 0], y, "bce") == pytest.approx(
        _direct(neuron.predict([1.5, -0.5], x[:, 0]), y), rel=1e-12)


@pytest.mark.parametrize("z, label, loss, dz", [
    (1000.0, 1.0, 0.0, 0.0),      # sure and right
    (-1000.0, 0.0, 0.0, 0.0),
    (1000.0, 0.0, 1000.0, 1.0),   # sure and wrong: -log(1 - σ(1000)) = 1000
    (-1000.0, 1.0, 1000.0, -1.0),
    (0.0, 1.0, math.log(2.0), -0.5),
])
def test_bce_is_finite_and_right_for_huge_logits(z, label, loss, dz):
    # the neuron with w = 0 and b = z: every point has the logit z
    model = gc.make_model("neuron", inputs=2)
    x, y = np.array([[1.0, 2.0], [3.0, -1.0]]), np.array([label, label])
    L, g = model.loss_and_grad([0.0, 0.0, z], x, y, "bce")
    assert math.isfinite(L) and L == pytest.approx(loss, abs=1e-300, rel=1e-12)
    np.testing.assert_allclose(g, [dz * 2.0, dz * 0.5, dz], atol=1e-300)  # mean of dz·(x1, x2, 1)
    assert model.loss_many(np.array([[0.0, 0.0, z]]), x, y, "bce")[0] == pytest.approx(loss, abs=1e-300, rel=1e-12)
    net = gc.make_model("network", hidden=1, inputs=2, output="sigmoid")
    assert net.loss([0, 0, 0, 0, z], x, y, "bce") == pytest.approx(loss, abs=1e-300, rel=1e-12)


def test_bce_is_refused_for_regression_models_and_other_labels():
    x, y = np.zeros((2, 2)), np.array([0.0, 1.0])
    for model in (gc.make_model("plane"), gc.make_model("network", hidden=2, inputs=2)):
        with pytest.raises(ValueError, match="probability"):
            model.loss(model.init_params(), x, y, "bce")
    with pytest.raises(ValueError, match="probability"):
        gc.make_model("line").loss_and_grad([1, 0], [1.0], [1.0], "bce")
    with pytest.raises(ValueError, match=r"labels 0 and 1, but point 1 has y = 2.0"):
        gc.make_model("neuron", inputs=2).loss_many(np.zeros((1, 3)), x, [0.0, 2.0], "bce")
    assert "bce" not in gc.LOSSES and gc.ALL_LOSSES == ("l1", "l2", "mse", "bce")  # the menu stays regression


def test_bce_landscape_curvature_and_per_point_gradients():
    ds = gc.preset("blobs")
    model = gc.make_model("neuron", inputs=2)
    p = np.array([0.4, -0.3, 0.2])
    u, v = np.linspace(-2, 2, 5), np.linspace(-1, 1, 4)
    np.testing.assert_allclose(gc.loss_surface(model, p, 0, 2, u, v, ds.x, ds.y, "bce"),
                               gc.loss_surface_naive(model, p, 0, 2, u, v, ds.x, ds.y, "bce"), rtol=1e-12)
    G = gc.per_point_gradients(model, p, ds.x, ds.y, "bce")
    np.testing.assert_allclose(G.sum(axis=0), model.loss_and_grad(p, ds.x, ds.y, "bce")[1], atol=1e-15)
    np.testing.assert_allclose(gc.hessian(model, p, ds.x, ds.y, "bce"), fd_hessian(model, p, ds.x, ds.y, "bce"),
                               rtol=1e-5, atol=1e-9)
    one = gc.make_model("neuron")
    step = gc.preset("step")
    np.testing.assert_allclose(gc.hessian(one, [1.0, -0.5], step.x, step.y, "bce"),
                               fd_hessian(one, np.array([1.0, -0.5]), step.x, step.y, "bce"), rtol=1e-5, atol=1e-9)


@pytest.mark.parametrize("key", ["plane", "neuron2", "network2-sigmoid"])
def test_curvature_of_the_two_input_models(key):
    model = {"plane": gc.make_model("plane"), "neuron2": gc.make_model("neuron", inputs=2),
             "network2-sigmoid": gc.make_model("network", hidden=2, inputs=2, output="sigmoid")}[key]
    ds = gc.preset("blobs")
    p = model.init_params(4)
    for loss in ("l2", "mse", "bce") if model.probability else ("l2", "mse"):
        G = gc.per_point_gradients(model, p, ds.x, ds.y, loss)
        np.testing.assert_allclose(G.sum(axis=0), model.loss_and_grad(p, ds.x, ds.y, loss)[1], rtol=1e-10, atol=1e-13)
        H = gc.hessian(model, p, ds.x, ds.y, loss)
        np.testing.assert_allclose(H, fd_hessian(model, p, ds.x, ds.y, loss), rtol=1e-4, atol=1e-7)


def test_accuracy_counts_the_right_side_of_one_half():
    model = gc.make_model("neuron", inputs=2)
    x = np.array([[1.0, 0.0], [-1.0, 0.0], [2.0, 0.0], [0.0, 0.0]])
    assert gc.accuracy(model, [1.0, 0.0, 0.0], x, [1, 0, 0, 1]) == 0.75  # p = 0.5 counts as class 1
    assert math.isnan(gc.accuracy(model, [1.0, 0.0, 0.0], np.zeros((0, 2)), []))
    with pytest.raises(ValueError, match="probability"):
        gc.accuracy(gc.make_model("plane"), [1, 1, 0], x, [1, 0, 0, 1])
