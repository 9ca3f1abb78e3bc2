"""A companion's line drops the points that fall in the same screen cell as the point before
them: the first and last point stay, and every dropped point lies in the cell of a kept one."""

from __future__ import annotations

import numpy as np

from gradviz.gui.runs.thinning import thin


def test_points_piled_up_in_one_cell_are_drawn_once():
    # a run that walks out in big steps, then creeps within one cell of its minimum
    walk = np.column_stack([np.arange(5.0), np.zeros(5)])
    creep = np.array([4.0, 0.0]) + 0.01 * np.column_stack([np.linspace(0, 0.5, 200), np.linspace(0, 0.3, 200)])
    p = np.vstack([walk, creep])
    keep = thin(p, 0.5)
    assert keep[0] == 0 and keep[-1] == len(p) - 1
    assert keep.tolist() == [0, 1, 2, 3, 4, len(p) - 1]


def test_every_dropped_point_is_in_the_cell_of_the_kept_point_before_it():
    rng = np.random.default_rng(3)
    p = np.cumsum(rng.normal(scale=0.05, size=(3000, 2)), axis=0)
    cell = np.array([0.2, 0.1])
    keep = thin(p, cell)
    assert len(keep) < 0.7 * len(p)
    cells = np.floor(p / cell)
    last_kept = np.maximum.accumulate(np.where(np.isin(np.arange(len(p)), keep), np.arange(len(p)), 0))
    assert np.array_equal(cells, cells[last_kept])
    # zig-zags between two cells keep every point
    zig = np.column_stack([np.arange(10.0) % 2, np.zeros(10)])
    assert thin(zig, 0.5).tolist() == list(range(10))


def test_no_cell_keeps_everything():
    p = np.arange(12.0).reshape(6, 2)
    for cell in (None, 0.0, -1.0, np.inf, np.nan):
        assert thin(p, np.nan if cell is None else cell).tolist() == list(range(6))
    assert thin(p[:2], 10.0).tolist() == [0, 1]
    assert thin(p[:0], 1.0).tolist() == []
