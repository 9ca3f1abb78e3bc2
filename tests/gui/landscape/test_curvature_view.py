"""The geometry the curvature overlay and the point arrows draw (no window needed)."""

from __future__ import annotations

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.gui.landscape.curvature_view import quadratic_ellipse
from gradviz.gui.landscape.point_arrows import HEAD_PX, arrow_segments

X = np.arange(1.0, 9.0)
Y = np.array([0.85, 1.43, 1.92, 2.59, 3.20, 3.82, 4.38, 4.97])


def _line(p, loss="l2"):
    m = gc.Line()
    L, g = m.loss_and_grad(p, X, Y, loss)
    return L, g, gc.hessian(m, p, X, Y, loss)


@pytest.mark.parametrize("loss", ["l2", "mse"])
def test_for_the_line_the_ellipse_is_the_contour_through_the_ball_around_the_optimum(loss):
    p = np.array([1.0, 0.0])
    L, g, B = _line(p, loss)
    geo = quadratic_ellipse(p, g, B)
    np.testing.assert_allclose(geo.center, gc.least_squares(X, Y), rtol=1e-10)
    # every point of the ellipse has the loss of the current point (the model is exact)
    losses = gc.Line().loss_many(geo.points, X, Y, loss)
    np.testing.assert_allclose(losses, L, rtol=1e-9)
    # the ball lies on it, and the long axis is the small eigenvalue's
    level = lambda q: np.einsum("...i,ij,...j->...", q - geo.center, B, q - geo.center)  # noqa: E731
    np.testing.assert_allclose(level(geo.points), level(p), rtol=1e-9)
    lam = np.linalg.eigvalsh(B)
    assert geo.semi_axes[0] / geo.semi_axes[1] == pytest.approx(np.sqrt(lam[1] / lam[0]), rel=1e-12)
    a0 = geo.axes[1] - geo.axes[0]
    np.testing.assert_allclose(B @ a0, lam[0] * a0, rtol=1e-9, atol=1e-9)


def test_the_quadratic_model_on_the_ellipse_equals_the_loss_here_for_a_neuron():
    m, rng = gc.Neuron(), np.random.default_rng(2)
    x, y = rng.uniform(-2, 2, 20), rng.uniform(0, 1, 20)
    for _ in range(20):
        p = rng.normal(0, 1, 2)
        g = m.loss_and_grad(p, x, y, "l2")[1]
        B = gc.hessian(m, p, x, y, "l2")
        geo = quadratic_ellipse(p, g, B)
        if geo is None:
            assert np.linalg.eigvalsh(B)[0] <= 0 or not np.any(g)
            continue
        d = geo.points - p
        q = d @ g + 0.5 * np.einsum("ki,ij,kj->k", d, B, d)
        np.testing.assert_allclose(q, 0.0, atol=1e-9 * max(1.0, float(np.abs(g @ (geo.center - p)))))


@pytest.mark.parametrize("B, g", [(np.diag([-1.0, 2.0]), [1.0, 1.0]), (np.zeros((2, 2)), [1.0, 0.0]),
                                  (np.diag([1.0, 2.0]), [0.0, 0.0]), (np.diag([1.0, np.nan]), [1.0, 1.0])])
def test_no_ellipse_where_there_is_no_bowl(B, g):
    assert quadratic_ellipse([0.0, 0.0], g, B) is None


def test_arrow_segments_have_heads_of_fixed_pixel_length():
    pixel = (0.01, 0.5)  # the axes scaled very differently
    V = np.array([[1.0, 0.0], [0.0, 20.0], [0.3, -9.0], [0.0, 0.0]])
    seg = arrow_segments((2.0, 3.0), V, pixel).reshape(-1, 6, 2)
    np.testing.assert_allclose(seg[:, 0], np.tile([2.0, 3.0], (4, 1)))
    np.testing.assert_allclose(seg[:, 1], [2.0, 3.0] + V)
    for k in range(3):
        for a, b in ((2, 3), (4, 5)):
            px = (seg[k, b] - seg[k, a]) / pixel
            assert np.hypot(*px) == pytest.approx(HEAD_PX)
            np.testing.assert_allclose(seg[k, a], seg[k, 1])
    np.testing.assert_allclose(seg[3], np.tile([2.0, 3.0], (6, 1)))  # a zero arrow: no stroke
