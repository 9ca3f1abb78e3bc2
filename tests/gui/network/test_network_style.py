"""Edge widths and number formats of the network diagram."""

from __future__ import annotations

import math

from gradviz.gui.network.style import DASH, MAX_EDGE_WIDTH, MIN_EDGE_WIDTH, edge_width, fmt, fmt_short


def test_edge_width_is_monotone_clamped_and_never_invisible():
    ws = [0.0, 0.01, 0.1, 1.0, 3.0, 10.0]
    widths = [edge_width(w) for w in ws]
    assert widths == sorted(widths) and widths[0] == MIN_EDGE_WIDTH
    assert widths[1] < widths[2] < widths[3] < widths[4] < widths[5]
    assert edge_width(-3.0) == edge_width(3.0)
    assert edge_width(1e6) == MAX_EDGE_WIDTH
    # log-ish: weight 1 is still clearly visible next to a weight of 1000
    assert edge_width(1.0) > MIN_EDGE_WIDTH + 0.2 * (MAX_EDGE_WIDTH - MIN_EDGE_WIDTH)


def test_formats_are_short_and_never_say_minus_zero():
    assert fmt(-0.5123) == "-0.512" and fmt(123456.0) == "1.23e+05" and fmt(-0.0001) == "0.000"
    assert fmt_short(3.14159) == "3.14" and fmt_short(-250.04) == "-250.0" and fmt_short(-0.001) == "0.00"
    assert fmt_short(12345.6) == "12346" and fmt_short(2.5e6) == "2e+06"
    assert fmt(math.nan) == DASH and fmt_short(-math.inf) == DASH
