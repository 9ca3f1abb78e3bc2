"""The immutable :class:`Dataset` of (x, y) points and :class:`DataError`, the error that
says what is wrong with data and where.

Pure numpy and the standard library; no Qt.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

__all__ = ["MAX_ABS_VALUE", "DataError", "Dataset"]

#: The app loads data within +-this (``load_csv(..., max_abs=MAX_ABS_VALUE)``): then squared
#: errors summed over millions of points, gradients and loss surfaces stay finite, and the
#: plots (whose own arithmetic overflows near the largest double, 1.8e308) can draw them.
MAX_ABS_VALUE = 1e100


class DataError(ValueError):
    """Bad data, with where it is: ``file, line N, column C ('name'): what is wrong``.

    Attributes: ``path`` (the file, or None), ``line`` (1-based, as a text editor counts,
    header and blank lines included, or None), ``column`` (1-based cell index in the row,
    or None), ``column_name`` (the header name of that column, or None) and ``what`` (the
    problem alone, without the location).
    """

    def __init__(
        self,
        what: str,
        path: str | os.PathLike | None = None,
        line: int | None = None,
        column: int | None = None,
        column_name: str | None = None,
    ) -> None:
        self.what = what
        self.path = None if path is None else Path(path)
        self.line = line
        self.column = column
        self.column_name = column_name
        super().__init__(self._compose())

    def _compose(self) -> str:
        where = []
        if self.path is not None:
            where.append(self.path.name or str(self.path))
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            col = f"column {self.column}"
            if self.column_name:
                col += f" ({self.column_name!r})"
            where.append(col)
        return f"{', '.join(where)}: {self.what}" if where else self.what

    def __reduce__(self):
        return (type(self), (self.what, self.path, self.line, self.column, self.column_name))



def _as_column(values, label: str, two_ok: bool = False) -> np.ndarray:
    arr = np.asarray(values)
    if arr.dtype.kind not in "biuf":
        raise DataError(f"{label} must hold numbers (got values of type {arr.dtype})")
    if arr.ndim != 1 and not (two_ok and arr.ndim == 2 and arr.shape[1] == 2):
        allowed = "one-dimensional, or of shape (n, 2) for two inputs" if two_ok else "one-dimensional"
        raise DataError(f"{label} must be {allowed} (got shape {arr.shape})")
    out = np.array(arr, dtype=np.float64, copy=True)
    bad = ~np.isfinite(out)
    if bad.any():
        i = np.unravel_index(int(np.argmax(bad)), out.shape)
        at = i[0] if out.ndim == 1 else f"{i[0]}, {i[1]}"
        raise DataError(f"{label}[{at}] is {float(out[i])!r}: every value must be a finite number")
    out.flags.writeable = False
    return out


def _clean_name(value, default: str, label: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{label} must be a string, not {type(value).__name__}")
    if any(ch in value for ch in "\n\r\x00"):
        raise DataError(f"{label} must be one line of text (got {value!r})")
    return value.strip() or default


@dataclass(frozen=True, eq=False, repr=False)
class Dataset:
    """An immutable set of (x, y) points, with one input (``x`` 1-D) or two (``x`` of
    shape (n, 2): the columns x1 and x2; ``n_inputs`` says which).

    ``x`` and ``y`` are read-only float64 copies of what was passed, with one row per
    point, all finite (else :class:`DataError`). An empty data set is legal. ``x_name`` and
    ``y_name`` label the columns (header names when loaded from a CSV; "x"/"y" by
    default; surrounding spaces are stripped, and an empty name becomes the default).
    With two inputs ``x_name`` and ``x2_name`` label x1 and x2 ("x1"/"x2" by default).

    Edits return a NEW data set: :meth:`with_point`, :meth:`without`, :meth:`moved`,
    :meth:`with_points_set`, :meth:`concat`; ``dataclasses.replace(ds, name=...)``
    renames. Equality compares values (x, y and the three names); -0.0 == 0.0.
    """

    x: np.ndarray
    y: np.ndarray
    name: str = ""
    x_name: str = "x"
    y_name: str = "y"
    x2_name: str = "x2"

    def __post_init__(self) -> None:
        x = _as_column(self.x, "x", two_ok=True)
        y = _as_column(self.y, "y")
        if x.shape[0] != y.shape[0]:
            what = "values" if x.ndim == 1 else "rows"
            raise DataError(f"x has {x.shape[0]} {what} but y has {y.size} values: they must have the same length")
        two = x.ndim == 2
        object.__setattr__(self, "x", x)
        object.__setattr__(self, "y", y)
        object.__setattr__(self, "name", _clean_name(self.name, "", "name"))
        x_name = "x1" if two and self.x_name == "x" else self.x_name
        object.__setattr__(self, "x_name", _clean_name(x_name, "x1" if two else "x", "x_name"))
        object.__setattr__(self, "y_name", _clean_name(self.y_name, "y", "y_name"))
        object.__setattr__(self, "x2_name", _clean_name(self.x2_name, "x2", "x2_name"))

    # ---- construction ---------------------------------------------------------------
    @classmethod
    def from_points(cls, points: Iterable[Sequence[float]], name: str = "", x_name: str = "x", y_name: str = "y") -> "Dataset":
        """``Dataset.from_points([(1, 0.85), (2, 1.43)])``: from (x, y) pairs."""
        pts = np.asarray(list(points), dtype=np.float64)
        if pts.size == 0:
            pts = pts.reshape(0, 2)
        if pts.ndim != 2 or pts.shape[1] != 2:
            raise DataError(f"points must be (x, y) pairs (got shape {pts.shape})")
        return cls(pts[:, 0], pts[:, 1], name=name, x_name=x_name, y_name=y_name)

    # ---- basics -----------------------------------------------------------------------
    @property
    def n(self) -> int:
        """Number of points."""
        return int(self.y.size)

    def __len__(self) -> int:
        return int(self.y.size)

    @property
    def n_inputs(self) -> int:
        """1 (``x`` is 1-D) or 2 (``x`` has the columns x1 and x2)."""
        return 1 if self.x.ndim == 1 else 2

    @property
    def x_names(self) -> tuple:
        """The names of the input columns: (x_name,) or (x_name, x2_name)."""
        return (self.x_name,) if self.x.ndim == 1 else (self.x_name, self.x2_name)

    def to_array(self) -> np.ndarray:
        """A fresh, writable (n, 2) array of the points ((n, 3): x1, x2, y for two inputs)."""
        return np.column_stack([self.x, self.y]).reshape(-1, self.n_inputs + 1)

    def __eq__(self, other):
        if not isinstance(other, Dataset):
            return NotImplemented
        return (
            self.name == other.name
            and self.x_name == other.x_name
            and self.y_name == other.y_name
            and self.x2_name == other.x2_name
            and np.array_equal(self.x, other.x)
            and np.array_equal(self.y, other.y)
        )

    def __hash__(self) -> int:
        # + 0.0 turns -0.0 into 0.0, so equal data sets hash equally.
        return hash((self.name, self.x_name, self.y_name, self.x2_name, (self.x + 0.0).tobytes(), (self.y + 0.0).tobytes()))

    def __repr__(self) -> str:
        label = f"{self.name!r}, " if self.name else ""
        if self.x.ndim == 2:
            return (f"Dataset({label}n={self.n}, x_name={self.x_name!r}, x2_name={self.x2_name!r}, "
                    f"y_name={self.y_name!r})")
        return f"Dataset({label}n={self.n}, x_name={self.x_name!r}, y_name={self.y_name!r})"

    def __reduce__(self):
        # Rebuild through the constructor so unpickled/copied arrays are read-only again.
        return (type(self), (self.x, self.y, self.name, self.x_name, self.y_name, self.x2_name))

    # ---- edits (each returns a new Dataset) --------------------------------------------
    def _with(self, x, y) -> "Dataset":
        return Dataset(x, y, name=self.name, x_name=self.x_name, y_name=self.y_name, x2_name=self.x2_name)

    def _point_x(self, x, label="x") -> np.ndarray:
        """One point's input as an array of this data set's row shape (a number, or an
        (x1, x2) pair for two inputs)."""
        a = np.asarray(x, dtype=np.float64)
        if a.shape != self.x.shape[1:]:
            want = "a number" if self.x.ndim == 1 else "an (x1, x2) pair"
            raise DataError(f"{label} must be {want} for this data set with {self.n_inputs} input(s), got {x!r}")
        return a

    def _indices(self, indices) -> np.ndarray:
        idx = np.atleast_1d(np.asarray(indices))
        if idx.size == 0:
            return np.zeros(0, dtype=np.intp)
        if idx.dtype.kind not in "iu" or idx.ndim != 1:
            raise TypeError(f"indices must be integers (got {indices!r})")
        n = self.n
        if np.any((idx < -n) | (idx >= n)):
            bad = int(idx[(idx < -n) | (idx >= n)][0])
            raise IndexError(f"point index {bad} is out of range for {n} points")
        return np.where(idx < 0, idx + n, idx).astype(np.intp)

    def with_point(self, x: float, y: float) -> "Dataset":
        """A copy with the point (x, y) appended at the end (its index is ``self.n``);
        with two inputs ``x`` is the pair (x1, x2)."""
        if self.x.ndim == 1:
            return self._with(np.append(self.x, float(x)), np.append(self.y, float(y)))
        return self._with(np.vstack([self.x, self._point_x(x)]), np.append(self.y, float(y)))

    def without(self, indices) -> "Dataset":
        """A copy without the points at ``indices`` (an int or a sequence of ints;
        negative counts from the end; repeats are harmless; out of range -> IndexError).
        The remaining points keep their order."""
        idx = self._indices(indices)
        return self._with(np.delete(self.x, idx, axis=0), np.delete(self.y, idx))

    def moved(self, indices, dx: float, dy: float) -> "Dataset":
        """A copy with the points at ``indices`` shifted by (dx, dy) (each point once,
        even if its index repeats; with two inputs ``dx`` is a pair)."""
        idx = np.unique(self._indices(indices))
        x = self.x.copy()
        y = self.y.copy()
        x[idx] += dx if self.x.ndim == 1 else self._point_x(dx, "dx")
        y[idx] += dy
        return self._with(x, y)

    def with_points_set(self, indices, xs, ys) -> "Dataset":
        """A copy with the points at ``indices`` placed at (xs, ys) (scalars broadcast;
        this is what dragging a point does)."""
        idx = self._indices(indices)
        x = self.x.copy()
        y = self.y.copy()
        x[idx] = xs
        y[idx] = ys
        return self._with(x, y)

    def concat(self, *others: "Dataset") -> "Dataset":
        """A copy with the points of ``others`` appended (names are kept from self)."""
        for o in others:
            if not isinstance(o, Dataset):
                raise TypeError(f"can only concat Dataset objects, not {type(o).__name__}")
            if o.n_inputs != self.n_inputs:
                raise DataError(f"cannot join data with {o.n_inputs} input(s) to data with {self.n_inputs}")
        return self._with(
            np.concatenate([self.x, *(o.x for o in others)]),
            np.concatenate([self.y, *(o.y for o in others)]),
        )
