"""The 3D output box's mapping (no OpenGL)."""

from __future__ import annotations

import numpy as np
import pytest

from gradviz.gui.output3d.box import BOX_HEIGHT, OutputBox


def test_a_probability_spans_the_box_and_a_regression_its_labels_with_a_margin():
    box = OutputBox.for_data((-2.0, 2.0, 0.0, 10.0), np.array([0.0, 1.0, 1.0]), classes=True)
    assert (box.z0, box.z1) == (0.0, 1.0)
    np.testing.assert_allclose(box.to_display([-2.0, 2.0, 0.0], [0.0, 10.0, 5.0], [0.0, 1.0, 0.5]),
                               [[-5, -5, 0], [5, 5, BOX_HEIGHT], [0, 0, BOX_HEIGHT / 2]])
    reg = OutputBox.for_data((0.0, 1.0, 0.0, 1.0), np.array([-1.0, 3.0]), classes=False)
    assert (reg.z0, reg.z1) == pytest.approx((-1.6, 3.6))
    # the output beyond the range: cut flat at the floor and the lid (unless asked not to)
    assert reg.to_display(0.5, 0.5, [-9.0, 9.0])[:, 2] == pytest.approx([0.0, BOX_HEIGHT])
    assert reg.to_display(0.5, 0.5, 9.0, clip=False)[2] == pytest.approx(BOX_HEIGHT * 10.6 / 5.2)


def test_grid_runs_from_corner_to_corner_x1_slowest():
    box = OutputBox.for_data((0.0, 4.0, -1.0, 1.0), np.array([0.0, 1.0]), classes=True)
    u, v, pts = box.grid(5)
    np.testing.assert_allclose(u, [0, 1, 2, 3, 4])
    np.testing.assert_allclose(v, [-1, -0.5, 0, 0.5, 1])
    np.testing.assert_allclose(pts[:5], np.column_stack([np.zeros(5), v]))


def test_colour_values_follow_the_2d_map():
    y = np.array([2.0, 4.0])
    reg = OutputBox.for_data((0.0, 1.0, 0.0, 1.0), y, classes=False)
    np.testing.assert_allclose(reg.colour_value([2.0, 3.0, 9.0, np.nan], y), [0.0, 0.5, 1.0, 0.0])
    cls = OutputBox.for_data((0.0, 1.0, 0.0, 1.0), np.array([0.0, 1.0]), classes=True)
    np.testing.assert_allclose(cls.colour_value([0.25, np.nan, 1.5], y), [0.25, 0.5, 1.0])
