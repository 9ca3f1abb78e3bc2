"""The room a plot gives its title, notes and axis labels: the largest size at which such
a text fits inside the plot's view, and a title row as tall as the title.

A zoomed text that would run past the plot's edge is drawn smaller instead (never under
``SMALLEST`` of its unzoomed size): a narrow plot keeps its whole title, a short colour
bar its whole label.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsTextItem

SMALLEST = 0.7  # a text fitted to its room keeps at least this share of its unzoomed size
TITLE_ROW = 30  # pyqtgraph's title row height (setTitle), kept while the title fits in it
MARGIN = 0.98  # a fitted text takes at most this share of its room


def _visible_scene_rect(item):
    view = item.scene().views()[0] if item.scene() is not None and item.scene().views() else None
    return None if view is None else view.mapToScene(view.viewport().rect()).boundingRect()


def _ink_length(text_item: QGraphicsTextItem) -> float:
    """The text's length along its line, without the text item's padding."""
    return text_item.boundingRect().width() - 2 * text_item.document().documentMargin()


def _cap(current_points: float, ink: float, room: float) -> float | None:
    # a text's width grows with its size, in steps (hinting): aim a little under the room,
    # in quarter points, so that the size found fits and stays put from pass to pass
    if ink <= 0 or room <= 0:
        return None
    return math.floor(4 * MARGIN * current_points * room / ink) / 4


def axis_label_cap(item, points: float) -> float | None:
    """The largest size (points) at which the axis label ``item``, now ``points`` large,
    fits the view along its axis (it is centred on the axis, shown or not); None if it is
    no axis label."""
    axis = item.parentItem()
    if not isinstance(axis, pg.AxisItem) or axis.label is not item:
        return None
    seen = _visible_scene_rect(axis)
    if seen is None:
        return None
    box = axis.sceneBoundingRect()
    if axis.orientation in ("left", "right"):
        centre = box.center().y()
        room = 2 * min(centre - seen.top(), seen.bottom() - centre)
    else:
        centre = box.center().x()
        room = 2 * min(centre - seen.left(), seen.right() - centre)
    return _cap(points, _ink_length(item), room)


def plot_of_label(label) -> pg.PlotItem | None:
    """The plot whose layout holds ``label`` (its title, a note under it), else None."""
    plot = label.parentItem()
    return plot if isinstance(plot, pg.PlotItem) else None


def label_cap(label, points: float) -> float | None:
    """The largest size (points) at which ``label``, a text in a plot's layout now
    ``points`` large, fits its place in the plot as seen; None if it is in no plot. (A
    label widens its plot to its text: its room is what the plot's other columns leave.)"""
    plot = plot_of_label(label)
    seen = _visible_scene_rect(label) if plot is not None else None
    if seen is None:
        return None
    cell = label.sceneBoundingRect()
    beside = plot.sceneBoundingRect().width() - cell.width()
    room = min(cell.intersected(seen).width(), seen.width() - beside)
    return _cap(points, _ink_length(label.item), room)


def fit_label(label) -> None:
    """``label``'s plot no wider than its view (a label that shrank leaves it wider until
    the view's next resize), and a title's row as tall as the title."""
    plot = plot_of_label(label)
    if plot is None:
        return
    for view in plot.scene().views() if plot.scene() is not None else []:
        if getattr(view, "centralWidget", None) is plot and plot.geometry().width() > view.range.width() + 0.5:
            plot.setGeometry(view.range)
    if plot.titleLabel is not label or label.maximumHeight() == 0:  # (setTitle(None) hides it so)
        return
    height = max(TITLE_ROW, round(label.item.boundingRect().height()))
    if label.maximumHeight() != height:
        label.setMaximumHeight(height)
        plot.layout.setRowFixedHeight(0, height)
