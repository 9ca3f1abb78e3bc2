"""The 3D surface view of the loss landscape (marked gl: needs Xvfb + Mesa)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gradviz.gui.landscape.grid import resample_grid
from gradviz.gui.landscape.scales import arrow_fraction
from gradviz.gui.landscape.surface_view import MESH_MAX

from landscape_bowl import B, STATE, W, X, Y, Z, image_array, make_view3d, with_


@pytest.fixture
def view3d(qtbot):
    return make_view3d(qtbot)


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
    # the head is a closed cone: a mesh with its faces and one unit normal per vertex
    mesh = view3d.arrow_head.opts["meshdata"]
    assert mesh is not None and mesh.faces().shape == (48, 3)
    assert np.allclose(np.linalg.norm(mesh.vertexNormals(), axis=1), 1.0)
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
    orange = (r > 170) & (g > 110) & (r - g > 45) & (b < 80)   # the ball: Okabe-Ito orange, shaded
    vermillion = (r > 150) & (g > 40) & (g < 115) & (b < 60)   # the arrow
    # the ball and the arrow are there (the legend bar has a few pixels of each too)
    legend_h = view3d.height() - view3d.gl_view.height()
    assert orange[: -legend_h].sum() > 80
    assert vermillion[: -legend_h].sum() > 40
    view3d.clear_state()
    qtbot.wait(50)
    rgb2 = image_array(view3d.grab_image())
    r, g, b = rgb2[..., 0], rgb2[..., 1], rgb2[..., 2]
    assert ((r > 170) & (g > 110) & (r - g > 45) & (b < 80))[: -legend_h].sum() < 10
    assert ((r > 150) & (g > 40) & (g < 115) & (b < 60))[: -legend_h].sum() < 10


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
    from gradviz.gui.landscape.surface_view import DEFAULT_CAMERA
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
    from gradviz.gui.landscape import Landscape3DView
    view = Landscape3DView()
    qtbot.addWidget(view)
    view.set_state(STATE)
    assert view.ball_position() is None
    view.set_surface(W, B, Z, "w", "b")
    np.testing.assert_allclose(view.ball_position(), view.to_display(*STATE.current), atol=1e-5)


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
