"""Data sets: the immutable :class:`Dataset`, CSV load/save, and the built-in presets.

Pure numpy and the standard library; no Qt.

CSV rules (what :func:`load_csv` accepts)
-----------------------------------------
* UTF-8 text, with or without a byte-order mark; LF, CRLF or CR line ends.
* Delimiter ``,`` ``;`` or tab, sniffed from the first lines (``delimiter=`` forces one).
  When every one of the first lines contains ``;`` the file is read as semicolon
  separated, so a European ``1,5;2,5`` is reported as "not a number" instead of being
  silently split into four columns.
* An optional header: the first non-blank row is a header when *none* of its cells is a
  number. A first row that mixes names and numbers is read as data, and its first
  non-number is reported (a typo in row one must not silently drop a data point).
* Cells may be quoted (``"1.5"``, ``"height, cm"``; ``""`` is an escaped quote) and
  surrounded by spaces. Numbers are plain decimals with an optional exponent
  (``-1.5e-3``); NaN, infinity and values that overflow (``1e400``) are errors.
* Blank lines (empty or only whitespace) are ignored anywhere in the file - before the
  header, between rows, at the end. Line numbers in messages still count them, so they
  match what a text editor shows.
* Every data row must have as many cells as the first row (header or data).
* With more than two columns the first two are used unless ``columns=(i, j)`` picks
  others, by 0-based index or by header name. Only the two chosen columns must hold
  numbers; other columns may hold anything (labels, notes).

Anything else raises :class:`DataError` whose message names the file, the line and the
column of the *first* problem, e.g.
``points.csv, line 7, column 2 ('height'): 'abc' is not a number``.

How it is fast: the file is read once into memory and checked as a whole (UTF-8, NUL
bytes, BOM, line ends, header, delimiter, quotes) with C-speed string operations; then all
numbers are parsed by one ``numpy.loadtxt`` call (on the file itself, which numpy reads in
C chunks, guarded by comparing the file's stat before and after; on the in-memory text when
quotes had to be removed first). Only if that fails (or finds NaN/infinity) does a careful
line-by-line pass run over the text already in memory, whose job is to find and name the
first bad cell. That pass is the reference definition of the format above; the fast path
only ever accepts what it accepts, with identical floats (a test checks this on the corpus
and on random near-CSV text).
"""

from __future__ import annotations

import codecs
import dataclasses
import functools
import io
import math
import os
import re
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

__all__ = ["MAX_ABS_VALUE", "PRESETS", "DataError", "Dataset", "csv_header", "load_csv", "preset", "save_csv"]

#: The app loads data within +-this (``load_csv(..., max_abs=MAX_ABS_VALUE)``): then squared
#: errors summed over millions of points, gradients and loss surfaces stay finite, and the
#: plots (whose own arithmetic overflows near the largest double, 1.8e308) can draw them.
MAX_ABS_VALUE = 1e100


# --------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------
# Dataset
# --------------------------------------------------------------------------------------


