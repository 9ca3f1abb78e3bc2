"""Seed 001's examples and re-initialisation replace the run: each is one undoable step, on
the same stack as the data edits."""

from __future__ import annotations

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.gui.network.panel import NetworkPanel
from gradviz.gui.state.edit_history import DataEditor
from net_params import OFFSCREEN_NOISE

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


@pytest.fixture
def trained(qtbot, net_session):
    """(panel, editor, trained params) after 300 steps on a 4-neuron network."""
    s = net_session
    editor = DataEditor(s)
    panel = NetworkPanel(s, editor)
    qtbot.addWidget(panel)
    panel.show()
    s.step_once(300)
    qtbot.waitUntil(lambda: s.frame.step >= 300, timeout=20000)
    trained = s.frame.params.copy()
    assert not np.allclose(trained, s.start)
    return panel, editor, trained


def test_an_example_is_undone_back_to_the_trained_network(qtbot, trained, net_session):
    panel, editor, params = trained
    s = net_session
    said = []
    s.message.connect(said.append)
    panel.editor.example_buttons[2].click()
    assert s.model.hidden == 2
    np.testing.assert_array_equal(s.start, gc.SEED001_NETWORKS[2]["params"])
    assert editor.undo_text() == "load the 2-neuron example"
    assert editor.undo()
    assert said[-1] == "Undid: load the 2-neuron example."
    assert s.model.hidden == 4 and s.settings.hidden == 4
    np.testing.assert_array_equal(s.start, params)
    qtbot.waitUntil(lambda: s.frame.model.hidden == 4 and s.frame.step == 0, timeout=5000)
    np.testing.assert_array_equal(s.frame.params, params)
    assert panel.diagram.hidden() == 4
    assert editor.redo()
    assert s.model.hidden == 2
    np.testing.assert_array_equal(s.start, gc.SEED001_NETWORKS[2]["params"])


def test_reinitialise_is_undone_with_its_seed(qtbot, trained, net_session):
    panel, editor, params = trained
    s = net_session
    seed = s.settings.seed
    panel.editor.reinit_button.click()
    assert s.settings.seed == seed + 1
    fresh = s.start.copy()
    editor.undo()
    assert s.settings.seed == seed
    np.testing.assert_array_equal(s.start, params)
    editor.redo()
    assert s.settings.seed == seed + 1
    np.testing.assert_array_equal(s.start, fresh)


def test_run_steps_and_data_edits_share_one_stack(qtbot, trained, net_session):
    panel, editor, params = trained
    s = net_session
    data = s.dataset
    s.update_settings(lr=0.02)
    editor.add_point(0.0, 5.0)
    panel.editor.example_buttons[1].click()
    assert [e.text for e in editor.history] == ["add point (0, 5)", "load the 1-neuron example"]
    editor.undo()
    assert s.model.hidden == 4 and len(s.dataset) == len(data) + 1
    assert s.settings.lr == 0.02  # only what the example changed comes back
    editor.undo()
    assert s.dataset is data
    np.testing.assert_array_equal(s.start, params)
