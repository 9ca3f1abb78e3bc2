"""Edge widths of the network diagram."""

from __future__ import annotations

from gradviz.gui.network.style import MAX_EDGE_WIDTH, MIN_EDGE_WIDTH, edge_width


def test_edge_width_is_monotone_clamped_and_never_invisible():
    ws = [0.0, 0.01, 0.1, 1.0, 3.0, 10.0]
    widths = [edge_width(w) for w in ws]
    assert widths == sorted(widths) and widths[0] == MIN_EDGE_WIDTH
    assert widths[1] < widths[2] < widths[3] < widths[4] < widths[5]
    assert edge_width(-3.0) == edge_width(3.0)
    assert edge_width(1e6) == MAX_EDGE_WIDTH
    # log-ish: weight 1 is still clearly visible next to a weight of 1000
    assert edge_width(1.0) > MIN_EDGE_WIDTH + 0.2 * (MAX_EDGE_WIDTH - MIN_EDGE_WIDTH)