def _as_column(values, label: str) -> np.ndarray:
    arr = np.asarray(values)
    if arr.dtype.kind not in "biuf":
        raise DataError(f"{label} must hold numbers (got values of type {arr.dtype})")
    if arr.ndim != 1:
        raise DataError(f"{label} must be one-dimensional (got shape {arr.shape})")
    out = np.array(arr, dtype=np.float64, copy=True)
    bad = ~np.isfinite(out)
    if bad.any():
        i = int(np.argmax(bad))
        raise DataError(f"{label}[{i}] is {float(out[i])!r}: every value must be a finite number")
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
    """An immutable set of (x, y) points.

    ``x`` and ``y`` are read-only float64 1-D copies of what was passed, of equal length,
    all finite (else :class:`DataError`). An empty data set is legal. ``x_name`` and
    ``y_name`` label the columns (header names when loaded from a CSV; "x"/"y" by
    default; surrounding spaces are stripped, and an empty name becomes the default).

    Edits return a NEW data set: :meth:`with_point`, :meth:`without`, :meth:`moved`,
    :meth:`with_points_set`, :meth:`concat`; ``dataclasses.replace(ds, name=...)``
    renames. Equality compares values (x, y and the three names); -0.0 == 0.0.
    """

    x: np.ndarray
    y: np.ndarray
    name: str = ""
    x_name: str = "x"
    y_name: str = "y"

    def __post_init__(self) -> None:
        x = _as_column(self.x, "x")
        y = _as_column(self.y, "y")
        if x.shape != y.shape:
            raise DataError(f"x has {x.size} values but y has {y.size}: they must have the same length")
        object.__setattr__(self, "x", x)
        object.__setattr__(self, "y", y)
        object.__setattr__(self, "name", _clean_name(self.name, "", "name"))
        object.__setattr__(self, "x_name", _clean_name(self.x_name, "x", "x_name"))
        object.__setattr__(self, "y_name", _clean_name(self.y_name, "y", "y_name"))

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
        return int(self.x.size)

    def __len__(self) -> int:
        return int(self.x.size)

    def to_array(self) -> np.ndarray:
        """A fresh, writable (n, 2) array of the points."""
        return np.column_stack([self.x, self.y]).reshape(-1, 2)

    def __eq__(self, other):
        if not isinstance(other, Dataset):
            return NotImplemented
        return (
            self.name == other.name
            and self.x_name == other.x_name
            and self.y_name == other.y_name
            and np.array_equal(self.x, other.x)
            and np.array_equal(self.y, other.y)
        )

    def __hash__(self) -> int:
        # + 0.0 turns -0.0 into 0.0, so equal data sets hash equally.
        return hash((self.name, self.x_name, self.y_name, (self.x + 0.0).tobytes(), (self.y + 0.0).tobytes()))

    def __repr__(self) -> str:
        label = f"{self.name!r}, " if self.name else ""
        return f"Dataset({label}n={self.n}, x_name={self.x_name!r}, y_name={self.y_name!r})"

    def __reduce__(self):
        # Rebuild through the constructor so unpickled/copied arrays are read-only again.
        return (type(self), (self.x, self.y, self.name, self.x_name, self.y_name))

    # ---- edits (each returns a new Dataset) --------------------------------------------
    def _with(self, x, y) -> "Dataset":
        return Dataset(x, y, name=self.name, x_name=self.x_name, y_name=self.y_name)

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
        """A copy with the point (x, y) appended at the end (its index is ``self.n``)."""
        return self._with(np.append(self.x, float(x)), np.append(self.y, float(y)))

    def without(self, indices) -> "Dataset":
        """A copy without the points at ``indices`` (an int or a sequence of ints;
        negative counts from the end; repeats are harmless; out of range -> IndexError).
        The remaining points keep their order."""
        idx = self._indices(indices)
        return self._with(np.delete(self.x, idx), np.delete(self.y, idx))

    def moved(self, indices, dx: float, dy: float) -> "Dataset":
        """A copy with the points at ``indices`` shifted by (dx, dy) (each point once,
        even if its index repeats)."""
        idx = np.unique(self._indices(indices))
        x = self.x.copy()
        y = self.y.copy()
        x[idx] += dx
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
        return self._with(
            np.concatenate([self.x, *(o.x for o in others)]),
            np.concatenate([self.y, *(o.y for o in others)]),
        )


# --------------------------------------------------------------------------------------
# CSV: shared pieces
# --------------------------------------------------------------------------------------

_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NONFINITE = re.compile(r"[+-]?(?:nan|inf|infinity)", re.IGNORECASE)
_DECIMAL_COMMA = re.compile(r"[+-]?[0-9]*,[0-9]+")
_BAD_BYTE = re.compile("[\udc80-\udcff]")
_NON_SPACE = re.compile(r"\S")
_SNIFF_ORDER = (";", "\t", ",")
_HEAD_LINES = 20
_MAX_SHOWN = 40


def _looks_numeric(cell: str) -> bool:
    """A number, NaN/infinity, or a decimal-comma number: a header has none of these."""
    s = cell.strip()
    return bool(_NUMBER.fullmatch(s) or _NONFINITE.fullmatch(s) or _DECIMAL_COMMA.fullmatch(s))


def _shown(s: str) -> str:
    return repr(s if len(s) <= _MAX_SHOWN else s[: _MAX_SHOWN - 3] + "...")


