"""The zoom levels (pure data, no Qt: the command line checks ``--zoom`` before Qt starts)."""

from __future__ import annotations

LEVELS = (75, 90, 100, 110, 125, 150, 175, 200, 250, 300)  # percent: Zoom in / out steps
MIN_PERCENT, MAX_PERCENT = LEVELS[0], LEVELS[-1]
ALLOWED = f"a whole number of percent from {MIN_PERCENT} to {MAX_PERCENT}"


def check_percent(percent) -> int:
    """``percent`` as a whole zoom percent, else ValueError saying what is allowed."""
    text = str(percent).strip().removesuffix("%")
    try:
        value = int(text)
    except ValueError:
        raise ValueError(f"'{percent}' is not a whole number; allowed: {ALLOWED}") from None
    if not MIN_PERCENT <= value <= MAX_PERCENT:
        raise ValueError(f"'{percent}' is out of range; allowed: {ALLOWED}")
    return value
