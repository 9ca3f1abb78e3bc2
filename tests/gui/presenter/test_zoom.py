"""Presenter zoom: every text fits its widget at each zoom at 1400x900 and 1920x1080, plot
items follow, the zoom is remembered between launches, and its keys are nobody else's."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel

from gradviz.gui.presenter.feature import saved_percent
from gradviz.gui.presenter.zoom import zoom
from text_fit import clipped_texts
from windows import make_window
from zoom_helpers import activate, laid_out, settle


@pytest.mark.parametrize("size", [(1400, 900), (1920, 1080)])
def test_no_text_is_clipped_at_any_zoom(qtbot, window, size):
    window.resize(*size)
    assert laid_out(qtbot, window) == []  # the check sees something: texts exist and fit at 100 %
    for percent in (75, 150, 200, 300):
        window.presenter.set_percent(percent)
        settle(qtbot)
        assert QApplication.font().pointSizeF() == pytest.approx(zoom().base_font().pointSizeF() * percent / 100)
        assert laid_out(qtbot, window) == [], percent
        assert window.width() == size[0]  # the docks' zoomed minimums never push the window wider


def test_the_checker_sees_a_clipped_text(qtbot, window):
    label = QLabel("a text far wider than its label", window.controls)
    label.setGeometry(0, 0, 30, 30)
    label.show()
    settle(qtbot)
    assert any("far wider" in line for line in clipped_texts(window))
    label.deleteLater()


def test_plot_items_follow_the_zoom_and_come_back(qtbot, window):
    curve = window.data_panel.curve
    axis = window.loss_curve.plot.getPlotItem().getAxis("bottom")
    title = window.data_panel.getPlotItem().titleLabel
    width, title_size = curve.opts["pen"].widthF(), float(title.opts["size"].removesuffix("pt"))
    points, ball = window.data_panel.points, window.contour.ball  # scatters drawn in pixels
    point_size, ball_size = points.opts["size"], ball.opts["size"]
    window.presenter.set_percent(200)
    settle(qtbot)
    assert curve.opts["pen"].widthF() == pytest.approx(max(1.0, width) * 2)
    assert (points.opts["size"], ball.opts["size"]) == (pytest.approx(point_size * 2), pytest.approx(ball_size * 2))
    assert axis.style["tickFont"].pointSizeF() == pytest.approx(zoom().base_font().pointSizeF() * 2)
    assert float(title.opts["size"].removesuffix("pt")) == pytest.approx(title_size * 2)
    window.presenter.set_percent(100)
    settle(qtbot)
    assert curve.opts["pen"].widthF() == pytest.approx(max(1.0, width))
    assert float(title.opts["size"].removesuffix("pt")) == pytest.approx(title_size)
    assert (points.opts["size"], ball.opts["size"]) == (pytest.approx(point_size), pytest.approx(ball_size))


def test_zoom_keys_step_through_the_levels_within_75_to_300(qtbot, window):
    for _ in range(12):
        window.presenter.act_zoom_in.trigger()
    assert window.presenter.percent() == 300 and not window.presenter.act_zoom_in.isEnabled()
    window.presenter.act_zoom_reset.trigger()
    assert window.presenter.percent() == 100
    for _ in range(12):
        window.presenter.act_zoom_out.trigger()
    assert window.presenter.percent() == 75 and not window.presenter.act_zoom_out.isEnabled()
    keys = {a.shortcut().toString() for a in (window.presenter.act_zoom_out, window.presenter.act_zoom_reset)}
    assert keys == {"Ctrl+-", "Ctrl+0"}
    assert QKeySequence("Ctrl+=") in window.presenter.act_zoom_in.shortcuts()
    assert window.presenter.act_presenter.shortcut() == QKeySequence("F11")


def test_a_key_press_zooms(qtbot, window):
    activate(qtbot, window)
    qtbot.keyClick(window.data_panel, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.presenter.percent() == 110
    qtbot.keyClick(window.data_panel, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.presenter.percent() == 100


def test_no_two_actions_share_a_key(window):
    owners: dict[str, str] = {}
    for act in window.findChildren(QAction):
        for seq in act.shortcuts():
            key = seq.toString()
            assert key not in owners or owners[key] == act.text(), (key, owners.get(key), act.text())
            owners[key] = act.text()


def test_the_zoom_is_remembered_on_relaunch(qtbot, config_dir):
    win = make_window(qtbot)
    win.presenter.act_zoom_in.trigger()
    win.presenter.act_zoom_in.trigger()
    assert win.presenter.percent() == 110 + 15 and saved_percent() == 125
    win.close()
    zoom().reset()  # as a new process starts
    again = make_window(qtbot)
    assert again.presenter.percent() == 125
    assert QApplication.font().pointSizeF() == pytest.approx(zoom().base_font().pointSizeF() * 1.25)
    again.close()


def test_a_launch_zoom_is_not_remembered(qtbot, window):
    window.presenter.set_percent(200)  # what --zoom 200 does
    assert saved_percent() == 100


def test_new_plot_items_at_a_zoom_get_it_once(qtbot, window):
    window.presenter.set_percent(200)
    item = pg.PlotDataItem([0, 1], [0, 1], pen=pg.mkPen(width=3), symbol="o", symbolSize=6)
    window.data_panel.addItem(item)
    window.presenter.rescale_now()
    window.presenter.rescale_now()  # a second pass changes nothing
    assert item.opts["pen"].widthF() == 6 and item.opts["symbolSize"] == 12
    window.data_panel.removeItem(item)


def test_a_theme_change_keeps_the_zoom(qtbot, window):
    from gradviz.gui.theme.apply import themes

    curve = window.data_panel.curve
    width = max(1.0, curve.opts["pen"].widthF())
    window.presenter.set_percent(200)
    try:
        themes().set_mode("dark")  # the panels restyle their pens at their unzoomed widths
        qtbot.waitUntil(lambda: curve.opts["pen"].widthF() == pytest.approx(2 * width), timeout=2000)
    finally:
        themes().set_mode("system")
