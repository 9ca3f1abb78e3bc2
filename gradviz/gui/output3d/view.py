"""The model's output over the (x1, x2) plane as a 3D surface, with the data as points at
(x1, x2, y): seed 001's plane and sigmoid surface. Drag to turn, wheel to zoom; the top
view looks straight down, where a classifier's surface shows its 0.5 boundary as the split
between the two classes' colours.

The surface is coloured as the 2D map: blue through white to vermillion for a probability,
viridis for a regression's value. The points are drawn over the surface, always visible;
a regression's points have their residual to the surface drawn as a stem.

Import this module only when ``opengl_available()`` says yes.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
import pyqtgraph.opengl as gl
from PySide6 import QtCore, QtGui, QtWidgets

import gradviz.core as gc

from gradviz.gui.data_view.plane_view import CLASS_COLORS, class_lut, value_lut
from gradviz.gui.gl import items
from gradviz.gui.gl.gl_view import GLView, embed, grab_with_scene
from gradviz.gui.gl.height_field import grid_triangles, height_normals, sample_bilinear
from gradviz.gui.landscape.scales import nice_ticks
from gradviz.gui.landscape.style import legend_bar
from gradviz.gui.output3d.box import BOX_HALF, BOX_HEIGHT, OutputBox
from gradviz.gui.presenter.scene_zoom import rescale_window
from gradviz.gui.presenter.zoom import zoom
from gradviz.gui.theme.apply import qcolor, themes
from gradviz.gui.theme.palette import LIGHT
from gradviz.gui.widgets.formatting import tick

__all__ = ["DEFAULT_CAMERA", "TOP_CAMERA", "OutputSurfaceView"]

DEFAULT_CAMERA = {"distance": 19.0, "elevation": 26.0, "azimuth": -62.0, "fov": 60.0}
# straight down, x1 to the right and x2 up (the 2D map's orientation), from far away through
# a narrow lens: nearly no perspective, so the boundary seen is the 2D map's
TOP_CAMERA = {"elevation": 90.0, "azimuth": -90.0, "fov": 2.0}
TOP_HALF_WIDTH = 7.2  # what the top view must show either side of the centre (box and labels)
STEEP = 80.0  # from this elevation up, the output axis is seen end-on: its labels are hidden
N_TICKS = 7  # per axis, in a pool built once
LIFT = 0.04  # lines on the surface are drawn this far above it


def _rgba(lut: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Colours (k, 4) float of the 256-entry ``lut`` at t in 0..1."""
    rgb = lut[np.clip((np.asarray(t) * 255).round().astype(int), 0, 255), :3] / 255.0
    return np.column_stack([rgb, np.ones(len(rgb))]).astype(np.float32)


