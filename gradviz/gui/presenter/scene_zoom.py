"""Zoom for what Qt's application font does not reach: the items of the plots (pen widths,
point sizes, arrow heads, texts) and of the 3D view (line widths, texts).

Each item's unzoomed value is remembered the first time it is seen; a value a panel set
since the last pass (a restyle, a rebuilt diagram) becomes the new unzoomed one. Texts made
while zoomed come from the already zoomed application font, so theirs is divided back.
"""

from __future__ import annotations

import weakref

import pyqtgraph as pg
import pyqtgraph.opengl as gl
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QGraphicsSimpleTextItem, QGraphicsTextItem, QGraphicsView

from gradviz.gui.presenter.plot_room import SMALLEST, axis_label_cap, fit_label, label_cap, plot_of_label
from gradviz.gui.presenter.zoom import zoom

# item -> {property: (unzoomed, applied)}
_seen: "weakref.WeakKeyDictionary[object, dict[str, tuple]]" = weakref.WeakKeyDictionary()


def _base(item, key: str, current, made_zoomed_by: float = 1.0):
    record = _seen.setdefault(item, {}).get(key)
    if record is not None and record[1] == current:
        return record[0]
    return current / made_zoomed_by if made_zoomed_by != 1.0 else current


def _remember(item, key: str, base, applied) -> None:
    _seen.setdefault(item, {})[key] = (base, applied)


def _scaled(item, key: str, current: float, factor: float, made_zoomed_by: float = 1.0,
            room=None) -> float | None:
    """The value to set, or None when it is already right. ``room(current)``: the largest
    value that fits where the item is drawn (None: no limit)."""
    base = _base(item, key, current, made_zoomed_by)
    value = base * factor
    cap = room(current) if room is not None else None
    if cap is not None and cap < value:
        value = max(cap, SMALLEST * base)
    _remember(item, key, base, value)
    return None if abs(value - current) < 1e-9 else value


def _pen_width(pen) -> float:
    return max(1.0, pen.widthF())  # a cosmetic 0 draws one pixel wide


def _scale_pen(item, key: str, pen, factor: float):
    pen = pg.mkPen(pen)
    width = _scaled(item, key, _pen_width(pen), factor)
    if width is None:
        return None
    pen.setWidthF(width)
    return pen


def _scale_font(item, factor: float) -> None:
    font = QFont(item.font())
    size = _scaled(item, "font", font.pointSizeF(), factor, made_zoomed_by=factor,
                   room=lambda points: axis_label_cap(item, points))
    axis = item.parentItem()
    is_label = isinstance(axis, pg.AxisItem) and axis.label is item
    if size is not None and size > 0:
        font.setPointSizeF(size)
        item.setFont(font)
        if is_label:
            axis.showLabel(item.isVisible())  # the axis as wide as its label is now tall,
            axis.resizeEvent()                # and the label centred on it again
    if is_label:
        _hide_if_no_room(axis, item)


def _hide_if_no_room(axis, label) -> None:
    """An axis label with no room even at its smallest size is hidden (its text becomes
    the axis's tooltip) until there is room again."""
    record = _seen.setdefault(label, {})
    hidden_by_zoom = "tooltip" in record
    if not label.isVisible() and not hidden_by_zoom:
        return  # hidden by its plot
    points = label.font().pointSizeF()
    cap = axis_label_cap(label, points)
    fits = cap is None or cap >= points - 1e-6
    if not fits and not hidden_by_zoom:
        record["tooltip"] = axis.toolTip()
        axis.setToolTip(label.toPlainText())
        axis.showLabel(False)
    elif fits and hidden_by_zoom:
        axis.setToolTip(record.pop("tooltip"))
        axis.showLabel(True)
        axis.resizeEvent()


def _points(size: str) -> float:
    return float(size.removesuffix("pt"))