def _check_delimiter(delimiter) -> str | None:
    if delimiter is None:
        return None
    if (
        not isinstance(delimiter, str)
        or len(delimiter) != 1
        or delimiter in '"\n\r .+-_'
        or delimiter.isalnum()
    ):
        raise ValueError(f"delimiter must be one character such as ',' ';' or '\\t' (got {delimiter!r})")
    return delimiter


@functools.lru_cache(maxsize=None)
def _cell_regex(d: str) -> re.Pattern:
    ws = "[ ]" if d == "\t" else "[ \t]"
    D = re.escape(d)
    # A cell: optional spaces, "quoted text" ("" is a quote), optional spaces; or
    # unquoted text without quotes. Either ends at the delimiter or the end of line.
    return re.compile(rf'{ws}*"((?:[^"]|"")*)"{ws}*(?={D}|$)|([^"{D}]*)(?={D}|$)')


@functools.lru_cache(maxsize=None)
def _unquote_regex(d: str) -> re.Pattern:
    # Fast path only: a whole cell that is a simple quoted token (no quote, delimiter or
    # newline inside). Every cell it rewrites is a quoted cell with the same content for
    # _split_cells, so unquoting first never accepts anything the careful pass rejects.
    ws = "[ ]" if d == "\t" else "[ \t]"
    D = re.escape(d)
    return re.compile(rf'(^|{D}){ws}*"([^"\n{D}]*)"{ws}*(?={D}|$)', re.MULTILINE)


class _CellError(Exception):
    def __init__(self, what: str, column: int):
        self.what = what
        self.column = column  # 1-based


def _split_cells(line: str, d: str) -> list[str]:
    """Cells of one line (quotes removed, not stripped). Raises _CellError on a stray quote."""
    if '"' not in line:
        return line.split(d)
    rx = _cell_regex(d)
    cells: list[str] = []
    pos, end = 0, len(line)
    while True:
        m = rx.match(line, pos)
        if m is None:
            raise _CellError('unbalanced or stray quote (") in this cell', len(cells) + 1)
        quoted = m.group(1)
        cells.append(quoted.replace('""', '"') if quoted is not None else m.group(2))
        pos = m.end()
        if pos >= end:
            return cells
        pos += 1  # the delimiter


def _column_of(line: str, index: int, d: str | None) -> int:
    return line.count(d, 0, index) + 1 if d else 1


def _check_chars(line: str, d: str | None) -> None:
    """Raise _CellError for a NUL byte or bytes that were not UTF-8 (surrogate-escaped)."""
    m = _BAD_BYTE.search(line)
    k = line.find("\x00")
    if m is not None and (k < 0 or m.start() < k):
        byte = ord(m.group()) - 0xDC00
        raise _CellError(
            f"not UTF-8 text (byte 0x{byte:02x}); save the file as UTF-8",
            _column_of(line, m.start(), d),
        )
    if k >= 0:
        raise _CellError(
            "contains a NUL byte: this looks like a binary file, not CSV text",
            _column_of(line, k, d),
        )


def _parse_number(cell: str, column: int, hint: str = "", max_abs: float | None = None) -> float:
    s = cell.strip()
    if _NUMBER.fullmatch(s):
        v = float(s)
        if math.isinf(v):
            raise _CellError(f"{_shown(s)} is too large for a 64-bit float (it overflows to infinity)", column)
        if max_abs is not None and abs(v) > max_abs:
            raise _CellError(f"{_shown(s)} is too large (values must lie within ±{max_abs:g})", column)
        return v
    if not s:
        raise _CellError("empty cell (expected a number)", column)
    if _NONFINITE.fullmatch(s):
        raise _CellError(f"{_shown(s)} is not a finite number (NaN and infinity are not allowed)", column)
    if _DECIMAL_COMMA.fullmatch(s):
        raise _CellError(f"{_shown(s)} is not a number (use a dot as the decimal separator)", column)
    raise _CellError(f"{_shown(s)} is not a number{hint}", column)


