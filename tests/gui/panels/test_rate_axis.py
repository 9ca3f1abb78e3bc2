"""The loss curve's second axis: the scheduled learning rate over the steps in view,
shown only while a schedule is set, each point the schedule's own rate."""

from __future__ import annotations

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.gui.panels.loss_curve import LossCurvePanel
from panel_session import advance, session_for, wait_current


@pytest.fixture
def curve(qtbot):
    with session_for(start=(1.0, 0.0), lr=0.002) as s:
        p = LossCurvePanel(s)
        qtbot.addWidget(p)
        p.resize(520, 300)
        p.show()
        qtbot.waitExposed(p)
        yield s, p


def test_hidden_without_a_schedule(qtbot, curve):
    s, p = curve
    advance(qtbot, s, 5)
    assert not p.rate.is_shown() and p.rate.data()[0].size == 0


@pytest.mark.parametrize("spec", ["step:10:0.5", "exp:0.97", "cosine:30:0.0001"])
def test_the_rate_over_the_steps_in_view(qtbot, curve, spec):
    s, p = curve
    s.update_settings(schedule=spec)
    wait_current(qtbot, s)
    advance(qtbot, s, 12)
    assert p.rate.is_shown()
    steps, rates = p.rate.data()
    sch = gc.schedules.parse(spec)
    assert np.array_equal(steps, np.round(steps)) and steps[0] == 0
    assert steps[-1] >= int(p.plot.getPlotItem().getViewBox().viewRange()[0][1]) - 1
    np.testing.assert_array_equal(rates, [sch.rate_at(0.002, int(k)) for k in steps])
    x, y = p.rate.now.getData()
    assert (x[0], y[0]) == (12.0, s.frame.snapshot.next_lr) and y[0] == sch.rate_at(0.002, 12)
    lo, hi = p.rate.view.viewRange()[1]
    assert lo == 0 and hi >= rates.max()
    s.update_settings(schedule="constant")
    wait_current(qtbot, s)
    assert not p.rate.is_shown()
