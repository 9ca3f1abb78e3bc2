"""The window's layout in a small window: the loss curve keeps a useful data area.

QT_SCALE_FACTOR=1.5 on a 1000x650 window lays the window out in 1000x650 logical pixels
with the same fonts, so the window at 1000x650 here is what a 1.5 scale shows.
"""

from __future__ import annotations

from PySide6.QtWidgets import QScrollArea

from gradviz.gui.widgets.plot_floor import MIN_DATA_HEIGHT
from text_fit import cramped_panels
from windows import make_window


def test_the_loss_curve_keeps_its_data_area_in_a_small_window(qtbot, config_dir):
    win = make_window(qtbot, size=(1000, 650))
    view_box = win.loss_curve.plot.getPlotItem().getViewBox()
    dock = win.docks["loss"]

    def whole():
        area = dock.widget()
        return not isinstance(area, QScrollArea) or area.verticalScrollBar().maximum() == 0

    # the data area keeps its height, and the dock is tall enough for the timeline below it
    qtbot.waitUntil(lambda: view_box.height() >= MIN_DATA_HEIGHT - 1 and whole(), timeout=3000)
    assert not [fault for fault in cramped_panels(win) if "Loss curve" in fault]
    assert win.data_panel.height() >= 200  # the data view gave way, within its minimum
    win.close()