def _decode(raw: bytes, final: bool = True) -> tuple[str, bool]:
    """Text of the file and whether it is clean (valid UTF-8, no NUL). Bytes that are not
    UTF-8 survive as surrogate escapes so the careful pass can point at them. The BOM is
    dropped and CRLF / CR become LF (one line break each, so line numbers are kept)."""
    if raw.isascii():
        text = raw.decode("ascii")
        clean = True
    else:
        try:
            text = raw.decode("utf-8") if final else codecs.getincrementaldecoder("utf-8")().decode(raw, final=False)
            clean = True
        except UnicodeDecodeError:
            text = codecs.getincrementaldecoder("utf-8")("surrogateescape").decode(raw, final=final)
            clean = False
    if "\x00" in text:
        clean = False
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, clean


def _head_lines(text: str, limit: int = _HEAD_LINES) -> list[tuple[int, int, int]]:
    """(line number, start, end) of the first ``limit`` non-blank lines."""
    out = []
    pos, lineno, n = 0, 0, len(text)
    while len(out) < limit:
        end = text.find("\n", pos)
        if end < 0:
            end = n
        lineno += 1
        if text[pos:end].strip():
            out.append((lineno, pos, end))
        if end >= n:
            break
        pos = end + 1
    return out


def _sniff(lines: list[str]) -> str:
    """The candidate delimiter found (outside quotes) in the most lines; ties go to
    ';' then tab then ','. ',' when none is found."""
    stripped = [re.sub(r'"[^"\n]*"', "", s) for s in lines]
    best, best_count = ",", 0
    for cand in _SNIFF_ORDER:
        count = sum(cand in s for s in stripped)
        if count > best_count:
            best, best_count = cand, count
    return best


@dataclass
class _Layout:
    """What the first lines say about the file."""

    delimiter: str
    n_columns: int
    has_header: bool
    names: list[str]          # header names (stripped), or "column 1", ...
    first_lineno: int          # line number of the first non-blank line
    first_start: int           # offset where that line starts
    first_end: int             # offset where it ends (its "\n" excluded)


def _layout(text: str, path: Path, delimiter: str | None) -> _Layout:
    head = _head_lines(text)
    if not head:
        raise DataError("the file is empty (no data)", path)
    lines = [text[s:e] for _, s, e in head]
    d = delimiter if delimiter is not None else _sniff(lines)
    lineno, start, end = head[0]
    first = lines[0]
    try:
        _check_chars(first, d)
        cells = [c.strip() for c in _split_cells(first, d)]
    except _CellError as e:
        raise DataError(e.what, path, lineno, e.column) from None
    has_header = not any(_looks_numeric(c) for c in cells)
    names = cells if has_header else [f"column {i + 1}" for i in range(len(cells))]
    return _Layout(d, len(cells), has_header, names, lineno, start, end)


def _resolve_columns(columns, lay: _Layout, path: Path) -> tuple[int, int]:
    if columns is None:
        return 0, 1
    try:
        pair = tuple(columns) if not isinstance(columns, (str, bytes)) else ()
    except TypeError:
        pair = ()
    if len(pair) != 2:
        raise TypeError(f"columns must be a pair (x column, y column), got {columns!r}")
    columns = [c.item() if isinstance(c, np.generic) else c for c in pair]
    out = []
    for c in columns:
        if isinstance(c, int) and not isinstance(c, bool):
            c = int(c)
            if not 0 <= c < lay.n_columns:
                raise DataError(
                    f"column index {c} is out of range: the file has {lay.n_columns} columns "
                    f"(indices 0 to {lay.n_columns - 1})",
                    path,
                )
            out.append(c)
        elif isinstance(c, str):
            if not lay.has_header:
                raise DataError(f"the file has no header row, so column {c!r} cannot be found by name; use a 0-based index", path)
            key = c.strip()
            hits = [i for i, nm in enumerate(lay.names) if nm == key]
            if not hits:
                hits = [i for i, nm in enumerate(lay.names) if nm.casefold() == key.casefold()]
            if len(hits) != 1:
                listed = ", ".join(repr(nm) for nm in lay.names)
                problem = "no column" if not hits else "more than one column"
                raise DataError(f"{problem} named {c!r}; the columns are {listed}", path, lay.first_lineno)
            out.append(hits[0])
        else:
            raise TypeError(f"a column is a 0-based index or a header name, not {c!r}")
    return out[0], out[1]


