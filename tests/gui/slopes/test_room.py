"""The Slopes room in the window: hidden at first launch, opened from the View menu or its
key, tooltips on every control, closed again by a layout reset."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QTabBar

from gradviz.gui.slopes.room import SHORTCUT
from gradviz.gui.slopes.tangent_plot import TangentPlot

from windows import window_closed_after


@pytest.fixture
def window(qtbot, config_dir):
    yield from window_closed_after(qtbot, use_gl=False)


def tab_bars_in_view(window) -> list[list[str]]:
    """The tab texts of the window's dock tab bars that are shown inside the window."""
    return [[tb.tabText(k) for k in range(tb.count())] for tb in window.findChildren(QTabBar)
            if tb.parent() is window and tb.isVisible() and window.rect().contains(tb.geometry())]


def test_hidden_at_first_launch(window):
    assert not any(texts for texts in tab_bars_in_view(window))  # no tabs at the bottom: as before
    assert window.centralWidget().geometry().bottom() + 1 < window.docks["loss"].geometry().top()
    assert not window.slopes.is_open()
    assert not window.slopes.view_action.isChecked()
    assert not window.landscape.slice_lines_shown()
    assert window.slopes.room.predict.marks.marked() == []
    assert window.docks["loss"].isVisible()


def test_the_key_and_the_view_menu_open_it_raised(qtbot, window):
    window.activateWindow()  # a window's shortcuts need it active
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_D)
    assert window.slopes.is_open() and window.slopes.isVisible()
    qtbot.waitUntil(lambda: window.docks["loss"].visibleRegion().isEmpty(), timeout=3000)  # the raised tab
    assert not window.slopes.visibleRegion().isEmpty()
    # one tab bar for the bottom row, above the status bar
    def bars():
        return [tb for tb in window.findChildren(QTabBar) if tb.parent() is window and tb.isVisible()
                and window.rect().intersects(tb.geometry()) and any(tb.tabText(k).startswith("Slopes")
                                                                   for k in range(tb.count()))]

    qtbot.waitUntil(lambda: bool(bars()), timeout=3000)
    qtbot.wait(50)
    assert len(bars()) == 1
    assert bars()[0].geometry().bottom() < window.statusBar().geometry().top()
    assert window.slopes.view_action.isChecked()
    assert window.landscape.slice_lines_shown()
    assert "Slopes room" in window.statusBar().currentMessage()
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert window.slopes.view_action in view_menu.actions()
    window.slopes.view_action.trigger()
    assert not window.slopes.is_open()
    assert not window.landscape.slice_lines_shown()


def test_its_key_is_listed_and_clashes_with_no_other(window):
    dialog = window.show_shortcuts()
    rows = dialog.rows()
    assert (SHORTCUT, "Slopes room") in rows
    # within each part of the table (the window's keys, then each focused view's, then the
    # mouse) no key is listed twice; the same arrows may serve two views that each take focus
    parts = [[]]
    for k, a in rows:
        if a:
            parts[-1].append(k)
        else:
            parts.append([])  # a heading
    for keys in parts:
        keys = [k for k in keys if " or " not in k]
        assert len(keys) == len(set(keys)), [k for k in keys if keys.count(k) > 1]
    dialog.close()


def test_closing_its_dock_or_resetting_the_layout_closes_the_room(qtbot, window):
    window.slopes.set_open(True)
    window.reset_layout()
    qtbot.wait(20)
    assert not window.slopes.is_open()
    assert not window.slopes.view_action.isChecked()
    assert not window.landscape.slice_lines_shown()
    window.slopes.set_open(True)
    window.slopes.close()  # the dock's own close button
    assert not window.slopes.view_action.isChecked()
    assert not window.landscape.slice_lines_shown()


def test_every_control_has_a_tooltip(qtbot, window):
    room = window.slopes.room
    window.slopes.set_open(True)
    kinds = (QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, TangentPlot)
    missing = []
    for w in room.findChildren(object):  # (a tab bar's own scroll arrows aside)
        if isinstance(w, kinds) and not w.toolTip() and not isinstance(w.parent(), (QAbstractSpinBox, QComboBox, QTabBar)):
            missing.append(f"{type(w).__name__} {getattr(w, 'text', lambda: '')()}")
    assert not missing
    assert all(room.tabToolTip(k) for k in range(room.count()))
    assert window.slopes.view_action.toolTip()


def test_tabs_are_named_for_a_lesson(window):
    room = window.slopes.room
    room.show_tab("predict")
    assert room.currentWidget() is room.predict
    with pytest.raises(ValueError, match="choose one of derivative, slices, predict"):
        room.show_tab("chain rule")


def test_no_data_and_a_network_keep_every_tab_drawing(qtbot, window):
    room = window.slopes.room
    window.slopes.set_open(True)
    room.derivative.set_function("w")
    room.predict.set_xs([-3.0, 6.28])
    for tab in room.TABS:
        room.show_tab(tab)
        qtbot.wait(30)
    window.editor.clear()
    qtbot.wait(100)
    room.show_tab("slices")
    room.slices.refresh()
    assert room.slices.slopes() == {"w": 0.0, "b": 0.0}  # no points, no loss: flat slices
    assert room.derivative.value_and_slope() == (0.0, 0.0)
    window.controls.model_combo.setCurrentIndex(window.controls.model_combo.findData("network"))
    qtbot.waitUntil(lambda: window.session.frame.model.name == "network", timeout=5000)
    qtbot.wait(100)
    assert room.derivative.functions()[:3] == ["roller", "w1", "b1"]
    assert set(room.slices.slopes()) == {"w1", "b1"}
    assert len(room.predict.marks.predictions()) == 2
