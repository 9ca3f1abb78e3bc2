"""Each check against numbers computed here, apart from the app."""

from __future__ import annotations

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.gui.lesson.checks import LessonState, evaluate
from gradviz.gui.lesson.lesson_file import Check

DS = gc.preset("lesson")
X = np.arange(1.0, 9.0)
Y = np.array([0.85, 1.43, 1.92, 2.59, 3.20, 3.82, 4.38, 4.97])


def state(params=(1.0, 0.0), **kw) -> LessonState:
    base = dict(dataset=DS, model="line", loss="l2", optimizer="gd", lr=0.001, params=np.array(params, float),
                chapter_start=np.array([1.0, 0.0]), step=0, diverged=False)
    base.update(kw)
    return LessonState(**base)


def half_sse(w, b):
    return 0.5 * float(np.sum((w * X + b - Y) ** 2))


def test_fit_within_percent_of_least_squares():
    A = np.vstack([X, np.ones_like(X)]).T
    (w, b), *_ = np.linalg.lstsq(A, Y, rcond=None)
    best = half_sse(w, b)
    fit = Check("fit", {"within_percent": 50.0})
    assert evaluate(fit, state((w, b))).passed
    assert evaluate(fit, state((0.6, 0.2))).passed  # the seed's fit: 17 % above the best
    assert half_sse(0.6, 0.2) < 1.5 * best < half_sse(0.61, 0.2)
    assert not evaluate(fit, state((0.61, 0.2))).passed
    v = evaluate(Check("fit", {"within_percent": 3.0}, hint="Try harder."), state((0.6, 0.2)))
    assert not v.passed and v.text.endswith("Try harder.")
    ok = evaluate(Check("fit", {"within_percent": 3.0}), state((w, b)))
    assert ok.text.startswith("Well fitted: your loss") and "within 3 % of the best" in ok.text
    assert not evaluate(Check("fit", {"within_percent": 50.0, "min_steps": 100}), state((w, b), step=99)).passed
    assert not evaluate(fit, state((w, b), model="neuron")).passed


def test_a_rate_that_converges():
    H = np.array([[np.sum(X * X), np.sum(X)], [np.sum(X), len(X)]])
    top = 2 / np.linalg.eigvalsh(H).max()
    assert 0.009 < top < 0.01  # the seed's 0.01 is too high
    rate = Check("rate", {"at_least": 0.001})
    assert not evaluate(rate, state(lr=0.01)).passed
    assert evaluate(rate, state(lr=0.005)).passed
    assert evaluate(rate, state(lr=top * 0.999)).passed
    assert not evaluate(rate, state(lr=top * 1.001)).passed
    assert not evaluate(rate, state(lr=0.0005)).passed  # converges, too slowly for the chapter


def test_valley_of_the_roller_coaster():
    # valleys and hilltops found on a fine grid by finite differences of f itself
    xs = np.linspace(-2.5, 2.5, 200001)
    slope = np.gradient(np.array([gc.roller_coaster(x) for x in xs]), xs)
    bend = np.gradient(slope, xs)
    valleys = xs[1:][(np.sign(slope[1:]) != np.sign(slope[:-1])) & (bend[1:] > 0)]
    peaks = xs[1:][(np.sign(slope[1:]) != np.sign(slope[:-1])) & (bend[1:] < 0)]
    assert len(valleys) >= 1 and len(peaks) >= 1
    valley = Check("valley", {})
    for x in valleys:
        assert evaluate(valley, state(derivative_x=float(x))).passed
    for x in peaks:
        v = evaluate(valley, state(derivative_x=float(x)))
        assert not v.passed and "hilltop" in v.text
    assert not evaluate(valley, state(derivative_x=0.0)).passed  # the seed's start: slope 1.3
    assert not evaluate(valley, state(derivative_x=None)).passed


def test_setting_moved_steps_and_loss_below():
    assert evaluate(Check("setting", {"name": "loss", "equals": "l2"}), state()).passed
    assert not evaluate(Check("setting", {"name": "loss", "equals": "l2"}), state(loss="l1")).passed
    up = Check("moved", {"param": "b", "direction": "up"})
    assert evaluate(up, state((1.0, 0.5))).passed
    assert not evaluate(up, state((1.0, -0.5))).passed and not evaluate(up, state((2.0, 0.0))).passed
    assert evaluate(Check("moved", {"param": "w", "direction": "any"}), state((0.5, 0.0))).passed
    assert evaluate(Check("steps", {"at_least": 1}), state(step=1)).text == "1 step taken."
    assert not evaluate(Check("steps", {"at_least": 1}), state(step=0)).passed
    below = Check("loss_below", {"value": 14.0})
    assert half_sse(1, 0) == pytest.approx(13.7698)
    assert evaluate(below, state()).passed  # ½Σe² at (1, 0) is 13.77
    assert not evaluate(Check("loss_below", {"value": 13.0}), state()).passed
    assert not evaluate(below, state((1e300, 0.0))).passed  # an overflowing loss never passes
