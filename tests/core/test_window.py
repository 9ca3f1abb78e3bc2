"""Tests for gradviz.core.window: suggest_window."""

import numpy as np
import pytest

from gradviz.core import Line, Network, least_squares, suggest_window

LESSON_X = np.arange(1.0, 9.0)
LESSON_Y = np.array([0.85, 1.43, 1.92, 2.59, 3.20, 3.82, 4.38, 4.97])


def _inside(val, win):
    return win[0] <= val <= win[1]


def test_window_holds_point_optimum_and_path():
    p = np.array([1.0, 0.0])
    (wl, wh), (bl, bh) = suggest_window(Line(), p, 0, 1, LESSON_X, LESSON_Y, "l2")
    w0, b0 = least_squares(LESSON_X, LESSON_Y)
    for val, win in ((1.0, (wl, wh)), (w0, (wl, wh)), (0.0, (bl, bh)), (b0, (bl, bh))):
        assert _inside(val, win)
    assert wl < min(1.0, w0) and wh > max(1.0, w0)  # padded
    path = np.array([[1.0, 0.0], [3.0, -2.0], [np.nan, 5.0], [0.5, 0.5]])
    uw, vw = suggest_window(Line(), p, 1, 0, LESSON_X, LESSON_Y, "l1", path=path)
    assert _inside(-2.0, uw) and _inside(5.0, uw) and _inside(3.0, vw) and _inside(w0, vw)


def test_window_never_zero_width_and_finite():
    net = Network(2)
    p = np.zeros(net.n_params)
    (a, b), (c, d) = suggest_window(net, p, 0, 6, [], [], "mse")
    assert a < 0 < b and c < 0 < d
    p[0] = 1e308
    (a, b), (c, d) = suggest_window(net, p, 0, 1, [1.0], [2.0], "l2", optimum=-p)
    assert all(np.isfinite([a, b, c, d])) and a < b and c < d
    (a, b), _ = suggest_window(Line(), [2.0, 2.0], 0, 1, [1.0], [4.0], "l2", optimum=[2.0, 2.0])
    assert a < 2.0 < b
    with pytest.raises(ValueError):
        suggest_window(Line(), [2.0, 2.0], 0, 1, [1.0], [4.0], "l2", path=np.zeros((3, 3)))
