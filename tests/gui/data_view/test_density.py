"""The density image: counts per cell against numpy's histogram2d, on a log scale."""

from __future__ import annotations

import numpy as np

from gradviz.gui.data_view.density import density_image, density_lut


def test_counts_match_histogram2d_and_the_scale_is_logarithmic():
    rng = np.random.default_rng(1)
    x = rng.normal(size=5000)
    y = rng.normal(size=5000)
    x[:3] = [10.0, 10.0, -10.0]  # outside the ranges: not counted
    img, counted = density_image(x, y, (-3.0, 3.0), (-2.0, 2.0), 12, 8)
    ref, _, _ = np.histogram2d(x, y, bins=(12, 8), range=((-3.0, 3.0), (-2.0, 2.0)))
    ref = ref.T  # rows are y cells
    assert counted == int(ref.sum())
    assert img.shape == (8, 12) and img.dtype == np.uint8
    assert np.array_equal(img == 0, ref == 0)  # empty cells, and only they, are 0
    top = ref.max()
    expected = np.where(ref > 0, 1.0 + np.log(np.maximum(ref, 1)) * 254.0 / np.log1p(top), 0)
    np.testing.assert_array_equal(img, expected.clip(0, 255).astype(np.uint8))


def test_a_lone_point_shows_and_the_far_edge_belongs_to_the_last_cell():
    img, counted = density_image(np.array([1.0]), np.array([1.0]), (0.0, 1.0), (0.0, 1.0), 4, 4)
    assert counted == 1 and img[3, 3] == 1 and img.sum() == 1


def test_the_colour_table_is_clear_for_empty_cells_and_never_too_faint():
    lut = density_lut()
    assert lut.shape == (256, 4) and lut[0, 3] == 0
    assert lut[1:, 3].min() >= 110 and np.all(np.diff(lut[1:, 3].astype(int)) >= 0)
