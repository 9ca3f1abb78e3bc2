"""The window's layout in a small window: the loss curve keeps a useful data area.

QT_SCALE_FACTOR=1.5 on a 1000x650 window lays the window out in 1000x650 logical pixels
with the same fonts, so the window at 1000x650 here is what a 1.5 scale shows.
"""

from __future__ import annotations

from PySide6.QtWidgets import QScrollArea

import gradviz.core as gc
from gradviz.gui.main_window import MainWindow
from gradviz.gui.state.session import Session
from gradviz.gui.widgets.plot_floor import MIN_DATA_HEIGHT
from text_fit import cramped_panels


def test_the_loss_curve_keeps_its_data_area_in_a_small_window(qtbot, config_dir):
    # sized before it shows, as `--size 1000x650` does
    win = MainWindow(Session(gc.preset("lesson")), restore_layout=False)
    qtbot.addWidget(win)
    win.resize(1000, 650)
    win.show()
    qtbot.waitExposed(win)
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
