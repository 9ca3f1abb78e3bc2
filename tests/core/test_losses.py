"""Tests for gradviz.core.losses: the loss definitions and their derivatives."""

import numpy as np
import pytest

from gradviz.core import LOSSES, Line, loss_value
from gradviz.core.losses import loss_dpred


def test_loss_definitions_match_the_lessons():
    e = np.array([1.0, -2.0, 0.5, 0.0])
    assert loss_value(e, "l1") == pytest.approx(3.5)
    assert loss_value(e, "l2") == pytest.approx(0.5 * (1 + 4 + 0.25))  # seed 001: sum / 2
    assert loss_value(e, "mse") == pytest.approx((1 + 4 + 0.25) / 4)  # seed 002: mean
    assert isinstance(loss_value(e, "l2"), float)


def test_loss_on_empty_data_is_zero_not_nan():
    for loss in LOSSES:
        assert loss_value(np.array([]), loss) == 0.0


def test_loss_dpred():
    e = np.array([1.5, -2.0, 0.0])
    np.testing.assert_array_equal(loss_dpred(e, "l1"), [1.0, -1.0, 0.0])  # subgradient 0 at 0
    np.testing.assert_array_equal(loss_dpred(e, "l2"), e)
    np.testing.assert_allclose(loss_dpred(e, "mse"), 2 * e / 3)
    d = loss_dpred(e, "l2")
    d[0] = 99.0
    assert e[0] == 1.5  # a new array


@pytest.mark.parametrize("bad", ["L2", "rmse", "", None, 2])
def test_unknown_loss_names_the_valid_ones(bad):
    with pytest.raises(ValueError, match="l1.*l2.*mse"):
        loss_value([1.0], bad)
    with pytest.raises(ValueError, match="l1.*l2.*mse"):
        Line().loss([1.0, 0.0], [1.0], [1.0], bad)

