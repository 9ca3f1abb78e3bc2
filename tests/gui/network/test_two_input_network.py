"""The network panel with two inputs: x1 and x2 drawn as two input nodes, each hidden
neuron's two input weights as edges, σ in the output node of a probability network, and
the weight editor editing every parameter by its name."""

from __future__ import annotations

import math

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.gui.network.style import NEGATIVE_COLOR, POSITIVE_COLOR, edge_width
from gradviz.gui.state.session import Session
from gradviz.gui.state.settings import Settings
from net_params import OFFSCREEN_NOISE
from test_network_panel import make_panel

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)

XOR_NET = gc.make_model("network", hidden=3, inputs=2, output="sigmoid")


def by_name(model, params) -> dict[str, float]:
    """The parameters by name, read from the model's own list of names."""
    return dict(zip(model.param_names, np.asarray(params, dtype=float).tolist()))


@pytest.fixture
def xor_session():
    s = Session(gc.preset("xor"), Settings(model="network", hidden=3, loss="bce", optimizer="adam", lr=0.05,
                                           speed=math.inf))
    yield s
    s.shutdown()


def test_the_diagram_draws_two_inputs_and_every_weight_by_its_name(diagram):
    params = np.array([0.5, -3.0, 1.0, 2.0,  # w1_1, w1_2, b1, v1
                       -0.25, 6.0, 0.0, -1.5,  # w2_1, w2_2, b2, v2
                       0.0, 1.0, -2.0, 0.75,  # w3_1, w3_2, b3, v3
                       0.1])  # c
    diagram.set_params(params, 3, inputs=2, sigmoid=True)
    named = by_name(XOR_NET, params)
    edges = diagram.edge_weights()
    assert set(edges) == {n for n in XOR_NET.param_names if n[0] in "wv"}  # b and c are written in nodes
    assert edges == {n: named[n] for n in edges}
    for name, w in edges.items():
        pen = diagram.edge_by_name(name).pen()
        if w != 0:
            assert pen.color() == (POSITIVE_COLOR if w > 0 else NEGATIVE_COLOR)
            assert pen.widthF() == pytest.approx(edge_width(w), abs=0.051)
    assert diagram.node_names() == ["x1", "x2", "\u03c3"]
    assert "y = \u03c3(\u03a3 v" in diagram.formula_text() and "x2" in diagram.formula_text()
    assert len(diagram.node_positions()) == 2 + 3 + 1
    assert diagram.tooltip_text(("w", 1, 1)).startswith("w2_2 = 6.000 (x2 \u2192 h2)")
    assert "b3 = -2.000" in diagram.tooltip_text(("h", 2))
    assert "probability" in diagram.tooltip_text(("y",))
    # the mouse finds an edge from x2 by its key, and the inputs by theirs
    assert diagram.key_at(diagram.edge_item("w", 0, 1).line().center()) == ("w", 0, 1)
    x1, x2 = diagram.node_positions()[:2]
    assert diagram.key_at(x1) == ("x", 0) and diagram.key_at(x2) == ("x", 1)
    assert x1.y() < x2.y()


def test_edge_labels_name_the_two_weights(diagram):
    diagram.set_params(np.arange(9, dtype=float) - 4, 2, inputs=2)  # roomy: labels shown
    assert diagram.edge_labels_visible()
    assert diagram.edge_label_text("w", 1, 0) == "w2_1 = 0.00"
    assert diagram.edge_label_text("w", 0, 1) == "w1_2 = -3.00"
    assert diagram.node_names() == ["x1", "x2", "y"]  # a linear output


def test_back_to_one_input_redraws_one_input_node(diagram):
    diagram.set_params(np.zeros(4 * 4 + 1), 4, inputs=2, sigmoid=True)
    diagram.set_params(np.zeros(3 * 4 + 1), 4)
    assert diagram.node_names() == ["x", "y"] and len(diagram.node_positions()) == 4 + 2
    assert set(diagram.edge_weights()) == {f"{k}{i}" for k in "wv" for i in range(1, 5)}
    diagram.set_probe_x(0.0)
    assert diagram.node_activation(0) == pytest.approx(0.5)


def test_the_editor_edits_every_parameter_by_its_name(editor, qtbot):
    params = np.linspace(-1, 1, XOR_NET.n_params)
    editor.set_params(params, 3, inputs=2, sigmoid=True)
    editor.flush()
    assert editor.names() == list(XOR_NET.param_names)
    for name, v in by_name(XOR_NET, params).items():
        assert editor.control(name).value() == pytest.approx(v)
    for name in ("w2_1", "w3_2", "b1", "v2", "c"):
        with qtbot.waitSignal(editor.paramsEdited, timeout=1000) as blocker:
            editor.control(name).spin.setValue(7.25)
        got = by_name(XOR_NET, blocker.args[0])
        assert got[name] == 7.25
        assert {n: v for n, v in got.items() if n != name} == {
            n: v for n, v in by_name(XOR_NET, editor.params()).items() if n != name}
    for k, btn in editor.example_buttons.items():
        assert not btn.isEnabled()  # seed 001's examples have one input


def test_the_panel_shows_the_sessions_two_input_network_and_edits_it(qtbot, xor_session):
    s = xor_session
    assert s.model == XOR_NET
    panel = make_panel(qtbot, s, (760, 640))
    d = panel.diagram
    assert d.placeholder_text() == "" and d.shape().inputs == 2 and d.shape().sigmoid
    s.step_once(20)
    qtbot.waitUntil(lambda: s.frame.step >= 20, timeout=10000)
    named = by_name(s.model, s.frame.params)
    qtbot.waitUntil(lambda: d.edge_weights() == {n: named[n] for n in d.edge_weights()}, timeout=3000)
    # a weight typed into the editor becomes the model's parameter of that name
    with qtbot.waitSignal(panel.paramsEdited, timeout=1000):
        panel.editor.control("w2_2").spin.setValue(-4.5)
    i = s.model.param_names.index("w2_2")
    assert s.start[i] == -4.5
    qtbot.waitUntil(lambda: s.frame.params[i] == -4.5 and s.frame.step == 0, timeout=5000)
    assert d.edge_weights()["w2_2"] == -4.5
    x = s.dataset.x
    h2 = gc.sigmoid(x @ s.frame.params[4:6] + s.frame.params[6])  # the neuron's own sum, written out
    np.testing.assert_allclose(s.model.activations(s.frame.params, x)[1], h2, rtol=1e-12)


def test_the_whole_diagram_fits_its_panel(qtbot, xor_session):
    panel = make_panel(qtbot, xor_session, (520, 340))
    d = panel.diagram
    seen = d.mapToScene(d.viewport().rect()).boundingRect()
    for p in d.node_positions():
        assert seen.contains(p)
    img = d.grab().toImage()
    colours = {img.pixel(x, y) for x in range(0, img.width(), 5) for y in range(0, img.height(), 5)}
    assert len(colours) > 20  # drawn, not blank


def test_the_network_dock_title_names_what_flows_through_it():
    from gradviz.gui.network.shape import NetShape

    assert NetShape(4).title() == "Network: x → hidden sigmoid neurons → y"
    assert NetShape(4, inputs=2, sigmoid=True).title() == "Network: x1, x2 → hidden sigmoid neurons → σ → p"
