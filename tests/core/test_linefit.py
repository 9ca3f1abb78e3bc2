"""Tests for gradviz.core.linefit: least squares and the largest stable learning rate."""

import math

import numpy as np
import pytest

from gradviz.core import least_squares, max_stable_lr

LESSON_X = np.arange(1.0, 9.0)
LESSON_Y = np.array([0.85, 1.43, 1.92, 2.59, 3.20, 3.82, 4.38, 4.97])


def _lstsq(x, y):
    A = np.column_stack([x, np.ones_like(x)])
    return np.linalg.lstsq(A, y, rcond=None)[0]



# -- least squares -------------------------------------------------------------------------------

def test_least_squares_lesson():
    w, b = least_squares(LESSON_X, LESSON_Y)
    np.testing.assert_allclose([w, b], _lstsq(LESSON_X, LESSON_Y), rtol=1e-12)
    assert isinstance(w, float) and isinstance(b, float)


@pytest.mark.parametrize("seed", range(5))
def test_least_squares_matches_lstsq(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 300))
    x = rng.normal(rng.normal(0, 10), rng.uniform(0.1, 10), n)
    y = rng.normal(0, 3) * x + rng.normal(0, 5) + rng.normal(0, 1, n)
    np.testing.assert_allclose(least_squares(x, y), _lstsq(x, y), rtol=1e-9, atol=1e-9)


def test_least_squares_singular_cases():
    assert least_squares([], []) == (0.0, 0.0)
    assert least_squares([3.0], [5.0]) == (0.0, 5.0)
    assert least_squares([2.0, 2.0, 2.0], [1.0, 2.0, 6.0]) == (0.0, pytest.approx(3.0))


def test_least_squares_large_offsets():
    rng = np.random.default_rng(7)
    off = 1e9
    k = rng.uniform(0, 100, 200)
    x = off + k
    y = 0.37 * k - 4.0 + rng.normal(0, 0.5, 200)
    w_ref, b0 = _lstsq(k, y)  # fit on the shifted data: well conditioned
    b_ref = b0 - w_ref * off
    w, b = least_squares(x, y)
    assert w == pytest.approx(w_ref, rel=1e-7)
    # the intercept at x = 0 is ~1e9 away from the data; compare the line where the data is
    assert w * off + b == pytest.approx(w_ref * off + b_ref, abs=1e-5)


# -- max stable learning rate -------------------------------------------------------------------

def test_max_stable_lr_lesson():
    lr = max_stable_lr(LESSON_X, LESSON_Y, "l2")
    assert lr == pytest.approx(0.0095, abs=1e-4)  # why seed 001's 0.01 is too high
    assert 0.001 < lr < 0.01
    assert max_stable_lr(LESSON_X, LESSON_Y, "mse") == pytest.approx(lr * 8 / 2)
    assert max_stable_lr(LESSON_X, LESSON_Y, "l1") == math.inf
    assert max_stable_lr([], [], "l2") == math.inf
    with pytest.raises(ValueError):
        max_stable_lr(LESSON_X, LESSON_Y, "huber")


def _gd_line(x, y, loss, lr, steps, p0=(1.0, 0.0)):
    """Independent plain-numpy gradient descent; returns the final params and max loss."""
    w, b = p0
    n = x.size
    k = 1.0 if loss == "l2" else 2.0 / n
    worst = 0.0
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            e = w * x + b - y
            worst = max(worst, float(e @ e))
            if not np.isfinite(worst) or worst > 1e30:
                return None, worst
            w, b = w - lr * k * float(e @ x), b - lr * k * float(e.sum())
    return (w, b), worst


@pytest.mark.parametrize("loss", ["l2", "mse"])
@pytest.mark.parametrize("data", ["lesson", "random"])
def test_gd_converges_just_below_and_diverges_just_above(loss, data):
    if data == "lesson":
        x, y = LESSON_X, LESSON_Y
    else:
        rng = np.random.default_rng(11)
        x = rng.uniform(-1, 4, 30)
        y = 1.7 * x - 0.3 + rng.normal(0, 0.3, 30)
    lr = max_stable_lr(x, y, loss)
    opt = np.array(least_squares(x, y))
    p, _ = _gd_line(x, y, loss, 0.98 * lr, 6000)
    assert p is not None
    np.testing.assert_allclose(p, opt, atol=1e-6)
    p, worst = _gd_line(x, y, loss, 1.02 * lr, 6000)
    assert p is None and worst > 1e30
