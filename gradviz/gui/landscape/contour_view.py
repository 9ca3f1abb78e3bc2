"""The landscape seen from above: a log-coloured heat map with log-spaced contour lines,
the path, the ball, the gradient arrow and the optimum, axes in parameter units.

Every plot item is built once in ``__init__``; ``set_state`` only moves them (``setPos``,
``setPath``, ``setLine``), up to ~60 times a second while training.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from gradviz.core import marching_squares
from gradviz.gui.landscape.grid import check_surface
from gradviz.gui.landscape.scales import LogScale, arrow_fraction, log_loss_ticks
from gradviz.gui.landscape.slice_lines import COLOR_SLICE_U, COLOR_SLICE_V
from gradviz.gui.landscape.state import LandscapeState, finite_tuple, path_array
from gradviz.gui.landscape.style import (
    COLOR_ARROW, COLOR_BALL, COLOR_GHOST, COLOR_OPTIMUM, COLOR_PATH, COLORMAP_NAME, CONTOUR_PEN, Legend, legend_bar,
)
from gradviz.gui.runs.layers import CompanionLines
from gradviz.gui.theme.apply import themes
from gradviz.gui.widgets.formatting import tick
from gradviz.gui.widgets.plot_cache import cache_axes

__all__ = ["ContourView"]


class ContourView(QtWidgets.QWidget):
    """The landscape seen from above: log-coloured heat map, log-spaced contour lines, axes
    in parameter units. Left click (no drag) emits ``pointPicked(u, v)``."""

    pointPicked = QtCore.Signal(float, float)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._cmap = pg.colormap.get(COLORMAP_NAME)
        self._window: tuple[float, float, float, float] | None = None
        self._state: LandscapeState | None = None
        self._optimum_drawn: tuple | None = None
        self._path_drawn = np.empty((0, 2))
        self._ghost_drawn = np.empty((0, 2))

        self.plot_widget = pg.PlotWidget(parent=self, background=(16, 16, 20))
        self.plot_widget.setAntialiasing(True)
        self.plot_item = self.plot_widget.getPlotItem()
        vb = self.view_box = self.plot_item.getViewBox()
        vb.disableAutoRange()           # never re-range per frame; set_surface sets the range
        vb.setAspectLocked(False)
        # the "A" button fits the map (the per-frame items are added with ignoreBounds, so even
        # in auto-range mode a frame never moves the view)
        self.plot_item.setLabel("bottom", "u")
        self.plot_item.setLabel("left", "v")

        # --- items, built once ---
        self.image = pg.ImageItem(axisOrder="col-major")
        self.image.setColorMap(self._cmap)
        self.image.setZValue(-10)
        self.contours = pg.PlotCurveItem(pen=pg.mkPen(CONTOUR_PEN, width=1), connect="pairs",
                                         skipFiniteCheck=True)
        self.contours.setZValue(-5)
        # per-frame items are plain Qt graphics items: PlotCurveItem.setData re-checks its data
        # and emits a Python signal per call (slower; and PySide6 6.12.0 on Python 3.11 leaked
        # a Py_True reference per Python-side emit, which aborts the interpreter eventually)
        self.path = QtWidgets.QGraphicsPathItem()
        self.path.setPen(pg.mkPen(COLOR_PATH, width=2))
        self.path.setZValue(5)
        self.ghost = QtWidgets.QGraphicsPathItem()
        self.ghost.setPen(pg.mkPen(COLOR_GHOST, width=2, style=QtCore.Qt.PenStyle.DashLine))
        self.ghost.setZValue(4.5)
        self.arrow_shaft = QtWidgets.QGraphicsLineItem()
        self.arrow_shaft.setPen(pg.mkPen(COLOR_ARROW, width=3))
        self.arrow_shaft.setZValue(6)
        self.arrow_head = pg.ArrowItem(angle=0, headLen=16, headWidth=12, tailLen=None,
                                       pen=pg.mkPen("w", width=1), brush=COLOR_ARROW, pxMode=True)
        self.arrow_head.setZValue(7)
        # ball and star: one spot each at the item origin, moved with setPos (cheap)
        self.ball = pg.ScatterPlotItem([0.0], [0.0], size=15, symbol="o",
                                       pen=pg.mkPen("w", width=1.5), brush=COLOR_BALL)
        self.ball.setZValue(8)
        self.optimum = pg.ScatterPlotItem([0.0], [0.0], size=20, symbol="star",
                                          pen=pg.mkPen("k", width=1), brush=COLOR_OPTIMUM)
        self.optimum.setZValue(7.5)
        # the partial-derivative slices through the ball (shown with the Slopes room)
        self.slice_lines = {}
        for key, colour in (("u", COLOR_SLICE_U), ("v", COLOR_SLICE_V)):
            line = self.slice_lines[key] = QtWidgets.QGraphicsLineItem()
            style = QtCore.Qt.PenStyle.DashLine if key == "u" else QtCore.Qt.PenStyle.DotLine
            line.setPen(pg.mkPen(colour, width=2, style=style))
            line.setZValue(4)
        self.plot_item.addItem(self.image)
        self.plot_item.addItem(self.contours)
        # the map changes a few times a second at most, the ball on it every frame: keep the
        # map (image, contour lines, colour bar) as pixmaps
        cache_axes(self.plot_item, self.image, self.contours)
        for item in (self.ball, self.path, self.ghost, self.arrow_shaft, self.arrow_head, self.optimum,
                     *self.slice_lines.values()):
            vb.addItem(item, ignoreBounds=True)
        self.runs = CompanionLines(vb, width=2, ball=True, z=4.8)  # paths and balls of the runs beside this one
        self.image.setVisible(False)

        self.colorbar = pg.ColorBarItem(values=(0.0, 1.0), colorMap=self._cmap, width=12,
                                        interactive=False, colorMapMenu=False,
                                        label="loss (log colour scale)")
        self.plot_item.layout.addItem(self.colorbar, 2, 5)   # what ColorBarItem(insert_in=) does
        cache_axes(self.colorbar, self.colorbar.bar)
        self.plot_item.layout.setColumnFixedWidth(4, 5)

        self.legend = Legend(self)
        # says why the map is empty (no data); hidden while a surface is shown
        self.hint = pg.TextItem(color=(225, 225, 225), anchor=(0.5, 0.5))
        self.hint.setTextWidth(280)
        self.hint.setZValue(20)
        vb.addItem(self.hint, ignoreBounds=True)
        self.hint.setVisible(False)
        themes().follow(self, lambda p: self.plot_widget.setBackground(p.landscape_background))
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.plot_widget, 1)
        lay.addWidget(legend_bar(self, self.legend))

        self.clear_state()
        self.plot_widget.scene().sigMouseClicked.connect(self._on_click)
        vb.sigRangeChanged.connect(self._on_view_changed)
        vb.sigResized.connect(self._on_view_changed)

    # ----- public API ---------------------------------------------------------------------
    def set_surface(self, u, v, Z, u_label: str, v_label: str) -> None:
        u, v, Z = check_surface(u, v, Z)
        scale = LogScale(Z)
        du, dv = (u[-1] - u[0]) / (len(u) - 1), (v[-1] - v[0]) / (len(v) - 1)
        self.plot_item.setLabel("bottom", u_label)
        self.plot_item.setLabel("left", v_label)
        self.hint.setVisible(False)
        if scale.ok:
            colour = np.where(np.isfinite(Z), scale.colour_value(Z), np.nan)  # NaN: transparent
            self.image.setImage(colour, autoLevels=False, levels=(scale.lo, scale.hi))
            # pixel centres on the grid points
            self.image.setRect(QtCore.QRectF(u[0] - du / 2, v[0] - dv / 2, len(u) * du, len(v) * dv))
            self.image.setVisible(True)
        else:
            self.image.setVisible(False)
        segs, _ = marching_squares(Z, scale.contour_levels())
        if len(segs):
            xs = u[0] + segs[..., 0].ravel() * du
            ys = v[0] + segs[..., 1].ravel() * dv
            self.contours.setData(xs, ys, connect="pairs")
        else:
            self.contours.setData([], [])
        self.colorbar.setLevels((scale.lo, scale.hi))
        ticks = log_loss_ticks(scale, scale.colour_value, (scale.hi - scale.lo) / 7.0)
        nudge = (scale.hi - scale.lo) * 1e-6   # a tick exactly on the end of the bar is dropped
        self.colorbar.axis.setTicks([[(max(pos, scale.lo + nudge), tick(val)) for pos, val in ticks]])
        window = (float(u[0] - du / 2), float(u[-1] + du / 2), float(v[0] - dv / 2), float(v[-1] + dv / 2))
        if window != self._window:       # re-range only when the window itself changed
            self._window = window
            self.view_box.setRange(xRange=window[:2], yRange=window[2:], padding=0)
        if self._state is not None:
            self.set_state(self._state)

    def clear_surface(self, hint: str = "") -> None:
        """No surface: an empty map, ``hint`` in its middle saying why."""
        self.clear_state()
        self.image.setVisible(False)
        self.contours.setData([], [])
        self.colorbar.axis.setTicks([[]])
        self._window = None
        self.view_box.setRange(xRange=(0.0, 1.0), yRange=(0.0, 1.0), padding=0)
        self.hint.setPlainText(hint)
        self.hint.setPos(0.5, 0.5)
        self.hint.setVisible(bool(hint))

    def hint_text(self) -> str:
        """The hint shown over an empty map, or ""."""
        return self.hint.toPlainText() if self.hint.isVisible() else ""

    def set_state(self, state: LandscapeState) -> None:
        self._state = state
        self.legend.set_optimum_exact(state.optimum_exact)
        cur = finite_tuple(state.current[:2], 2) if state.current is not None else None
        if cur is None:
            self.ball.setVisible(False)
        else:
            self.ball.setPos(*cur)
            self.ball.setVisible(True)
        path = path_array(state.path)
        self._path_drawn = path[:, :2]
        if len(path) >= 2:
            self.path.setPath(pg.arrayToQPath(path[:, 0], path[:, 1]))
            self.path.setVisible(True)
        else:
            self.path.setVisible(False)
        ghost = path_array(state.ghost) if state.ghost is not None else path[:0]
        self._ghost_drawn = ghost[:, :2]
        if len(ghost) >= 2:
            self.ghost.setPath(pg.arrayToQPath(ghost[:, 0], ghost[:, 1]))
        self.ghost.setVisible(len(ghost) >= 2)
        opt = finite_tuple(state.optimum[:2], 2) if state.optimum is not None else None
        if opt != self._optimum_drawn:
            self._optimum_drawn = opt
            if opt is None:
                self.optimum.setVisible(False)
            else:
                self.optimum.setPos(*opt)
                self.optimum.setVisible(True)
        self._update_arrow()
        self._update_slice_lines(state.slices, cur)
        self.runs.draw(state.companions)

    def clear_state(self) -> None:
        self._state = None
        self._optimum_drawn = None
        self.runs.draw(())
        for item in (self.ball, self.path, self.ghost, self.arrow_shaft, self.arrow_head, self.optimum,
                     *self.slice_lines.values()):
            item.setVisible(False)

    def _update_slice_lines(self, slices, cur) -> None:
        """Along u the slice holds v: a horizontal line through the ball; along v, a vertical one."""
        ok = slices is not None and cur is not None
        if ok:
            self.slice_lines["u"].setLine(slices.u[0], cur[1], slices.u[-1], cur[1])
            self.slice_lines["v"].setLine(cur[0], slices.v[0], cur[0], slices.v[-1])
        for line in self.slice_lines.values():
            line.setVisible(ok)

    def slice_line_ends(self) -> dict | None:
        """{"u": ((u0, v), (u1, v)), "v": ((u, v0), (u, v1))} as drawn, or None when hidden."""
        if not self.slice_lines["u"].isVisible():
            return None
        out = {}
        for key, item in self.slice_lines.items():
            line = item.line()
            out[key] = ((line.x1(), line.y1()), (line.x2(), line.y2()))
        return out

    # ----- helpers for callers and tests ----------------------------------------------------
    def ball_position(self) -> tuple[float, float] | None:
        """(u, v) where the ball is drawn, or None when hidden."""
        if not self.ball.isVisible():
            return None
        p = self.ball.pos()
        return (p.x(), p.y())

    def arrow_vector(self) -> tuple[float, float] | None:
        """(du, dv) from the ball to the arrow tip in parameter units, or None when hidden."""
        if not self.arrow_shaft.isVisible():
            return None
        line = self.arrow_shaft.line()
        return (line.dx(), line.dy())

    def path_points(self) -> np.ndarray:
        """(k, 2) the (u, v) points of the drawn path (non-finite rows dropped)."""
        return self._path_drawn.copy() if self.path.isVisible() else np.empty((0, 2))

    # ----- internals ----------------------------------------------------------------------
    def ghost_points(self) -> np.ndarray:
        """(k, 2) the (u, v) points of the faded path a branch left, as drawn (empty when hidden)."""
        return self._ghost_drawn.copy() if self.ghost.isVisible() else np.empty((0, 2))

    def _update_arrow(self) -> None:
        state = self._state
        ok = False
        if state is not None and self.ball.isVisible():
            g = finite_tuple(state.neg_grad, 2)
            frac = arrow_fraction(math.hypot(*g), float(state.grad_ref)) if g is not None else None
            if frac is not None:
                ok = self._place_arrow(g, frac)
        self.arrow_shaft.setVisible(ok)
        self.arrow_head.setVisible(ok)

    def _place_arrow(self, g: tuple[float, float], frac: float) -> bool:
        (x0, x1), (y0, y1) = self.view_box.viewRange()
        rx, ry = x1 - x0, y1 - y0
        if not (rx > 0 and ry > 0):
            return False
        # direction in view fractions, length = frac of the view
        nx, ny = g[0] / rx, g[1] / ry
        n = math.hypot(nx, ny)
        if not (n > 0 and math.isfinite(n)):
            return False
        p = self.ball.pos()
        u, v = p.x(), p.y()
        du, dv = frac * nx / n * rx, frac * ny / n * ry
        self.arrow_shaft.setLine(u, v, u + du, v + dv)
        # the head is drawn in pixels: its angle must be the on-screen angle
        pw, ph = self.view_box.viewPixelSize()
        sx, sy = du / pw if pw else du, -dv / ph if ph else -dv
        self.arrow_head.setStyle(angle=math.degrees(math.atan2(-sy, -sx)))
        self.arrow_head.setPos(u + du, v + dv)
        return True

    def _on_view_changed(self, *args) -> None:
        if self._state is not None:
            self._update_arrow()

    def _on_click(self, ev) -> None:
        if ev.button() != QtCore.Qt.MouseButton.LeftButton or ev.double():
            return
        pos = ev.scenePos()
        if not self.view_box.sceneBoundingRect().contains(pos):
            return
        p = self.view_box.mapSceneToView(pos)
        u, v = p.x(), p.y()
        if math.isfinite(u) and math.isfinite(v):
            self.pointPicked.emit(u, v)