# --------------------------------------------------------------------------------------
# load_csv
# --------------------------------------------------------------------------------------


def _read_error(path: Path, exc: OSError) -> DataError:
    if isinstance(exc, FileNotFoundError):
        where = path.parent if str(path.parent) not in ("", ".") else Path.cwd()
        return DataError(f"no such file (looked in {where})", path)
    if isinstance(exc, IsADirectoryError):
        return DataError("is a folder, not a file", path)
    if isinstance(exc, PermissionError):
        return DataError("permission denied: the file cannot be read", path)
    return DataError(f"cannot read the file: {exc.strerror or exc}", path)


def _read_bytes(path: Path, limit: int | None = None) -> tuple[bytes, bool, os.stat_result | None]:
    """The file's bytes (or its first lines, when ``limit`` is given), whether the end of
    the file was reached, and the file's stat as it was read."""
    if path.is_dir():
        raise DataError("is a folder, not a file", path)
    try:
        with open(path, "rb") as f:
            try:
                st = os.fstat(f.fileno())
            except (OSError, AttributeError, ValueError):
                st = None
            if limit is None:
                return f.read(), True, st
            raw = f.read(limit)
            while raw.count(b"\n") <= _HEAD_LINES and len(raw) < 16 * limit:
                more = f.read(limit)
                if not more:
                    return raw, True, st
                raw += more
            more = f.read(1)
            return raw, not more, st
    except OSError as exc:
        raise _read_error(path, exc) from None


def _same_file(st: os.stat_result | None, path: Path) -> bool:
    if st is None:
        return False
    try:
        now = os.stat(path)
    except OSError:
        return False
    key = ("st_ino", "st_dev", "st_size", "st_mtime_ns")
    return all(getattr(st, k) == getattr(now, k) for k in key)


def _fast_numbers(
    text: str, body_start: int, d: str, n_columns: int, source: tuple[Path, os.stat_result | None] | None = None
) -> np.ndarray | None:
    """All cells of the data rows as an (n, n_columns) array in one vectorised parse, or
    None when anything at all is unusual (the careful pass then decides).

    ``text`` is already known to be valid UTF-8 without NUL bytes. When it has no quotes
    and ``source`` gives the file it came from, ``numpy.loadtxt`` reads that file itself:
    only for a path does numpy use its chunked C reader; any file object (StringIO,
    TextIOWrapper) is iterated line by line, which costs about 40 % more. The file's stat
    is compared before and after, so a file changed in between is never trusted.
    """
    kw = dict(delimiter=d, comments=None, dtype=np.float64, ndmin=2)
    try:
        if text.find('"', body_start) >= 0:
            body = _unquote_regex(d).sub(r"\1\2", text[body_start:])
            if '"' in body:
                return None
            arr = np.loadtxt(io.StringIO(body), **kw)
        elif source is not None and "://" not in str(source[0]):
            path, st = source
            skip = text.count("\n", 0, body_start)
            arr = np.loadtxt(os.fspath(path), skiprows=skip, encoding="utf-8-sig", **kw)
            if not _same_file(st, path):
                return None
        else:
            arr = np.loadtxt(io.StringIO(text[body_start:]), **kw)
    except Exception:  # ValueError for bad cells/ragged rows; warnings-as-errors in tests
        return None
    if arr.ndim != 2 or arr.shape[1] != n_columns:
        return None
    return arr


