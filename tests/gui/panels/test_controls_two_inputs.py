"""The Controls panel's parameter boxes with two inputs: the plane and the neuron show w1, w2
and b there; a network's note sends the learner to the Network panel, which edits every one
of its parameters by name."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QLabel

from gradviz.gui.widgets.param_slider import ParamSlider
from windows import settled_frame, window_closed_after


@pytest.fixture
def window(qtbot):
    yield from window_closed_after(qtbot, use_gl=False)


def boxes(controls):
    return [w for w in controls.param_sliders if isinstance(w, ParamSlider)]


@pytest.mark.parametrize("preset, model", [("plane", "plane"), ("blobs", "neuron")])
def test_the_plane_and_the_neuron_show_w1_w2_and_b(qtbot, window, preset, model):
    s, c = window.session, window.controls
    window.load_preset(preset)
    assert s.model.name == model and s.model.n_inputs == 2
    assert [b.name for b in boxes(c)] == ["w1", "w2", "b"] == list(s.model.param_names)
    w2 = boxes(c)[1]
    w2.spin.setValue(-1.25)  # a value typed into w2 is the start point's w2
    assert s.start[1] == -1.25
    s.step_once(5)
    frame = settled_frame(qtbot, s)
    qtbot.waitUntil(lambda: [b.value() for b in boxes(c)] == frame.params.tolist(), timeout=3000)


def test_a_networks_note_is_true_for_two_inputs(qtbot, window):
    s, c = window.session, window.controls
    window.load_preset("xor")
    assert s.model.name == "network" and s.model.n_inputs == 2
    notes = [w for w in c.param_sliders if isinstance(w, QLabel)]
    assert [n.text() for n in notes] == ["The network's weights are in the Network panel."] and not boxes(c)
    dock = window.docks["network"]
    assert dock.toggleViewAction().isEnabled() and not dock.isHidden()
    editor = window.network.editor
    assert editor.names() == list(s.model.param_names)  # every parameter, by its name
    i = s.model.param_names.index("w3_2")
    editor.control("w3_2").spin.setValue(2.5)
    assert s.start[i] == 2.5
    np.testing.assert_array_equal(window.network.editor.params(), s.start)
