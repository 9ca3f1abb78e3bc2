"""The landscape docks in the window: the 3D view keeps its room across model changes."""

from __future__ import annotations

import pytest

from gradviz.gui.state.settings import Settings

from windows import make_window


@pytest.mark.gl
def test_the_3d_view_gets_its_height_back_after_the_network(qtbot, config_dir):
    win = make_window(qtbot, settings=Settings())
    win.resize(1400, 900)
    qtbot.wait(100)
    before = win.view3d.height()
    win.session.update_settings(model="network", hidden=16)
    qtbot.waitUntil(lambda: win.docks["network"].isVisible(), timeout=3000)
    qtbot.wait(100)
    assert win.view3d.height() <= before  # the network's tab may take room (its panel scrolls inside its dock)
    win.session.update_settings(model="line")
    qtbot.waitUntil(lambda: not win.docks["network"].isVisible(), timeout=3000)
    qtbot.wait(100)
    assert abs(win.view3d.height() - before) <= 2


@pytest.mark.gl
def test_the_longer_star_legend_wraps_instead_of_widening_the_dock(qtbot, config_dir):
    win = make_window(qtbot, settings=Settings())
    win.resize(1400, 900)
    qtbot.wait(100)
    before = win.docks["landscape3d"].width(), win.docks["contour"].width()
    win.session.update_settings(model="neuron")       # the star is the slice's lowest point
    qtbot.waitUntil(lambda: win.view3d.legend.text().endswith("lowest point of this slice"), timeout=3000)
    qtbot.wait(100)
    assert (win.docks["landscape3d"].width(), win.docks["contour"].width()) == before


@pytest.mark.gl
def test_in_a_narrow_dock_the_legend_wraps_and_stays_clear_of_its_controls(qtbot, config_dir):
    win = make_window(qtbot, settings=Settings())
    win.resize(1400, 900)
    win.lesson.set_open(True)  # a room beside the landscape narrows its dock
    qtbot.wait(200)
    view = win.view3d
    assert view.legend.height() > 1.5 * view.legend.fontMetrics().height()  # narrow enough to wrap
    legend, log, reset = (w.geometry() for w in (view.legend, view.log_check, view.reset_button))
    assert not legend.intersects(log) and not legend.intersects(reset) and not log.intersects(reset)
    assert legend.right() < log.left()
    assert view.legend.height() >= view.legend.heightForWidth(view.legend.width())  # every line of it shows
