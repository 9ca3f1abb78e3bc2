"""A plot that keeps a useful data area however small its dock: its minimum height is its
title and axes (as tall as the zoom and the theme draw them) plus ``MIN_DATA_HEIGHT``, so
the layout gives way elsewhere instead of squeezing the plot to its axis."""

from __future__ import annotations

from PySide6.QtCore import QObject

MIN_DATA_HEIGHT = 60  # pixels of data area a plot keeps


class PlotFloor(QObject):
    """Keeps ``plot`` (a pyqtgraph PlotWidget) at least ``MIN_DATA_HEIGHT`` above its axes."""

    def __init__(self, plot) -> None:
        super().__init__(plot)
        self._plot = plot
        self._view_box = plot.getPlotItem().getViewBox()
        self._view_box.sigResized.connect(lambda *_: self.update())
        self.update()

    def update(self) -> None:
        """Follow the title's and the axes' height of now."""
        around = self._plot.height() - round(self._view_box.height())  # title, axes, frame
        if around <= 0:
            return  # (not laid out yet)
        floor = around + MIN_DATA_HEIGHT
        if self._plot.minimumHeight() != floor:
            self._plot.setMinimumHeight(floor)
