"""A lesson-like loss surface and a real gradient-descent run on it, for the landscape
views' tests: the line under L2 = 1/2 sum (w x + b - y)^2, computed here with numpy."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage

from gradviz.gui.landscape import LandscapeState

X = np.arange(1.0, 9.0)
Y = np.array([0.85, 1.43, 1.92, 2.59, 3.20, 3.82, 4.38, 4.97])
W = np.linspace(-1.0, 2.0, 61)      # u: different sizes for u and v catch swapped axes
B = np.linspace(-3.0, 3.0, 81)      # v
Z = 0.5 * ((W[:, None, None] * X + B[None, :, None] - Y) ** 2).sum(axis=-1)


def loss(p):
    return 0.5 * float(np.sum((p[0] * X + p[1] - Y) ** 2))


def grad(p):
    e = p[0] * X + p[1] - Y
    return np.array([np.sum(e * X), np.sum(e)])


OPT = np.linalg.lstsq(np.column_stack([X, np.ones_like(X)]), Y, rcond=None)[0]


def descent_state(steps=25, lr=0.006, start=(-0.5, 2.5)) -> LandscapeState:
    p = np.array(start, dtype=float)
    g0 = float(np.linalg.norm(grad(p)))
    path = [(p[0], p[1], loss(p))]
    for _ in range(steps):
        p = p - lr * grad(p)
        path.append((p[0], p[1], loss(p)))
    g = grad(p)
    return LandscapeState(current=(float(p[0]), float(p[1]), loss(p)), path=np.array(path),
                          neg_grad=(float(-g[0]), float(-g[1])), grad_ref=g0,
                          optimum=(float(OPT[0]), float(OPT[1]), loss(OPT)))


STATE = descent_state()


def with_(state: LandscapeState, **changes) -> LandscapeState:
    fields = dict(current=state.current, path=state.path, neg_grad=state.neg_grad,
                  grad_ref=state.grad_ref, optimum=state.optimum)
    fields.update(changes)
    return LandscapeState(**fields)


def image_array(img: QImage) -> np.ndarray:
    img = img.convertToFormat(QImage.Format.Format_RGB32)
    h, w = img.height(), img.width()
    buf = np.frombuffer(img.constBits(), dtype=np.uint8).reshape(h, img.bytesPerLine() // 4, 4)
    return buf[:, :w, 2::-1].astype(int)   # BGRA in memory -> RGB


def show_view(qtbot, view, size):
    """``view`` shown at ``size`` with the bowl as its surface, closed by qtbot."""
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    view.set_surface(W, B, Z, "w (slope)", "b (intercept)")
    return view


def make_contour(qtbot):
    from gradviz.gui.landscape import ContourView

    return show_view(qtbot, ContourView(), (700, 520))


def make_view3d(qtbot):
    """A shown 3D view of the bowl (the test must have OpenGL)."""
    from gradviz.gui.gl import opengl_available
    from gradviz.gui.landscape import Landscape3DView

    ok, reason = opengl_available()
    assert ok, reason
    return show_view(qtbot, Landscape3DView(), (820, 640))
