"""The window with two-input data: the plane view, the menus, the readout's accuracy, and
undo back to one input."""

from __future__ import annotations

import numpy as np
import pytest

import gradviz.core as gc
from windows import window_closed_after


@pytest.fixture
def window(qtbot):
    yield from window_closed_after(qtbot, use_gl=False)


def keys(combo):
    return tuple(combo.itemData(i) for i in range(combo.count()))


def test_a_two_input_preset_and_undo(qtbot, window):
    c, s = window.controls, window.session
    window.load_preset("xor")
    assert window.centralWidget().shown_view() is window.plane_view
    assert keys(c.model_combo) == ("plane", "neuron", "network")
    assert keys(c.loss_combo) == gc.LOSSES + ("bce",)
    assert c.loss_combo.currentData() == "bce" and c.model_combo.currentData() == "network"
    window.editor.undo()
    assert window.centralWidget().shown_view() is window.data_panel
    assert keys(c.model_combo) == gc.MODEL_NAMES and keys(c.loss_combo) == gc.LOSSES
    assert s.model == gc.make_model("line") and s.dataset.name == "lesson"
    window.editor.redo()
    assert s.model.n_inputs == 2


def test_the_readout_counts_the_points_on_the_right_side(qtbot, window):
    s = window.session
    window.load_preset("blobs")
    s.set_start([1.0, 0.0, -1.0])  # class 1 where x1 > 1
    qtbot.waitUntil(lambda: np.allclose(s.frame.params, [1, 0, -1]), timeout=5000)
    ds = s.dataset
    right = np.sum((ds.x[:, 0] > 1.0) == (ds.y == 1.0))
    assert window.readout.values["accuracy"] == pytest.approx(right / len(ds))
    assert f"{right} of {len(ds)} points" in window.readout.label.toPlainText()


def test_the_network_diagram_draws_the_two_inputs(qtbot, window):
    window.load_preset("xor")
    assert window.session.model.name == "network"
    d = window.network.diagram
    assert d.placeholder_text() == "" and d.node_names() == ["x1", "x2", "\u03c3"]
    assert window.docks["network"].toggleViewAction().isEnabled()
    assert window.docks["network"].windowTitle() == "Network: x1, x2 → hidden sigmoid neurons → σ → p"


def test_the_planes_landscape_follows_its_bias(qtbot, window):
    """The slice over (w1, w2) goes through the current b, also while (w1, w2) stay in view:
    after training it holds the current loss, not the start's b = 0 slice."""
    s = window.session
    window.load_preset("plane")
    s.set_start([0.5, -0.8, 0.0])  # near the best (w1, w2): training moves b, the point stays in view
    s.update_settings(speed=float("inf"))
    s.play()
    qtbot.waitUntil(lambda: s.snapshot.step > 3000, timeout=20000)
    s.pause()
    p = s.frame.params
    qtbot.waitUntil(lambda: window.landscape.surface is not None
                    and window.landscape.slice_params is not None
                    and window.landscape.slice_params[2] == p[2], timeout=5000)
    u, v, Z = window.landscape.surface
    model, ds = s.model, s.dataset
    a, b = len(u) // 3, len(v) // 2
    q = p.copy()
    q[0], q[1] = u[a], v[b]
    assert Z[a, b] == pytest.approx(model.loss(q, ds.x, ds.y, "l2"), rel=1e-9)


def test_two_input_data_is_autosaved_and_restored(qtbot, window):
    from gradviz.gui.files.autosave import restore_state

    window.autosave.set_enabled(True)
    window.load_preset("xor")
    assert window.autosave.flush()
    r = restore_state(window.autosave.state_path.parent)
    assert r.dataset == window.session.dataset and r.dataset.n_inputs == 2
