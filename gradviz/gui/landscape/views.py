"""Loss-landscape panels: the loss over two parameters as a 3D surface and as a 2D map.

Two views, one contract (the main window and ``landscape_panel`` call exactly this):

* ``set_surface(u, v, Z, u_label, v_label)`` when the surface changes (data, loss, model,
  parameter pair or window). ``Z[a, b]`` is the loss at ``(u[a], v[b])``.
* ``set_state(LandscapeState)`` up to ~60 times a second while training: the current point
  (the ball), the path so far, the negative gradient (the arrow) and the optimum (the star).
  It only moves items that already exist (``setData`` / ``setPos`` / ``setTransform``);
  nothing is recomputed from the surface and no item is created or removed (habit 7).
* ``clear_state()`` hides the ball, path, arrow and star.

Both views build every plot item once in ``__init__``. Non-finite numbers (in ``Z`` or in a
state) are never drawn and never raise.

Colours and contours use a log scale, ``log10(Z - Zmin + eps)`` with ``eps`` a thousandth of
the surface's range: a loss surface spans decades, and on a linear scale everything but the
rim would be one colour. The 3D height is linear in the loss by default (the honest bowl: a
learner sees the quadratic shape of the line's L2 loss and the slope that the gradient
measures); ``set_log_height(True)`` switches to ``log10(1 + (Z - Zmin)/eps)`` for surfaces
whose range is so large that the bottom of the bowl looks flat.

OpenGL contexts: pyqtgraph 0.14 caches compiled shader programs per class, which breaks
as soon as a second GL view lives in another context (a floated dock, or the next test)
unless contexts are shared (pyqtgraph issues #2618, #3455). ``Qt.AA_ShareOpenGLContexts``
must be set before the QApplication is created for Qt's global share context to exist;
importing this module sets it when no application exists yet, ``share_gl_contexts()`` does
the same explicitly, and the 3D view's context shares the global one. If the application
came first anyway, the 3D view falls back to resetting pyqtgraph's shader caches whenever a
different view paints (slower, but correct).

The 3D scene is a QOpenGLWindow (pyqtgraph's ``GLViewMixin``) in a window container, not a
``GLViewWidget``: a QOpenGLWidget anywhere in a top-level window makes Qt compose the whole
window through OpenGL on every repaint of any panel, which with software GL (llvmpipe: CI,
remote sessions) cost most of each frame. A native child window leaves the rest of the
window on the raster backing store. ``QWidget.grab()`` does not capture it, so
``Landscape3DView.grab_image()`` renders the scene itself.

While training, only the ball, path and arrow move. The rest of the 3D scene (surface,
floor, axes, labels: the backdrop) is drawn into an offscreen framebuffer when it or the
camera changes, and each frame copies that image and draws the moving items over it: with
software GL this cut a frame's GL time from ~10 ms to ~3.
"""

from __future__ import annotations

import atexit
import math
import weakref
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
import shiboken6
from PySide6 import QtCore, QtGui, QtWidgets

from gradviz.core import marching_squares
from gradviz.gui.widgets.plot_cache import cache_axes

try:  # PyOpenGL needs a GL library; the contour view must work without it
    import pyqtgraph.opengl as gl
    from OpenGL import GL as _GL
    from PySide6 import QtOpenGL as _QtOpenGL
    from pyqtgraph.opengl import shaders as _gl_shaders
    from pyqtgraph.opengl.GLViewWidget import GLViewMixin as _GLViewMixin
    _GL_IMPORT_ERROR = ""
except Exception as exc:  # pragma: no cover - depends on the machine
    gl = None
    _GL = None
    _QtOpenGL = None
    _gl_shaders = None
    _GLViewMixin = None
    _GL_IMPORT_ERROR = f"{type(exc).__name__}: {exc}"

__all__ = [
    "ContourView", "Landscape3DView", "LandscapeState", "opengl_available", "share_gl_contexts",
    "arrow_fraction",
]

# ----------------------------------------------------------------------------------------
# shared pieces
# ----------------------------------------------------------------------------------------

BOX_HALF = 5.0        # 3D: (u, v) window -> x, y in [-5, 5]
BOX_HEIGHT = 5.0      # 3D: loss -> z in [0, 5]
LOG_DECADES = 3.0     # colour / log-height range: eps = range * 10**-3
N_CONTOURS = 10
ARROW_HIDE_RATIO = 1e-6   # |g| / grad_ref below this: the arrow is hidden (converged)
# longer paths are thinned (evenly, keeping the last point) for drawing: about a point per
# pixel of either view; an antialiased 2,000-point path cost ~1 ms a frame in each
MAX_PATH_POINTS = 600
# 3D: the surface mesh has at most this many points per axis (the 2D map keeps the full grid).
# Software OpenGL spends its time per triangle: 96 x 96 cost ~13 ms a frame, 49 x 49 ~3.5 ms
# and 33 x 33 ~0.7 ms less again, and a smooth-shaded loss surface looks the same. 33 takes
# every third point of a 97 grid.
MESH_MAX = 33

DEFAULT_CAMERA = {"distance": 21.0, "elevation": 32.0, "azimuth": -35.0, "fov": 60.0}

COLOR_BALL = "#ff8c1a"
COLOR_PATH = "#f2f2f2"
COLOR_ARROW = "#ff3b6b"
COLOR_OPTIMUM = "#ffd700"
CONTOUR_PEN = (255, 255, 255, 120)
COLORMAP_NAME = "viridis"

_NO_GL_PLATFORMS = ("offscreen", "minimal", "vnc", "linuxfb")


