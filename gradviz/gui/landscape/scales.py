"""The landscape views' scales: the log colour scale, round tick values and the gradient
arrow's length.

Colours and contours use a log scale, ``log10(Z - Zmin + eps)`` with ``eps`` a thousandth of
the surface's range: a loss surface spans decades, and on a linear scale everything but the
rim would be one colour.
"""

from __future__ import annotations

import math

import numpy as np

LOG_DECADES = 3.0     # colour / log-height range: eps = range * 10**-3
N_CONTOURS = 10
ARROW_HIDE_RATIO = 1e-6   # |g| / grad_ref below this: the arrow is hidden (converged)


def arrow_fraction(g_norm: float, grad_ref: float) -> float | None:
    """Arrow length as a fraction of the view/box size, or None for "no arrow".

    Monotone in |g| but log-compressed and clamped so it is always visible:
    ``0.06 + 0.24 * clip((log10(|g|/grad_ref) + 3) / 3, 0, 1)``. Hidden when |g| is not
    finite or ~0 (below ``ARROW_HIDE_RATIO * grad_ref``)."""
    if not math.isfinite(g_norm) or g_norm <= 0.0:
        return None
    ref = grad_ref if (math.isfinite(grad_ref) and grad_ref > 0.0) else g_norm
    ratio = g_norm / ref
    if ratio < ARROW_HIDE_RATIO:
        return None
    t = (math.log10(ratio) + 3.0) / 3.0
    return 0.06 + 0.24 * min(max(t, 0.0), 1.0)


class LogScale:
    """The surface's colour scale: c = log10(Z - zmin + eps), eps = range / 10**LOG_DECADES."""

    def __init__(self, Z: np.ndarray) -> None:
        finite = np.isfinite(Z)
        self.ok = bool(finite.any())
        if self.ok:
            self.zmin = float(Z[finite].min())
            self.zmax = float(Z[finite].max())
        else:
            self.zmin, self.zmax = 0.0, 1.0
        span = self.zmax - self.zmin
        self.span = span if span > 0 else 1.0
        self.eps = self.span * 10.0 ** -LOG_DECADES
        self.lo = math.log10(self.eps)
        self.hi = math.log10(self.span + self.eps) if span > 0 else self.lo + 1.0
        self.flat = not span > 0

    def colour_value(self, Z: np.ndarray) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            return np.log10(np.maximum(Z - self.zmin, 0.0) + self.eps)

    def loss_at(self, c: np.ndarray | float):
        return self.zmin + 10.0 ** np.asarray(c) - self.eps

    def contour_levels(self, n: int = N_CONTOURS) -> np.ndarray:
        """n loss values evenly spaced in the colour (log) scale, strictly inside the range."""
        if not self.ok or self.flat:
            return np.empty(0)
        c = self.lo + (self.hi - self.lo) * np.arange(1, n + 1) / (n + 1)
        return self.loss_at(c)


def _nice_step(span: float, n: int) -> float:
    raw = span / max(n, 1)
    mag = 10.0 ** math.floor(math.log10(raw))
    for m in (1.0, 2.0, 2.5, 5.0, 10.0):
        if m * mag >= raw:
            return m * mag
    return 10.0 * mag


def nice_ticks(lo: float, hi: float, n: int = 5) -> np.ndarray:
    """Round tick values inside [lo, hi], about n of them."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return np.array([lo]) if math.isfinite(lo) else np.empty(0)
    step = _nice_step(hi - lo, n)
    first = math.ceil(lo / step - 1e-9) * step
    ticks = np.arange(first, hi + step * 1e-9, step)
    ticks[np.abs(ticks) < step * 1e-9] = 0.0
    return ticks


def log_loss_ticks(scale: LogScale, to_pos, min_gap: float) -> list[tuple[float, float]]:
    """(position, loss) ticks for a log axis: the minimum, then round numbers 1-2-5 x 10^k,
    each at least min_gap (in position units) from the previous one."""
    cands = [scale.zmin]
    if scale.span > 0:
        k0 = math.floor(math.log10(max(scale.eps, 1e-300)))
        k1 = math.ceil(math.log10(max(abs(scale.zmax), 1e-300))) + 1
        for k in range(k0, k1 + 1):
            for m in (1.0, 2.0, 5.0):
                val = m * 10.0 ** k
                if scale.zmin < val <= scale.zmax:
                    cands.append(val)
    out: list[tuple[float, float]] = []
    for val in sorted(cands):
        pos = float(to_pos(val))
        if not math.isfinite(pos):
            continue
        if not out or pos - out[-1][0] >= min_gap:
            out.append((pos, val))
    return out
