"""Every control of the window has a name a screen reader says, and the Controls panel's
controls a description too.

"A name" is the control's accessibleName, or, for a button, its caption (Qt reads that as
its name). A label beside a control is not enough: on Linux Qt reads a combo box's current
entry as its name, and a slider in a form row names itself after the group box around it.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel, QSpinBox, QVBoxLayout, QWidget

from gradviz.gui.access.focus_frame import FocusFrame
from gradviz.gui.access.names import interactive_widgets, name_from_labels, needs_name, spoken_description, spoken_name
from windows import window_closed_after


@pytest.fixture
def window(qtbot, config_dir):
    yield from window_closed_after(qtbot)


def _show_everything(qtbot, window):
    """Every dock and room shown (the code panel, the lesson, the slopes room, the network)."""
    window.session.update_settings(model="network")
    for dock in window.findChildren(QDockWidget):
        dock.show()
    qtbot.wait(50)


def test_every_control_in_every_dock_and_room_has_a_name(qtbot, window):
    _show_everything(qtbot, window)
    controls = interactive_widgets(window)
    assert len(controls) > 60  # the walk reaches the docks, shown and hidden
    nameless = [f"{type(w).__name__} (tooltip {w.toolTip()[:40]!r})" for w in controls if needs_name(w)]
    assert nameless == []
    unread = [type(w).__name__ for w in controls if not spoken_name(w)]
    assert unread == []


def test_the_labelled_controls_take_the_labels_text(qtbot, window):
    c = window.controls
    assert c.model_combo.accessibleName() == "Model"
    assert c.lr_slider.accessibleName() == "Learning rate"
    assert c.speed_slider.accessibleName() == "Speed"
    assert window.data_panel.accessibleName().startswith("Data view")


def test_the_controls_panel_describes_each_control(qtbot, window):
    undescribed = [spoken_name(w) for w in interactive_widgets(window.controls) if not spoken_description(w)]
    assert undescribed == []


def test_a_control_with_no_label_is_named_from_its_tooltip_and_one_with_nothing_is_reported(qtbot):
    root = QWidget()
    qtbot.addWidget(root)
    lay = QVBoxLayout(root)
    lay.addWidget(QLabel("Steps:"))
    after_label, tipped, bare = QSpinBox(), QSpinBox(), QSpinBox()
    tipped.setToolTip("Batch size. How many points a step sees")
    for w in (after_label, tipped, bare):
        lay.addWidget(w)
    assert name_from_labels(root) == [bare]
    assert after_label.accessibleName() == "Steps"
    assert tipped.accessibleName() == "Batch size"


def _tab_cycle(qtbot, window):
    """The focus stops met pressing Tab from the data view until it comes back."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.data_panel.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.data_panel)
    stops = []
    for _ in range(200):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        w = QApplication.focusWidget()
        if w is window.data_panel:
            return stops
        stops.append(w)
    raise AssertionError("Tab never comes back to the data view")


def test_tab_goes_round_every_panel_stopping_only_at_named_controls(qtbot, window):
    stops = _tab_cycle(qtbot, window)
    c = window.controls
    for w in (c.play_button, c.model_combo, c.lr_spin, window.loss_curve.plot):
        assert any(s is w or w.isAncestorOf(s) for s in stops)
    assert [type(s).__name__ for s in stops if not spoken_name(s)] == []
    # the Controls panel, top to bottom
    ys = [s.mapTo(c, s.rect().center()).y() for s in stops if c.isAncestorOf(s)]
    assert all(b >= a - 8 for a, b in zip(ys, ys[1:])), ys  # (a row's controls: centres a few px apart)


def test_a_focused_plot_shows_a_frame_and_loses_it_with_the_focus(qtbot, window):
    frame = window.data_panel.findChild(FocusFrame)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.data_panel.setFocus()
    qtbot.waitUntil(frame.isVisible)
    assert frame.geometry() == window.data_panel.rect()
    image = window.data_panel.grab().toImage()
    highlight = window.data_panel.palette().color(QPalette.ColorRole.Highlight)
    assert image.pixelColor(image.width() // 2, 1) == highlight  # the top edge, drawn
    window.controls.play_button.setFocus()
    qtbot.waitUntil(lambda: not frame.isVisible())
