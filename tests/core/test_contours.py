"""Contour lines of a surface (``marching_squares``), as both landscape views draw them."""

from __future__ import annotations

import math

import numpy as np

from gradviz.core import marching_squares

from contour_reference import marching_squares_per_level  # tests/core/contour_reference.py


def test_marching_squares_finds_circles_and_skips_missing_cells():
    a = np.linspace(-2, 2, 41)
    R2 = a[:, None] ** 2 + a[None, :] ** 2
    segs, which = marching_squares(R2, [1.0, 2.25])
    assert len(segs) > 40 and set(which) == {0, 1}
    pts = -2 + segs * 0.1                                             # index -> coordinates
    r = np.hypot(pts[..., 0], pts[..., 1])
    np.testing.assert_allclose(r[which == 0], 1.0, atol=0.01)
    np.testing.assert_allclose(r[which == 1], 1.5, atol=0.01)
    assert np.all(np.hypot(*(segs[:, 1] - segs[:, 0]).T) <= math.sqrt(2) + 1e-9)
    holed = R2.copy()
    holed[25:35, 15:25] = np.nan                                      # x in [0.5, 1.4], y in [-0.5, 0.4]
    segs2, _ = marching_squares(holed, [1.0])
    assert np.isfinite(segs2).all()
    mid = segs2.mean(axis=1)
    assert not np.any((mid[:, 0] > 25) & (mid[:, 0] < 34) & (mid[:, 1] > 15) & (mid[:, 1] < 24))
    assert len(segs2) < (which == 0).sum()
    assert marching_squares(np.full((5, 5), np.nan), [1.0])[0].shape == (0, 2, 2)


def test_marching_squares_matches_the_per_level_reference_exactly():
    """The sparse version (only the cells a level crosses) gives the same segments, in the
    same order, as working on the whole grid for each level: smooth, noisy, tied (integer
    values on the levels) and holed grids, odd shapes, non-finite levels."""
    rng = np.random.default_rng(1)
    for trial in range(200):
        na, nb = (int(n) for n in rng.integers(2, 40, 2))
        kind = trial % 3
        if kind == 0:
            Z = rng.normal(size=(na, nb))
        elif kind == 1:
            Z = rng.integers(0, 4, (na, nb)).astype(float)
        else:
            u, v = np.meshgrid(np.linspace(-2, 2, na), np.linspace(-2, 2, nb), indexing="ij")
            Z = np.sin(3 * u) * np.cos(2 * v) + u * v
        if trial % 4 == 0:
            Z[rng.random(Z.shape) < 0.1] = np.nan
        if trial % 7 == 0:
            Z[0, 0] = np.inf
        if kind == 1:
            levels = np.array([0.0, 1.0, 2.0, 2.5, np.nan, np.inf])
        else:
            levels = rng.normal(size=int(rng.integers(0, 12)))
        segs, which = marching_squares(Z, levels)
        ref_segs, ref_which = marching_squares_per_level(Z, levels)
        np.testing.assert_array_equal(which, ref_which)
        np.testing.assert_array_equal(segs, ref_segs)
    saddles = np.array([[1.0, 0.0], [0.0, 1.0]])                     # one cell, both diagonals up
    for centre_up in (0.4, 0.6):
        np.testing.assert_array_equal(marching_squares(saddles, [centre_up])[0],
                                      marching_squares_per_level(saddles, [centre_up])[0])


def test_marching_squares_degenerate_input():
    for Z in (np.zeros((1, 5)), np.zeros(3), np.full((4, 4), np.nan), np.ones((3, 3))):
        segs, which = marching_squares(Z, [0.5, 1.0])
        assert segs.shape == (0, 2, 2) and which.shape == (0,)
