"""The real-value axis: log ticks never crowd, linear ticks carry no scale factor."""

from __future__ import annotations

import math

import pytest

from gradviz.gui.widgets.value_axis import ValueAxis, log_ticks


def gaps_px(vals, lo, hi, length):
    logs = [math.log10(v) for v in vals]
    return [(b - a) * length / (hi - lo) for a, b in zip(logs, logs[1:])]


@pytest.mark.parametrize("lo_real, hi_real", [(60.0, 100.0), (44.0, 44.5), (1e-6, 1e3), (0.2, 0.25), (1.0, 10.0)])
def test_log_ticks_fit_and_are_round(lo_real, hi_real):
    lo, hi = math.log10(lo_real), math.log10(hi_real)
    vals = log_ticks(lo, hi, 200, 20)
    assert len(vals) >= 2
    assert all(lo_real <= v <= hi_real for v in vals)
    assert min(gaps_px(vals, lo, hi, 200)) >= 20
    assert all(v == float(f"{v:.3g}") for v in vals)  # round numbers, exactly


def test_log_ticks_over_many_decades_are_powers_of_ten():
    vals = log_ticks(-12, 3, 200, 20)
    assert all(math.log10(v) == pytest.approx(round(math.log10(v))) for v in vals)
    assert len(vals) >= 3


def test_axis_labels_real_values(qtbot):
    axis = ValueAxis("left")
    assert axis.tickStrings([0.0001, 0.0005], 1.0, 0.0001) == ["0.0001", "0.0005"]
    axis.set_log(True)
    assert axis.tickStrings([math.log10(60), math.log10(80)], 1.0, 0.1) == ["60", "80"]