def share_gl_contexts() -> bool:
    """Set ``Qt.AA_ShareOpenGLContexts`` if no Q(Core)Application exists yet (it must be set
    before). Returns True if contexts will be shared (set now or earlier)."""
    if QtCore.QCoreApplication.instance() is None:
        QtCore.QCoreApplication.setAttribute(QtCore.Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
        return True
    return QtCore.QCoreApplication.testAttribute(QtCore.Qt.ApplicationAttribute.AA_ShareOpenGLContexts)


share_gl_contexts()

_gl_check_cache: tuple[bool, str] | None = None


def opengl_available() -> tuple[bool, str]:
    """(True, "") if a QOpenGLContext (>= 2.1, what pyqtgraph.opengl needs) can be created
    and made current on this platform; else (False, reason). Needs a QGuiApplication."""
    global _gl_check_cache
    if _gl_check_cache is not None:
        return _gl_check_cache
    if QtGui.QGuiApplication.instance() is None:
        return False, "no QGuiApplication yet (create the application first)"
    if gl is None:
        result = (False, f"pyqtgraph.opengl cannot be imported ({_GL_IMPORT_ERROR})")
    else:
        platform = QtGui.QGuiApplication.platformName()
        if platform in _NO_GL_PLATFORMS:
            # checked by name: 'minimal' prints a Qt warning when asked for a context
            result = (False, f"the Qt platform '{platform}' has no OpenGL")
        else:
            result = _check_global_context() or _try_context()
    _gl_check_cache = result
    return result


def _check_global_context() -> tuple[bool, str] | None:
    """With ``AA_ShareOpenGLContexts`` Qt keeps one global share context (created on the
    first ask). The 3D view shares it, so checking it costs nothing extra, where a
    throw-away context cost as much again. None: no such context, ask ``_try_context``."""
    if not QtCore.QCoreApplication.testAttribute(QtCore.Qt.ApplicationAttribute.AA_ShareOpenGLContexts):
        return None
    ctx = QtGui.QOpenGLContext.globalShareContext()
    if ctx is None or not ctx.isValid():
        return None
    version = ctx.format().version()
    if not ctx.isOpenGLES() and tuple(version) < (2, 1):
        return False, f"OpenGL {version[0]}.{version[1]} is too old (2.1 needed)"
    return True, ""


def _try_context() -> tuple[bool, str]:
    ctx = QtGui.QOpenGLContext()
    if not ctx.create():
        return False, f"no OpenGL context on the Qt platform '{QtGui.QGuiApplication.platformName()}'"
    surface = QtGui.QOffscreenSurface()
    surface.setFormat(ctx.format())
    surface.create()
    try:
        if not surface.isValid() or not ctx.makeCurrent(surface):
            return False, "an OpenGL context was created but cannot be made current"
        version = ctx.format().version()
        if not ctx.isOpenGLES() and tuple(version) < (2, 1):
            return False, f"OpenGL {version[0]}.{version[1]} is too old (2.1 needed)"
        ctx.doneCurrent()
        return True, ""
    finally:
        surface.destroy()


@dataclass(frozen=True, eq=False)
class LandscapeState:
    """What the landscape views draw on top of the surface (plain data, immutable)."""

    current: tuple[float, float, float]          # (u, v, loss) of the current point
    path: np.ndarray                             # (m, 3): u, v, loss along the path so far
    neg_grad: tuple[float, float]                # -dL/du, -dL/dv at the current point
    grad_ref: float                              # reference |g| (e.g. at the run's start)
    optimum: tuple[float, float, float] | None   # known minimum, or None


def arrow_fraction(g_norm: float, grad_ref: float) -> float | None:
    """Arrow length as a fraction of the view/box size, or None for "no arrow".

    Monotone in |g| but log-compressed and clamped so it is always visible:
    ``0.06 + 0.24 * clip((log10(|g|/grad_ref) + 3) / 3, 0, 1)``. Hidden when |g| is not
    finite or ~0 (below ``ARROW_HIDE_RATIO * grad_ref``)."""
    if not math.isfinite(g_norm) or g_norm <= 0.0:
        return None
    ref = grad_ref if (math.isfinite(grad_ref) and grad_ref > 0.0) else g_norm
    ratio = g_norm / ref
    if ratio < ARROW_HIDE_RATIO:
        return None
    t = (math.log10(ratio) + 3.0) / 3.0
    return 0.06 + 0.24 * min(max(t, 0.0), 1.0)


def _finite_tuple(values, n: int) -> tuple[float, ...] | None:
    """``values`` as n finite floats, or None."""
    try:
        out = tuple(float(x) for x in values)
    except (TypeError, ValueError):
        return None
    if len(out) != n or not all(math.isfinite(x) for x in out):
        return None
    return out


def _path_array(path) -> np.ndarray:
    """(k, 3) finite rows of the path (thinned to MAX_PATH_POINTS), possibly empty."""
    try:
        arr = np.asarray(path, dtype=float)
        arr = arr.reshape(-1, arr.shape[-1]) if arr.ndim >= 1 and arr.size else np.empty((0, 3))
    except (TypeError, ValueError):
        return np.empty((0, 3))
    if arr.shape[1] < 3:
        return np.empty((0, 3))
    if len(arr) > MAX_PATH_POINTS:   # thin first: O(MAX_PATH_POINTS) work below, whatever m is
        arr = arr[np.linspace(0, len(arr) - 1, MAX_PATH_POINTS).round().astype(np.intp)]
    arr = arr[:, :3]
    return arr[np.isfinite(arr).all(axis=1)]


def _check_surface(u, v, Z) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    u = np.asarray(u, dtype=float).ravel()
    v = np.asarray(v, dtype=float).ravel()
    Z = np.array(Z, dtype=float)  # a copy: the caller may reuse its buffer
    if len(u) < 2 or len(v) < 2:
        raise ValueError(f"the grid needs at least 2 values of u and v (got {len(u)} and {len(v)})")
    if Z.shape != (len(u), len(v)):
        raise ValueError(f"Z must have shape (len(u), len(v)) = {(len(u), len(v))}, got {Z.shape}")
    if not (np.isfinite(u).all() and np.isfinite(v).all()):
        raise ValueError("u and v must be finite")
    if not (u[-1] > u[0] and v[-1] > v[0]):
        raise ValueError("u and v must be ascending")
    Z[~np.isfinite(Z)] = np.nan
    return u, v, Z


def resample_grid(u: np.ndarray, v: np.ndarray, Z: np.ndarray, m: int):
    """(u, v, Z) on a uniform grid of at most m x m points with the same corners: Z by
    bilinear interpolation (exact where a point falls on the input grid: a 97 grid becomes
    every 2nd point of it for m = 49, every 3rd for m = 33), NaN where a neighbour with
    weight is NaN."""
    def axis(values: np.ndarray, Z: np.ndarray, ax: int):
        n = len(values)
        if n <= m:
            return values, Z
        f = np.linspace(0.0, n - 1.0, m)
        i0 = np.minimum(np.floor(f).astype(int), n - 1)
        i1 = np.minimum(i0 + 1, n - 1)
        t = f - i0
        a, b = np.take(Z, i0, axis=ax), np.take(Z, i1, axis=ax)
        shape = [1, 1]
        shape[ax] = m
        t = t.reshape(shape)
        with np.errstate(invalid="ignore"):
            mixed = np.where(t == 0.0, a, np.where(t == 1.0, b, (1.0 - t) * a + t * b))
        return np.linspace(values[0], values[-1], m), mixed

    u, Z = axis(u, Z, 0)
    v, Z = axis(v, Z, 1)
    return u, v, Z


class _LogScale:
    """The surface's colour scale: c = log10(Z - zmin + eps), eps = range / 10**LOG_DECADES."""

    def __init__(self, Z: np.ndarray) -> None:
        finite = np.isfinite(Z)
        self.ok = bool(finite.any())
        if self.ok:
            self.zmin = float(Z[finite].min())
            self.zmax = float(Z[finite].max())
        else:
            self.zmin, self.zmax = 0.0, 1.0
        span = self.zmax - self.zmin
        self.span = span if span > 0 else 1.0
        self.eps = self.span * 10.0 ** -LOG_DECADES
        self.lo = math.log10(self.eps)
        self.hi = math.log10(self.span + self.eps) if span > 0 else self.lo + 1.0
        self.flat = not span > 0

    def colour_value(self, Z: np.ndarray) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            return np.log10(np.maximum(Z - self.zmin, 0.0) + self.eps)

    def loss_at(self, c: np.ndarray | float):
        return self.zmin + 10.0 ** np.asarray(c) - self.eps

    def contour_levels(self, n: int = N_CONTOURS) -> np.ndarray:
        """n loss values evenly spaced in the colour (log) scale, strictly inside the range."""
        if not self.ok or self.flat:
            return np.empty(0)
        c = self.lo + (self.hi - self.lo) * np.arange(1, n + 1) / (n + 1)
        return self.loss_at(c)


def _nice_step(span: float, n: int) -> float:
    raw = span / max(n, 1)
    mag = 10.0 ** math.floor(math.log10(raw))
    for m in (1.0, 2.0, 2.5, 5.0, 10.0):
        if m * mag >= raw:
            return m * mag
    return 10.0 * mag


def nice_ticks(lo: float, hi: float, n: int = 5) -> np.ndarray:
    """Round tick values inside [lo, hi], about n of them."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return np.array([lo]) if math.isfinite(lo) else np.empty(0)
    step = _nice_step(hi - lo, n)
    first = math.ceil(lo / step - 1e-9) * step
    ticks = np.arange(first, hi + step * 1e-9, step)
    ticks[np.abs(ticks) < step * 1e-9] = 0.0
    return ticks


def _fmt(value: float, step: float | None = None) -> str:
    if step is not None and step > 0:
        decimals = max(0, -int(math.floor(math.log10(step) + 1e-9)))
        if decimals <= 4:
            return f"{value:.{decimals}f}"
    return f"{value:.3g}"


def _log_loss_ticks(scale: _LogScale, to_pos, min_gap: float) -> list[tuple[float, float]]:
    """(position, loss) ticks for a log axis: the minimum, then round numbers 1-2-5 x 10^k,
    each at least min_gap (in position units) from the previous one."""
    cands = [scale.zmin]
    if scale.span > 0:
        k0 = math.floor(math.log10(max(scale.eps, 1e-300)))
        k1 = math.ceil(math.log10(max(abs(scale.zmax), 1e-300))) + 1
        for k in range(k0, k1 + 1):
            for m in (1.0, 2.0, 5.0):
                val = m * 10.0 ** k
                if scale.zmin < val <= scale.zmax:
                    cands.append(val)
    out: list[tuple[float, float]] = []
    for val in sorted(cands):
        pos = float(to_pos(val))
        if not math.isfinite(pos):
            continue
        if not out or pos - out[-1][0] >= min_gap:
            out.append((pos, val))
    return out


def _legend_label(parent: QtWidgets.QWidget) -> QtWidgets.QLabel:
    label = QtWidgets.QLabel(parent)
    label.setTextFormat(QtCore.Qt.TextFormat.RichText)
    label.setText(
        f'<span style="color:{COLOR_BALL}; font-size:14pt">●</span> current point&nbsp;&nbsp; '
        f'<span style="color:{COLOR_PATH}; font-weight:bold">—</span> path&nbsp;&nbsp; '
        f'<span style="color:{COLOR_ARROW}; font-size:14pt">→</span> −gradient (step direction)&nbsp;&nbsp; '
        f'<span style="color:{COLOR_OPTIMUM}; font-size:14pt">★</span> optimum'
    )
    label.setToolTip(
        "The ball is the current parameters; the line behind it is the way it came.\n"
        "The arrow points where gradient descent moves the point next (−gradient);\n"
        "its length grows with |gradient| on a log scale. The star is the known minimum.")
    return label


def _legend_bar(parent: QtWidgets.QWidget, label: QtWidgets.QLabel, *extra: QtWidgets.QWidget) -> QtWidgets.QWidget:
    bar = QtWidgets.QWidget(parent)
    bar.setObjectName("legendBar")
    bar.setAutoFillBackground(True)
    pal = bar.palette()
    pal.setColor(QtGui.QPalette.ColorRole.Window, QtGui.QColor(24, 24, 28))
    pal.setColor(QtGui.QPalette.ColorRole.WindowText, QtGui.QColor(225, 225, 225))
    bar.setPalette(pal)
    lay = QtWidgets.QHBoxLayout(bar)
    lay.setContentsMargins(6, 2, 6, 2)
    lay.addWidget(label, 1)
    for w in extra:
        lay.addWidget(w)
    return bar


# ----------------------------------------------------------------------------------------
# 2D: heat map + contour lines
# ----------------------------------------------------------------------------------------


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
        self.plot_item.addItem(self.image)
        self.plot_item.addItem(self.contours)
        # the map changes a few times a second at most, the ball on it every frame: keep the
        # map (image, contour lines, colour bar) as pixmaps
        cache_axes(self.plot_item, self.image, self.contours)
        for item in (self.path, self.arrow_shaft, self.arrow_head, self.optimum, self.ball):
            vb.addItem(item, ignoreBounds=True)
        self.image.setVisible(False)

        self.colorbar = pg.ColorBarItem(values=(0.0, 1.0), colorMap=self._cmap, width=12,
                                        interactive=False, colorMapMenu=False,
                                        label="loss (log colour scale)")
        self.plot_item.layout.addItem(self.colorbar, 2, 5)   # what ColorBarItem(insert_in=) does
        cache_axes(self.colorbar, self.colorbar.bar)
        self.plot_item.layout.setColumnFixedWidth(4, 5)

        self.legend = _legend_label(self)
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.plot_widget, 1)
        lay.addWidget(_legend_bar(self, self.legend))

        self.clear_state()
        self.plot_widget.scene().sigMouseClicked.connect(self._on_click)
        vb.sigRangeChanged.connect(self._on_view_changed)
        vb.sigResized.connect(self._on_view_changed)

    # ----- public API ---------------------------------------------------------------------
    def set_surface(self, u, v, Z, u_label: str, v_label: str) -> None:
        u, v, Z = _check_surface(u, v, Z)
        scale = _LogScale(Z)
        du, dv = (u[-1] - u[0]) / (len(u) - 1), (v[-1] - v[0]) / (len(v) - 1)
        self.plot_item.setLabel("bottom", u_label)
        self.plot_item.setLabel("left", v_label)
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
        ticks = _log_loss_ticks(scale, scale.colour_value, (scale.hi - scale.lo) / 7.0)
        nudge = (scale.hi - scale.lo) * 1e-6   # a tick exactly on the end of the bar is dropped
        self.colorbar.axis.setTicks([[(max(pos, scale.lo + nudge), _fmt(val)) for pos, val in ticks]])
        window = (float(u[0] - du / 2), float(u[-1] + du / 2), float(v[0] - dv / 2), float(v[-1] + dv / 2))
        if window != self._window:       # re-range only when the window itself changed
            self._window = window
            self.view_box.setRange(xRange=window[:2], yRange=window[2:], padding=0)
        if self._state is not None:
            self.set_state(self._state)

    def set_state(self, state: LandscapeState) -> None:
        self._state = state
        cur = _finite_tuple(state.current[:2], 2) if state.current is not None else None
        if cur is None:
            self.ball.setVisible(False)
        else:
            self.ball.setPos(*cur)
            self.ball.setVisible(True)
        path = _path_array(state.path)
        self._path_drawn = path[:, :2]
        if len(path) >= 2:
            self.path.setPath(pg.arrayToQPath(path[:, 0], path[:, 1]))
            self.path.setVisible(True)
        else:
            self.path.setVisible(False)
        opt = _finite_tuple(state.optimum[:2], 2) if state.optimum is not None else None
        if opt != self._optimum_drawn:
            self._optimum_drawn = opt
            if opt is None:
                self.optimum.setVisible(False)
            else:
                self.optimum.setPos(*opt)
                self.optimum.setVisible(True)
        self._update_arrow()

    def clear_state(self) -> None:
        self._state = None
        self._optimum_drawn = None
        for item in (self.ball, self.path, self.arrow_shaft, self.arrow_head, self.optimum):
            item.setVisible(False)

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
    def _update_arrow(self) -> None:
        state = self._state
        ok = False
        if state is not None and self.ball.isVisible():
            g = _finite_tuple(state.neg_grad, 2)
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


# ----------------------------------------------------------------------------------------
# 3D: pyqtgraph.opengl surface
# ----------------------------------------------------------------------------------------

_LIT_SHADER_NAME = "gradviz_lit"

if gl is not None:
    # Two-sided soft lighting: the colour keeps its colormap meaning (0.5 ambient), the
    # light direction (fixed to the camera) only adds shape. pyqtgraph's 'shaded' goes down
    # to 0.2 of the colour, which turns the dark end of viridis black.
    _gl_shaders.ShaderProgram(_LIT_SHADER_NAME, [
        _gl_shaders.VertexShader("""
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
        _gl_shaders.FragmentShader("""
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

    class _NormalsMeshData(gl.MeshData):
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
    _ON_TOP = {
        _GL.GL_DEPTH_TEST: False, _GL.GL_BLEND: True, _GL.GL_CULL_FACE: False,
        "glBlendFuncSeparate": (_GL.GL_SRC_ALPHA, _GL.GL_ONE_MINUS_SRC_ALPHA,
                                _GL.GL_ONE, _GL.GL_ONE_MINUS_SRC_ALPHA),
    }
    # closed solids on top: back faces culled so the far side never paints over the near one
    _SOLID_ON_TOP = {_GL.GL_DEPTH_TEST: False, _GL.GL_BLEND: False, _GL.GL_CULL_FACE: True}

    _painting_view: weakref.ref | None = None

    # GL windows' containers still alive. createWindowContainer leaves the window owned
    # by its Python wrapper, and at exit PySide deletes every Python-owned QObject in no
    # particular order: a window deleted before its container leaves the container a
    # dangling pointer, and destroying the top-level widget then crashes. So delete the
    # containers (each deletes its window) first: this atexit hook is registered after
    # PySide's (at import), so it runs before it.
    _gl_containers: weakref.WeakSet = weakref.WeakSet()

    @atexit.register
    def _delete_gl_containers() -> None:
        for container in list(_gl_containers):
            if shiboken6.isValid(container):
                container.setParent(None)   # Python's now (keeps PySide's books straight)
                shiboken6.delete(container)

    def _reset_pyqtgraph_shader_caches() -> None:
        """Forget compiled programs (they belong to another, unshared context)."""
        from pyqtgraph.opengl.items import GLImageItem, GLLinePlotItem, GLScatterPlotItem, GLVolumeItem
        for mod, name in ((GLLinePlotItem, "GLLinePlotItem"), (GLScatterPlotItem, "GLScatterPlotItem"),
                          (GLImageItem, "GLImageItem"), (GLVolumeItem, "GLVolumeItem")):
            cls = getattr(mod, name, None)
            if cls is not None and hasattr(cls, "_shaderProgram"):
                cls._shaderProgram = None
        for prog in _gl_shaders.ShaderProgram.names.values():
            prog.prog = None

    class _GLView(_GLViewMixin, _QtOpenGL.QOpenGLWindow):
        """pyqtgraph's GL view as a QOpenGLWindow (a native child window, embedded with
        ``QWidget.createWindowContainer``) instead of a QOpenGLWidget.

        A QOpenGLWidget switches its whole top-level window to OpenGL composition: with
        software GL every repaint of any panel then composes the full window through GL.
        A native GL child window leaves the rest of the window on the raster backing store
        and only swaps its own buffers. The price: ``QWidget.grab()`` leaves it blank,
        hence ``render_image()``."""

        painted = QtCore.Signal()  # paintGL has run (the buffer swap comes next)

        def __init__(self) -> None:
            share = QtGui.QOpenGLContext.globalShareContext()
            no_partial = _QtOpenGL.QOpenGLWindow.UpdateBehavior.NoPartialUpdate
            if share is not None and share.isValid():   # what a QOpenGLWidget would share
                super().__init__(share, no_partial)
            else:
                super().__init__(no_partial)
            fmt = QtGui.QSurfaceFormat(self.requestedFormat())
            fmt.setDepthBufferSize(24)     # as a QOpenGLWidget's framebuffer has
            fmt.setStencilBufferSize(8)
            self.setFormat(fmt)
            self._paint_pending = False
            self._stopped = False
            # the backdrop: items that change rarely (surface, floor, axes, labels), drawn
            # into an offscreen framebuffer when they or the camera change, and copied in
            # each frame before the moving items (ball, path, arrow) are drawn over it
            self.cache_backdrop = True
            self._backdrop: list = []
            self._backdrop_fbo = None
            self._backdrop_key = None
            self._backdrop_dirty = True
            self.backdrop_renders = 0  # how often the backdrop was drawn (tests, bench)

        def set_backdrop(self, items, watched=()) -> None:
            """``items`` (top-level items of this view) form the backdrop; a change to any
            of them or to ``watched`` (their children) redraws it. They must be drawn
            before every other item, as they are when cached."""
            self._backdrop = list(items)
            me = weakref.ref(self)
            every = [*self._backdrop, *watched]
            for item in every:
                every.extend(item.childItems())  # e.g. the grid's line item
            for item in every:
                plain = item.update

                def update(plain=plain) -> None:
                    view = me()
                    if view is not None:
                        view._backdrop_dirty = True
                    plain()

                item.update = update  # every setData / setVisible / transform ends here
            self._backdrop_dirty = True

        def update(self) -> None:
            # every item change and camera move comes through here (GLViewMixin, items)
            self._paint_pending = True
            super().update()

        def paint_pending(self) -> bool:
            """An update was asked for and the window is on screen to paint it."""
            return self._paint_pending and self.isExposed()

        # the bits of the QWidget API that GLViewMixin and GLTextItem use
        def devicePixelRatioF(self) -> float:
            return float(self.devicePixelRatio())

        def rect(self) -> QtCore.QRect:
            return QtCore.QRect(0, 0, self.width(), self.height())

        def event(self, ev: QtCore.QEvent) -> bool:
            # deliver update() as a QPaintEvent, as a widget gets it (QPaintDeviceWindow
            # repaints straight from the UpdateRequest): event filters see every frame
            if ev.type() == QtCore.QEvent.Type.UpdateRequest and self._stopped:
                return True
            if ev.type() == QtCore.QEvent.Type.UpdateRequest and self.isExposed():
                QtCore.QCoreApplication.sendEvent(self, QtGui.QPaintEvent(self.rect()))
                return True
            return super().event(ev)

        def stop_painting(self) -> None:
            """From now on paint nothing: the window is closing. A paint that slipped in
            between (a modal dialog's event loop delivering an expose or update request
            while its window was being torn down) crashed in pyqtgraph's GL calls."""
            self._stopped = True

        def paintGL(self) -> None:
            global _painting_view
            if self._stopped:
                return
            if self.context().shareContext() is None:
                # contexts are not shared: pyqtgraph's class-wide shader caches are only
                # valid for the view that filled them
                last = _painting_view() if _painting_view is not None else None
                if last is not self:
                    _reset_pyqtgraph_shader_caches()
                    _painting_view = weakref.ref(self)
            self._paint_pending = False
            if self.cache_backdrop and self._backdrop:
                try:
                    self._paint_over_backdrop()
                except Exception:
                    # a GL without framebuffer objects or glBlitFramebuffer (before 3.0):
                    # draw everything every frame, as without the cache (self.items is
                    # already whole again: every swap of it is undone in a finally)
                    self.cache_backdrop = False
                    _GL.glBindFramebuffer(_GL.GL_FRAMEBUFFER, self.defaultFramebufferObject())
                    super().paintGL()
            else:
                super().paintGL()
            # the Python side of the frame is done; the swap that follows runs in C (the GIL
            # free), so the trainer may start its turn now
            self.painted.emit()

        def _camera_key(self, region) -> tuple:
            # (the context too: a framebuffer object is not shared between contexts)
            return (id(self.context()), tuple(region), tuple(self.projectionMatrix(region, region).data()),
                    tuple(self.viewMatrix().data()), tuple(self.opts["bgcolor"]))

        def _paint_over_backdrop(self) -> None:
            """Copy the backdrop (drawn again only when it or the camera changed), then
            draw the other items over it: with software GL the surface, floor, axes and
            labels were ~2/3 of a frame's GL time, and they only move when the camera does."""
            items = self.items
            region = self.getViewport()
            w, h = int(region[2]), int(region[3])
            key = self._camera_key(region)
            fbo = self._backdrop_fbo
            if fbo is None or fbo.width() != w or fbo.height() != h or key[0] != self._backdrop_key[0]:
                fbo = self._backdrop_fbo = _QtOpenGL.QOpenGLFramebufferObject(
                    w, h, _QtOpenGL.QOpenGLFramebufferObject.Attachment.CombinedDepthStencil,
                    _GL.GL_TEXTURE_2D, _GL.GL_RGB8)
                if not fbo.isValid():
                    raise RuntimeError("no framebuffer object for the 3D backdrop")
                self._backdrop_dirty = True
            screen = self.defaultFramebufferObject()
            if self._backdrop_dirty or key != self._backdrop_key:
                self._backdrop_dirty = False
                self._backdrop_key = key
                self.backdrop_renders += 1
                fbo.bind()
                try:
                    self.items = self._backdrop
                    self.paint(region=region, viewport=region)
                finally:
                    self.items = items
                    _GL.glBindFramebuffer(_GL.GL_FRAMEBUFFER, screen)
            # colour only: the moving items are drawn on top, without a depth test (and a
            # depth copy fails as a whole where the two depth formats differ)
            _GL.glBindFramebuffer(_GL.GL_READ_FRAMEBUFFER, fbo.handle())
            _GL.glBindFramebuffer(_GL.GL_DRAW_FRAMEBUFFER, screen)
            _GL.glBlitFramebuffer(0, 0, w, h, 0, 0, w, h, _GL.GL_COLOR_BUFFER_BIT, _GL.GL_NEAREST)
            _GL.glBindFramebuffer(_GL.GL_FRAMEBUFFER, screen)
            self.setProjection(region, region)
            self.setModelview()
            backdrop = set(map(id, self._backdrop))
            try:
                self.items = [i for i in items if id(i) not in backdrop]
                self.drawItemTree()
            finally:
                self.items = items

        def render_image(self) -> QtGui.QImage | None:
            """A fresh frame, text labels included; None when the window is not on screen.

            Drawn into the back buffer and read back before any swap (after a swap the
            back buffer's content is undefined); the next frame draws over it."""
            if self._stopped or not (self.isExposed() and self.isValid()):
                return None
            self.makeCurrent()
            try:
                dpr = self.devicePixelRatio()
                _GL.glViewport(0, 0, int(self.width() * dpr), int(self.height() * dpr))
                self.paintGL()
                return self.grabFramebuffer()
            finally:
                self.doneCurrent()

    class _TextLayer(gl.GLGraphicsItem.GLGraphicsItem):
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
                self._device = _QtOpenGL.QOpenGLPaintDevice(size)
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

    def _sphere(rows: int = 14, cols: int = 24, radius: float = 1.0):
        md = gl.MeshData.sphere(rows, cols, radius=radius)
        verts = md.vertexes()
        normals = verts / np.linalg.norm(verts, axis=1, keepdims=True)
        return _NormalsMeshData(verts, md.faces(), normals)

    def _cone(cols: int = 24, radius: float = 0.32, length: float = 1.0):
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
        return _NormalsMeshData(verts, faces, normals)


class Landscape3DView(QtWidgets.QWidget):
    """The landscape as a 3D surface (pyqtgraph.opengl), mouse to rotate (drag), zoom
    (wheel) and pan (middle drag / ctrl+drag). The (u, v) window maps to x, y in [-5, 5],
    the loss to z in [0, 5]; tick labels are in parameter and loss units."""

    N_TICK_LABELS = 8   # per axis, in a pool built once

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        if gl is None:
            raise RuntimeError(f"the 3D view needs pyqtgraph.opengl: {_GL_IMPORT_ERROR}")
        self._cmap = pg.colormap.get(COLORMAP_NAME)
        self._log_height = False
        self._u = self._v = self._Z = None
        self._labels = ("u", "v")
        self._scale: _LogScale | None = None
        self._H: np.ndarray | None = None      # surface heights in display units (NaN: no data)
        self._state: LandscapeState | None = None
        self._optimum_drawn: tuple | None = None
        self.ball_radius = 0.28

        self.gl_view = _GLView()
        self.gl_view.setBackgroundColor((16, 16, 20))
        # the container owns the window from here on
        self._gl_container = QtWidgets.QWidget.createWindowContainer(self.gl_view, self)
        self._gl_container.setMinimumSize(200, 150)
        self._gl_container.setFocusPolicy(QtCore.Qt.FocusPolicy.ClickFocus)
        _gl_containers.add(self._gl_container)
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
        self.surface = gl.GLMeshItem(meshdata=_NormalsMeshData(np.zeros((3, 3)), np.array([[0, 1, 2]]),
                                                                np.tile([0.0, 0.0, 1.0], (3, 1))),
                                     shader=_LIT_SHADER_NAME, smooth=True, glOptions="opaque")
        self.surface_contours = gl.GLLinePlotItem(mode="lines", color=(1.0, 1.0, 1.0, 0.45), width=1.0,
                                                  antialias=True, glOptions="translucent")
        self.optimum_pin = gl.GLLinePlotItem(mode="lines", color=(1.0, 0.84, 0.0, 0.8), width=1.5,
                                             glOptions=_ON_TOP)
        self.path = gl.GLLinePlotItem(mode="line_strip", color=pg.mkColor(COLOR_PATH).getRgbF(), width=2.5,
                                      antialias=True, glOptions=_ON_TOP)
        self.arrow_shaft = gl.GLLinePlotItem(mode="lines", color=pg.mkColor(COLOR_ARROW).getRgbF(), width=4,
                                             antialias=True, glOptions=_ON_TOP)
        self.arrow_head = gl.GLMeshItem(meshdata=_cone(), shader=_LIT_SHADER_NAME, smooth=True,
                                        color=pg.mkColor(COLOR_ARROW).getRgbF(), glOptions=_SOLID_ON_TOP)
        self.ball = gl.GLMeshItem(meshdata=_sphere(radius=self.ball_radius), shader=_LIT_SHADER_NAME,
                                  smooth=True, color=pg.mkColor(COLOR_BALL).getRgbF(), glOptions=_SOLID_ON_TOP)
        white = QtGui.QColor(230, 230, 230)
        self.optimum = gl.GLTextItem(text="", color=QtGui.QColor(COLOR_OPTIMUM), font=self._star_font,
                                     alignment=QtCore.Qt.AlignmentFlag.AlignHCenter | QtCore.Qt.AlignmentFlag.AlignVCenter)
        self.optimum_label = gl.GLTextItem(text="", color=QtGui.QColor(COLOR_OPTIMUM), font=self._tick_font)
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
                 (self.optimum_pin, 4), (self.path, 5), (self.arrow_shaft, 6), (self.arrow_head, 7),
                 (self.ball, 8)]
        for item, depth in order:
            item.setDepthValue(depth)
            view.addItem(item)
        self.texts = _TextLayer([self.optimum, self.optimum_label, self.u_label, self.v_label, self.z_label,
                                 *self.u_ticks, *self.v_ticks, *self.z_ticks])
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
        self.legend = _legend_label(self)
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self._gl_container, 1)
        lay.addWidget(_legend_bar(self, self.legend, self.log_check, self.reset_button))

        self.clear_state()
        self.reset_view()

    # ----- public API ---------------------------------------------------------------------
    def set_surface(self, u, v, Z, u_label: str, v_label: str) -> None:
        self._u, self._v, self._Z = _check_surface(u, v, Z)
        self._labels = (str(u_label), str(v_label))
        self._scale = _LogScale(self._Z)
        self._rebuild()

    def set_state(self, state: LandscapeState) -> None:
        self._state = state
        if self._H is None:
            return
        cur = _finite_tuple(state.current, 3) if state.current is not None else None
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
        path = _path_array(state.path)
        if len(path) >= 2:
            pos = self.to_display(path[:, 0], path[:, 1], path[:, 2])
            pos[:, 2] += 0.04
            self.path.setData(pos=pos)
            self.path.setVisible(True)
        else:
            self.path.setVisible(False)
        self._update_optimum(state.optimum)
        self._update_arrow(state, base)

    def clear_state(self) -> None:
        self._state = None
        self._optimum_drawn = None
        for item in (self.ball, self.path, self.arrow_shaft, self.arrow_head, self.optimum_pin):
            item.setVisible(False)
        self.optimum.setData(text="")
        self.optimum_label.setData(text="")

    def reset_view(self) -> None:
        """Camera back to the default: the box centre, from the front right, 30° up."""
        self.gl_view.setCameraParams(center=QtGui.QVector3D(0.0, 0.0, 1.5), distance=DEFAULT_CAMERA["distance"],
                                     elevation=DEFAULT_CAMERA["elevation"], azimuth=DEFAULT_CAMERA["azimuth"],
                                     fov=DEFAULT_CAMERA["fov"])

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
        image = self.grab().toImage()
        frame = self.gl_view.render_image()
        if frame is not None and not frame.isNull():
            painter = QtGui.QPainter(image)
            painter.drawImage(QtCore.QRectF(self._gl_container.geometry()), frame)
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
        # normals of the height field (central differences), (0, 0, 1) where undefined
        dHdx, dHdy = np.gradient(np.where(finite, H, np.nan), X, Y)
        normals = np.stack([-dHdx, -dHdy, np.ones_like(H)], axis=-1)
        normals /= np.linalg.norm(normals, axis=-1, keepdims=True)
        bad = ~np.isfinite(normals).all(axis=-1)
        normals[bad] = (0.0, 0.0, 1.0)
        colours = self._cmap.map(np.clip(np.where(finite, H, 0.0) / BOX_HEIGHT, 0.0, 1.0).ravel(), mode="float")
        colours = np.asarray(colours, dtype=np.float32)
        idx = np.arange(nu * nv).reshape(nu, nv)
        a, b, c, d = idx[:-1, :-1], idx[1:, :-1], idx[1:, 1:], idx[:-1, 1:]
        tri = np.concatenate([np.stack([a, b, d], -1).reshape(-1, 3), np.stack([b, c, d], -1).reshape(-1, 3)])
        fin = finite.ravel()
        tri = tri[fin[tri].all(axis=1)]
        if len(tri):
            md = _NormalsMeshData(verts.reshape(-1, 3), tri.astype(np.uint32), normals.reshape(-1, 3),
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
        tick = 0.18
        # u along the front edge (y = -5), v along the right edge (x = +5)
        ut = nice_ticks(u[0], u[-1], 5)
        ustep = ut[1] - ut[0] if len(ut) > 1 else None
        for item, val in zip(self.u_ticks, list(ut) + [None] * self.N_TICK_LABELS):
            if val is None:
                item.setData(text="")
                continue
            x = float(self.to_display(val, v[0], s.zmin)[0])
            lines += [(x, -BOX_HALF, 0), (x, -BOX_HALF - tick, 0)]
            item.setData(pos=(x, -BOX_HALF - 0.55, 0.0), text=_fmt(val, ustep))
        vt = nice_ticks(v[0], v[-1], 5)
        vstep = vt[1] - vt[0] if len(vt) > 1 else None
        for item, val in zip(self.v_ticks, list(vt) + [None] * self.N_TICK_LABELS):
            if val is None:
                item.setData(text="")
                continue
            y = float(self.to_display(u[0], val, s.zmin)[1])
            lines += [(BOX_HALF, y, 0), (BOX_HALF + tick, y, 0)]
            item.setData(pos=(BOX_HALF + 0.6, y, 0.0), text=_fmt(val, vstep))
        # loss ticks: round numbers (linear) or 1-2-5 decades (log height); none right at the
        # floor, where they would collide with the u and v labels of the corner
        if self._log_height:
            zt = _log_loss_ticks(s, lambda L: self._height(np.asarray(L)), 0.8)
        else:
            zt = [(float(self._height(np.asarray(L))), float(L)) for L in nice_ticks(s.zmin, s.zmax, 5)]
        zt = [t for t in zt if t[0] >= 0.6]
        for item, t in zip(self.z_ticks, zt + [None] * self.N_TICK_LABELS):
            if t is None or not s.ok:
                item.setData(text="")
                continue
            z = t[0]
            lines += [(zx, zy, z), (zx - 0.7 * tick, zy - 0.7 * tick, z)]
            item.setData(pos=(zx - 0.35, zy - 0.35, z), text=_fmt(t[1]))
        self.axes.setData(pos=np.array(lines, dtype=np.float32))
        self.u_label.setData(pos=(0.0, -BOX_HALF - 1.4, 0.0), text=self._labels[0])
        self.v_label.setData(pos=(BOX_HALF + 1.7, 0.0, 0.0), text=self._labels[1])
        self.z_label.setData(pos=(zx, zy, BOX_HEIGHT + 0.35),
                             text="loss (log height)" if self._log_height else "loss")

    def _surface_height_at(self, x: float, y: float) -> float:
        """Bilinear height of the drawn surface at display (x, y), clamped to the box."""
        H, X, Y = self._H, self._X, self._Y
        fx = min(max((x - X[0]) / (X[1] - X[0]), 0.0), len(X) - 1.000001)
        fy = min(max((y - Y[0]) / (Y[1] - Y[0]), 0.0), len(Y) - 1.000001)
        i, j = int(fx), int(fy)
        tx, ty = fx - i, fy - j
        h = ((1 - tx) * (1 - ty) * H[i, j] + tx * (1 - ty) * H[i + 1, j]
             + (1 - tx) * ty * H[i, j + 1] + tx * ty * H[i + 1, j + 1])
        return float(h)

    def _update_arrow(self, state: LandscapeState, base) -> None:
        ok = False
        g = _finite_tuple(state.neg_grad, 2)
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

    def _update_optimum(self, optimum) -> None:
        opt = _finite_tuple(optimum, 3) if optimum is not None else None
        if opt == self._optimum_drawn:
            return
        self._optimum_drawn = opt
        if opt is None:
            self.optimum.setData(text="")
            self.optimum_label.setData(text="")
            self.optimum_pin.setVisible(False)
            return
        x, y, z = self.to_display(*opt)
        self.optimum.setData(pos=(x, y, z), text="★")
        self.optimum_label.setData(pos=(x + 0.35, y, z + 0.35), text=f"min {_fmt(opt[2])}")
        self.optimum_pin.setData(pos=np.array([(x, y, 0.0), (x, y, z)], dtype=np.float32))
        self.optimum_pin.setVisible(True)
