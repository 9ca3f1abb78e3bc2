"""Shared by the trainer's and the optimizers' tests: the lesson data, a dataset stand-in,
snapshot checks, and an optimizer run on given gradients."""

import math
import types

import numpy as np
import pytest

from gradviz.core import Line, Snapshot, least_squares
from gradviz.core.history import HISTORY_MAX

LESSON_X = np.arange(1.0, 9.0)
LESSON_Y = np.array([0.85, 1.43, 1.92, 2.59, 3.20, 3.82, 4.38, 4.97])


def ds(x, y):
    """Any object with float64 .x and .y works as a dataset."""
    return types.SimpleNamespace(x=np.asarray(x, dtype=float), y=np.asarray(y, dtype=float))


LESSON = ds(LESSON_X, LESSON_Y)
LS = np.array(least_squares(LESSON_X, LESSON_Y))


class PlainLine(Line):
    """Not exactly Line: the trainer takes the generic numpy route instead of O(1) sums."""


def assert_snapshot_sane(s: Snapshot):
    for name in ("params", "grad", "path_steps", "path_params", "path_losses"):
        a = getattr(s, name)
        assert isinstance(a, np.ndarray) and not a.flags.writeable, name
        assert np.all(np.isfinite(a)), name
    assert math.isfinite(s.loss) and math.isfinite(s.lr)
    assert s.path_steps.dtype == np.int64 and s.path_params.dtype == np.float64
    assert len(s.path_steps) == len(s.path_params) == len(s.path_losses) <= HISTORY_MAX
    assert s.path_steps[-1] == s.step
    np.testing.assert_array_equal(s.path_params[-1], s.params)
    assert s.path_losses[-1] == pytest.approx(s.loss, rel=1e-12, abs=1e-300)
    assert np.all(np.diff(s.path_steps) >= 0)


def run_optimizer(opt, p0, grads, lr):
    """The parameters after each of ``opt``'s steps on the given gradients (a fresh array
    every time; p0 is not touched)."""
    p = np.array(p0, dtype=float)
    out = []
    for g in grads:
        p = opt.step(p, np.array(g, dtype=float), lr)
        out.append(p.tolist())
    return out