def _careful(text: str, path: Path, lay: _Layout, ci: int, cj: int, clean: bool,
             max_abs: float | None = None) -> tuple[list[float], list[float]]:
    """The reference parser: every data line in order; raises DataError at the first
    problem. Returns the two chosen columns."""
    d, ncols, names = lay.delimiter, lay.n_columns, lay.names
    header = names if lay.has_header else None
    lines = text.split("\n")
    start = lay.first_lineno if lay.has_header else lay.first_lineno - 1  # 0-based index
    xs: list[float] = []
    ys: list[float] = []
    order = sorted({ci, cj})
    for i in range(start, len(lines)):
        line = lines[i]
        if not line.strip():
            continue
        lineno = i + 1
        hint = ""
        if lineno == lay.first_lineno:
            hint = " (the first row is read as data because some of its cells are numbers; a header row must have no numbers)"
        try:
            if not clean:
                _check_chars(line, d)
            cells = _split_cells(line, d)
            k = len(cells)
            if k != ncols:
                ref = f"the {'header' if header else 'first row'} (line {lay.first_lineno}) has {ncols}"
                if k > ncols:
                    raise _CellError(f"too many cells: this row has {k}, {ref}", ncols + 1)
                raise _CellError(f"missing cell: this row has {k}, {ref}", k + 1)
            vals = {c: _parse_number(cells[c], c + 1, hint, max_abs) for c in order}
        except _CellError as e:
            name = header[e.column - 1] if header and e.column <= len(header) else None
            raise DataError(e.what, path, lineno, e.column, name) from None
        xs.append(vals[ci])
        ys.append(vals[cj])
    return xs, ys


def _parse_text(
    text: str,
    clean: bool,
    path: Path,
    columns=None,
    delimiter: str | None = None,
    allow_empty: bool = False,
    fast: bool = True,
    source: tuple[Path, os.stat_result | None] | None = None,
    max_abs: float | None = None,
) -> Dataset:
    """Parse decoded ``text`` (see _decode). ``fast=False`` skips the vectorised path (for
    tests); ``source`` is the file and its stat, for the vectorised path to reread."""
    lay = _layout(text, path, delimiter)
    if lay.n_columns < 2:
        raise DataError(
            f"only one column found; need two (x and y) separated by ',' ';' or a tab "
            f"(read as {lay.delimiter!r})",
            path,
            lay.first_lineno,
        )
    ci, cj = _resolve_columns(columns, lay, path)
    if lay.has_header:
        x_name, y_name = lay.names[ci], lay.names[cj]
        body_start = lay.first_end + 1
    else:
        x_name, y_name = "x", "y"
        body_start = lay.first_start
    name = path.stem
    if _NON_SPACE.search(text, body_start) is None:  # only possible with a header
        if allow_empty:
            return Dataset(np.zeros(0), np.zeros(0), name=name, x_name=x_name, y_name=y_name)
        raise DataError("there is a header row but no data rows below it", path, lay.first_lineno)
    if fast and clean:
        arr = _fast_numbers(text, body_start, lay.delimiter, lay.n_columns, source)
        if arr is not None:
            x, y = arr[:, ci], arr[:, cj]
            if np.isfinite(x).all() and np.isfinite(y).all() and (
                    max_abs is None or (np.abs(x).max(initial=0.0) <= max_abs and np.abs(y).max(initial=0.0) <= max_abs)):
                return Dataset(x, y, name=name, x_name=x_name, y_name=y_name)
    xs, ys = _careful(text, path, lay, ci, cj, clean, max_abs)
    return Dataset(np.array(xs, dtype=np.float64), np.array(ys, dtype=np.float64), name=name, x_name=x_name, y_name=y_name)


def load_csv(path, columns=None, delimiter: str | None = None, *, allow_empty: bool = False,
             max_abs: float | None = None) -> Dataset:
    """Load a two-column (x, y) data set from a CSV file (rules in the module docstring).

    ``columns=(i, j)`` picks the x and y columns by 0-based index or header name (default:
    the first two). ``delimiter`` forces ``','``, ``';'``, ``'\\t'`` (default: sniffed).
    A file with a header row and no data rows is an error unless ``allow_empty=True``
    (then an empty data set, e.g. to reopen what :func:`save_csv` wrote for one).
    ``max_abs``: a value larger than this in size (in the chosen columns) is an error too,
    e.g. :data:`MAX_ABS_VALUE`, the range the app works in.
    The data set is named after the file's stem; ``x_name``/``y_name`` come from the
    header. Raises :class:`DataError` naming file, line and column on any problem.
    """
    p = Path(path)
    d = _check_delimiter(delimiter)
    raw, _, st = _read_bytes(p)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError("the file is UTF-16 text; save it as UTF-8", p, 1, 1)
    text, clean = _decode(raw)
    return _parse_text(text, clean, p, columns, d, allow_empty, source=(p, st), max_abs=max_abs)


