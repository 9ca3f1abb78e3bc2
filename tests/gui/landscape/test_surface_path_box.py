"""The 3D path stays inside the landscape's box: a network's surface is a slice through the
current point, and its earlier steps (other values of the other weights) had losses above
the slice's highest; they are cut at the box's faces and the cut is labelled."""

from __future__ import annotations

import numpy as np
import pytest

from landscape_bowl import STATE, Z, make_view3d, with_
from windows import make_window, settled_frame

import gradviz.core as gc
from gradviz.gui.state.settings import Settings

LIFT = 0.04  # the path is drawn this far above what it marks


def _inside_box(pos) -> bool:
    return bool((np.abs(pos[:, :2]) <= 5 + 1e-6).all() and (pos[:, 2] >= -1e-6).all()
                and (pos[:, 2] <= 5 + LIFT + 1e-6).all())


@pytest.mark.gl
def test_path_above_the_slice_is_cut_at_the_lid_and_labelled(qtbot):
    view3d = make_view3d(qtbot)
    path = STATE.path.copy()
    path[:5, 2] = 10 * Z.max()     # the first steps: far above the highest loss drawn
    path[0, 0] = 50.0              # and the very first outside the window
    view3d.set_state(with_(STATE, path=path))
    pos = view3d.path.pos
    assert _inside_box(pos)
    # the line reaches the lid, then runs on through the steps inside, to the current point
    assert pos[0, 2] == pytest.approx(5 + LIFT)
    np.testing.assert_allclose(pos[-1], view3d.to_display(*path[-1]) + (0, 0, LIFT), atol=1e-6)
    np.testing.assert_allclose(pos[1:], view3d.to_display(*path[5:].T) + (0, 0, LIFT), atol=1e-6)
    assert view3d.path_cut_at() == pytest.approx(tuple(pos[0]))
    assert "outside the box" in view3d.path_cut_label.text
    view3d.set_state(STATE)       # a path inside the box: drawn whole, no label
    assert len(view3d.path.pos) == len(STATE.path) and view3d.path_cut_at() is None


@pytest.mark.gl
def test_a_trained_networks_path_stays_in_the_box(qtbot):
    settings = Settings(model="network", hidden=4, loss="l2", optimizer="gd", lr=0.001)
    win = make_window(qtbot, dataset=gc.preset("sine"), settings=settings)
    try:
        win.session.step_once(600)
        frame = settled_frame(qtbot, win.session)
        assert frame.snapshot.step == 600
        win.landscape.on_frame(frame)  # the slice through the last step, drawn now
        view3d = win.view3d
        assert view3d.path.visible()
        assert _inside_box(view3d.path.pos)
        assert view3d.path_cut_at() is not None  # the first steps' losses were far higher
    finally:
        win.close()
