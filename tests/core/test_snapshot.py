"""Tests for gradviz.core.snapshot: immutable, finite snapshots."""

import numpy as np
import pytest

from gradviz.core import Line, Trainer
from gradviz.core.snapshot import frozen

from training_helpers import LESSON  # tests/core/


def test_snapshots_are_read_only_copies():
    tr = Trainer(Line(), LESSON, lr=0.001)
    s = tr.step(10)
    p = s.params.copy()
    with pytest.raises(ValueError):
        s.params[0] = 5.0
    with pytest.raises(ValueError):
        s.path_params[0, 0] = 5.0
    tr.step(10)
    np.testing.assert_array_equal(s.params, p)
    assert s.step == 10
    with pytest.raises(AttributeError):
        s.step = 3
    q = tr.params
    q[0] = 100.0
    assert tr.params[0] != 100.0


def test_frozen_is_a_read_only_finite_copy():
    a = np.array([1.0, np.nan, np.inf, -np.inf])
    f = frozen(a)
    assert not f.flags.writeable and f is not a
    assert f.tolist() == [1.0, 0.0, np.finfo(np.float64).max, -np.finfo(np.float64).max]
    assert np.isnan(a[1])  # the source is untouched
    steps = frozen([0, 5], np.int64)
    assert steps.dtype == np.int64 and not steps.flags.writeable
