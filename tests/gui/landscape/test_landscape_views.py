"""The loss-landscape panels: 2D contour map and 3D surface.

The surface is the lesson's line under L2 = 1/2 sum (w x + b - y)^2, computed here with
numpy; the state is a real gradient-descent run on it. GL tests are marked ``gl`` (they need
a real OpenGL context: Xvfb + Mesa under scripts/test.sh).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QImage

from gradviz.gui.landscape.views import (
    MESH_MAX, ContourView, LandscapeState, arrow_fraction, opengl_available,
    resample_grid,
)

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


# ----------------------------------------------------------------------------------------
# pure helpers
# ----------------------------------------------------------------------------------------

def test_arrow_fraction_is_log_compressed_clamped_and_monotone():
    assert arrow_fraction(10.0, 10.0) == pytest.approx(0.30)
    assert arrow_fraction(1000.0, 10.0) == pytest.approx(0.30)       # clamped above
    assert arrow_fraction(0.01, 10.0) == pytest.approx(0.06)          # 1e-3 of the reference
    assert arrow_fraction(1e-5, 10.0) == pytest.approx(0.06)          # clamped below, still visible
    fracs = [arrow_fraction(g, 1.0) for g in np.logspace(-4, 1, 30)]
    assert all(a <= b for a, b in zip(fracs, fracs[1:]))
    assert arrow_fraction(0.0, 1.0) is None
    assert arrow_fraction(1e-9, 1.0) is None                          # converged: no arrow
    assert arrow_fraction(float("nan"), 1.0) is None
    assert arrow_fraction(float("inf"), 1.0) is None
    assert arrow_fraction(2.0, float("nan")) == pytest.approx(0.30)  # bad reference: |g| itself


def test_state_is_plain_frozen_data():
    with pytest.raises(AttributeError):
        STATE.current = (0.0, 0.0, 0.0)


# ----------------------------------------------------------------------------------------
# contour view
# ----------------------------------------------------------------------------------------

@pytest.fixture
def contour(qtbot):
    view = ContourView()
    qtbot.addWidget(view)
    view.resize(700, 520)
    view.show()
    qtbot.waitExposed(view)
    view.set_surface(W, B, Z, "w (slope)", "b (intercept)")
    return view


def test_contour_holds_the_surface(contour):
    img = contour.image
    assert img.image.shape == Z.shape
    vb = contour.plot_item.vb
    # pixel centres sit on the grid points: first and last sample
    p0 = vb.mapFromItemToView(img, QPointF(0.5, 0.5))
    p1 = vb.mapFromItemToView(img, QPointF(Z.shape[0] - 0.5, Z.shape[1] - 0.5))
    assert (p0.x(), p0.y()) == pytest.approx((W[0], B[0]))
    assert (p1.x(), p1.y()) == pytest.approx((W[-1], B[-1]))
    # colour is monotone in the loss (log scale): same argmin/argmax
    assert np.unravel_index(np.nanargmin(img.image), Z.shape) == np.unravel_index(np.argmin(Z), Z.shape)
    assert np.unravel_index(np.nanargmax(img.image), Z.shape) == np.unravel_index(np.argmax(Z), Z.shape)
    xs, ys = contour.contours.getData()
    assert len(xs) > 100 and np.isfinite(xs).all() and np.isfinite(ys).all()
    assert xs.min() >= W[0] and xs.max() <= W[-1] and ys.min() >= B[0] and ys.max() <= B[-1]
    assert contour.plot_item.getAxis("bottom").labelText == "w (slope)"
    assert contour.plot_item.getAxis("left").labelText == "b (intercept)"
    (x0, x1), (y0, y1) = vb.viewRange()
    du, db = W[1] - W[0], B[1] - B[0]
    assert (x0, x1, y0, y1) == pytest.approx((W[0] - du / 2, W[-1] + du / 2, B[0] - db / 2, B[-1] + db / 2))
    assert "current" in contour.legend.text() and "gradient" in contour.legend.text()


def test_contour_draws_the_state(contour):
    contour.set_state(STATE)
    assert contour.ball_position() == pytest.approx(STATE.current[:2])
    assert len(contour.path_points()) == len(STATE.path)
    np.testing.assert_allclose(contour.path_points(), STATE.path[:, :2])
    assert contour.path.path().elementCount() == len(STATE.path)
    assert contour.optimum.isVisible()
    assert (contour.optimum.pos().x(), contour.optimum.pos().y()) == pytest.approx(tuple(OPT))
    # the arrow points the way of -gradient, with the log-compressed length in view fractions
    du, dv = contour.arrow_vector()
    gu, gv = STATE.neg_grad
    assert np.sign(du) == np.sign(gu) and np.sign(dv) == np.sign(gv)
    (x0, x1), (y0, y1) = contour.plot_item.vb.viewRange()
    frac = arrow_fraction(math.hypot(gu, gv), STATE.grad_ref)
    assert math.hypot(du / (x1 - x0), dv / (y1 - y0)) == pytest.approx(frac)
    # same direction as -g once both axes are scaled to the view
    cross = (du / (x1 - x0)) * (gv / (y1 - y0)) - (dv / (y1 - y0)) * (gu / (x1 - x0))
    assert cross == pytest.approx(0.0, abs=1e-9)
    head = contour.arrow_head.pos()
    assert (head.x(), head.y()) == pytest.approx((STATE.current[0] + du, STATE.current[1] + dv))
    assert contour.arrow_head.isVisible()


def test_contour_arrow_head_points_along_the_shaft_on_screen(contour):
    for neg_grad in [(1.0, 0.0), (0.0, 1.0), (-1.0, 0.0), (0.0, -1.0), (3.0, -40.0)]:
        contour.set_state(with_(STATE, neg_grad=neg_grad, grad_ref=1.0))
        line = contour.arrow_shaft.line()
        vb = contour.plot_item.vb
        a = vb.mapViewToScene(line.p1())
        b = vb.mapViewToScene(line.p2())
        screen_dir = math.degrees(math.atan2(b.y() - a.y(), b.x() - a.x()))
        # ArrowItem: angle 0 points left, so its pointing direction is angle + 180
        head_dir = contour.arrow_head.opts["angle"] + 180.0
        assert (screen_dir - head_dir + 180.0) % 360.0 - 180.0 == pytest.approx(0.0, abs=0.5)


def test_contour_hides_the_arrow_without_gradient(contour):
    contour.set_state(with_(STATE, neg_grad=(0.0, 0.0)))
    assert contour.arrow_vector() is None and not contour.arrow_head.isVisible()
    assert contour.ball_position() is not None
    contour.set_state(with_(STATE, neg_grad=(float("nan"), 1.0)))
    assert contour.arrow_vector() is None
    contour.set_state(STATE)
    assert contour.arrow_vector() is not None


def test_contour_never_draws_non_finite_input(contour):
    Zbad = Z.copy()
    Zbad[10:20, 30:40] = np.nan
    Zbad[0, 0] = np.inf
    Zbad[5, 5] = -np.inf
    contour.set_surface(W, B, Zbad, "w", "b")
    assert np.isnan(contour.image.image[10:20, 30:40]).all()        # transparent pixels
    assert np.isnan(contour.image.image[0, 0]) and np.isnan(contour.image.image[5, 5])
    assert np.isfinite(contour.image.image[~np.isnan(Zbad) & np.isfinite(Zbad)]).all()
    xs, ys = contour.contours.getData()
    assert np.isfinite(xs).all() and np.isfinite(ys).all()
    # a state with holes: NaN rows of the path are dropped, a NaN ball is hidden
    path = STATE.path.copy()
    path[3] = np.nan
    path[7, 2] = np.inf
    contour.set_state(with_(STATE, path=path))
    assert len(contour.path_points()) == len(path) - 2
    assert np.isfinite(contour.path_points()).all()
    contour.set_state(with_(STATE, current=(np.nan, 1.0, 2.0), optimum=(np.inf, 0.0, 0.0)))
    assert contour.ball_position() is None and contour.arrow_vector() is None
    assert not contour.optimum.isVisible()
    contour.set_state(with_(STATE, path=np.empty((0, 3)), optimum=None))
    assert len(contour.path_points()) == 0
    contour.set_surface(W, B, np.full(Z.shape, np.nan), "w", "b")   # nothing at all to draw
    assert not contour.image.isVisible()
    contour.clear_state()
    assert contour.ball_position() is None and not contour.path.isVisible()


def test_contour_rejects_malformed_surfaces_clearly(contour):
    with pytest.raises(ValueError, match="shape"):
        contour.set_surface(W, B, Z.T, "w", "b")
    with pytest.raises(ValueError, match="ascending"):
        contour.set_surface(W[::-1], B, Z, "w", "b")


def test_contour_does_not_autorange_per_frame(contour):
    vb = contour.plot_item.vb
    vb.setRange(xRange=(0.2, 0.9), yRange=(-0.5, 1.0), padding=0)
    before = np.ravel(vb.viewRange())
    for k in range(20):
        contour.set_state(descent_state(steps=k + 1))
    np.testing.assert_allclose(np.ravel(vb.viewRange()), before)
    contour.set_surface(W, B, Z * 1.5, "w", "b")          # same window: the zoom stays
    np.testing.assert_allclose(np.ravel(vb.viewRange()), before)
    vb.enableAutoRange()                                   # the "A" button: fits the map...
    vb.updateAutoRange()
    fitted = np.ravel(vb.viewRange())
    assert fitted[0] <= W[0] and fitted[1] >= W[-1] and fitted[1] - fitted[0] < 1.2 * (W[-1] - W[0])
    assert fitted[2] <= B[0] and fitted[3] >= B[-1] and fitted[3] - fitted[2] < 1.2 * (B[-1] - B[0])
    for k in range(5):                                     # ...and frames still never move it
        contour.set_state(with_(STATE, current=(5.0 + k, 9.0, 1.0)))
        vb.updateAutoRange()
    np.testing.assert_allclose(np.ravel(vb.viewRange()), fitted)
    W2 = np.linspace(-2.0, 3.0, 61)
    Z2 = 0.5 * ((W2[:, None, None] * X + B[None, :, None] - Y) ** 2).sum(axis=-1)
    contour.set_surface(W2, B, Z2, "w", "b")               # a new window: re-ranged to it
    (x0, x1), _ = vb.viewRange()
    assert x0 == pytest.approx(W2[0] - (W2[1] - W2[0]) / 2) and x1 == pytest.approx(W2[-1] + (W2[1] - W2[0]) / 2)
    assert not vb.state["aspectLocked"]


def _pixel_of(view: ContourView, u: float, v: float):
    scene_pt = view.plot_item.vb.mapViewToScene(QPointF(u, v))
    return view.plot_widget.mapFromScene(scene_pt)


def test_contour_click_emits_the_parameters_under_the_mouse(qtbot, contour):
    contour.set_state(STATE)
    target = (1.2, -1.3)
    with qtbot.waitSignal(contour.pointPicked, timeout=2000) as blocker:
        qtbot.mouseClick(contour.plot_widget.viewport(), Qt.MouseButton.LeftButton,
                         pos=_pixel_of(contour, *target))
    (x0, x1), (y0, y1) = contour.plot_item.vb.viewRange()
    px = max((x1 - x0), (y1 - y0)) / 300     # about a pixel or two
    assert blocker.args == pytest.approx(list(target), abs=px)
    with qtbot.assertNotEmitted(contour.pointPicked, wait=100):
        qtbot.mouseClick(contour.plot_widget.viewport(), Qt.MouseButton.RightButton,
                         pos=_pixel_of(contour, 0.5, 0.5))
        qtbot.keyClick(contour.plot_widget.viewport(), Qt.Key.Key_Escape)   # close the menu if any


def test_contour_set_state_before_surface_is_harmless(qtbot):
    view = ContourView()
    qtbot.addWidget(view)
    view.set_state(STATE)
    view.set_surface(W, B, Z, "w", "b")
    assert view.ball_position() == pytest.approx(STATE.current[:2])


# ----------------------------------------------------------------------------------------
# 3D view (needs OpenGL)
# ----------------------------------------------------------------------------------------

@pytest.mark.gl
def test_opengl_is_available_under_xvfb(qapp):
    assert opengl_available() == (True, "")


@pytest.fixture
def view3d(qtbot):
    from gradviz.gui.landscape.views import Landscape3DView
    ok, reason = opengl_available()
    assert ok, reason
    view = Landscape3DView()
    qtbot.addWidget(view)
    view.resize(820, 640)
    view.show()
    qtbot.waitExposed(view)
    view.set_surface(W, B, Z, "w (slope)", "b (intercept)")
    return view


def test_resample_grid_keeps_corners_and_grid_points():
    u, v = np.linspace(-1, 3, 97), np.linspace(0, 2, 30)
    Zf = np.add.outer(u ** 2, np.sin(v))
    uc, vc, Zc = resample_grid(u, v, Zf, 49)
    assert Zc.shape == (49, 30) and uc[0] == u[0] and uc[-1] == u[-1]
    np.testing.assert_array_equal(vc, v)                  # an axis within the limit is left alone
    np.testing.assert_array_equal(Zc, Zf[::2])            # 97 -> 49: every other point, exactly
    u2, v2, Z2 = resample_grid(u, v, Zf, 20)              # a general ratio interpolates
    np.testing.assert_allclose(Z2[[0, -1]][:, [0, -1]], Zf[[0, -1]][:, [0, -1]])
    np.testing.assert_allclose(Z2, np.add.outer(u2 ** 2, np.sin(v2)), atol=0.01)
    Zn = Zf.copy()
    Zn[10, :] = np.nan                                     # a hole stays a hole, nowhere else
    _, _, Zc = resample_grid(u, v, Zn, 49)
    assert np.isnan(Zc[5]).all() and np.isfinite(np.delete(Zc, 5, axis=0)).all()


@pytest.mark.gl
def test_3d_surface_fills_the_box(view3d):
    md = view3d.surface.opts["meshdata"]
    verts = md.vertexes()
    mu, mv = min(len(W), MESH_MAX), min(len(B), MESH_MAX)   # the mesh is resampled to at most MESH_MAX
    assert verts.shape == (mu * mv, 3) and np.isfinite(verts).all()
    assert md.faces().shape == (2 * (mu - 1) * (mv - 1), 3)
    assert verts[:, 0].min() == pytest.approx(-5) and verts[:, 0].max() == pytest.approx(5)
    assert verts[:, 1].min() == pytest.approx(-5) and verts[:, 1].max() == pytest.approx(5)
    # the bottom of the box is the grid's lowest loss; the coarser mesh comes within a hair of it
    assert 0 <= verts[:, 2].min() < 0.01 and verts[:, 2].max() == pytest.approx(5)
    # vertex (a, b) sits at the true loss there (the analytic Z of the test), within a
    # hundredth of the box height (bilinear resampling of a smooth surface)
    uc, vc = np.linspace(W[0], W[-1], mu), np.linspace(B[0], B[-1], mv)
    for a, b in ((0, 0), (mu - 1, mv - 1), (mu // 2, mv - 3), (mu - 3, 5)):
        true = 0.5 * ((uc[a] * X + vc[b] - Y) ** 2).sum()
        np.testing.assert_allclose(verts[a * mv + b], view3d.to_display(uc[a], vc[b], true), atol=0.05)
    assert np.isfinite(md.vertexNormals()).all()
    assert view3d.u_label.text == "w (slope)" and view3d.v_label.text == "b (intercept)"
    assert view3d.z_label.text == "loss"
    assert sum(t.text != "" for t in view3d.u_ticks) >= 3
    assert sum(t.text != "" for t in view3d.z_ticks) >= 2


@pytest.mark.gl
def test_3d_draws_the_state(view3d):
    view3d.set_state(STATE)
    np.testing.assert_allclose(view3d.ball_position(), view3d.to_display(*STATE.current), atol=1e-5)
    pos = view3d.path.pos
    assert pos.shape == (len(STATE.path), 3) and np.isfinite(pos).all()
    np.testing.assert_allclose(pos[:, :2], view3d.to_display(*STATE.path.T)[:, :2], atol=1e-5)
    # the arrow: from the ball, horizontally along (du * sx, dv * sy), log-compressed length
    vx, vy, _ = view3d.arrow_vector()
    gu, gv = STATE.neg_grad
    assert np.sign(vx) == np.sign(gu) and np.sign(vy) == np.sign(gv)
    sx, sy = 10 / (W[-1] - W[0]), 10 / (B[-1] - B[0])
    assert vx * gv * sy - vy * gu * sx == pytest.approx(0.0, abs=1e-6)
    assert math.hypot(vx, vy) == pytest.approx(10 * arrow_fraction(math.hypot(gu, gv), STATE.grad_ref))
    assert view3d.arrow_head.visible()
    assert view3d.optimum.text == "★" and "min" in view3d.optimum_label.text
    np.testing.assert_allclose(view3d.optimum.pos, view3d.to_display(*STATE.optimum), atol=1e-6)


@pytest.mark.gl
def test_3d_image_shows_surface_ball_and_arrow(qtbot, view3d):
    view3d.set_state(STATE)
    qtbot.wait(50)
    rgb = image_array(view3d.grab_image())
    assert rgb.var() > 0
    assert len(np.unique(rgb.reshape(-1, 3)[::7], axis=0)) > 200       # a shaded surface, not flat
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    orange = (r > 170) & (g > 70) & (g < 170) & (b < 80)
    pinkred = (r > 170) & (g < 110) & (b > 60) & (b < 160)
    # the ball and the arrow are there (the legend bar has a few pixels of each too)
    legend_h = view3d.height() - view3d.gl_view.height()
    assert orange[: -legend_h].sum() > 80
    assert pinkred[: -legend_h].sum() > 40
    view3d.clear_state()
    qtbot.wait(50)
    rgb2 = image_array(view3d.grab_image())
    r, g, b = rgb2[..., 0], rgb2[..., 1], rgb2[..., 2]
    assert ((r > 170) & (g > 70) & (g < 170) & (b < 80))[: -legend_h].sum() < 10


@pytest.mark.gl
def test_3d_never_draws_non_finite_input(view3d):
    Zbad = Z.copy()
    Zbad[10:20, 30:40] = np.nan
    Zbad[0, 0] = np.inf
    view3d.set_surface(W, B, Zbad, "w", "b")
    md = view3d.surface.opts["meshdata"]
    assert np.isfinite(md.vertexes()).all() and np.isfinite(md.vertexNormals()).all()
    Zbad[~np.isfinite(Zbad)] = np.nan                       # as the view takes it
    _, _, Zmesh = resample_grid(W, B, Zbad, MESH_MAX)       # the grid the mesh is built on
    full = 2 * (Zmesh.shape[0] - 1) * (Zmesh.shape[1] - 1)
    assert 0 < len(md.faces()) < full
    bad = ~np.isfinite(Zmesh).ravel()
    assert bad.sum() >= 10
    assert not bad[md.faces()].any()                                  # no face touches a hole
    assert np.isfinite(view3d.surface_contours.pos).all()
    path = STATE.path.copy()
    path[2] = np.nan
    view3d.set_state(with_(STATE, path=path, neg_grad=(np.inf, 0.0)))
    assert len(view3d.path.pos) == len(path) - 1 and np.isfinite(view3d.path.pos).all()
    assert view3d.arrow_vector() is None and not view3d.arrow_head.visible()
    view3d.set_state(with_(STATE, current=(0.1, np.nan, 3.0)))
    assert view3d.ball_position() is None and view3d.arrow_vector() is None
    view3d.set_state(with_(STATE, neg_grad=(0.0, 0.0)))
    assert view3d.ball_position() is not None and view3d.arrow_vector() is None
    view3d.set_surface(W, B, np.full(Z.shape, np.nan), "w", "b")
    assert not view3d.surface.visible()
    view3d.set_state(STATE)                                           # still no crash


@pytest.mark.gl
def test_3d_log_height_and_reset_view(view3d):
    from gradviz.gui.landscape.views import DEFAULT_CAMERA
    view3d.set_state(STATE)
    z_lin = view3d.ball_position()[2]
    view3d.set_log_height(True)
    assert view3d.log_check.isChecked() and view3d.log_height()
    z_log = view3d.ball_position()[2]
    assert z_log > z_lin                                               # the bottom is stretched
    np.testing.assert_allclose(view3d.ball_position(), view3d.to_display(*STATE.current), atol=1e-5)
    assert view3d.surface.opts["meshdata"].vertexes()[:, 2].max() == pytest.approx(5.0)
    assert "log" in view3d.z_label.text
    view3d.log_check.setChecked(False)                                 # the overlay control
    assert not view3d.log_height()
    assert view3d.ball_position()[2] == pytest.approx(z_lin)
    view3d.gl_view.orbit(70, -20)
    view3d.gl_view.setCameraPosition(distance=50)
    view3d.reset_button.click()
    params = view3d.gl_view.cameraParams()
    for key in ("distance", "elevation", "azimuth", "fov"):
        assert params[key] == pytest.approx(DEFAULT_CAMERA[key])


@pytest.mark.gl
def test_3d_state_before_surface_is_kept(qtbot):
    from gradviz.gui.landscape.views import Landscape3DView
    view = Landscape3DView()
    qtbot.addWidget(view)
    view.set_state(STATE)
    assert view.ball_position() is None
    view.set_surface(W, B, Z, "w", "b")
    np.testing.assert_allclose(view.ball_position(), view.to_display(*STATE.current), atol=1e-5)


@pytest.mark.gl
def test_3d_scene_is_a_native_child_window_and_the_window_stays_raster(view3d):
    """The GL scene is a QOpenGLWindow in a window container, not a QOpenGLWidget: a
    QOpenGLWidget would switch the whole top-level window to OpenGL composition (every
    panel's repaint composed through GL, slow with software GL)."""
    from PySide6.QtGui import QSurface
    from PySide6.QtOpenGL import QOpenGLWindow
    from PySide6.QtOpenGLWidgets import QOpenGLWidget

    assert isinstance(view3d.gl_view, QOpenGLWindow)
    assert not view3d.findChildren(QOpenGLWidget)
    assert view3d.window().windowHandle().surfaceType() == QSurface.SurfaceType.RasterSurface
    assert view3d.gl_view.isExposed() and view3d.gl_view.height() > 0


@pytest.mark.gl
def test_3d_grab_includes_the_text_labels(qtbot, view3d):
    """QWidget.grab() leaves a native child window blank; grab_image() paints a fresh GL
    frame, QPainter text labels included, over it."""
    base = image_array(view3d.grab_image())
    legend_h = view3d.height() - view3d.gl_view.height()
    scene = base[:-legend_h]
    assert scene.var() > 0 and len(np.unique(scene.reshape(-1, 3)[::7], axis=0)) > 200
    for item in [view3d.u_label, view3d.v_label, view3d.z_label, *view3d.u_ticks, *view3d.v_ticks,
                 *view3d.z_ticks]:
        item.setVisible(False)
    qtbot.wait(20)
    no_text = image_array(view3d.grab_image())[:-legend_h]
    light = lambda a: (a.min(axis=-1) > 190).sum()                    # noqa: E731 (white/grey text)
    assert light(scene) > light(no_text) + 200


def _frame(view3d, cached: bool) -> np.ndarray:
    view3d.gl_view.cache_backdrop = cached
    try:
        return image_array(view3d.gl_view.render_image()).astype(float)
    finally:
        view3d.gl_view.cache_backdrop = True


def _changed_pixels(a: np.ndarray, b: np.ndarray) -> int:
    """Pixels that differ visibly (by more than 40 of 255 in a channel)."""
    return int((np.abs(a - b).max(axis=-1) > 40).sum()) if a.shape == b.shape else a.size


@pytest.mark.gl
def test_3d_backdrop_cache_draws_what_a_direct_frame_draws(qtbot, view3d):
    """The surface, floor, axes and labels are drawn into an offscreen image once and copied
    in each frame: every change to them (or the camera) must show, as a frame drawn directly
    shows it."""
    import pyqtgraph.opengl as gl

    # Mesa flips y offscreen, so edges fall on a few pixels differently (by up to 17 of
    # 255 for hard edges); smooth lines differ more, so they are drawn hard here
    lines = list(view3d.gl_view.items)
    for item in lines:
        lines.extend(item.childItems())
    for item in lines:
        if isinstance(item, gl.GLLinePlotItem):
            item.setData(antialias=False)
    view3d.set_state(STATE)
    before = _frame(view3d, True)
    assert _changed_pixels(before, _frame(view3d, False)) == 0
    changes = [
        ("camera", lambda: view3d.gl_view.orbit(40, 10)),
        ("surface", lambda: view3d.set_surface(W, B, Z * 3 + (W[:, None] - 0.5) ** 2 * 40, "w", "b")),
        ("log height", lambda: view3d.set_log_height(True)),
        ("a label", lambda: view3d.u_label.setVisible(False)),
        ("the optimum", lambda: view3d.set_state(with_(STATE, optimum=(1.5, -2.0, 30.0)))),
        ("background", lambda: view3d.gl_view.setBackgroundColor((90, 90, 90))),
        ("size", lambda: view3d.resize(700, 560)),
    ]
    for what, change in changes:
        change()
        qtbot.wait(20)
        cached, direct = _frame(view3d, True), _frame(view3d, False)
        assert _changed_pixels(cached, before) > 20, what     # the change shows...
        assert _changed_pixels(cached, direct) == 0, what     # ...as drawn directly
        before = cached


@pytest.mark.gl
def test_3d_training_frames_reuse_the_backdrop(qtbot, view3d):
    """Moving the ball, path and arrow (every frame of a run) does not redraw the backdrop;
    rotating the camera does, once."""
    gl_view = view3d.gl_view
    view3d.set_state(STATE)
    gl_view.render_image()
    renders = gl_view.backdrop_renders
    for steps in range(5, 30, 5):
        view3d.set_state(descent_state(steps=steps))
        gl_view.render_image()
    assert gl_view.backdrop_renders == renders
    gl_view.orbit(15, 0)
    gl_view.render_image()
    gl_view.render_image()
    assert gl_view.backdrop_renders == renders + 1


@pytest.mark.gl
def test_3d_without_framebuffer_blits_draws_everything_directly(qtbot, view3d, monkeypatch):
    """A GL older than 3.0 has no glBlitFramebuffer: the view then stops caching and draws
    the whole scene every frame, instead of failing every frame."""
    from gradviz.gui import landscape_views

    view3d.set_state(STATE)
    direct = _frame(view3d, False)

    def missing(*args):
        raise RuntimeError("glBlitFramebuffer is not available")

    monkeypatch.setattr(landscape_views._GL, "glBlitFramebuffer", missing)
    frame = image_array(view3d.gl_view.render_image()).astype(float)
    assert not view3d.gl_view.cache_backdrop
    assert view3d.surface in view3d.gl_view.items and view3d.ball in view3d.gl_view.items
    assert _changed_pixels(frame, direct) == 0


@pytest.mark.gl
def test_3d_mouse_drag_rotates_and_wheel_zooms(qtbot, view3d):
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    win = view3d.gl_view
    before = view3d.gl_view.cameraParams()
    centre = QPoint(win.width() // 2, win.height() // 2)
    QTest.mousePress(win, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    for dx in (10, 20, 40, 60):
        QTest.mouseMove(win, centre + QPoint(dx, dx // 2))
    QTest.mouseRelease(win, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre + QPoint(60, 30))
    after = view3d.gl_view.cameraParams()
    assert after["azimuth"] != pytest.approx(before["azimuth"])
    assert after["elevation"] != pytest.approx(before["elevation"])
    from PySide6.QtCore import QPointF as P
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication
    ev = QWheelEvent(P(centre), P(win.mapToGlobal(centre)), QPoint(0, 0), QPoint(0, 240),
                     Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(win, ev)
    assert view3d.gl_view.cameraParams()["distance"] < after["distance"]


@pytest.mark.gl
def test_3d_view_in_a_dock_floats_and_docks_again(qtbot):
    """Floating the dock re-parents the native GL window into another top-level window
    (and back): no crash, no Qt warning, still painting, grab still complete."""
    from PySide6.QtWidgets import QDockWidget, QMainWindow

    from gradviz.gui.landscape.views import Landscape3DView
    main = QMainWindow()
    qtbot.addWidget(main)
    main.setCentralWidget(ContourView())
    view = Landscape3DView()
    view.set_surface(W, B, Z, "w", "b")
    view.set_state(STATE)
    dock = QDockWidget("3D", main)
    dock.setWidget(view)
    main.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    main.resize(1000, 640)
    main.show()
    qtbot.waitExposed(main)
    qtbot.wait(50)
    for floating in (True, False, True, False):
        dock.setFloating(floating)
        qtbot.wait(150)
        qtbot.waitUntil(view.gl_view.isExposed)
        view.set_state(STATE)
        rgb = image_array(view.grab_image())
        legend_h = view.height() - view.gl_view.height()
        r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
        assert ((r > 170) & (g > 70) & (g < 170) & (b < 80))[:-legend_h].sum() > 80   # the ball
        scene = rgb[:-legend_h].reshape(-1, 3)
        assert len(np.unique(scene[::7], axis=0)) > 200             # and the (cached) surface
    main.close()


@pytest.mark.gl
def test_opengl_check_uses_the_shared_context(qapp):
    from PySide6.QtGui import QOpenGLContext

    import gradviz.gui.landscape.views as lv
    assert lv._check_global_context() == (True, "")
    assert QOpenGLContext.globalShareContext().isValid()
