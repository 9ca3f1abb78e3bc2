"""Small pyqtgraph helpers shared by the 2D panels."""

from __future__ import annotations

from PySide6.QtWidgets import QGraphicsItem


def cache_axes(plot_item, *extra_items) -> None:
    """Draw the axes (ticks, labels, and the grid, which pyqtgraph paints as part of the
    axis) once into a pixmap and blit it while they do not change: a moving curve dirties
    the whole plot area every frame, and replaying the axes' text cost several ms a frame
    with Qt's raster engine. Any tick change calls update(), which drops the pixmap."""
    for name in ("left", "bottom", "right", "top"):
        axis = plot_item.getAxis(name)
        if axis is not None:
            axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    for item in extra_items:
        item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
