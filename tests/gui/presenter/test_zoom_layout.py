"""What gives way at a large zoom: the docks stack as tabs in a small window, the value
boxes, legends and status message fit, and the checker sees each kind of clipped text."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox

from gradviz.gui.landscape.style import SYMBOL_POINTS
from gradviz.gui.widgets.number_entry import ValueEntry
from text_fit import clipped_texts
from zoom_helpers import laid_out, settle


def _arrangement(window) -> dict:
    """Each dock's area and the docks it shares a tab group with."""
    return {k: (window.dockWidgetArea(d), sorted(o.objectName() for o in window.tabifiedDockWidgets(d)))
            for k, d in window.docks.items()}


def test_in_a_window_small_for_the_zoom_the_docks_stack_and_come_back(qtbot, window):
    window.resize(1400, 900)
    settle(qtbot)
    before = _arrangement(window)
    window.presenter.set_percent(300)
    assert laid_out(qtbot, window) == []
    assert window.presenter.layout.compact()
    land = window.docks.get("landscape3d") or window.docks["contour"]
    stacked = set(window.tabifiedDockWidgets(land))
    assert {window.docks[k] for k in ("controls", "loss", "readout")} <= stacked
    assert window.data_panel.width() >= 0.4 * window.width()  # the data view keeps most of the width
    window.presenter.set_percent(150)  # roomy again: the layout from before
    qtbot.waitUntil(lambda: not window.presenter.layout.compact())
    assert _arrangement(window) == before


def test_the_layout_saved_while_stacked_is_the_one_underneath(qtbot, window):
    from gradviz.gui.window_layout import LAYOUT_VERSION, save_layout
    from gradviz.gui.files.config import app_settings

    window.resize(1400, 900)
    window.presenter.set_percent(300)
    qtbot.waitUntil(window.presenter.layout.compact)
    stacked = _arrangement(window)
    save_layout(window)
    window.presenter.set_percent(100)
    qtbot.waitUntil(lambda: not window.presenter.layout.compact())
    underneath = _arrangement(window)
    assert underneath != stacked
    window.restoreState(app_settings().value("window/state"), LAYOUT_VERSION)
    assert _arrangement(window) == underneath  # what the next launch restores


def test_value_boxes_show_their_longest_value_at_200(qtbot, window):
    window.resize(1400, 900)
    window.presenter.set_percent(200)
    for slider in window.controls.param_sliders:
        slider.set_value(-888.8888)  # as long as a value gets below a thousand
    laid_out(qtbot, window)
    entries = [line for line in clipped_texts(window) if "ValueEntry" in line]
    assert entries == []
    for slider in window.controls.param_sliders:
        assert slider.spin.lineEdit().text() == "-888.8888"


def test_a_value_box_widens_for_a_value_longer_than_its_template(qtbot):
    entry = ValueEntry(4, 1e6)
    qtbot.addWidget(entry)
    narrow = entry.minimumSizeHint().width()
    entry.show_value(-123456.7891)
    assert entry.minimumSizeHint().width() > narrow
    entry.show_value(1.5)
    assert entry.minimumSizeHint().width() == narrow


def test_the_3d_legend_symbols_follow_the_zoom(qtbot, window):
    legend = (window.view3d or window.contour).legend
    assert legend.symbol_points() == SYMBOL_POINTS
    window.presenter.set_percent(200)
    assert legend.symbol_points() == 2 * SYMBOL_POINTS
    assert f"font-size:{2 * SYMBOL_POINTS}pt" in legend.text()
    window.presenter.set_percent(100)
    assert f"font-size:{SYMBOL_POINTS}pt" in legend.text()


def test_a_long_status_message_ends_in_an_ellipsis_with_the_whole_in_its_tooltip(qtbot, window):
    window.resize(1400, 900)
    window.presenter.set_percent(300)
    text = "A message far longer than the status bar has room for at this zoom, " * 3
    window.show_message(text)
    window.statusBar().repaint()
    bar = window.statusBar()
    assert bar.currentMessage() == text  # what was said, whole
    assert bar.shown_message().endswith("…") and bar.toolTip() == text
    assert not [line for line in clipped_texts(window) if "status" in line]


def test_the_checker_sees_clipped_combos_spin_boxes_and_plot_texts(qtbot, window):
    combo = QComboBox(window.controls)
    combo.addItem("a choice far wider than its box")
    combo.setGeometry(0, 0, 60, 30)
    spin = QDoubleSpinBox(window.controls)
    spin.setRange(0, 1e9)
    spin.setValue(123456789.0)
    spin.setGeometry(0, 40, 50, 30)
    for w in (combo, spin):
        w.show()
    text = pg.TextItem("a text placed outside its plot")
    window.loss_curve.plot.addItem(text)
    text.setPos(1e9, 1e9)
    settle(qtbot)
    found = clipped_texts(window)
    assert any("far wider" in line for line in found)
    assert any("123456789" in line for line in found)
    assert any("placed outside" in line for line in found)
    window.loss_curve.plot.removeItem(text)
    for w in (combo, spin):
        w.deleteLater()


@pytest.mark.parametrize("percent", [100, 300])
def test_plot_titles_fit_their_plots(qtbot, window, percent):
    window.resize(1400, 900)
    window.presenter.set_percent(percent)
    assert laid_out(qtbot, window) == []
    title = window.loss_curve.plot.getPlotItem().titleLabel
    assert title.item.sceneBoundingRect().height() <= title.geometry().height() + 1  # its row is as tall
