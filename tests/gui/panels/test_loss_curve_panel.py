"""The loss curve on its own: readable ticks on both scales, the current-step dot, the
log toggle's signal."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QFontMetricsF

import gradviz.core as gc
from gradviz.gui.panels.loss_curve import LossCurvePanel
from panel_session import advance, session_for


@pytest.fixture
def make(qtbot):
    made = []

    def build(**kw):
        cm = session_for(**kw)
        s = cm.__enter__()
        made.append(cm)
        panel = LossCurvePanel(s)
        qtbot.addWidget(panel)
        panel.resize(520, 300)
        panel.show()
        qtbot.waitExposed(panel)
        return s, panel

    yield build
    for cm in made:
        cm.__exit__(None, None, None)


def view_y(panel):
    return panel.plot.getPlotItem().getViewBox().viewRange()[1]


def check_readable(panel, log: bool):
    """At least two labelled ticks, each label the real loss at its place, none overlapping,
    and the current-step dot inside the view."""
    ticks = panel.y_ticks()
    assert len(ticks) >= 2, ticks
    for pos, label in ticks:
        real = 10.0 ** pos if log else pos
        assert float(label.replace("\u2212", "-")) == pytest.approx(real, rel=1e-2, abs=1e-300), (pos, label)
    lo, hi = view_y(panel)
    px = panel.plot.getPlotItem().getViewBox().height() / (hi - lo)
    line = QFontMetricsF(panel.font()).height()
    gaps = np.diff(sorted(p for p, _ in ticks)) * px
    assert gaps.min() >= line, (ticks, gaps)
    _x, y = panel.current.getData()
    assert len(y) == 1 and lo <= y[0] <= hi


@pytest.mark.parametrize("steps", [0, 3])
def test_log_scale_at_the_start_has_labels_and_the_dot(qtbot, make, steps):
    s, panel = make()
    panel.set_log(True)
    if steps:
        advance(qtbot, s, steps)
    check_readable(panel, log=True)
    _x, y = panel.current.getData()
    assert 10.0 ** y[0] == pytest.approx(s.frame.snapshot.loss)


def test_the_step_axis_starts_with_whole_steps(qtbot, make):
    _s, panel = make()
    (x0, x1), _ = panel.plot.getPlotItem().getViewBox().viewRange()
    assert x0 < 0 < 10 < x1  # not 0..1, where the ticks read 0.1, 0.2, ... steps


@pytest.mark.slow
def test_log_labels_after_a_long_run_do_not_overlap(qtbot, make):
    s, panel = make(start=(1.0, 0.0))
    advance(qtbot, s, 3000)
    panel.set_log(True)
    check_readable(panel, log=True)
    panel.set_log(False)
    check_readable(panel, log=False)


def test_linear_ticks_show_real_values_without_a_scale_factor(qtbot, make):
    # losses near 5e-5: pyqtgraph's own axis would print "50" and title it "loss (x1e-06)"
    data = gc.Dataset.from_points([(0.0, 0.0), (1.0, 0.01)])
    s, panel = make(dataset=data, start=(0.0, 0.0))
    advance(qtbot, s, 5)
    check_readable(panel, log=False)
    assert "x" not in panel.plot.getPlotItem().getAxis("left").labelString().replace("&nbsp;", " ").split("loss")[1]


def test_log_toggle_signal(qtbot, make):
    _s, panel = make()
    got = []
    panel.logScaleChanged.connect(got.append)
    panel.set_log(True)
    panel.set_log(True)
    assert got == [True] and panel.is_log()
    panel.set_log(False)
    assert got == [True, False] and not panel.is_log()


def test_divergence_is_marked(qtbot, make):
    s, panel = make(lr=0.05)
    advance(qtbot, s, 500)
    assert s.frame.snapshot.diverged is not None
    assert panel.diverged_line.isVisible()
    assert panel.diverged_line.value() == s.frame.step


def test_an_edit_mid_run_is_marked_at_its_step(qtbot, make):
    s, panel = make()
    advance(qtbot, s, 50)
    assert panel.data_edit_steps() == [] and not panel.legend.isVisible()
    s.set_dataset(s.dataset.with_point(9.0, 5.0))
    qtbot.waitUntil(lambda: s.frame.data_changes != (), timeout=10000)
    at = s.frame.data_changes
    assert at == (s.frame.step,)
    assert panel.data_edit_steps() == [float(at[0])]
    # the mark spans the loss axis as shown, and says what it is
    _x, y = panel.data_marks.getData()
    assert tuple(y) == pytest.approx(view_y(panel))
    assert panel.data_marks.name() == "data edited" and panel.legend.isVisible()
    advance(qtbot, s, 20)
    assert panel.data_edit_steps() == [float(at[0])]  # it stays where it happened
    s.reset()
    qtbot.waitUntil(lambda: s.frame.step == 0, timeout=10000)
    assert panel.data_edit_steps() == []
