"""Fixtures of the network panel's tests: a diagram, an editor, a session on a network."""

from __future__ import annotations

import math

import pytest

import gradviz.core as gc
from gradviz.gui.network.diagram import NetworkDiagram
from gradviz.gui.network.weight_editor import NetworkParamsEditor
from gradviz.gui.state.session import Session
from gradviz.gui.state.settings import Settings

def shown(qtbot, widget, size):
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def diagram(qtbot):
    return shown(qtbot, NetworkDiagram(), (700, 500))


@pytest.fixture
def editor(qtbot):
    return shown(qtbot, NetworkParamsEditor(), (700, 400))


@pytest.fixture
def net_session():
    """A session on the sine data with a 4-neuron network, shut down after the test."""
    s = Session(gc.preset("sine"), Settings(model="network", hidden=4, optimizer="adam", lr=0.01,
                                            loss="mse", speed=math.inf))
    yield s
    s.shutdown()
