"""The landscape views' scales and the state they draw."""

from __future__ import annotations

import numpy as np
import pytest

from gradviz.gui.landscape.scales import arrow_fraction

from landscape_bowl import STATE


def test_arrow_fraction_is_log_compressed_clamped_and_monotone():
    assert arrow_fraction(10.0, 10.0) == pytest.approx(0.30)
    assert arrow_fraction(1000.0, 10.0) == pytest.approx(0.30)       # clamped above
    assert arrow_fraction(0.01, 10.0) == pytest.approx(0.06)          # 1e-3 of the reference
    assert arrow_fraction(1e-5, 10.0) == pytest.approx(0.06)          # clamped below, still visible
    fracs = [arrow_fraction(g, 1.0) for g in np.logspace(-4, 1, 30)]
    assert all(a <= b for a, b in zip(fracs, fracs[1:]))
    assert arrow_fraction(0.0, 1.0) is None
    assert arrow_fraction(1e-9, 1.0) is None                          # converged: no arrow
    assert arrow_fraction(float("nan"), 1.0) is None
    assert arrow_fraction(float("inf"), 1.0) is None
    assert arrow_fraction(2.0, float("nan")) == pytest.approx(0.30)  # bad reference: |g| itself


def test_state_is_plain_frozen_data():
    with pytest.raises(AttributeError):
        STATE.current = (0.0, 0.0, 0.0)
