"""The landscape as a 3D surface (pyqtgraph.opengl) with the ball, path, gradient arrow and
optimum, tick labels in parameter and loss units.

The 3D height is linear in the loss by default (the honest bowl: a learner sees the
quadratic shape of the line's L2 loss and the slope that the gradient measures);
``set_log_height(True)`` switches to ``log10(1 + (Z - Zmin)/eps)`` for surfaces whose range
is so large that the bottom of the bowl looks flat.

Every item is built once in ``__init__``; ``set_state`` only moves them. The scene is drawn
in a ``GLView`` (gradviz.gui.gl), imported when the first view is built so that this
module imports without OpenGL.
"""

from __future__ import annotations

import math
import textwrap

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from gradviz.core import marching_squares
from gradviz.gui.gl import GL_IMPORT_ERROR, gl_importable
from gradviz.gui.gl.box_clip import clip_tail
from gradviz.gui.gl.height_field import grid_triangles, height_normals, sample_bilinear
from gradviz.gui.landscape.camera_keys import CameraKeys, FocusFrame3D
from gradviz.gui.landscape.grid import check_surface, resample_grid
from gradviz.gui.landscape.scales import LogScale, arrow_fraction, log_loss_ticks, nice_ticks
from gradviz.gui.landscape.slice_lines import COLOR_SLICE_U, COLOR_SLICE_V
from gradviz.gui.landscape.state import LandscapeState, finite_tuple, path_array
from gradviz.gui.landscape.style import COLOR_ARROW, COLOR_BALL, COLOR_OPTIMUM, COLOR_PATH, COLORMAP_NAME, Legend, legend_bar
from gradviz.gui.landscape.style import COLOR_GHOST
from gradviz.gui.theme.apply import qcolor, themes
from gradviz.gui.widgets.formatting import tick

__all__ = ["Landscape3DView"]

BOX_HALF = 5.0        # (u, v) window -> x, y in [-5, 5]
BOX_HEIGHT = 5.0      # loss -> z in [0, 5]
# the surface mesh has at most this many points per axis (the 2D map keeps the full grid).
# Software OpenGL spends its time per triangle: 96 x 96 cost ~13 ms a frame, 49 x 49 ~3.5 ms
# and 33 x 33 ~0.7 ms less again, and a smooth-shaded loss surface looks the same. 33 takes
# every third point of a 97 grid.
MESH_MAX = 33

DEFAULT_CAMERA = {"distance": 21.0, "elevation": 32.0, "azimuth": -35.0, "fov": 60.0}
ACCESSIBLE_NAME = "Loss landscape in 3D: the surface, the path and the current point"


