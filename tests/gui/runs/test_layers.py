"""A companion's line on a 2D plot is drawn again only when it moves on screen: a change of
less than half a pixel everywhere leaves the line drawn as it is."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pyqtgraph as pg

from gradviz.gui.runs.layers import CompanionLines

RUN = SimpleNamespace(label="B", colour="#56b4e9", dash="dash")


def _plot(qtbot):
    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    plot.resize(400, 300)
    plot.show()
    qtbot.waitExposed(plot)
    plot.setRange(xRange=(0, 10), yRange=(0, 10), padding=0)
    qtbot.wait(20)
    return plot


def test_a_line_that_moved_less_than_half_a_pixel_stays_as_drawn(qtbot):
    plot = _plot(qtbot)
    lines = CompanionLines(plot.getPlotItem())
    px, py = plot.getPlotItem().vb.viewPixelSize()
    x = np.linspace(0, 10, 200)
    y = 5 + 3 * np.sin(x)
    lines.draw([(RUN, x, y)])
    first = lines.drawn()["B"]
    lines.draw([(RUN, x + 0.3 * px, y - 0.3 * py)])  # under half a pixel: the same on screen
    np.testing.assert_array_equal(lines.drawn()["B"][1], first[1])
    np.testing.assert_array_equal(lines.drawn()["B"][0], first[0])
    moved = y.copy()
    moved[100] += 0.8 * py  # one point half a pixel away or more: drawn again
    lines.draw([(RUN, x, moved)])
    kx, ky = lines.drawn()["B"]
    np.testing.assert_allclose(ky, moved[np.searchsorted(x, kx)])
    assert np.max(np.abs(ky - np.interp(kx, x, moved))) == 0
    longer = np.append(moved, moved[-1])  # one more point (a path that grew): drawn again
    lines.draw([(RUN, np.append(x, 10.0 + px), longer)])
    assert lines.drawn()["B"][0][-1] == 10.0 + px


def test_the_ball_follows_the_run_even_when_its_line_stays(qtbot):
    plot = _plot(qtbot)
    lines = CompanionLines(plot.getPlotItem(), ball=True)
    px, _py = plot.getPlotItem().vb.viewPixelSize()
    x = np.linspace(0, 5, 50)
    lines.draw([(RUN, x, x)])
    lines.draw([(RUN, x + 0.2 * px, x)])
    dot = [i for i in plot.items() if isinstance(i, pg.ScatterPlotItem)][0]
    assert dot.pos().x() == x[-1] + 0.2 * px
