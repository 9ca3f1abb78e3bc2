"""The control panel: on its own on a Session, and the keyboard through a real window."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

import gradviz.core as gc
from gradviz.gui.panels.controls import LR_ENTRY_MIN, LR_MAX
from gradviz.gui.state.frame import Frame
from gradviz.gui.state.settings import Settings
from gradviz.gui.widgets.formatting import exact
from panel_session import advance
from keys import type_into
from windows import make_window


def test_sliders_follow_the_frames_of_their_model(qtbot, panel):
    s = panel.session
    advance(qtbot, s, 5)
    w, b = panel.param_sliders
    assert (w.value(), b.value()) == tuple(s.frame.params)
    assert (w.spin.value(), b.spin.value()) == tuple(np.round(s.frame.params, 4))
    # a frame of another model (the neuron has two parameters too) is not drawn
    other = Frame(s.frame.snapshot, gc.make_model("neuron"), s.frame.settings, s.frame.dataset, s.frame.seq)
    w.set_value(0.5)
    panel.on_frame(other)
    assert w.value() == 0.5


@pytest.mark.parametrize("text", ["0", "-1", "15", "100", "1e400", "1,5"])
def test_a_bad_learning_rate_says_what_is_wrong_and_what_is_allowed(qtbot, panel, text):
    s = panel.session
    msgs = []
    s.message.connect(msgs.append)
    type_into(qtbot, panel.lr_spin, text)
    assert s.settings.lr == 0.001
    assert len(msgs) == 1, msgs
    assert f"from {exact(LR_ENTRY_MIN)} to {exact(LR_MAX)}" in msgs[0]
    assert f"from {exact(LR_ENTRY_MIN)} to {exact(LR_MAX)}" in panel.lr_spin.toolTip()


@pytest.mark.parametrize("lr", [0.00316, 0.0012346, 0.000316])
def test_the_learning_rate_box_shows_the_rate_in_use(qtbot, panel, lr):
    panel.session.update_settings(lr=lr)
    edit = panel.lr_spin.lineEdit()
    assert edit.text() == exact(lr)
    assert float(edit.text()) == panel.session.settings.lr
    assert edit.fontMetrics().horizontalAdvance(edit.text()) <= edit.width() - 4


def test_the_too_high_warning_keeps_the_panel_width(qtbot, config_dir):
    win = make_window(qtbot)
    c = win.controls
    QApplication.processEvents()
    width, hint = c.width(), c.minimumSizeHint().width()
    win.session.update_settings(lr=0.01)
    assert "too high" in c.stable_label.text()
    qtbot.wait(50)
    assert (c.width(), c.minimumSizeHint().width()) == (width, hint)
    assert c.stable_label.width() <= c.width()
    win.session.update_settings(lr=0.001)
    qtbot.wait(50)
    assert c.width() == width
    win.close()


def window_after_typing_a_rate(qtbot, text):
    """A shown, active window whose rate box got ``text`` and Enter from the keyboard."""
    win = make_window(qtbot, settings=Settings(speed=math.inf), start=[1.0, 0.0])
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)  # shortcuts act in the active window only
    type_into(qtbot, win.controls.lr_spin, text, click=True)
    return win


@pytest.mark.parametrize("key, check", [
    (Qt.Key.Key_Space, lambda s: s.running),
    (Qt.Key.Key_Right, lambda s: s.frame.step >= 1),
])
def test_shortcuts_work_after_typing_a_learning_rate(qtbot, config_dir, key, check):
    win = window_after_typing_a_rate(qtbot, "0.002")
    s = win.session
    assert s.settings.lr == 0.002
    qtbot.keyClick(win.focusWidget() or win, key)
    qtbot.waitUntil(lambda: bool(check(s)), timeout=5000)
    assert win.controls.lr_spin.lineEdit().text() == "0.002"  # nothing typed into the box
    s.pause()
    win.close()


def test_shortcuts_work_after_a_rejected_rate(qtbot, config_dir):
    win = window_after_typing_a_rate(qtbot, "15")
    assert "above the largest allowed" in win.statusBar().currentMessage()
    qtbot.keyClick(win.focusWidget() or win, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: win.session.running, timeout=5000)
    win.session.pause()
    win.close()


def test_choices_and_limits_are_the_cores(panel):
    def keys(combo):
        return tuple(combo.itemData(i) for i in range(combo.count()))

    assert keys(panel.model_combo) == gc.MODEL_NAMES
    assert keys(panel.loss_combo) == gc.LOSSES
    assert keys(panel.opt_combo) == gc.OPTIMIZERS
    assert (panel.hidden_spin.minimum(), panel.hidden_spin.maximum()) == (gc.MIN_HIDDEN, gc.MAX_HIDDEN)
    assert f"({gc.MIN_HIDDEN} to {gc.MAX_HIDDEN})" in panel.hidden_spin.toolTip()