def csv_header(path, delimiter: str | None = None) -> dict:
    """A cheap look at the first lines, for a column chooser::

        {"names": ["height (cm)", "weight (kg)"], "n_columns": 2,
         "has_header": True, "delimiter": ","}

    Without a header the names are ``"column 1"``, ``"column 2"``, ... . The data rows
    are not checked (``load_csv`` does that); unreadable, empty, binary or non-UTF-8
    files raise :class:`DataError`. ``n_columns`` may be 1 (``load_csv`` then refuses).
    """
    p = Path(path)
    d = _check_delimiter(delimiter)
    raw, at_eof, _ = _read_bytes(p, limit=64 * 1024)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError("the file is UTF-16 text; save it as UTF-8", p, 1, 1)
    text, _ = _decode(raw, final=at_eof)
    if not at_eof and "\n" in text:
        text = text[: text.rindex("\n")]  # drop the last, possibly cut, line
    lay = _layout(text, p, d)
    for lineno, s, e in _head_lines(text):
        try:
            _check_chars(text[s:e], lay.delimiter)
        except _CellError as err:
            raise DataError(err.what, p, lineno, err.column) from None
    return {
        "names": list(lay.names),
        "n_columns": lay.n_columns,
        "has_header": lay.has_header,
        "delimiter": lay.delimiter,
    }


# --------------------------------------------------------------------------------------
# save_csv
# --------------------------------------------------------------------------------------


def _header_cell(name: str) -> str:
    if any(ch in name for ch in ',;\t"') or name != name.strip():
        return '"' + name.replace('"', '""') + '"'
    return name


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def save_csv(ds: Dataset, path) -> Path:
    """Write ``ds`` as CSV: a header ``x_name,y_name`` then one ``x,y`` row per point, each
    number in full precision (``repr``), so ``load_csv(save_csv(ds, p))`` gives identical
    floats. UTF-8, LF line ends.

    Atomic: the text goes to a temporary file in the same folder, is flushed and fsynced,
    then ``os.replace``-d over ``path``. If anything fails the previous file is untouched
    and the temporary file is removed. An existing file keeps its permission bits.
    Returns the path written. Raises :class:`DataError` (file system problems, or a column
    name that looks like a number and so would not read back as a header).
    """
    if not isinstance(ds, Dataset):
        raise TypeError(f"save_csv needs a Dataset, not {type(ds).__name__}")
    p = Path(path)
    for nm in (ds.x_name, ds.y_name):
        if _looks_numeric(nm):
            raise DataError(f"column name {nm!r} looks like a number, so the header would be read back as data; rename the column", p)
    rows = [f"{a!r},{b!r}\n" for a, b in zip(ds.x.tolist(), ds.y.tolist())]  # repr: shortest round-trip
    text = f"{_header_cell(ds.x_name)},{_header_cell(ds.y_name)}\n" + "".join(rows)
    data = text.encode("utf-8")

    if p.is_dir():
        raise DataError("is a folder, not a file", p)
    folder = p.parent
    if not folder.is_dir():
        raise DataError(f"the folder {folder} does not exist", p)

    tmp: str | None = None
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        for _ in range(100):
            candidate = os.path.join(folder, f".{p.name}.{secrets.token_hex(6)}.tmp")
            try:
                fd = os.open(candidate, flags, 0o666)  # the umask applies, as for a new file
            except FileExistsError:
                continue
            tmp = candidate
            break
        else:  # pragma: no cover - 100 collisions of 48 random bits
            raise FileExistsError(f"could not create a temporary file in {folder}")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        try:
            os.chmod(tmp, stat.S_IMODE(os.stat(p).st_mode))
        except OSError:
            pass  # no previous file (or not ours to inspect): keep the new file's mode
        os.replace(tmp, p)
        tmp = None
        _fsync_dir(folder)
    except BaseException as exc:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        if isinstance(exc, PermissionError):
            raise DataError("permission denied: cannot write here", p) from exc
        if isinstance(exc, OSError):
            raise DataError(f"cannot write the file: {exc.strerror or exc}", p) from exc
        raise
    return p


