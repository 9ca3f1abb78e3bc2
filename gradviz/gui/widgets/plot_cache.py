"""Small pyqtgraph helpers shared by the 2D panels."""

from __future__ import annotations

from PySide6.QtWidgets import QGraphicsItem


def cache_as_pixmap(*items) -> None:
    """Draw each item once into a pixmap and blit it while it does not change (its update()
    drops the pixmap): for items that stand still under a curve that moves every frame."""
    for item in items:
        item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)


def cache_axes(plot_item, *extra_items) -> None:
    """Draw the axes (ticks, labels, and the grid, which pyqtgraph paints as part of the
    axis) once into a pixmap and blit it while they do not change: a moving curve dirties
    the whole plot area every frame, and replaying the axes' text cost several ms a frame
    with Qt's raster engine. Any tick change calls update(), which drops the pixmap."""
    axes = [plot_item.getAxis(name) for name in ("left", "bottom", "right", "top")]
    cache_as_pixmap(*[a for a in axes if a is not None], *extra_items)
