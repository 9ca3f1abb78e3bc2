"""Fixtures of the network panel's tests: a diagram, an editor, a session on a network."""

from __future__ import annotations

import math

import pytest

import gradviz.core as gc
from gradviz.gui.network.diagram import NetworkDiagram
from gradviz.gui.network.weight_editor import NetworkParamsEditor
from gradviz.gui.state.session import Session
from gradviz.gui.state.settings import Settings

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


@pytest.fixture
def net_session():
    """A session on the sine data with a 4-neuron network, shut down after the test."""
    s = Session(gc.preset("sine"), Settings(model="network", hidden=4, optimizer="adam", lr=0.01,
                                            loss="mse", speed=math.inf))
    yield s
    s.shutdown()