# --------------------------------------------------------------------------------------
# Presets
# --------------------------------------------------------------------------------------

#: Preset name -> one-line description, in menu order.
PRESETS: dict[str, str] = {
    "lesson": "Seed 001's eight points: x = 1..8, roughly y = 0.6x + 0.2",
    "seed-002": "Seed 002's set-up: 10,000 integer x in 0..99, y = 2x + 1 exactly",
    "noisy-line": "40 points on y = 0.6x + 2 with Gaussian noise (sd 1)",
    "deer": "Deer: weight (kg) against shoulder height (cm), 30 animals",
    "sine": "60 points of y = 2 sin(x) for x in [-3, 3], slight noise: needs a network",
    "plateau": "Ice-cream sales rise with temperature, then level off (seed 001)",
    "step": "A sharp step from y = 0 to y = 1 at x = 1: one sigmoid neuron fits it",
}

# Seeds of the random presets (numpy.random.default_rng(seed)), fixed so that every run
# and every machine shows the same points.
SEED_002 = 2
SEED_NOISY_LINE = 1
SEED_SINE = 3
SEED_PLATEAU = 4


def _lesson() -> Dataset:
    # Seed 001: data = [(1, 0.85), (2, 1.43), (3, 1.92), (4, 2.59), (5, 3.20), (6, 3.82), (7, 4.38), (8, 4.97)]
    x = np.arange(1.0, 9.0)
    y = np.array([0.85, 1.43, 1.92, 2.59, 3.20, 3.82, 4.38, 4.97])
    return Dataset(x, y, name="lesson")


def _seed_002() -> Dataset:
    # Seed 002 draws x = random.randrange(0, 100) 10,000 times and sets y = 2x + 1.
    rng = np.random.default_rng(SEED_002)
    x = rng.integers(0, 100, size=10_000).astype(np.float64)
    return Dataset(x, 2.0 * x + 1.0, name="seed-002")


def _noisy_line() -> Dataset:
    rng = np.random.default_rng(SEED_NOISY_LINE)
    x = np.sort(rng.uniform(-8.0, 8.0, size=40))
    y = 0.6 * x + 2.0 + rng.normal(0.0, 1.0, size=40)
    return Dataset(x, y, name="noisy-line")


def _deer() -> Dataset:
    from gradviz.paths import resource_path

    ds = load_csv(resource_path("datasets", "deer.csv"))
    return dataclasses.replace(ds, name="deer")


def _sine() -> Dataset:
    rng = np.random.default_rng(SEED_SINE)
    x = np.linspace(-3.0, 3.0, 60)
    y = 2.0 * np.sin(x) + rng.normal(0.0, 0.1, size=60)
    return Dataset(x, y, name="sine")


def _plateau() -> Dataset:
    rng = np.random.default_rng(SEED_PLATEAU)
    x = np.linspace(0.0, 10.0, 41)  # temperature, in units of 3 degC
    y = 4.0 / (1.0 + np.exp(-1.2 * (x - 4.0))) + rng.normal(0.0, 0.1, size=41)
    return Dataset(x, y, name="plateau", x_name="temperature", y_name="sales")


def _step() -> Dataset:
    x = np.linspace(-5.0, 5.0, 40)
    y = (x > 1.0).astype(np.float64)
    return Dataset(x, y, name="step")


_BUILDERS = {
    "lesson": _lesson,
    "seed-002": _seed_002,
    "noisy-line": _noisy_line,
    "deer": _deer,
    "sine": _sine,
    "plateau": _plateau,
    "step": _step,
}


@functools.lru_cache(maxsize=None)
def _build(name: str) -> Dataset:
    return _BUILDERS[name]()


def preset(name: str) -> Dataset:
    """The built-in data set ``name`` (see :data:`PRESETS`). Deterministic; data sets are
    immutable, so the same object may be returned each time. Unknown -> ValueError."""
    if name not in _BUILDERS:
        raise ValueError(f"unknown preset {name!r}; choose one of: {', '.join(PRESETS)}")
    return _build(name)
