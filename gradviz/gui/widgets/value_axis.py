"""A pyqtgraph axis whose ticks always read as the real values, on a linear or a log scale."""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtGui import QFont, QFontMetricsF

from gradviz.gui.widgets.formatting import tick

MIN_GAP_LINES = 1.6  # labels at least this many text lines apart: they never overlap
MAX_TICKS = 8


def _nice_steps(span: float):
    """Round steps (1, 2, 5 x 10^k) from about span/2 down to about span/50."""
    k = math.floor(math.log10(span)) + 1
    for e in range(k, k - 4, -1):
        for m in (5.0, 2.0, 1.0):
            yield m * 10.0 ** e


def log_ticks(lo: float, hi: float, length_px: float, min_gap_px: float) -> list[float]:
    """Real values to label on a log axis showing log10 values lo..hi over length_px pixels:
    as many round values as fit with at least min_gap_px between neighbours, preferring
    powers of ten, then 1-2-5 multiples, then evenly spaced round values (a range of less
    than a decade)."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo or length_px <= 0:
        return []
    px = length_px / (hi - lo)

    def fits(vals):
        logs = [math.log10(v) for v in vals]
        return all((b - a) * px >= min_gap_px for a, b in zip(logs, logs[1:]))

    candidates = []
    k0, k1 = math.ceil(lo - 1e-12), math.floor(hi + 1e-12)
    decades = [10.0 ** k for k in range(k0, k1 + 1)]
    for every in (1, 2, 3, 5, 10, 20, 50, 100):
        sub = decades[::every]
        if fits(sub) and len(sub) <= MAX_TICKS:
            candidates.append(sub)
            break
    multiples = sorted(m * 10.0 ** k for k in range(k0 - 1, k1 + 1) for m in (1.0, 2.0, 5.0)
                       if lo <= math.log10(m * 10.0 ** k) <= hi)
    if fits(multiples) and len(multiples) <= MAX_TICKS:
        candidates.append(multiples)
    a, b = 10.0 ** lo, 10.0 ** hi
    for step in _nice_steps(b - a):
        vals = [float(f"{i * step:.12g}") for i in range(math.ceil(a / step - 1e-9), math.floor(b / step + 1e-9) + 1)]
        vals = [v for v in vals if v > 0]
        if len(vals) > MAX_TICKS or not fits(vals):
            break
        candidates.append(vals)
    best = max(candidates, key=len, default=[])
    if not best:  # not even two fit: label the middle
        best = [float(f"{10.0 ** ((lo + hi) / 2):.2g}")]
    return best


class ValueAxis(pg.AxisItem):
    """Ticks labelled with the real value (no SI prefix, no "x0.001" scale in the title).
    In log mode the plotted values are log10 of the real ones (the owner transforms its
    data), and the ticks are round real values spaced so their labels never overlap."""

    def __init__(self, orientation: str = "left", **kw) -> None:
        super().__init__(orientation, **kw)
        self.enableAutoSIPrefix(False)
        self._log = False

    def set_log(self, on: bool) -> None:
        self._log = bool(on)
        self.picture = None  # re-tick
        self.update()

    def is_log(self) -> bool:
        return self._log

    def tickValues(self, minVal, maxVal, size):
        if not self._log:
            return super().tickValues(minVal, maxVal, size)
        gap = MIN_GAP_LINES * QFontMetricsF(self.style.get("tickFont") or QFont()).height()
        vals = log_ticks(min(minVal, maxVal), max(minVal, maxVal), size, gap)
        logs = [math.log10(v) for v in vals]
        spacing = (logs[-1] - logs[0]) / max(1, len(logs) - 1) if logs else 1.0
        return [(spacing, logs)]

    def tickStrings(self, values, scale, spacing):
        if not self._log:
            return [tick(v * scale, spacing * scale) for v in values]
        reals = [10.0 ** v for v in values]
        if len(reals) > 1:
            step = min(b - a for a, b in zip(reals, reals[1:]))
            uniform = max(b - a for a, b in zip(reals, reals[1:])) <= step * (1 + 1e-6)
            if uniform:  # evenly spaced round values: decimals from the spacing
                return [tick(r, step) for r in reals]
        return [tick(float(f"{r:.3g}")) for r in reals]