class Landscape3DView(QtWidgets.QWidget):
    """The landscape as a 3D surface (pyqtgraph.opengl), mouse to rotate (drag), zoom
    (wheel) and pan (middle drag / ctrl+drag). The (u, v) window maps to x, y in [-5, 5],
    the loss to z in [0, 5]; tick labels are in parameter and loss units."""

    N_TICK_LABELS = 8   # per axis, in a pool built once
    N_HINT_LINES = 3
    HINT_WIDTH = 34     # characters per hint line

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        if not gl_importable():
            raise RuntimeError(f"the 3D view needs pyqtgraph.opengl: {GL_IMPORT_ERROR}")
        import pyqtgraph.opengl as gl

        from gradviz.gui.gl import items
        from gradviz.gui.gl.gl_view import GLView, embed

        self._mesh_data = items.NormalsMeshData
        self._cmap = pg.colormap.get(COLORMAP_NAME)
        self._log_height = False
        self._u = self._v = self._Z = None
        self._labels = ("u", "v")
        self._scale: LogScale | None = None
        self._H: np.ndarray | None = None      # surface heights in display units (NaN: no data)
        self._state: LandscapeState | None = None
        self._optimum_drawn: tuple | None = None
        self._cut_at: tuple | None = None      # where the drawn path is cut at the box
        self._slice_drawn: dict = {}
        self.ball_radius = 0.28

        self.gl_view = GLView()
        self.gl_view.setBackgroundColor((16, 16, 20))
        # the container owns the window from here on
        self._gl_container = embed(self.gl_view, self)
        # (in a short dock the scene gives way before the legend and buttons around it: the
        # native scene would cover them where the layout had to overlap them)
        self._gl_container.setMinimumSize(200, 100)
        self._gl_container.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)
        self._gl_container.setAccessibleName(ACCESSIBLE_NAME)
        self._gl_container.setAccessibleDescription("Arrows turn the view, + and − zoom the camera, Home resets it.")
        self.focus_frame = FocusFrame3D(self._gl_container)
        self.camera_keys = CameraKeys(self.gl_view, self._gl_container)
        view = self.gl_view

        font = QtGui.QFont(self.font())
        self._tick_font = QtGui.QFont(font)
        self._tick_font.setPointSizeF(9)
        self._label_font = QtGui.QFont(font)
        self._label_font.setPointSizeF(11)
        self._label_font.setBold(True)
        self._star_font = QtGui.QFont(font)
        self._star_font.setPointSizeF(20)

        # --- items, built once ---
        self.floor = gl.GLGridItem(size=QtGui.QVector3D(2 * BOX_HALF, 2 * BOX_HALF, 1),
                                   color=(255, 255, 255, 40))
        self.floor.setSpacing(1, 1, 1)
        self.floor.translate(0, 0, -0.02)
        self.axes = gl.GLLinePlotItem(mode="lines", color=(0.8, 0.8, 0.8, 0.9), width=1.5,
                                      antialias=True, glOptions="translucent")
        self.surface = gl.GLMeshItem(meshdata=items.NormalsMeshData(np.zeros((3, 3)), np.array([[0, 1, 2]]),
                                                                    np.tile([0.0, 0.0, 1.0], (3, 1))),
                                     shader=items.LIT_SHADER, smooth=True, glOptions="opaque")
        self.surface_contours = gl.GLLinePlotItem(mode="lines", color=(1.0, 1.0, 1.0, 0.45), width=1.0,
                                                  antialias=True, glOptions="translucent")
        self.optimum_pin = gl.GLLinePlotItem(mode="lines", color=(1.0, 0.84, 0.0, 0.8), width=1.5,
                                             glOptions=items.ON_TOP)
        self.path = gl.GLLinePlotItem(mode="line_strip", color=pg.mkColor(COLOR_PATH).getRgbF(), width=2.5,
                                      antialias=True, glOptions=items.ON_TOP)
        self.ghost = gl.GLLinePlotItem(mode="line_strip", color=pg.mkColor(COLOR_GHOST).getRgbF(), width=2.0,
                                       antialias=True, glOptions=items.ON_TOP)
        self.arrow_shaft = gl.GLLinePlotItem(mode="lines", color=pg.mkColor(COLOR_ARROW).getRgbF(), width=4,
                                             antialias=True, glOptions=items.ON_TOP)
        self.arrow_head = gl.GLMeshItem(meshdata=items.cone(), shader=items.LIT_SHADER, smooth=True,
                                        color=pg.mkColor(COLOR_ARROW).getRgbF(), glOptions=items.SOLID_ON_TOP)
        self.ball = gl.GLMeshItem(meshdata=items.sphere(radius=self.ball_radius), shader=items.LIT_SHADER,
                                  smooth=True, color=pg.mkColor(COLOR_BALL).getRgbF(), glOptions=items.SOLID_ON_TOP)
        # the partial-derivative slices through the ball, lying on the surface (Slopes room)
        self.slice_lines = {key: gl.GLLinePlotItem(mode="line_strip", color=pg.mkColor(colour).getRgbF(), width=2.5,
                                                   antialias=True, glOptions=items.ON_TOP)
                            for key, colour in (("u", COLOR_SLICE_U), ("v", COLOR_SLICE_V))}
        white = QtGui.QColor(230, 230, 230)
        self.optimum = gl.GLTextItem(text="", color=QtGui.QColor(COLOR_OPTIMUM), font=self._star_font,
                                     alignment=QtCore.Qt.AlignmentFlag.AlignHCenter | QtCore.Qt.AlignmentFlag.AlignVCenter)
        self.optimum_label = gl.GLTextItem(text="", color=QtGui.QColor(COLOR_OPTIMUM), font=self._tick_font)
        # where the path is cut at the box's faces: its earlier steps lie outside the box
        self.path_cut_label = gl.GLTextItem(text="", color=pg.mkColor(COLOR_PATH), font=self._tick_font)
        self.u_label = gl.GLTextItem(text="u", color=white, font=self._label_font,
                                     alignment=QtCore.Qt.AlignmentFlag.AlignHCenter | QtCore.Qt.AlignmentFlag.AlignVCenter)
        self.v_label = gl.GLTextItem(text="v", color=white, font=self._label_font,
                                     alignment=QtCore.Qt.AlignmentFlag.AlignHCenter | QtCore.Qt.AlignmentFlag.AlignVCenter)
        self.z_label = gl.GLTextItem(text="loss", color=white, font=self._label_font,
                                     alignment=QtCore.Qt.AlignmentFlag.AlignHCenter | QtCore.Qt.AlignmentFlag.AlignBottom)
        centre = QtCore.Qt.AlignmentFlag.AlignHCenter | QtCore.Qt.AlignmentFlag.AlignVCenter
        right = QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter
        grey = QtGui.QColor(200, 200, 200)
        self.u_ticks = [gl.GLTextItem(text="", color=grey, font=self._tick_font, alignment=centre)
                        for _ in range(self.N_TICK_LABELS)]
        self.v_ticks = [gl.GLTextItem(text="", color=grey, font=self._tick_font, alignment=centre)
                        for _ in range(self.N_TICK_LABELS)]
        self.z_ticks = [gl.GLTextItem(text="", color=grey, font=self._tick_font, alignment=right)
                        for _ in range(self.N_TICK_LABELS)]

        order = [(self.floor, -10), (self.axes, -9), (self.surface, 0), (self.surface_contours, 1),
                 (self.optimum_pin, 4), (self.ghost, 4.8), (self.path, 5), (self.arrow_shaft, 6), (self.arrow_head, 7),
                 (self.ball, 8), (self.slice_lines["u"], 4.8), (self.slice_lines["v"], 4.8)]
        for item, depth in order:
            item.setDepthValue(depth)
            view.addItem(item)
        from gradviz.gui.runs.layers3d import CompanionPaths3D  # (needs pyqtgraph.opengl, as this view)

        self.runs = CompanionPaths3D(view, self.to_display)  # the paths of the runs beside this one
        # a few lines in the middle of the box saying why it is empty (no data)
        self.hint_lines = [gl.GLTextItem(text="", color=white, font=self._label_font, alignment=centre)
                           for _ in range(self.N_HINT_LINES)]
        self.texts = items.TextLayer([self.optimum, self.optimum_label, self.path_cut_label, self.u_label, self.v_label, self.z_label,
                                      *self.u_ticks, *self.v_ticks, *self.z_ticks, *self.hint_lines])
        # the labels are part of the backdrop, drawn before the moving items (so the ball and
        # the path pass over them)
        self.texts.setDepthValue(4.5)
        view.addItem(self.texts)
        view.set_backdrop([self.floor, self.axes, self.surface, self.surface_contours, self.optimum_pin,
                           self.texts], watched=self.texts.labels())
        self.surface.setVisible(False)
        self.surface_contours.setVisible(False)

        # --- overlay controls + legend ---
        self.reset_button = QtWidgets.QToolButton(self)
        self.reset_button.setText("Reset view")
        self.reset_button.setToolTip("Camera back to the default angle (drag to rotate, wheel to zoom)")
        self.reset_button.clicked.connect(self.reset_view)
        self.log_check = QtWidgets.QCheckBox("log height", self)
        self.log_check.setToolTip("Height = log10(1 + (loss − min)/ε): shows the bottom of very deep bowls")
        self.log_check.toggled.connect(self.set_log_height)
        self.legend = Legend(self)
        themes().follow(self, self._restyle)
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self._gl_container, 1)
        lay.addWidget(legend_bar(self, self.legend, self.log_check, self.reset_button))

        self.clear_state()
        self.reset_view()

    def _restyle(self, p) -> None:
        self.gl_view.setBackgroundColor(qcolor(p.landscape_background))
        self.floor.setColor((255, 255, 255, p.landscape_grid_alpha))

    # ----- public API ---------------------------------------------------------------------
    def set_surface(self, u, v, Z, u_label: str, v_label: str) -> None:
        self._u, self._v, self._Z = check_surface(u, v, Z)
        self._labels = (str(u_label), str(v_label))
        self._scale = LogScale(self._Z)
        self._set_hint("")
        self._rebuild()

    def clear_surface(self, hint: str = "") -> None:
        """No surface: an empty box, ``hint`` in its middle saying why."""
        self.clear_state()
        self._u = self._v = self._Z = self._H = None
        self.surface.setVisible(False)
        self.surface_contours.setVisible(False)
        self.axes.setVisible(False)
        for item in (self.u_label, self.v_label, self.z_label, *self.u_ticks, *self.v_ticks, *self.z_ticks):
            item.setData(text="")
        self._set_hint(hint)

    def hint_text(self) -> str:
        """The hint shown in an empty box, or ""."""
        return " ".join(t.text for t in self.hint_lines if t.text)

    def _set_hint(self, hint: str) -> None:
        lines = textwrap.wrap(hint, self.HINT_WIDTH)[:self.N_HINT_LINES]
        for k, item in enumerate(self.hint_lines):
            text = lines[k] if k < len(lines) else ""
            item.setData(pos=(0.0, 0.0, 2.2 - 0.7 * k), text=text)

    def set_state(self, state: LandscapeState) -> None:
        self._state = state
        self.legend.set_optimum_exact(state.optimum_exact)
        if self._H is None:
            return
        cur = finite_tuple(state.current, 3) if state.current is not None else None
        if cur is None:
            self.ball.setVisible(False)
            base = None
        else:
            x, y, z = self._point(*cur)
            base = (x, y, z)
            tr = QtGui.QMatrix4x4()
            tr.translate(x, y, z + 0.6 * self.ball_radius)
            self.ball.setTransform(tr)
            self.ball.setVisible(True)
        path = path_array(state.path)
        pos, cut = self._in_box(path)
        if len(pos) >= 2:
            pos[:, 2] += 0.04
            self.path.setData(pos=pos)
        self.path.setVisible(len(pos) >= 2)
        self._mark_path_cut(pos[0] if cut and len(pos) >= 2 else None)
        ghost = path_array(state.ghost) if state.ghost is not None else path[:0]
        pos, _cut = self._in_box(ghost)
        if len(pos) >= 2:
            pos[:, 2] += 0.03
            self.ghost.setData(pos=pos)
        self.ghost.setVisible(len(pos) >= 2)
        self._update_optimum(state.optimum, state.optimum_exact)
        self._update_arrow(state, base)
        self._update_slice_lines(state.slices)
        self.runs.draw(state.companions)

    def clear_state(self) -> None:
        self._state = None
        self._optimum_drawn = None
        for item in (self.ball, self.path, self.ghost, self.arrow_shaft, self.arrow_head, self.optimum_pin,
                     *self.slice_lines.values()):
            item.setVisible(False)
        self.optimum.setData(text="")
        self.optimum_label.setData(text="")
        self._mark_path_cut(None)
        self.runs.draw(())

    def reset_view(self) -> None:
        """Camera back to the default: the box centre, from the front right, 30° up."""
        self.gl_view.setCameraParams(center=QtGui.QVector3D(0.0, 0.0, 1.5), distance=DEFAULT_CAMERA["distance"],
                                     elevation=DEFAULT_CAMERA["elevation"], azimuth=DEFAULT_CAMERA["azimuth"],
                                     fov=DEFAULT_CAMERA["fov"])

    def keyboard_widget(self) -> QtWidgets.QWidget:
        """The widget that takes the keyboard focus for the 3D scene (Tab stops there)."""
        return self._gl_container

    def set_log_height(self, on: bool) -> None:
        """Height = log10(1 + (loss - min)/eps) instead of loss (for huge ranges). Off by
        default: the linear bowl is the true shape whose slope the gradient measures."""
        on = bool(on)
        if self.log_check.isChecked() != on:
            self.log_check.blockSignals(True)
            self.log_check.setChecked(on)
            self.log_check.blockSignals(False)
        if on == self._log_height:
            return
        self._log_height = on
        if self._Z is not None:
            self._rebuild()

    def log_height(self) -> bool:
        return self._log_height

    # ----- mapping (public for callers and tests) --------------------------------------------
    def to_display(self, u, v, loss) -> np.ndarray:
        """Parameter space (u, v, loss) -> display box (x, y, z); arrays broadcast.
        Returns shape (..., 3), float64 (a 3-vector for scalars)."""
        u = np.asarray(u, dtype=float)
        v = np.asarray(v, dtype=float)
        x = -BOX_HALF + (u - self._u[0]) * self._sx
        y = -BOX_HALF + (v - self._v[0]) * self._sy
        z = self._height(np.asarray(loss, dtype=float))
        out = np.stack(np.broadcast_arrays(x, y, z), axis=-1)
        return np.clip(out, -1e4, 1e4)   # absurd values stay drawable (float32 in GL)

    def slice_line_points(self) -> dict | None:
        """{"u": (k, 3), "v": (k, 3)} display points of the slice lines drawn, or None."""
        if not self.slice_lines["u"].visible():
            return None
        return {key: self._slice_drawn[key].copy() for key in self.slice_lines}

    def _update_slice_lines(self, slices) -> None:
        ok = slices is not None and self._H is not None
        if ok:
            held_u, held_v = slices.at
            self._slice_drawn = {"u": self.to_display(slices.u, held_v, slices.loss_u),
                                 "v": self.to_display(held_u, slices.v, slices.loss_v)}
            for key, pos in self._slice_drawn.items():
                pos = pos[np.isfinite(pos).all(axis=1)]
                pos[:, 2] += 0.04  # just above the surface it lies on
                self.slice_lines[key].setData(pos=pos)
                self._slice_drawn[key] = pos
        for line in self.slice_lines.values():
            line.setVisible(ok)

    def _in_box(self, path: np.ndarray) -> tuple[np.ndarray, bool]:
        """The path's display points cut at the box's faces (see ``clip_tail``), and whether
        anything was cut."""
        if len(path) == 0:
            return np.empty((0, 3)), False
        pos = self.to_display(path[:, 0], path[:, 1], path[:, 2])
        return clip_tail(pos, (-BOX_HALF, -BOX_HALF, 0.0), (BOX_HALF, BOX_HALF, BOX_HEIGHT))

    def _mark_path_cut(self, at) -> None:
        """Label the path's cut end (display point ``at``), or no label (None). Set only on a
        change: a label is part of the cached backdrop."""
        text, pos = ("", None) if at is None else ("earlier steps: outside the box", tuple(float(c) for c in at))
        if (self.path_cut_label.text, self._cut_at) != (text, pos):
            self._cut_at = pos
            self.path_cut_label.setData(text=text, **({} if pos is None else {"pos": pos}))

    def path_cut_at(self) -> tuple[float, float, float] | None:
        """The display point where the drawn path is cut at the box's faces, or None."""
        return self._cut_at if self.path_cut_label.text else None

    def ball_position(self) -> tuple[float, float, float] | None:
        """(x, y, z) display coordinates of the ball's contact point, or None when hidden."""
        if not self.ball.visible():
            return None
        c = self.ball.transform().map(QtGui.QVector3D(0, 0, 0))
        return (c.x(), c.y(), c.z() - 0.6 * self.ball_radius)

    def arrow_vector(self) -> tuple[float, float, float] | None:
        """Display-space vector from the arrow's start to its tip, or None when hidden."""
        if not self.arrow_shaft.visible():
            return None
        return tuple(float(x) for x in self._arrow_tip - self._arrow_start)

    def grab_image(self) -> QtGui.QImage:
        """The whole view (3D scene, its text labels and the legend bar) as a QImage.

        The 3D scene is a native child window, which ``QWidget.grab()`` leaves blank: a
        fresh frame of it is painted over the widget grab (left blank when the window is
        not on screen)."""
        from gradviz.gui.gl.gl_view import grab_with_scene

        return grab_with_scene(self, self.gl_view, self._gl_container)
        image = self.grab().toImage()
        frame = self.gl_view.render_image()
        if frame is not None and not frame.isNull():
            painter = QtGui.QPainter(image)
            at = self._gl_container.mapTo(self, QtCore.QPoint(0, 0))
            painter.drawImage(QtCore.QRectF(QtCore.QRect(at, self._gl_container.size())), frame)
            painter.end()
        return image

    # ----- internals ----------------------------------------------------------------------
    def _point(self, u: float, v: float, loss: float) -> tuple[float, float, float]:
        """Scalar to_display in plain floats (per frame: no numpy overhead)."""
        s = self._scale
        x = -BOX_HALF + (u - self._u0) * self._sx
        y = -BOX_HALF + (v - self._v0) * self._sy
        if self._log_height:
            z = BOX_HEIGHT * math.log10(1.0 + max(loss - s.zmin, 0.0) / s.eps) / (s.hi - s.lo)
        else:
            z = BOX_HEIGHT * (loss - s.zmin) / s.span
        return (min(max(x, -1e4), 1e4), min(max(y, -1e4), 1e4), min(max(z, -1e4), 1e4))

    def _height(self, loss: np.ndarray) -> np.ndarray:
        s = self._scale
        with np.errstate(invalid="ignore", over="ignore"):
            if self._log_height:
                return BOX_HEIGHT * np.log10(1.0 + np.maximum(loss - s.zmin, 0.0) / s.eps) / (s.hi - s.lo)
            return BOX_HEIGHT * (loss - s.zmin) / s.span

    def _rebuild(self) -> None:
        u, v, Z, s = self._u, self._v, self._Z, self._scale
        self._sx = 2 * BOX_HALF / (u[-1] - u[0])
        self._sy = 2 * BOX_HALF / (v[-1] - v[0])
        self._u0, self._v0 = float(u[0]), float(v[0])
        u, v, Z = resample_grid(u, v, Z, MESH_MAX)  # the mesh drawn (same corners, same box)
        X = -BOX_HALF + (u - u[0]) * self._sx
        Y = -BOX_HALF + (v - v[0]) * self._sy
        H = self._height(Z)                      # NaN where Z is not finite
        self._H = H
        self._X, self._Y = X, Y
        nu, nv = H.shape
        finite = np.isfinite(H)
        verts = np.empty((nu, nv, 3), dtype=np.float32)
        verts[..., 0] = X[:, None]
        verts[..., 1] = Y[None, :]
        verts[..., 2] = np.where(finite, H, 0.0)
        normals = height_normals(X, Y, np.where(finite, H, np.nan))
        colours = self._cmap.map(np.clip(np.where(finite, H, 0.0) / BOX_HEIGHT, 0.0, 1.0).ravel(), mode="float")
        colours = np.asarray(colours, dtype=np.float32)
        tri = grid_triangles(nu, nv)
        fin = finite.ravel()
        tri = tri[fin[tri].all(axis=1)]
        if len(tri):
            md = self._mesh_data(verts.reshape(-1, 3), tri, normals.reshape(-1, 3),
                                  vertexColors=colours)
            self.surface.setMeshData(meshdata=md)
            self.surface.setVisible(True)
        else:
            self.surface.setVisible(False)
        # contour lines on the surface, the same levels as the 2D view
        levels = s.contour_levels()
        segs, which = marching_squares(Z, levels)
        if len(segs):
            pos = np.empty((len(segs), 2, 3))
            pos[..., 0] = -BOX_HALF + segs[..., 0] * (X[1] - X[0])
            pos[..., 1] = -BOX_HALF + segs[..., 1] * (Y[1] - Y[0])
            pos[..., 2] = (self._height(levels)[which] + 0.03)[:, None]
            self.surface_contours.setData(pos=pos.reshape(-1, 3))
            self.surface_contours.setVisible(True)
        else:
            self.surface_contours.setVisible(False)
        self._rebuild_axes()
        if self._state is not None:
            self._optimum_drawn = None
            self.set_state(self._state)

    def _rebuild_axes(self) -> None:
        u, v, s = self._u, self._v, self._scale
        lines = [  # floor frame
            (-BOX_HALF, -BOX_HALF, 0), (BOX_HALF, -BOX_HALF, 0), (BOX_HALF, -BOX_HALF, 0), (BOX_HALF, BOX_HALF, 0),
            (BOX_HALF, BOX_HALF, 0), (-BOX_HALF, BOX_HALF, 0), (-BOX_HALF, BOX_HALF, 0), (-BOX_HALF, -BOX_HALF, 0),
        ]
        zx, zy = -BOX_HALF, -BOX_HALF                # the loss axis: the left corner (u and v low)
        lines += [(zx, zy, 0), (zx, zy, BOX_HEIGHT)]
        tick_len = 0.18
        # u along the front edge (y = -5), v along the right edge (x = +5)
        ut = nice_ticks(u[0], u[-1], 5)
        ustep = ut[1] - ut[0] if len(ut) > 1 else None
        for item, val in zip(self.u_ticks, list(ut) + [None] * self.N_TICK_LABELS):
            if val is None:
                item.setData(text="")
                continue
            x = float(self.to_display(val, v[0], s.zmin)[0])
            lines += [(x, -BOX_HALF, 0), (x, -BOX_HALF - tick_len, 0)]
            item.setData(pos=(x, -BOX_HALF - 0.55, 0.0), text=tick(val, ustep))
        vt = nice_ticks(v[0], v[-1], 5)
        vstep = vt[1] - vt[0] if len(vt) > 1 else None
        for item, val in zip(self.v_ticks, list(vt) + [None] * self.N_TICK_LABELS):
            if val is None:
                item.setData(text="")
                continue
            y = float(self.to_display(u[0], val, s.zmin)[1])
            lines += [(BOX_HALF, y, 0), (BOX_HALF + tick_len, y, 0)]
            item.setData(pos=(BOX_HALF + 0.6, y, 0.0), text=tick(val, vstep))
        # loss ticks: round numbers (linear) or 1-2-5 decades (log height); none right at the
        # floor, where they would collide with the u and v labels of the corner
        if self._log_height:
            zt = log_loss_ticks(s, lambda L: self._height(np.asarray(L)), 0.8)
        else:
            zt = [(float(self._height(np.asarray(L))), float(L)) for L in nice_ticks(s.zmin, s.zmax, 5)]
        zt = [t for t in zt if t[0] >= 0.6]
        for item, t in zip(self.z_ticks, zt + [None] * self.N_TICK_LABELS):
            if t is None or not s.ok:
                item.setData(text="")
                continue
            z = t[0]
            lines += [(zx, zy, z), (zx - 0.7 * tick_len, zy - 0.7 * tick_len, z)]
            item.setData(pos=(zx - 0.35, zy - 0.35, z), text=tick(t[1]))
        self.axes.setData(pos=np.array(lines, dtype=np.float32))
        self.axes.setVisible(True)
        self.u_label.setData(pos=(0.0, -BOX_HALF - 1.4, 0.0), text=self._labels[0])
        self.v_label.setData(pos=(BOX_HALF + 1.7, 0.0, 0.0), text=self._labels[1])
        self.z_label.setData(pos=(zx, zy, BOX_HEIGHT + 0.35),
                             text="loss (log height)" if self._log_height else "loss")

    def _surface_height_at(self, x: float, y: float) -> float:
        return float(self.surface_heights(np.array([x]), np.array([y]))[0])

    def surface_heights(self, x, y) -> np.ndarray:
        """Bilinear heights of the drawn surface at display points (x, y) (arrays), clamped
        to the box; NaN where the surface has no data (or no surface is shown)."""
        x = np.asarray(x, dtype=float)
        if self._H is None:
            return np.full(x.shape, np.nan)
        return sample_bilinear(self._H, self._X, self._Y, x, y)

    def _update_arrow(self, state: LandscapeState, base) -> None:
        ok = False
        g = finite_tuple(state.neg_grad, 2)
        if base is not None and g is not None:
            frac = arrow_fraction(math.hypot(*g), float(state.grad_ref))
            dx, dy = g[0] * self._sx, g[1] * self._sy     # where the update moves the point, on screen
            dn = math.hypot(dx, dy)
            if frac is not None and dn > 0 and math.isfinite(dn):
                length = frac * 2 * BOX_HALF
                x0, y0, z0 = base
                x1, y1 = x0 + length * dx / dn, y0 + length * dy / dn
                z1 = self._surface_height_at(x1, y1)   # the tip lies on the surface: downhill shows
                if not math.isfinite(z1):
                    z1 = z0
                start = (x0, y0, z0 + 0.05)
                tip = (x1, y1, z1 + 0.05)
                vec = (tip[0] - start[0], tip[1] - start[1], tip[2] - start[2])
                vlen = math.sqrt(vec[0] ** 2 + vec[1] ** 2 + vec[2] ** 2)
                if vlen > 0:
                    head = min(0.6, 0.45 * vlen)
                    unit = (vec[0] / vlen, vec[1] / vlen, vec[2] / vlen)
                    hb = (tip[0] - unit[0] * head, tip[1] - unit[1] * head, tip[2] - unit[2] * head)
                    self.arrow_shaft.setData(pos=np.array([start, hb], dtype=np.float32))
                    tr = QtGui.QMatrix4x4()
                    tr.translate(*hb)
                    tr.rotate(QtGui.QQuaternion.rotationTo(QtGui.QVector3D(0, 0, 1), QtGui.QVector3D(*unit)))
                    tr.scale(head)
                    self.arrow_head.setTransform(tr)
                    self._arrow_start, self._arrow_tip = np.array(start), np.array(tip)
                    ok = True
        self.arrow_shaft.setVisible(ok)
        self.arrow_head.setVisible(ok)

    def _update_optimum(self, optimum, exact: bool) -> None:
        opt = finite_tuple(optimum, 3) if optimum is not None else None
        if opt is not None:
            opt = (*opt, exact)
        if opt == self._optimum_drawn:
            return
        self._optimum_drawn = opt
        if opt is None:
            self.optimum.setData(text="")
            self.optimum_label.setData(text="")
            self.optimum_pin.setVisible(False)
            return
        x, y, z = self.to_display(*opt[:3])
        self.optimum.setData(pos=(x, y, z), text="★")
        # the true minimum, or only the lowest point of the slice drawn: say which
        label = f"min {tick(opt[2])}" if exact else f"lowest here {tick(opt[2])}"
        self.optimum_label.setData(pos=(x + 0.35, y, z + 0.35), text=label)
        self.optimum_pin.setData(pos=np.array([(x, y, 0.0), (x, y, z)], dtype=np.float32))
        self.optimum_pin.setVisible(True)
