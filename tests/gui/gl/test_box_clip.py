"""Lines cut at the faces of a 3D view's box."""

from __future__ import annotations

import numpy as np

from gradviz.gui.gl.box_clip import clip_tail

LO, HI = (-5.0, -5.0, 0.0), (5.0, 5.0, 5.0)


def test_a_line_inside_the_box_is_drawn_as_it_is():
    pos = np.array([[0.0, 0.0, 1.0], [1.0, 1.0, 2.0], [4.0, -2.0, 5.0]])
    piece, cut = clip_tail(pos, LO, HI)
    assert not cut and np.array_equal(piece, pos)


def test_the_line_is_cut_where_it_enters_through_the_lid():
    # from z = 9 (above the lid) down to z = 1: the line enters at z = 5, a quarter of the
    # way along (x and y go with it)
    pos = np.array([[0.0, 0.0, 9.0], [4.0, 2.0, 1.0], [3.0, 2.0, 0.5]])
    piece, cut = clip_tail(pos, LO, HI)
    assert cut
    np.testing.assert_allclose(piece, [[2.0, 1.0, 5.0], [4.0, 2.0, 1.0], [3.0, 2.0, 0.5]])


def test_only_the_last_stretch_inside_is_kept_and_a_side_exit_is_cut_too():
    pos = np.array([[0.0, 0.0, 1.0],    # inside
                    [8.0, 0.0, 1.0],    # out through x = 5
                    [8.0, 2.0, 1.0],    # still out
                    [2.0, 2.0, 1.0],    # back in through x = 5 at (5, 2, 1)
                    [1.0, 1.0, 1.0]])
    piece, cut = clip_tail(pos, LO, HI)
    assert cut
    np.testing.assert_allclose(piece, [[5.0, 2.0, 1.0], [2.0, 2.0, 1.0], [1.0, 1.0, 1.0]])


def test_a_line_that_ends_outside_is_cut_at_both_ends_and_one_wholly_outside_is_empty():
    pos = np.array([[0.0, 0.0, 9.0], [0.0, 0.0, 1.0], [0.0, 0.0, -1.0]])
    piece, cut = clip_tail(pos, LO, HI)
    assert cut
    np.testing.assert_allclose(piece, [[0.0, 0.0, 5.0], [0.0, 0.0, 1.0], [0.0, 0.0, 0.0]])
    piece, cut = clip_tail(np.array([[6.0, 0.0, 1.0], [9.0, 0.0, 1.0]]), LO, HI)
    assert cut and piece.shape == (0, 3)
