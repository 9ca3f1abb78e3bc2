"""The held-out points in a saved file (autosave's session.json; a session file can use
the same key): ``"held_out": {"x": [...], "y": [...]}`` (Python's shortest round-trip
floats: they read back exactly), absent or null when no point is held out."""

from __future__ import annotations

import numpy as np

import gradviz.core as gc

KEY = "held_out"


def held_out_json(ds) -> dict | None:
    if ds is None:
        return None
    # x is a list of numbers for one input, of [x1, x2] rows for two (tolist: full precision)
    return {"x": np.asarray(ds.x, dtype=float).tolist(), "y": [float(v) for v in ds.y]}


def held_out_from_json(raw) -> tuple[gc.Dataset | None, str | None]:
    """``(points, problem)``: the held-out points (None when none were saved) and why a
    damaged entry was dropped (None when all is well)."""
    if raw is None:
        return None, None
    try:
        if not isinstance(raw, dict) or not isinstance(raw.get("x"), list) or not isinstance(raw.get("y"), list):
            raise ValueError('expected {"x": [...], "y": [...]}')
        x = np.array(raw["x"], dtype=np.float64)
        y = np.array(raw["y"], dtype=np.float64)
        if max(np.abs(x).max(initial=0.0), np.abs(y).max(initial=0.0)) > gc.MAX_ABS_VALUE:
            raise ValueError(f"a value beyond ±{gc.MAX_ABS_VALUE:g}")
        return gc.Dataset(x, y, name="held out"), None
    except (TypeError, ValueError) as exc:
        return None, f"The saved held-out points could not be read ({exc}); none are held out."
