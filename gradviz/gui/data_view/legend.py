"""The data view's legend and its note (the mouse hint), in rows of their own below the plot.

Inside the plot they hide whatever data falls under them (a point added at the top left,
the peak of a sine, a neuron's curve along the bottom) and a legend takes the presses meant
for those points. Below the plot they can do neither; the legend uses as many columns as the
plot's width allows.
"""

from __future__ import annotations

import pyqtgraph as pg

LEGEND_ROW = 4  # the plot item's grid: title, top axis, plot, bottom axis, then the legend
NOTE_ROW = 5
SAMPLE_WIDTH = 20.0  # px of a pyqtgraph legend sample (its boundingRect)
# the view narrows when the legend takes a row more (its y axis gets other, wider tick
# labels): a column comes back only with this much room to spare, else the two would
# resize each other for ever (the data view redrawn every few ms, at rest)
REGAIN_SLACK = 40.0


class PlotLegend(pg.LegendItem):
    """A legend laid out by the plot item, not anchored over the view box; it cannot be
    dragged. Entries go left to right, then on to the next row."""

    def __init__(self, plot_item: pg.PlotItem) -> None:
        super().__init__(offset=None, horSpacing=14, verSpacing=-4, labelTextSize="8pt", frame=False)
        self._plot_item = plot_item
        self._width = 0.0
        self.setMinimumWidth(0)  # the plot decides the width; entries wrap to fit it
        plot_item.legend = self  # items added with a name= join it (pyqtgraph's convention)
        plot_item.layout.addItem(self, LEGEND_ROW, 1)
        plot_item.layout.setRowStretchFactor(LEGEND_ROW, 0)
        plot_item.vb.sigResized.connect(lambda _vb: self.fit_width(plot_item.vb.width()))

    def mouseDragEvent(self, ev) -> None:
        ev.ignore()

    def names(self) -> list[str]:
        return [label.text for _sample, label in self.items]

    def fit_width(self, width: float) -> None:
        """Lay the entries out in as many columns as fit in ``width`` pixels (a column more
        than now only when it fits with ``REGAIN_SLACK`` to spare)."""
        self._width = float(width)
        self._relayout(regain_slack=REGAIN_SLACK)

    def updateSize(self) -> None:
        # pyqtgraph calls this after each addItem/removeItem; our size comes from the layout
        self._relayout()

    def _relayout(self, regain_slack: float = 0.0) -> None:
        entries = list(self.items)
        gap = self.layout.horizontalSpacing()
        # an entry is two grid columns (sample, label), each followed by the spacing
        widths = [SAMPLE_WIDTH + gap + label.minimumWidth() + gap for _s, label in entries]
        cols = max(1, len(entries))
        while cols > 1 and self._width > 0 and _grid_width(widths, cols) > self._width:
            cols -= 1
        if regain_slack and self._width > 0 and 0 < self.columnCount < cols:
            while cols > self.columnCount and _grid_width(widths, cols) > self._width - regain_slack:
                cols -= 1
        for i in range(self.layout.count() - 1, -1, -1):
            self.layout.removeAt(i)
        for k, (sample, label) in enumerate(entries):
            row, col = divmod(k, cols)
            self.layout.addItem(sample, row, 2 * col)
            self.layout.addItem(label, row, 2 * col + 1)
        self.columnCount = cols
        self.rowCount = -(-len(entries) // cols) if entries else 0
        self.layout.invalidate()
        self.updateGeometry()


def _grid_width(widths: list[float], cols: int) -> float:
    return sum(max(widths[c::cols]) for c in range(cols))


class PlotNote(pg.LabelItem):
    """A small grey note, right-aligned in a row below the legend. It never makes the plot
    wider: a text longer than the plot runs past its left edge instead."""

    def __init__(self, plot_item: pg.PlotItem) -> None:
        super().__init__("", size="8pt", color="#808080", justify="right")
        plot_item.layout.addItem(self, NOTE_ROW, 1)
        plot_item.layout.setRowStretchFactor(NOTE_ROW, 0)

    def updateMin(self) -> None:
        super().updateMin()
        self.setMinimumWidth(0)