def _scale_label(item, factor: float) -> None:
    """A pyqtgraph label whose size is spelled in its rich text ('11pt'), or a text in a
    plot's layout in the application's (zoomed) font, given a size of its own only where it
    must shrink to fit its plot."""
    own = bool(item.opts.get("size"))
    current = _points(item.opts["size"]) if own else QApplication.font().pointSizeF()
    size = _scaled(item, "size", current, factor, made_zoomed_by=1.0 if own else factor,
                   room=lambda points: label_cap(item, points))
    if size is not None:
        item.setText(item.text, size=f"{size:g}pt")
        if isinstance(item.parentItem(), pg.LegendItem):
            item.parentItem().updateSize()  # its entries laid out again at their new widths
    fit_label(item)


def _scale_plot_item(item, factor: float) -> None:
    if isinstance(item, (QGraphicsTextItem, QGraphicsSimpleTextItem)):
        _scale_font(item, factor)
    elif isinstance(item, pg.LabelItem) and (item.opts.get("size") or plot_of_label(item) is not None):
        _scale_label(item, factor)
    elif isinstance(item, pg.PlotDataItem):
        pen = item.opts.get("pen")
        if pen is not None:
            scaled = _scale_pen(item, "pen", pen, factor)
            if scaled is not None:
                item.setPen(scaled)
        if item.opts.get("symbol") is not None:
            size = _scaled(item, "symbolSize", float(item.opts["symbolSize"]), factor)
            if size is not None:
                item.setSymbolSize(size)
    elif isinstance(item, pg.ScatterPlotItem) and not isinstance(item.parentItem(), pg.PlotDataItem):
        # points, balls and stars drawn in pixels (a spot given its own size keeps it)
        if item.opts.get("pxMode", True) and isinstance(item.opts.get("size"), (int, float)):
            size = _scaled(item, "size", float(item.opts["size"]), factor)
            if size is not None:
                item.setSize(size)
    elif isinstance(item, pg.PlotCurveItem) and not isinstance(item.parentItem(), pg.PlotDataItem):
        scaled = _scale_pen(item, "pen", item.opts["pen"], factor)
        if scaled is not None:
            item.setPen(scaled)
    elif isinstance(item, pg.InfiniteLine):
        scaled = _scale_pen(item, "pen", item.pen, factor)
        if scaled is not None:
            item.setPen(scaled)
    elif isinstance(item, pg.ArrowItem):
        opts = {}
        for key in ("headLen", "headWidth", "tailWidth"):
            if item.opts.get(key) is not None:
                value = _scaled(item, key, float(item.opts[key]), factor)
                if value is not None:
                    opts[key] = value
        if opts:
            item.setStyle(**opts)
    elif isinstance(item, pg.LegendItem):
        size = _scaled(item, "labelTextSize", _points(item.opts["labelTextSize"]), factor)
        if size is not None:
            item.opts["labelTextSize"] = f"{size:g}pt"  # entries added later
    elif isinstance(item, pg.AxisItem):
        item.setTickFont(zoom().scaled_font())


def _scale_gl_item(item, factor: float) -> None:
    if isinstance(item, gl.GLLinePlotItem):
        width = _scaled(item, "width", float(item.width), factor)
        if width is not None:
            item.setData(width=width)
    elif isinstance(item, gl.GLTextItem):
        font = QFont(item.font)
        size = _scaled(item, "font", font.pointSizeF(), factor)  # the 3D view's fonts have fixed sizes
        if size is not None and size > 0:
            font.setPointSizeF(size)
            item.setData(font=font)
    elif isinstance(item, gl.GLScatterPlotItem) and item.pxMode and isinstance(item.size, (int, float)):
        size = _scaled(item, "size", float(item.size), factor)
        if size is not None:
            item.setData(size=size)


def rescale_window(window, factor: float, gl_views=()) -> None:
    """Every plot and diagram inside ``window``, and the 3D ``gl_views``, at this zoom."""
    for view in window.findChildren(QGraphicsView):
        scene = view.scene()
        if scene is not None:
            for item in scene.items():
                _scale_plot_item(item, factor)
    for view in gl_views:
        stack = list(view.items)
        while stack:
            item = stack.pop()
            _scale_gl_item(item, factor)
            stack.extend(item.childItems())
            stack.extend(item.labels() if hasattr(item, "labels") else [])  # a text layer's labels
