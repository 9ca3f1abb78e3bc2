"""The GL pieces the 3D landscape is built from: a soft two-sided lit shader, meshes with
their normals given, a ball and an arrow head, GL options for items drawn on top, and a
layer that paints all text labels with one QPainter.

Import this module only when ``opengl_available()`` says yes.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph.opengl as gl
from OpenGL import GL
from PySide6 import QtCore, QtGui, QtOpenGL
from pyqtgraph.opengl import shaders

__all__ = ["LIT_SHADER", "ON_TOP", "SOLID_ON_TOP", "NormalsMeshData", "TextLayer", "cone", "sphere"]

LIT_SHADER = "gradviz_lit"

# Two-sided soft lighting: the colour keeps its colormap meaning (0.5 ambient), the
# light direction (fixed to the camera) only adds shape. pyqtgraph's 'shaded' goes down
# to 0.2 of the colour, which turns the dark end of viridis black.
shaders.ShaderProgram(LIT_SHADER, [
    shaders.VertexShader("""
        uniform mat4 u_mvp;
        uniform mat3 u_normal;
        attribute vec4 a_position;
        attribute vec3 a_normal;
        attribute vec4 a_color;
        varying vec4 v_color;
        varying vec3 v_normal;
        void main() {
            v_normal = u_normal * a_normal;
            v_color = a_color;
            gl_Position = u_mvp * a_position;
        }
    """),
    shaders.FragmentShader("""
        #ifdef GL_ES
        precision mediump float;
        #endif
        varying vec4 v_color;
        varying vec3 v_normal;
        void main() {
            vec3 n = normalize(v_normal);
            float d = abs(dot(n, normalize(vec3(-0.35, 0.55, 1.0))));
            gl_FragColor = vec4(v_color.rgb * (0.5 + 0.6 * d), v_color.a);
        }
    """),
])


class NormalsMeshData(gl.MeshData):
    """MeshData with vertex normals given up front (pyqtgraph computes them with a
    Python loop per vertex, and divides by zero for unused or degenerate vertices)."""

    def __init__(self, vertexes, faces, normals, vertexColors=None) -> None:
        super().__init__(vertexes=vertexes, faces=faces, vertexColors=vertexColors)
        self._given_normals = np.ascontiguousarray(normals, dtype=np.float32)

    def vertexNormals(self, indexed=None):
        if indexed is None:
            return self._given_normals
        return self._given_normals[self.faces()]


# drawn after the surface, on top of it: always visible, even behind a hill
ON_TOP = {
    GL.GL_DEPTH_TEST: False, GL.GL_BLEND: True, GL.GL_CULL_FACE: False,
    "glBlendFuncSeparate": (GL.GL_SRC_ALPHA, GL.GL_ONE_MINUS_SRC_ALPHA,
                            GL.GL_ONE, GL.GL_ONE_MINUS_SRC_ALPHA),
}
# closed solids on top: back faces culled so the far side never paints over the near one
SOLID_ON_TOP = {GL.GL_DEPTH_TEST: False, GL.GL_BLEND: False, GL.GL_CULL_FACE: True}


class TextLayer(gl.GLGraphicsItem.GLGraphicsItem):
    """Paints its GLTextItem children with one QPainter. Each GLTextItem opens its own
    QPainter on the GL window, and with software GL every begin/end saves and restores
    the GL state: 29 labels cost ~3 ms a frame, one painter well under one."""

    def __init__(self, texts) -> None:
        super().__init__()
        self.setGLOptions("additive")  # as GLTextItem's
        self._texts = list(texts)
        self._device = None
        for t in self._texts:
            t.setParentItem(self)  # their update() reaches the view through the layer

    def labels(self) -> list:
        return list(self._texts)

    def childItems(self):
        return []  # the view must not paint the children one by one: paint() does

    def paint(self) -> None:
        items = [t for t in self._texts if t.visible() and t.text]
        view = self.view()
        if not items or view is None:
            return
        self.setupGLState()
        rect = QtCore.QRectF(view.rect())
        project = QtGui.QMatrix4x4()
        project.viewport(rect.left(), rect.bottom(), rect.width(), -rect.height())
        project = project * self.mvpMatrix()
        # paint into whatever framebuffer is bound (the window's, or the backdrop's):
        # a QPainter on the window itself would bind the window's
        dpr = view.devicePixelRatio()
        size = QtCore.QSize(round(rect.width() * dpr), round(rect.height() * dpr))
        if self._device is None or self._device.size() != size or self._device.devicePixelRatio() != dpr:
            self._device = QtOpenGL.QOpenGLPaintDevice(size)
            self._device.setDevicePixelRatio(dpr)
        painter = QtGui.QPainter(self._device)
        try:
            painter.setRenderHints(QtGui.QPainter.RenderHint.Antialiasing
                                   | QtGui.QPainter.RenderHint.TextAntialiasing)
            for t in items:
                painter.setPen(t.color)
                painter.setFont(t.font)
                at = t.align_text(project.map(QtGui.QVector3D(*t.pos)).toPointF())
                painter.drawText(at, t.text)
        finally:
            painter.end()

def sphere(rows: int = 14, cols: int = 24, radius: float = 1.0):
    md = gl.MeshData.sphere(rows, cols, radius=radius)
    verts = md.vertexes()
    normals = verts / np.linalg.norm(verts, axis=1, keepdims=True)
    return NormalsMeshData(verts, md.faces(), normals)


def cone(cols: int = 24, radius: float = 0.32, length: float = 1.0):
    """A closed cone along +z, base at z=0 (radius), apex at z=length."""
    th = np.linspace(0.0, 2 * np.pi, cols, endpoint=False)
    ring = np.column_stack([radius * np.cos(th), radius * np.sin(th), np.zeros(cols)])
    verts = np.vstack([ring, ring, [[0.0, 0.0, length]], [[0.0, 0.0, 0.0]]]).astype(np.float32)
    apex, centre = 2 * cols, 2 * cols + 1
    i = np.arange(cols)
    j = (i + 1) % cols
    side = np.column_stack([i, j, np.full(cols, apex)])                   # CCW from outside
    base = np.column_stack([cols + j, cols + i, np.full(cols, centre)])    # facing -z
    faces = np.vstack([side, base]).astype(np.uint32)
    slope = radius / length
    n_side = np.column_stack([np.cos(th), np.sin(th), np.full(cols, slope)])
    n_side /= np.linalg.norm(n_side, axis=1, keepdims=True)
    normals = np.vstack([n_side, np.tile([0.0, 0.0, -1.0], (cols, 1)),
                         [[0.0, 0.0, 1.0]], [[0.0, 0.0, -1.0]]])
    return NormalsMeshData(verts, faces, normals)
