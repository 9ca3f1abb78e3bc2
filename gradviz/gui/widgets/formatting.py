"""Numbers as text, one way for the whole GUI: values in formulas, exact entries, axis
ticks, diagram labels and counts. Every function returns a dash for a non-finite value
and never "-0"."""

from __future__ import annotations

import math

import numpy as np

DASH = "\u2014"
MINUS = "\u2212"


def _finite(v) -> bool:
    try:
        return v is not None and math.isfinite(v)
    except TypeError:
        return False


def _no_negative_zero(s: str) -> str:
    if s.startswith("-"):
        try:
            if float(s) == 0.0:
                return s[1:]
        except ValueError:
            pass
    return s


def _exponent(s: str) -> str:
    """'1e-05' -> '1e-5', '1.5e+07' -> '1.5e7': shorter, the same number."""
    if "e" not in s:
        return s
    mant, exp = s.split("e")
    return f"{mant}e{int(exp)}"


def num(v, digits: int = 5) -> str:
    """A value in a formula: ``digits`` significant digits, a typographic minus."""
    if not _finite(v):
        return DASH
    if v == 0:
        return "0"
    return _exponent(f"{v:.{digits}g}").replace("-", MINUS)


def term(v, digits: int = 5) -> str:
    """' + 0.13' / ' − 0.13': a value added to a formula."""
    if _finite(v) and v < 0:
        return f" {MINUS} {num(-v, digits)}"
    return f" + {num(v, digits)}"


def signed(v, digits: int = 3) -> str:
    """'+0.13' / '-0.13': a change, with its sign always shown."""
    if not _finite(v):
        return DASH
    return _no_negative_zero(_exponent(f"{v:+.{digits}g}")) if v != 0 else "+0"


def exact(v) -> str:
    """The shortest text that reads back as exactly ``v`` (an entry box's value):
    0.00316, 0.0012346, 1e-8, 2.5."""
    if not _finite(v):
        return DASH
    v = float(v)
    if v == 0:
        return "0"
    if 1e-5 <= abs(v) < 1e9:  # written out: easier to read than an exponent
        s = np.format_float_positional(v, unique=True, trim="-")
    else:
        s = _exponent(np.format_float_scientific(v, unique=True, trim="-"))
    return _no_negative_zero(s)


def fixed(v, decimals: int = 3) -> str:
    """A value with a fixed number of decimals ('-0.512'); 3 significant digits from
    100,000 on ('1.23e5')."""
    if not _finite(v):
        return DASH
    if abs(v) >= 1e5:
        return _exponent(f"{v:.3g}")
    return _no_negative_zero(f"{v:.{decimals}f}")


def short(v) -> str:
    """A label of at most ~6 characters: '-0.51', '123.4', '4567', '1e6'."""
    if not _finite(v):
        return DASH
    a = abs(v)
    if a < 100:
        s = f"{v:.2f}"
    elif a < 1000:
        s = f"{v:.1f}"
    elif a < 1e5:
        s = f"{v:.0f}"
    else:
        s = _exponent(f"{v:.0e}")
    return _no_negative_zero(s)


def tick(value, step: float | None = None) -> str:
    """An axis tick: as many decimals as the tick spacing ``step`` needs (up to 4), else
    3 significant digits. Ticks show the real value, never a scaled one."""
    if not _finite(value):
        return DASH
    if step is not None and _finite(step) and step > 0:
        decimals = max(0, -int(math.floor(math.log10(step) + 1e-9)))
        if decimals <= 4 and abs(value) < 1e6:
            return _no_negative_zero(f"{value:.{decimals}f}")
    if value == 0:
        return "0"
    return _no_negative_zero(_exponent(f"{value:.3g}"))


def point(x, y) -> str:
    """'(1.5, -2)': a data point."""
    return f"({_exponent(f'{x:.4g}')}, {_exponent(f'{y:.4g}')})"


def plural(n: int, word: str = "point", words: str | None = None) -> str:
    """'1 point', '2 points', '1,000 points'."""
    return f"{n:,} {word if n == 1 else (words or word + 's')}"
