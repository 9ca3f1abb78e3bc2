"""The network panel: diagram reflects the weights, probe shading, editor signals."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from gradviz.gui.network.panel import (
    MAX_EDGE_WIDTH,
    MIN_EDGE_WIDTH,
    NEGATIVE_COLOR,
    POSITIVE_COLOR,
    NetworkDiagram,
    NetworkPanel,
    NetworkParamsEditor,
    edge_width,
    unpack_params,
)

# Qt's offscreen platform (QT_QPA_PLATFORM=offscreen) says these when a widget with a layout
# or a tooltip is shown; harmless, and not said under xcb/Xvfb, where the suite normally runs.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")

# seed 001's four-neuron example: w_i, b_i, v_i per neuron, then c
SEED4 = np.array([0.2, 1.0, 7.2, -0.5, -5.7, 9.7, 1.9, 0.0, -6.3, -0.8, 7.1, -6.3, 0.0])


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def make_params(w, b, v, c=0.0):
    return np.column_stack([w, b, v]).ravel().tolist() + [c]


@pytest.fixture
def diagram(qtbot):
    d = NetworkDiagram()
    qtbot.addWidget(d)
    d.resize(700, 500)
    d.show()
    qtbot.waitExposed(d)
    return d


@pytest.fixture
def editor(qtbot):
    e = NetworkParamsEditor()
    qtbot.addWidget(e)
    e.resize(700, 400)
    e.show()
    qtbot.waitExposed(e)
    return e


# --------------------------------------------------------------------------- helpers
def test_unpack_follows_the_network_order():
    w, b, v, c = unpack_params(SEED4, 4)
    assert w.tolist() == [0.2, -0.5, 1.9, -0.8]
    assert b.tolist() == [1.0, -5.7, 0.0, 7.1]
    assert v.tolist() == [7.2, 9.7, -6.3, -6.3]
    assert c == 0.0
    with pytest.raises(ValueError, match="4 hidden neurons has 13 parameters"):
        unpack_params(SEED4[:-1], 4)


def test_edge_width_is_monotone_clamped_and_never_invisible():
    ws = [0.0, 0.01, 0.1, 1.0, 3.0, 10.0]
    widths = [edge_width(w) for w in ws]
    assert widths == sorted(widths) and widths[0] == MIN_EDGE_WIDTH
    assert widths[1] < widths[2] < widths[3] < widths[4] < widths[5]
    assert edge_width(-3.0) == edge_width(3.0)
    assert edge_width(1e6) == MAX_EDGE_WIDTH
    # log-ish: weight 1 is still clearly visible next to a weight of 1000
    assert edge_width(1.0) > MIN_EDGE_WIDTH + 0.2 * (MAX_EDGE_WIDTH - MIN_EDGE_WIDTH)


# --------------------------------------------------------------------------- diagram
def test_edges_reflect_sign_and_magnitude(diagram):
    p = make_params(w=[0.5, -3.0, 6.0], b=[0, 0, 0], v=[-0.2, 2.0, 0.0], c=0.3)
    diagram.set_params(np.array(p), 3)
    w0, w1, w2 = (diagram.edge_item("w", i) for i in range(3))
    assert w0.pen().color() == POSITIVE_COLOR
    assert w1.pen().color() == NEGATIVE_COLOR
    assert w0.pen().widthF() < w1.pen().widthF() < w2.pen().widthF()
    assert diagram.edge_item("v", 0).pen().color() == NEGATIVE_COLOR
    assert diagram.edge_item("v", 1).pen().color() == POSITIVE_COLOR
    # a weight of exactly 0 is drawn thin and dashed, in neither sign colour
    zero = diagram.edge_item("v", 2).pen()
    assert zero.style() == Qt.PenStyle.DashLine and zero.color() not in (POSITIVE_COLOR, NEGATIVE_COLOR)
    # and the next frame updates them in place (same items, new pens)
    p2 = make_params(w=[-0.5, 3.0, 0.1], b=[0, 0, 0], v=[0.2, -2.0, 1.0], c=0.3)
    diagram.set_params(np.array(p2), 3)
    assert diagram.edge_item("w", 0) is w0
    assert w0.pen().color() == NEGATIVE_COLOR and w1.pen().color() == POSITIVE_COLOR
    assert w2.pen().widthF() < w1.pen().widthF()


def test_tooltips_name_the_parameter_and_its_value(diagram):
    p = make_params(w=[1.0, 2.0, -0.512], b=[0.25, 0, -1.5], v=[1.5, -2.25, 3.0], c=0.75)
    diagram.set_params(np.array(p), 3)
    assert diagram.tooltip_text(("w", 2)).startswith("w3 = -0.512 (input \u2192 h3)")
    assert "v2 = -2.250 (h2 \u2192 output)" in diagram.tooltip_text(("v", 1))
    assert "b1 = 0.250" in diagram.tooltip_text(("h", 0))
    assert "c = 0.750" in diagram.tooltip_text(("y",))
    # hit testing: the middle of an edge and the centre of a node
    line = diagram.edge_item("w", 2).line()
    assert diagram.key_at(line.center()) == ("w", 2)
    pos = diagram.node_positions()
    assert diagram.key_at(pos[2]) == ("h", 1)
    assert diagram.key_at(pos[0]) == ("x",) and diagram.key_at(pos[-1]) == ("y",)


def test_hover_shows_the_tooltip(diagram, qtbot):
    p = make_params(w=[1.0, -0.512], b=[0, 0], v=[1.0, 1.0])
    diagram.set_params(np.array(p), 2)
    scene_pt = diagram.edge_item("w", 1).line().center()
    vp_pt = diagram.mapFromScene(scene_pt)
    event = QHelpEvent(QEvent.Type.ToolTip, vp_pt, diagram.viewport().mapToGlobal(vp_pt))
    QApplication.sendEvent(diagram.viewport(), event)
    try:
        assert "w2 = -0.512 (input \u2192 h2)" in QToolTip.text()
    finally:
        QToolTip.hideText()


def test_edge_values_written_on_edges_when_there_is_room(diagram):
    diagram.set_params(SEED4, 4)
    assert diagram.edge_labels_visible()
    assert diagram.edge_label_text("w", 2) == "w3 = 1.90"
    assert diagram.edge_label_text("v", 3) == "v4 = -6.30"


def test_probe_shading_follows_the_activation(diagram):
    diagram.set_params(SEED4, 4)
    assert diagram.node_activation(0) is None
    white = diagram.node_item(0).brush().color()
    x = 0.7
    diagram.set_probe_x(x)
    w, b, _, _ = unpack_params(SEED4, 4)
    acts = [diagram.node_activation(i) for i in range(4)]
    assert acts == pytest.approx([sigmoid(w[i] * x + b[i]) for i in range(4)], abs=1e-12)
    # more active -> more yellow (less blue in the fill)
    blues = [diagram.node_item(i).brush().color().blue() for i in range(4)]
    order = np.argsort(acts)
    assert [blues[i] for i in order] == sorted(blues, reverse=True)
    # the activations follow new parameters too
    p = SEED4.copy()
    p[1] = -20.0  # b1: h1 switched off
    diagram.set_params(p, 4)
    assert diagram.node_activation(0) == pytest.approx(sigmoid(0.2 * x - 20.0))
    assert "activation at x = 0.700" in diagram.tooltip_text(("h", 0))
    diagram.set_probe_x(None)
    assert diagram.node_activation(0) is None
    assert diagram.node_item(0).brush().color() == white


def test_non_finite_params_never_crash(diagram, editor):
    p = make_params(w=[np.nan, 2.0, np.inf], b=[0.0, np.nan, -np.inf], v=[1.0, -np.inf, 2.0], c=np.nan)
    diagram.set_params(np.array(p), 3)
    diagram.set_probe_x(0.5)
    assert not diagram.edge_item("w", 0).isVisible()
    assert not diagram.edge_item("v", 1).isVisible()
    assert diagram.edge_item("w", 1).isVisible()
    assert "w1 = \u2014" in diagram.tooltip_text(("w", 0))
    assert "c = \u2014" in diagram.tooltip_text(("y",))
    assert diagram._neurons[1].bias.text() == "b = \u2014"
    assert math.isnan(diagram.node_activation(0))  # w1 is nan
    assert math.isnan(diagram.node_activation(2))  # w3 = inf, b3 = -inf
    diagram.grab()  # paints without error
    editor.set_params(np.array(p), 3)
    editor.flush()
    assert editor.control("w1").spin.text() == "\u2014"
    assert editor.control("c").spin.text() == "\u2014"
    # back to finite values: the dash goes away
    editor.set_params(SEED4[: 3 * 3].tolist() + [0.5], 3)
    editor.flush()
    assert editor.control("w1").spin.value() == pytest.approx(0.2)
    assert editor.control("c").spin.text() == "0.500"
    diagram.set_params(SEED4[: 3 * 3].tolist() + [0.5], 3)
    assert diagram.edge_item("w", 0).isVisible()


def test_sixteen_neurons_lay_out_without_overlap(qtbot):
    panel = NetworkPanel()
    qtbot.addWidget(panel)
    panel.resize(760, 720)
    panel.show()
    qtbot.waitExposed(panel)
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


def test_small_viewport_scrolls_instead_of_squashing(qtbot):
    d = NetworkDiagram()
    qtbot.addWidget(d)
    d.resize(500, 200)
    d.show()
    d.set_params(np.zeros(49), 16)
    pos = d.node_positions()[1:-1]
    gaps = [b.y() - a.y() for a, b in zip(pos, pos[1:])]
    assert min(gaps) >= NetworkDiagram.MIN_SPACING - 1e-9
    assert d.sceneRect().height() > d.viewport().height()


def test_diagram_rebuilds_only_when_hidden_changes(diagram):
    diagram.set_params(SEED4, 4)
    first = diagram.edge_item("w", 0)
    diagram.set_params(SEED4 * 2, 4)
    assert diagram.edge_item("w", 0) is first
    diagram.set_params(np.zeros(4), 1)
    assert diagram.hidden() == 1 and len(diagram.node_positions()) == 3


# --------------------------------------------------------------------------- editor
def test_slider_emits_all_params_with_one_changed(editor, qtbot):
    p = np.array([0.123456, -1.5, 2.25, 3.3333, 0.5, -0.75, 0.1])
    editor.set_params(p, 2)
    ctl = editor.control("b2")
    with qtbot.waitSignal(editor.paramsEdited, timeout=1000) as blocker:
        ctl.slider.setValue(250)  # 2.5
    got = blocker.args[0]
    assert isinstance(got, np.ndarray)
    expected = p.copy()
    expected[4] = 2.5
    np.testing.assert_array_equal(got, expected)
    assert ctl.spin.value() == pytest.approx(2.5)


def test_spin_box_accepts_values_beyond_the_slider(editor, qtbot):
    p = np.array([1.0, 2.0, 3.0, 4.0])
    editor.set_params(p, 1)
    ctl = editor.control("v1")
    with qtbot.waitSignal(editor.paramsEdited, timeout=1000) as blocker:
        ctl.spin.setValue(-17.5)
    np.testing.assert_array_equal(blocker.args[0], [1.0, 2.0, -17.5, 4.0])
    assert ctl.slider.value() == ctl.slider.minimum()  # pinned at -10
    assert ctl.spin.minimum() <= -20 and ctl.spin.maximum() >= 20
    # a trained weight far outside any default range is shown, not clamped
    editor.set_params([1.0, 2.0, 5000.0, 4.0], 1)
    editor.flush()
    assert ctl.spin.value() == 5000.0 and ctl.slider.value() == ctl.slider.maximum()


def test_set_params_does_not_emit(editor, qtbot):
    with qtbot.assertNotEmitted(editor.paramsEdited):
        editor.set_params(SEED4, 4)
        editor.flush()
        editor.set_params(SEED4 * 0.5, 4)
        editor.flush()
    assert editor.control("w3").spin.value() == pytest.approx(0.95)
    assert editor.control("w3").slider.value() == 95
    assert editor.control("v2").spin.value() == pytest.approx(4.85)


def test_set_params_streams_cheaply_and_the_last_call_lands(editor, qtbot):
    editor.set_params(SEED4, 4)
    for k in range(1, 30):
        editor.set_params(SEED4 + 0.01 * k, 4)
    qtbot.waitUntil(lambda: editor.control("c").spin.value() == pytest.approx(0.29), timeout=2000)
    assert editor.control("w1").spin.value() == pytest.approx(0.49)


def test_user_dragging_a_slider_keeps_its_value(editor, qtbot):
    editor.set_params(SEED4, 4)
    ctl = editor.control("w2")
    ctl.slider.setSliderDown(True)
    with qtbot.waitSignal(editor.paramsEdited, timeout=1000):
        ctl.slider.setValue(300)
    editor.set_params(SEED4 + 1.0, 4)  # e.g. the trainer's echo
    editor.flush()
    assert ctl.slider.value() == 300 and editor.params()[3] == 3.0
    assert editor.control("w1").spin.value() == pytest.approx(1.2)
    ctl.slider.setSliderDown(False)
    editor.set_params(SEED4 + 1.0, 4)
    editor.flush()
    assert ctl.spin.value() == pytest.approx(0.5)


def test_hidden_change_rebuilds_groups(editor):
    for h in (1, 4, 16, 2):
        editor.set_params(np.zeros(3 * h + 1), h)
        assert editor.group_count() == h
        assert len(editor.findChildren(type(editor.groups()[0]), "neuronGroup")) >= h
    groups = editor.groups()
    editor.set_params(np.ones(7), 2)
    assert editor.groups() == groups  # same H: kept
    with pytest.raises(ValueError):
        editor.set_params(np.ones(6), 2)


def test_example_and_reinit_buttons(editor, qtbot):
    for k in (1, 2, 4):
        with qtbot.waitSignal(editor.examplePicked, timeout=1000) as blocker:
            qtbot.mouseClick(editor.example_buttons[k], Qt.MouseButton.LeftButton)
        assert blocker.args == [k]
    with qtbot.waitSignal(editor.reinitRequested, timeout=1000):
        qtbot.mouseClick(editor.reinit_button, Qt.MouseButton.LeftButton)
    assert editor.reinit_button.toolTip() and editor.example_buttons[4].toolTip()


# --------------------------------------------------------------------------- panel
def test_panel_forwards_everything(qtbot):
    panel = NetworkPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.set_params(SEED4, 4)
    panel.editor.flush()
    assert panel.diagram.hidden() == 4 and panel.editor.group_count() == 4
    panel.set_probe_x(0.0)
    assert panel.diagram.node_activation(2) == pytest.approx(0.5)
    with qtbot.waitSignal(panel.paramsEdited, timeout=1000) as blocker:
        panel.editor.control("c").slider.setValue(-100)
    assert blocker.args[0][-1] == -1.0
    with qtbot.waitSignal(panel.examplePicked, timeout=1000) as blocker:
        panel.editor.example_buttons[2].click()
    assert blocker.args == [2]
    with qtbot.waitSignal(panel.reinitRequested, timeout=1000):
        panel.editor.reinit_button.click()
    assert QColor(POSITIVE_COLOR) != QColor(NEGATIVE_COLOR)
