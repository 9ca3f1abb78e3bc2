"""The network diagram: edges reflect the weights, tooltips, probe shading, layout."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QRectF, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from gradviz.gui.network.diagram import NetworkDiagram
from gradviz.gui.network.style import NEGATIVE_COLOR, POSITIVE_COLOR
from net_params import OFFSCREEN_NOISE, SEED4, make_params, sigmoid

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def test_diagram_follows_the_network_order(diagram):
    diagram.set_params(SEED4, 4)
    assert [diagram.tooltip_text(("w", i)).split(" (")[0] for i in range(4)] == [
        "w1 = 0.200", "w2 = -0.500", "w3 = 1.900", "w4 = -0.800"]
    assert [diagram.bias_text(i) for i in range(4)] == ["b = 1.00", "b = -5.70", "b = 0.00", "b = 7.10"]
    assert [diagram.tooltip_text(("v", i)).split(" (")[0] for i in range(4)] == [
        "v1 = 7.200", "v2 = 9.700", "v3 = -6.300", "v4 = -6.300"]
    assert "c = 0.000" in diagram.tooltip_text(("y",))
    with pytest.raises(ValueError, match="13 parameters"):
        diagram.set_params(SEED4[:-1], 4)


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
    w, b = SEED4[0:12:3], SEED4[1:12:3]
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


def test_non_finite_params_never_crash(diagram):
    p = make_params(w=[np.nan, 2.0, np.inf], b=[0.0, np.nan, -np.inf], v=[1.0, -np.inf, 2.0], c=np.nan)
    diagram.set_params(np.array(p), 3)
    diagram.set_probe_x(0.5)
    assert not diagram.edge_item("w", 0).isVisible()
    assert not diagram.edge_item("v", 1).isVisible()
    assert diagram.edge_item("w", 1).isVisible()
    assert "w1 = \u2014" in diagram.tooltip_text(("w", 0))
    assert "c = \u2014" in diagram.tooltip_text(("y",))
    assert diagram.bias_text(1) == "b = \u2014"
    assert math.isnan(diagram.node_activation(0))  # w1 is nan
    assert math.isnan(diagram.node_activation(2))  # w3 = inf, b3 = -inf
    diagram.grab()  # paints without error
    diagram.set_params(SEED4[: 3 * 3].tolist() + [0.5], 3)
    assert diagram.edge_item("w", 0).isVisible()


def in_view(d, scene_rect) -> bool:
    return d.viewport().rect().contains(d.mapFromScene(scene_rect).boundingRect())


@pytest.mark.parametrize("size", [(500, 200), (250, 420), (900, 260)])
def test_every_node_fits_in_a_small_viewport(qtbot, size):
    d = NetworkDiagram()
    qtbot.addWidget(d)
    d.resize(*size)
    d.show()
    qtbot.waitExposed(d)
    d.set_params(np.zeros(49), 16)
    assert d.view_scale() < 1.0
    for i in range(16):
        assert in_view(d, d.node_item(i).sceneBoundingRect()), i
    r = NetworkDiagram.NODE_RADIUS
    for p in (d.node_positions()[0], d.node_positions()[-1]):  # x and y
        assert in_view(d, QRectF(p.x() - r, p.y() - r, 2 * r, 2 * r))
    pos = d.node_positions()[1:-1]
    gaps = [b.y() - a.y() for a, b in zip(pos, pos[1:])]
    assert min(gaps) >= NetworkDiagram.MIN_SPACING - 1e-9  # scaled, not squashed


def test_a_roomy_viewport_is_not_scaled(diagram):
    diagram.set_params(SEED4, 4)
    assert diagram.view_scale() == 1.0
    assert diagram.sceneRect().width() == diagram.viewport().width()


def test_diagram_rebuilds_only_when_hidden_changes(diagram):
    diagram.set_params(SEED4, 4)
    first = diagram.edge_item("w", 0)
    diagram.set_params(SEED4 * 2, 4)
    assert diagram.edge_item("w", 0) is first
    diagram.set_params(np.zeros(4), 1)
    assert diagram.hidden() == 1 and len(diagram.node_positions()) == 3
