"""The 2D contour map of the loss landscape."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from gradviz.gui.landscape import ContourView
from gradviz.gui.landscape.scales import arrow_fraction

from landscape_bowl import B, OPT, STATE, W, X, Y, Z, descent_state, make_contour, with_


@pytest.fixture
def contour(qtbot):
    return make_contour(qtbot)


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
