"""The timeline bar under the loss curve, its keys, and the ghost on the contour map."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from gradviz.gui.state.settings import Settings
from windows import make_window


@pytest.fixture
def window(qtbot):
    win = make_window(qtbot, settings=Settings(speed=math.inf), start=[1.0, 0.0], use_gl=False)
    yield win
    win.close()
    assert not win.session.thread_running()


def run_to(qtbot, s, step):
    s.play()
    qtbot.waitUntil(lambda: s.frame.step >= step, timeout=10000)
    s.pause()
    target = s.request_sync()
    qtbot.waitUntil(lambda: s.frame.seq >= target, timeout=10000)
    return s.frame


def action(win, text):
    return next(a for a in win.timeline_actions if a.text().replace("&", "") == text)


def test_dragging_the_timeline_shows_that_step_in_every_panel(qtbot, window):
    s = window.session
    bar = window.loss_curve.timeline
    now = run_to(qtbot, s, 300)
    assert bar.slider.maximum() == now.step and bar.shown_step() == now.step
    assert not bar.now_button.isVisible()
    bar.slider.setValue(40)
    qtbot.waitUntil(lambda: s.frame.step == 40, timeout=10000)
    assert bar.label.text() == f"step 40 of {now.step:,}" and bar.now_button.isVisible()
    assert window.contour.ball_position() == pytest.approx(tuple(s.frame.params))
    assert window.readout.values["step"] == 40 and window.readout.values["w"] == s.frame.params[0]
    assert action(window, "Back to now").isEnabled()
    back = action(window, "Back to now")
    assert back.shortcut() == QKeySequence(Qt.Key.Key_End)
    back.trigger()
    assert s.timeline.step is None and s.frame.step == now.step
    assert bar.shown_step() == now.step and not bar.now_button.isVisible()
    assert not action(window, "Back to now").isEnabled()


def test_a_branch_leaves_a_ghost_on_the_contour_map_until_esc(qtbot, window):
    s = window.session
    bar = window.loss_curve.timeline
    run_to(qtbot, s, 300)
    assert len(window.contour.ghost_points()) == 0
    bar.slider.setValue(20)
    qtbot.waitUntil(lambda: s.frame.step == 20, timeout=10000)
    s.update_settings(lr=0.008)
    qtbot.waitUntil(lambda: len(window.contour.ghost_points()) > 1, timeout=10000)
    assert bar.ghost_button.isVisible() and bar.undo_button.isVisible()
    ghost = window.contour.ghost_points()
    params, _losses = s.timeline.ghost
    assert np.allclose(ghost[0], params[0]) and np.allclose(ghost[-1], params[-1])
    assert action(window, "Hide old path").isEnabled()
    hide = action(window, "Hide old path")
    assert hide.shortcut() == QKeySequence(Qt.Key.Key_Escape)
    hide.trigger()
    assert s.timeline.ghost is None and len(window.contour.ghost_points()) == 0
    assert not bar.ghost_button.isVisible()


def test_esc_during_a_drag_cancels_the_drag_and_keeps_the_old_path(qtbot, window):
    s = window.session
    run_to(qtbot, s, 200)
    window.loss_curve.timeline.slider.setValue(20)
    qtbot.waitUntil(lambda: s.frame.step == 20, timeout=10000)
    s.update_settings(lr=0.008)  # a branch: the old future is drawn faded
    qtbot.waitUntil(lambda: s.timeline.ghost is not None, timeout=10000)
    before = s.dataset.y.copy()
    assert window.editor.begin_move([2])
    window.editor.update_move(0.0, 1.5)  # a point on its way, as while dragging
    action(window, "Hide old path").trigger()  # what Esc does
    assert not window.editor.moving and np.array_equal(s.dataset.y, before)  # the point went back
    assert s.timeline.ghost is not None  # and the old path stays
    action(window, "Hide old path").trigger()  # Esc again, no drag: the old path goes
    assert s.timeline.ghost is None