class OutputSurfaceView(QtWidgets.QWidget):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._box: OutputBox | None = None
        self._x = np.empty((0, 2))
        self._y = np.empty(0)
        self._H: np.ndarray | None = None    # the heights drawn (display units), (n, n)
        self._verts: np.ndarray | None = None  # the surface's vertices, (n, n, 3)
        self.gl_view = GLView()
        self._container = embed(self.gl_view, self)
        self._container.setMinimumSize(200, 150)
        self._container.setFocusPolicy(QtCore.Qt.FocusPolicy.ClickFocus)
        self._build_items()
        self.top_button = QtWidgets.QToolButton(self)
        self.top_button.setText("Top view")
        self.top_button.setToolTip("Look straight down (T): the boundary is where the colours meet")
        self.top_button.clicked.connect(self.top_view)
        self.reset_button = QtWidgets.QToolButton(self)
        self.reset_button.setText("Side view")
        self.reset_button.setToolTip("Back to the default angle (drag to turn, wheel to zoom)")
        self.reset_button.clicked.connect(self.reset_view)
        self.legend = QtWidgets.QLabel(self)
        self.legend.setWordWrap(True)
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self._container, 1)
        lay.addWidget(legend_bar(self, self.legend, self.top_button, self.reset_button))
        themes().follow(self, self._restyle)
        zoom().follow(self, lambda factor: rescale_window(self, factor, [self.gl_view]))
        self.gl_view.installEventFilter(self)  # the mouse turns the camera: label the axes it shows
        self.reset_view()

    def eventFilter(self, obj, ev) -> bool:  # noqa: N802 (Qt's name)
        if ev.type() in (QtCore.QEvent.Type.MouseMove, QtCore.QEvent.Type.Wheel):
            QtCore.QTimer.singleShot(0, self._show_output_axis)  # after the view has moved
        return False

    def _build_items(self) -> None:
        view = self.gl_view
        font = QtGui.QFont(self.font())
        tick_font, label_font = QtGui.QFont(font), QtGui.QFont(font)
        tick_font.setPointSizeF(9)
        label_font.setPointSizeF(11)
        label_font.setBold(True)
        self.floor = gl.GLGridItem(size=QtGui.QVector3D(2 * BOX_HALF, 2 * BOX_HALF, 1), color=(255, 255, 255, 40))
        self.floor.setSpacing(1, 1, 1)
        self.floor.translate(0, 0, -0.02)
        self.axes = gl.GLLinePlotItem(mode="lines", color=(0.8, 0.8, 0.8, 0.9), width=1.5, antialias=True,
                                      glOptions="translucent")
        self.surface = gl.GLMeshItem(shader=items.LIT_SHADER, smooth=True, glOptions="opaque")
        self.boundary = gl.GLLinePlotItem(mode="lines", color=(0.1, 0.1, 0.1, 1.0), width=2.5, antialias=True,
                                          glOptions="translucent")
        self.stems = gl.GLLinePlotItem(mode="lines", color=pg.mkColor(LIGHT.residuals).getRgbF(), width=1.5,
                                       antialias=True, glOptions=items.ON_TOP)
        # each point a dot over a slightly larger one as its outline: a regression's points
        # are coloured on the surface's own scale and would vanish into it
        self.points = gl.GLScatterPlotItem(size=8, pxMode=True, glOptions=items.ON_TOP)
        self.outlines = gl.GLScatterPlotItem(size=11, pxMode=True, glOptions=items.ON_TOP)
        centre = QtCore.Qt.AlignmentFlag.AlignHCenter | QtCore.Qt.AlignmentFlag.AlignVCenter
        right = QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter
        white, grey = QtGui.QColor(230, 230, 230), QtGui.QColor(200, 200, 200)
        self.x1_label = gl.GLTextItem(text="x1", color=white, font=label_font, alignment=centre)
        self.x2_label = gl.GLTextItem(text="x2", color=white, font=label_font, alignment=centre)
        above = QtCore.Qt.AlignmentFlag.AlignHCenter | QtCore.Qt.AlignmentFlag.AlignBottom
        self.z_label = gl.GLTextItem(text="", color=white, font=label_font, alignment=above)
        self.x1_ticks = [gl.GLTextItem(text="", color=grey, font=tick_font, alignment=centre) for _ in range(N_TICKS)]
        self.x2_ticks = [gl.GLTextItem(text="", color=grey, font=tick_font, alignment=centre) for _ in range(N_TICKS)]
        self.z_ticks = [gl.GLTextItem(text="", color=grey, font=tick_font, alignment=right) for _ in range(N_TICKS)]
        self.texts = items.TextLayer([self.x1_label, self.x2_label, self.z_label,
                                      *self.x1_ticks, *self.x2_ticks, *self.z_ticks])
        order = [(self.floor, -10), (self.axes, -9), (self.texts, -8), (self.surface, 0), (self.boundary, 1),
                 (self.stems, 5), (self.outlines, 5.5), (self.points, 6)]
        for item, depth in order:
            item.setDepthValue(depth)
            view.addItem(item)
        for item in (self.surface, self.boundary, self.stems, self.points, self.outlines):
            item.setVisible(False)
        # the box and its labels only change with the data: drawn once into the cached
        # backdrop, the surface and the points over them each frame
        view.set_backdrop([self.floor, self.axes, self.texts], watched=self.texts.labels())

    def _restyle(self, p) -> None:
        self.gl_view.setBackgroundColor(qcolor(p.landscape_background))
        self.floor.setColor((255, 255, 255, p.landscape_grid_alpha))

    # ----- public API ---------------------------------------------------------------------
    def set_data(self, box: OutputBox, x, y) -> None:
        """The box shown and the data in it: x (n, 2), y (n,)."""
        self._box = box
        self._x = np.asarray(x, dtype=float).reshape(-1, 2)
        self._y = np.asarray(y, dtype=float).ravel()
        n = len(self._y)
        if n:
            pos = self.point_positions()
            self.points.setData(pos=pos, color=self._point_colours())
            # white around a class's colour (as on the 2D map), dark around a value's
            self.outlines.setData(pos=pos, color=(1.0, 1.0, 1.0, 0.9) if box.classes else (0.1, 0.1, 0.1, 0.9))
        self.points.setVisible(n > 0)
        self.outlines.setVisible(n > 0)
        self._build_axes()
        self.legend.setText(
            "surface: the model's output, a probability · points: the data at (x1, x2, class) · black line: 0.5"
            if box.classes else
            "surface: the model's output ŷ · points: the data at (x1, x2, y) · stems: each point's error")
        if self._H is None:
            self.stems.setVisible(False)

    def set_output(self, out) -> None:
        """The model's output at the box's grid (``box.grid(n)``'s points), shape (n * n,)."""
        box = self._box
        n = int(round(np.sqrt(np.size(out))))
        out = np.asarray(out, dtype=float).reshape(n, n)
        u, v, _pts = box.grid(n)
        verts = box.to_display(u[:, None], v[None, :], np.where(np.isfinite(out), out, box.z0))
        H = verts[..., 2]
        self._H, self._verts = H, verts
        normals = height_normals(verts[:, 0, 0], verts[0, :, 1], H)
        lut = class_lut() if box.classes else value_lut()
        colours = _rgba(lut, box.colour_value(out, self._y).ravel())
        md = items.NormalsMeshData(verts.reshape(-1, 3).astype(np.float32), grid_triangles(n, n),
                                   normals.reshape(-1, 3), vertexColors=colours)
        self.surface.setMeshData(meshdata=md)
        self.surface.setVisible(True)
        self._draw_boundary(out, verts)
        self._draw_stems()

    def surface_heights(self) -> np.ndarray | None:
        """The heights drawn (display units), (n, n) with row i at the grid's x1[i]."""
        return None if self._H is None else self._H.copy()

    def box(self) -> OutputBox | None:
        return self._box

    def point_positions(self) -> np.ndarray:
        """The data's display positions (n, 3): (x1, x2, y) in the box."""
        return self._box.to_display(self._x[:, 0], self._x[:, 1], self._y)

    def reset_view(self) -> None:
        """The default angle: from the front right, a little above."""
        self._camera(DEFAULT_CAMERA)

    def top_view(self) -> None:
        """Straight down, x1 to the right and x2 up, as on the 2D map."""
        w, h = self.gl_view.width(), self.gl_view.height()
        distance = TOP_HALF_WIDTH / math.tan(math.radians(TOP_CAMERA["fov"] / 2)) * max(1.0, w / max(h, 1))
        self._camera({**TOP_CAMERA, "distance": distance})

    def camera(self) -> dict:
        return dict(self.gl_view.cameraParams())

    def grab_image(self) -> QtGui.QImage:
        """The whole view, a fresh frame of its 3D scene painted over the widget's grab
        (which leaves the native GL window blank)."""
        return grab_with_scene(self, self.gl_view, self._container)

    # ----- internals ----------------------------------------------------------------------
    def _camera(self, cam: dict) -> None:
        self.gl_view.setCameraParams(center=QtGui.QVector3D(0.0, 0.0, 0.4 * BOX_HEIGHT), **cam)
        self._show_output_axis()

    def _show_output_axis(self) -> None:
        shown = self.gl_view.cameraParams()["elevation"] < STEEP
        for item in (self.z_label, *self.z_ticks):
            if item.visible() != shown:
                item.setVisible(shown)

    def _point_colours(self) -> np.ndarray:
        if self._box.classes:
            pair = np.array([pg.mkColor(c).getRgbF() for c in CLASS_COLORS], dtype=np.float32)
            return pair[(self._y > 0.5).astype(int)]
        return _rgba(value_lut(), self._box.colour_value(self._y, self._y))

    def _draw_boundary(self, out, verts) -> None:
        segs = gc.marching_squares(out, [0.5])[0] if self._box.classes else np.empty((0, 2, 2))
        if len(segs):
            (x0, y0), step = verts[0, 0, :2], (verts[1, 0, 0] - verts[0, 0, 0], verts[0, 1, 1] - verts[0, 0, 1])
            pos = np.empty((len(segs), 2, 3))
            pos[..., 0] = x0 + segs[..., 0] * step[0]
            pos[..., 1] = y0 + segs[..., 1] * step[1]
            pos[..., 2] = self._box.to_display(0.0, 0.0, 0.5)[2] + LIFT
            self.boundary.setData(pos=pos.reshape(-1, 3))
        self.boundary.setVisible(len(segs) > 0)

    def _draw_stems(self) -> None:
        """A regression's residuals: from each point down or up to the surface under it."""
        show = not self._box.classes and len(self._y) > 0 and self._H is not None
        if show:
            top = self.point_positions()
            verts = self._verts
            under = sample_bilinear(self._H, verts[:, 0, 0], verts[0, :, 1], top[:, 0], top[:, 1])
            pos = np.repeat(top, 2, axis=0)
            pos[1::2, 2] = under
            self.stems.setData(pos=pos)
        self.stems.setVisible(show)

    def _build_axes(self) -> None:
        b = self._box
        h = BOX_HALF
        lines = [(-h, -h, 0), (h, -h, 0), (h, -h, 0), (h, h, 0), (h, h, 0), (-h, h, 0), (-h, h, 0), (-h, -h, 0),
                 (-h, -h, 0), (-h, -h, BOX_HEIGHT)]   # the output axis: the front left corner
        tick_len = 0.18

        def place(pool, values, where):
            step = values[1] - values[0] if len(values) > 1 else None
            for item, val in zip(pool, list(values) + [None] * N_TICKS):
                if val is None:
                    item.setData(text="")
                    continue
                at, mark = where(val)
                lines.extend(mark)
                item.setData(pos=at, text=tick(val, step))

        def x1_tick(val):
            x = float(b.to_display(val, b.b0, b.z0)[0])
            return (x, -h - 0.55, 0.0), [(x, -h, 0), (x, -h - tick_len, 0)]

        def x2_tick(val):
            y = float(b.to_display(b.a0, val, b.z0)[1])
            return (h + 0.6, y, 0.0), [(h, y, 0), (h + tick_len, y, 0)]

        def z_tick(val):
            z = float(b.to_display(b.a0, b.b0, val, clip=False)[2])
            return (-h - 0.35, -h - 0.35, z), [(-h, -h, z), (-h - 0.7 * tick_len, -h - 0.7 * tick_len, z)]

        place(self.x1_ticks, nice_ticks(b.a0, b.a1, 5), x1_tick)
        place(self.x2_ticks, nice_ticks(b.b0, b.b1, 5), x2_tick)
        # none right at the floor, where they would meet the x1 ticks of the corner
        floor = b.z0 + 0.1 * (b.z1 - b.z0)
        place(self.z_ticks, [t for t in nice_ticks(b.z0, b.z1, 5) if t >= floor], z_tick)
        self.axes.setData(pos=np.array(lines, dtype=np.float32))
        self.x1_label.setData(pos=(0.0, -h - 1.4, 0.0))
        self.x2_label.setData(pos=(h + 1.6, 0.0, 0.0))
        self.z_label.setData(pos=(-h, -h, BOX_HEIGHT + 0.8), text="P(class 1)" if b.classes else "output ŷ")
