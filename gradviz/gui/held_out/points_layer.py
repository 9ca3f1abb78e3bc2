"""The held-out points in the data view: hollow markers, never trained on."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from gradviz.gui.data_view.density import MAX_DRAWN_POINTS
from gradviz.gui.data_view.editing import InertScatter
from gradviz.gui.theme.palette import LIGHT

HELD_PEN = pg.mkPen(LIGHT.held_out, width=2)
LEGEND_NAME = "held out (not trained on)"


class HeldOutLayer:
    """Draws ``session.eval_dataset`` on the data panel and routes its clicks to the
    held-out set while ``held.adding`` is on. Nothing shows while no point is held out."""

    def __init__(self, panel, session, held) -> None:
        self.panel, self.session, self.held = panel, session, held
        self.points = InertScatter(size=9, brush=None, pen=HELD_PEN, symbol="o", name=LEGEND_NAME, hoverable=False)
        self.points.setZValue(2)
        panel.addItem(self.points)
        session.evalDatasetChanged.connect(self.draw)
        held.addingChanged.connect(self._on_adding)
        self.draw(session.eval_dataset)

    def draw(self, ds=None) -> None:
        ds = self.session.eval_dataset
        if ds is None or len(ds) == 0:
            self.points.setData([], [])
        else:
            # beyond what the view draws one by one: an even subset (the loss uses them all)
            step = max(1, -(-len(ds) // MAX_DRAWN_POINTS))
            self.points.setData(np.asarray(ds.x[::step]), np.asarray(ds.y[::step]))
        self._legend(ds is not None and len(ds) > 0)

    def shown_count(self) -> int:
        """How many held-out markers are drawn."""
        x, _y = self.points.getData()
        return 0 if x is None else len(x)

    def _legend(self, shown: bool) -> None:
        legend = self.panel.legend
        present = any(sample.item is self.points for sample, _label in legend.items)
        if shown and not present:
            legend.addItem(self.points, LEGEND_NAME)
        elif not shown and present:
            legend.removeItem(self.points)

    def _on_adding(self, on: bool) -> None:
        self.panel.set_point_adder(self.held.add_point if on else None)
