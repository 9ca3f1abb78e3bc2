"""The network panel on its own, built with a session: it draws the session's frames and
sends the user's weights, examples and re-initialisation back to it."""

from __future__ import annotations

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.gui.network.panel import NetworkPanel
from net_params import OFFSCREEN_NOISE, SEED4

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def make_panel(qtbot, session, size=(700, 600)):
    panel = NetworkPanel(session)
    qtbot.addWidget(panel)
    panel.resize(*size)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def shown_w1(panel) -> str:
    return panel.diagram.tooltip_text(("w", 0)).split(" (")[0]


def test_panel_forwards_everything(qtbot, net_session):
    s = net_session
    panel = make_panel(qtbot, s)
    panel.set_params(SEED4, 4)
    panel.editor.flush()
    assert panel.diagram.hidden() == 4 and panel.editor.group_count() == 4
    panel.set_probe_x(0.0)
    assert panel.diagram.node_activation(2) == pytest.approx(0.5)
    with qtbot.waitSignal(panel.paramsEdited, timeout=1000) as blocker:
        panel.editor.control("c").slider.setValue(900)  # -1.0
    assert blocker.args[0][-1] == -1.0
    assert s.start[-1] == -1.0  # the session took it as the new start point
    with qtbot.waitSignal(panel.examplePicked, timeout=1000) as blocker:
        panel.editor.example_buttons[2].click()
    assert blocker.args == [2]
    assert s.model.hidden == 2
    np.testing.assert_array_equal(s.start, gc.SEED001_NETWORKS[2]["params"])
    assert panel.diagram.hidden() == 2 and panel.editor.hidden() == 2
    seed = s.settings.seed
    with qtbot.waitSignal(panel.reinitRequested, timeout=1000):
        panel.editor.reinit_button.click()
    assert s.settings.seed == seed + 1


def test_panel_draws_each_frame_and_a_hidden_panel_catches_up_when_shown(qtbot, net_session):
    s = net_session
    panel = make_panel(qtbot, s)
    assert panel.diagram.hidden() == 4  # the start point, before any frame
    s.step_once(50)
    qtbot.waitUntil(lambda: s.frame.step >= 50, timeout=10000)
    w1 = s.frame.params[0]
    qtbot.waitUntil(lambda: shown_w1(panel) == f"w1 = {w1:.3f}", timeout=2000)
    panel.hide()
    s.step_once(200)
    qtbot.waitUntil(lambda: s.frame.step >= 250, timeout=10000)
    assert shown_w1(panel) == f"w1 = {w1:.3f}"  # hidden: it skipped the frames
    panel.show()
    assert shown_w1(panel) == f"w1 = {s.frame.params[0]:.3f}"
    np.testing.assert_allclose(panel.editor.params(), s.frame.params)


def test_panel_follows_the_hidden_size(qtbot, net_session):
    s = net_session
    panel = make_panel(qtbot, s)
    s.update_settings(hidden=7)
    assert panel.diagram.hidden() == 7 and panel.editor.hidden() == 7
    np.testing.assert_array_equal(panel.editor.params(), s.start)
    s.step_once(3)
    qtbot.waitUntil(lambda: s.frame.step >= 3 and s.frame.model.hidden == 7, timeout=10000)
    qtbot.wait(30)
    assert panel.diagram.hidden() == 7


def test_sixteen_neurons_lay_out_without_overlap(qtbot, net_session):
    panel = make_panel(qtbot, net_session, size=(760, 720))
    rng = np.random.default_rng(0)
    panel.set_params(rng.normal(0, 3, 49), 16)
    panel.set_probe_x(0.25)
    d = panel.diagram
    pos = d.node_positions()
    assert len(pos) == 18
    assert len({(round(p.x(), 3), round(p.y(), 3)) for p in pos}) == 18
    rects = [d.node_item(i).sceneBoundingRect() for i in range(16)]
    for i in range(15):
        assert rects[i].bottom() < rects[i + 1].top()  # stacked, none overlapping
    img = panel.grab().toImage()
    assert not img.isNull() and img.width() > 100 and img.height() > 100
    colours = {img.pixel(x, y) for x in range(0, img.width(), 7) for y in range(0, img.height(), 7)}
    assert len(colours) > 20  # not blank
