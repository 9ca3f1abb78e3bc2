"""The data of a ``.gradviz`` session file, and the checks every section uses: the points
(``x`` a list of numbers for one input, of [x1, x2] rows for two) written at full precision
and read back, each value checked with its place (``data.x[3]: must be two finite numbers
[x1, x2], ...``). No Qt here.
"""

from __future__ import annotations

import json
import math

import numpy as np

import gradviz.core as gc
from gradviz.gui.files.settings_json import describe
from gradviz.gui.held_out.saved import KEY as HELD_OUT_KEY

__all__ = ["SessionFileError", "INPUTS", "is_int", "is_number", "numbers", "points_json", "read_dataset",
           "read_held_out"]


class SessionFileError(ValueError):
    """A session file that cannot be opened: ``where`` (a place in the file, as
    ``runs[0].lr``, or "" for the whole file) and ``what`` is wrong."""

    def __init__(self, where: str, what: str) -> None:
        self.where, self.what = where, what
        super().__init__(f"{where}: {what}" if where else what)


def is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def is_number(v) -> bool:
    """A finite JSON number (not true or false)."""
    try:
        return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
    except OverflowError:  # a whole number beyond any float
        return False


def numbers(v, where: str, n: int | None = None, kind: str = "f") -> np.ndarray:
    """A list of finite numbers (whole numbers for ``kind`` "i") as an array."""
    if not isinstance(v, list):
        raise SessionFileError(where, f"must be a list of numbers, got {describe(v)}")
    if n is not None and len(v) != n:
        raise SessionFileError(where, f"must have {n} values, got {len(v)}")
    for k, x in enumerate(v):
        ok = is_int(x) if kind == "i" else is_number(x)
        if not ok:
            what = "a whole number" if kind == "i" else "a finite number"
            raise SessionFileError(f"{where}[{k}]", f"must be {what}, got {describe(x)}")
    try:
        return np.array(v, dtype=np.int64 if kind == "i" else np.float64)
    except OverflowError:
        raise SessionFileError(where, "holds a whole number too large") from None


def points_json(ds: gc.Dataset) -> dict:
    """A data set's points: ``x`` a list of numbers (one input) or of [x1, x2] rows; Python
    floats, whose repr json writes and which read back exactly."""
    return {"x": ds.x.tolist(), "y": ds.y.tolist()}


INPUTS = {1: "one input x", 2: "two inputs [x1, x2]"}


def _row_text(v) -> str:
    """A row of ``data.x`` as a message shows it: [1, "a"] (shortened when long)."""
    try:
        text = json.dumps(v, allow_nan=True)
    except (TypeError, ValueError):
        return describe(v)
    return text if len(text) <= 40 else text[:37] + "..."


def _inputs(v, where: str) -> np.ndarray:
    """``x`` of a data set: a list of finite numbers (one input), or of [x1, x2] rows of two
    finite numbers each (two inputs), the first row deciding which."""
    two = isinstance(v, list) and bool(v) and isinstance(v[0], list)
    for k, row in enumerate(v if isinstance(v, list) else ()):
        if two and not (isinstance(row, list) and len(row) == 2 and all(is_number(c) for c in row)):
            raise SessionFileError(f"{where}[{k}]", f"must be two finite numbers [x1, x2], as every row when "
                                                    f"{where}[0] is a pair, got {_row_text(row)}")
        if not two and isinstance(row, list):
            raise SessionFileError(f"{where}[{k}]", f"must be a finite number, as every row when {where}[0] is "
                                                    f"one, got {_row_text(row)}")
    return np.array(v, dtype=np.float64).reshape(-1, 2) if two else numbers(v, where)


def _points(raw: dict, where: str, n_inputs: int | None = None, why: str = "") -> tuple[np.ndarray, np.ndarray]:
    """The checked ``x`` and ``y`` of ``raw`` (at ``where``); ``n_inputs``: the number of
    inputs ``x`` must have (None: either), for the reason ``why``."""
    x = _inputs(raw.get("x"), f"{where}.x")
    if n_inputs == 2 and x.size == 0:
        x = x.reshape(0, 2)
    inputs = 1 if x.ndim == 1 else 2
    if n_inputs is not None and inputs != n_inputs:
        raise SessionFileError(f"{where}.x", f"must hold {INPUTS[n_inputs]} ({why}), got {INPUTS[inputs]}")
    y = numbers(raw.get("y"), f"{where}.y")
    if len(x) != len(y):
        raise SessionFileError(f"{where}.y", f"has {len(y)} value{'s' * (len(y) != 1)} but {where}.x has {len(x)}: "
                                             "they must have the same length")
    for name, a in (("x", x), ("y", y)):
        big = np.argwhere(np.abs(a) > gc.MAX_ABS_VALUE)
        if big.size:
            at = tuple(int(i) for i in big[0])
            raise SessionFileError(f"{where}.{name}" + "".join(f"[{i}]" for i in at),
                                   f"must be within ±{gc.MAX_ABS_VALUE:g}, got {float(a[at])!r}")
    return x, y


def read_dataset(raw: dict) -> gc.Dataset:
    inputs = raw.get("inputs")
    if inputs is not None and inputs not in (1, 2) or isinstance(inputs, bool):
        raise SessionFileError("data.inputs", f"must be 1 or 2, got {describe(inputs)}")
    x, y = _points(raw, "data", inputs, f"data.inputs is {inputs}")
    names = {}
    for key, default in (("name", ""), ("x_name", "x"), ("y_name", "y"), ("x2_name", "x2")):
        v = raw.get(key, default)
        if not isinstance(v, str):
            raise SessionFileError(f"data.{key}", f"must be a string, got {describe(v)}")
        names[key] = v
    try:
        return gc.Dataset(x, y, **names)
    except gc.DataError as exc:
        raise SessionFileError("data", exc.what) from None


def read_held_out(raw, n_inputs: int) -> gc.Dataset | None:
    """The held-out points of ``data.held_out`` (absent or null: none), of the data's
    number of inputs."""
    if raw is None:
        return None
    where = f"data.{HELD_OUT_KEY}"
    if not isinstance(raw, dict):
        raise SessionFileError(where, f'must be an object {{"x": [...], "y": [...]}} or null, got {describe(raw)}')
    x, y = _points(raw, where, n_inputs, "as data.x does")
    name = raw.get("name", "held out")
    if not isinstance(name, str):
        raise SessionFileError(f"{where}.name", f"must be a string, got {describe(name)}")
    try:
        return gc.Dataset(x, y, name=name)
    except gc.DataError as exc:
        raise SessionFileError(where, exc.what) from None
