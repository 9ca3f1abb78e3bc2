"""Reading and writing CSV files: :func:`load_csv`, :func:`csv_header`, :func:`csv_preview`
and :func:`save_csv`. The format itself (what a cell, a number, a header is) is described
and implemented in ``csv_format``.

How it is fast: the file is read once into memory and checked as a whole (UTF-8, NUL
bytes, BOM, line ends, header, delimiter, quotes) with C-speed string operations; then all
numbers are parsed by one ``numpy.loadtxt`` call (on the file itself, which numpy reads in
C chunks, guarded by comparing the file's stat before and after; on the in-memory text when
quotes had to be removed first). Only if that fails (or finds NaN/infinity) does a careful
line-by-line pass run over the text already in memory, whose job is to find and name the
first bad cell. That pass is the reference definition of the format; the fast path only
ever accepts what it accepts, with identical floats (a test checks this on the corpus
and on random near-CSV text).
"""

from __future__ import annotations

import functools
import io
import os
import re
from pathlib import Path

import numpy as np

from .atomic import atomic_write_bytes
from .csv_format import (
    HEAD_LINES, CellError, Layout, check_chars, check_delimiter, decode, head_lines, layout, looks_numeric,
    parse_number, resolve_columns, split_cells,
)
from .dataset import DataError, Dataset

__all__ = ["load_csv", "csv_header", "csv_preview", "save_csv"]

_NON_SPACE = re.compile(r"\S")
_PEEK_BYTES = 64 * 1024  # csv_header and csv_preview read at least this much of a file


def _read_error(path: Path, exc: OSError) -> DataError:
    if isinstance(exc, FileNotFoundError):
        where = path.parent if str(path.parent) not in ("", ".") else Path.cwd()
        return DataError(f"no such file (looked in {where})", path)
    if isinstance(exc, IsADirectoryError):
        return DataError("is a folder, not a file", path)
    if isinstance(exc, PermissionError):
        return DataError("permission denied: the file cannot be read", path)
    return DataError(f"cannot read the file: {exc.strerror or exc}", path)


def _read_bytes(path: Path, limit: int | None = None,
                lines: int = HEAD_LINES) -> tuple[bytes, bool, os.stat_result | None]:
    """The file's bytes (or, when ``limit`` is given, at least ``limit`` bytes and more than
    ``lines`` line breaks where the file has them, up to 16 x ``limit``), whether the end of
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
            while raw.count(b"\n") <= lines and len(raw) < 16 * limit:
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


@functools.lru_cache(maxsize=None)
def _unquote_regex(d: str) -> re.Pattern:
    # Fast path only: a whole cell that is a simple quoted token (no quote, delimiter or
    # newline inside). Every cell it rewrites is a quoted cell with the same content for
    # split_cells, so unquoting first never accepts anything the careful pass rejects.
    ws = "[ ]" if d == "\t" else "[ \t]"
    D = re.escape(d)
    return re.compile(rf'(^|{D}){ws}*"([^"\n{D}]*)"{ws}*(?={D}|$)', re.MULTILINE)


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


def _careful(text: str, path: Path, lay: Layout, cols: tuple[int, ...], clean: bool,
             max_abs: float | None = None) -> list[list[float]]:
    """The reference parser: every data line in order; raises DataError at the first
    problem. Returns the chosen columns (two, or three for two inputs)."""
    d, ncols, names = lay.delimiter, lay.n_columns, lay.names
    header = names if lay.has_header else None
    lines = text.split("\n")
    start = lay.first_lineno if lay.has_header else lay.first_lineno - 1  # 0-based index
    out: list[list[float]] = [[] for _ in cols]
    order = sorted(set(cols))
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
                check_chars(line, d)
            cells = split_cells(line, d)
            k = len(cells)
            if k != ncols:
                ref = f"the {'header' if header else 'first row'} (line {lay.first_lineno}) has {ncols}"
                if k > ncols:
                    raise CellError(f"too many cells: this row has {k}, {ref}", ncols + 1)
                raise CellError(f"missing cell: this row has {k}, {ref}", k + 1)
            vals = {c: parse_number(cells[c], c + 1, hint, max_abs) for c in order}
        except CellError as e:
            name = header[e.column - 1] if header and e.column <= len(header) else None
            raise DataError(e.what, path, lineno, e.column, name) from None
        for column, c in zip(out, cols):
            column.append(vals[c])
    return out


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
    inputs: int = 1,
) -> Dataset:
    """Parse decoded ``text`` (see decode). ``fast=False`` skips the vectorised path (for
    tests); ``source`` is the file and its stat, for the vectorised path to reread."""
    lay = layout(text, path, delimiter)
    if lay.n_columns < 2:
        raise DataError(
            f"only one column found; need two (x and y) separated by ',' ';' or a tab "
            f"(read as {lay.delimiter!r})",
            path,
            lay.first_lineno,
        )
    if inputs == 2 and lay.n_columns < 3:
        raise DataError(f"two inputs need three columns (x1, x2, y), but the file has {lay.n_columns}",
                        path, lay.first_lineno)
    cols = resolve_columns(columns, lay, path, inputs)
    if lay.has_header:
        names = [lay.names[c] for c in cols]
        body_start = lay.first_end + 1
    else:
        names = ["x", "y"] if len(cols) == 2 else ["x1", "x2", "y"]
        body_start = lay.first_start
    kw = dict(name=path.stem, x_name=names[0], y_name=names[-1])
    if len(cols) == 3:
        kw["x2_name"] = names[1]
    if _NON_SPACE.search(text, body_start) is None:  # only possible with a header
        if allow_empty:
            return Dataset(np.zeros(0) if len(cols) == 2 else np.zeros((0, 2)), np.zeros(0), **kw)
        raise DataError("there is a header row but no data rows below it", path, lay.first_lineno)
    if fast and clean:
        arr = _fast_numbers(text, body_start, lay.delimiter, lay.n_columns, source)
        if arr is not None:
            chosen = arr[:, list(cols)]
            if np.isfinite(chosen).all() and (max_abs is None or np.abs(chosen).max(initial=0.0) <= max_abs):
                return _dataset_of(chosen, kw)
    return _dataset_of(np.array(_careful(text, path, lay, cols, clean, max_abs), dtype=np.float64).T, kw)


def _dataset_of(chosen: np.ndarray, kw: dict) -> Dataset:
    """A data set from the chosen columns (n, 2) or (n, 3): x (or x1, x2), then y."""
    x = chosen[:, 0] if chosen.shape[1] == 2 else chosen[:, :2]
    return Dataset(np.ascontiguousarray(x), np.ascontiguousarray(chosen[:, -1]), **kw)


def load_csv(path, columns=None, delimiter: str | None = None, *, allow_empty: bool = False,
             max_abs: float | None = None, inputs: int = 1) -> Dataset:
    """Load a two-column (x, y) data set from a CSV file (rules in the module docstring).

    ``columns=(i, j)`` picks the x and y columns by 0-based index or header name (default:
    the first two). Two inputs: ``inputs=2`` reads x1, x2, y from the first three columns,
    and ``columns=(i, j, k)`` names the three (either gives a data set with x of shape (n, 2)). ``delimiter`` forces ``','``, ``';'``, ``'\\t'`` (default: sniffed).
    A file with a header row and no data rows is an error unless ``allow_empty=True``
    (then an empty data set, e.g. to reopen what :func:`save_csv` wrote for one).
    ``max_abs``: a value larger than this in size (in the chosen columns) is an error too,
    e.g. :data:`MAX_ABS_VALUE`, the range the app works in.
    The data set is named after the file's stem; ``x_name``/``y_name`` come from the
    header. Raises :class:`DataError` naming file, line and column on any problem.
    """
    if isinstance(inputs, bool) or inputs not in (1, 2):
        raise ValueError(f"inputs must be 1 or 2, got {inputs!r}")
    p = Path(path)
    d = check_delimiter(delimiter)
    raw, _, st = _read_bytes(p)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError("the file is UTF-16 text; save it as UTF-8", p, 1, 1)
    text, clean = decode(raw)
    return _parse_text(text, clean, p, columns, d, allow_empty, source=(p, st), max_abs=max_abs, inputs=inputs)


def _head(p: Path, d: str | None, lines: int = HEAD_LINES) -> tuple[str, Layout]:
    """The start of the file (whole lines, at least ``lines`` non-blank ones when the file
    has them) and what its first lines say; those lines' characters are checked."""
    raw, at_eof, _ = _read_bytes(p, limit=_PEEK_BYTES, lines=lines)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError("the file is UTF-16 text; save it as UTF-8", p, 1, 1)
    text, _ = decode(raw, final=at_eof)
    if not at_eof and "\n" in text:
        text = text[: text.rindex("\n")]  # drop the last, possibly cut, line
    lay = layout(text, p, d)
    for lineno, s, e in head_lines(text):
        try:
            check_chars(text[s:e], lay.delimiter)
        except CellError as err:
            raise DataError(err.what, p, lineno, err.column) from None
    return text, lay


def csv_header(path, delimiter: str | None = None) -> dict:
    """A cheap look at the first lines, for a column chooser::

        {"names": ["height (cm)", "weight (kg)"], "n_columns": 2,
         "has_header": True, "delimiter": ","}

    Without a header the names are ``"column 1"``, ``"column 2"``, ... . The data rows
    are not checked (``load_csv`` does that); unreadable, empty, binary or non-UTF-8
    files raise :class:`DataError`. ``n_columns`` may be 1 (``load_csv`` then refuses).
    """
    _, lay = _head(Path(path), check_delimiter(delimiter))
    return {
        "names": list(lay.names),
        "n_columns": lay.n_columns,
        "has_header": lay.has_header,
        "delimiter": lay.delimiter,
    }


def csv_preview(path, max_rows: int = 6, delimiter: str | None = None) -> dict:
    """What :func:`csv_header` says plus the first ``max_rows`` data rows, for a dialog
    that shows them and asks which columns are x and y::

        {"names": ["id", "name", "height"], "n_columns": 3, "has_header": True,
         "delimiter": ",",
         "rows": [["1", "ann", "100"], ["2", "bob", "110"]],
         "numeric": [True, False, True]}

    ``rows`` holds each row's cells as text, split as :func:`load_csv` splits them (quotes
    removed, surrounding spaces stripped); a row with a stray quote is shown split at
    every delimiter. ``numeric[k]`` says whether ``load_csv`` reads column ``k`` of every
    shown row as a number: a row it would refuse whatever the columns (a stray quote, too
    many or too few cells) makes every column False, so choosing columns cannot get
    around it and ``load_csv`` names the problem. Only the start of the file is read.
    Raises :class:`DataError` as ``csv_header`` does.
    """
    if isinstance(max_rows, bool) or not isinstance(max_rows, int) or max_rows < 0:
        raise ValueError(f"max_rows must be an integer >= 0, got {max_rows!r}")
    p = Path(path)
    text, lay = _head(p, check_delimiter(delimiter), lines=max(HEAD_LINES, max_rows + 1))
    d, n = lay.delimiter, lay.n_columns
    lines = head_lines(text, limit=max_rows + 1)[1 if lay.has_header else 0:][:max_rows]
    rows: list[list[str]] = []
    numeric = [bool(lines)] * n
    for lineno, s, e in lines:
        line = text[s:e]
        try:
            check_chars(line, d)
        except CellError as err:
            raise DataError(err.what, p, lineno, err.column) from None
        try:
            cells = split_cells(line, d)
            whole = len(cells) == n
        except CellError:
            cells, whole = line.split(d), False
        rows.append([c.strip() for c in cells])
        for k in range(n):
            numeric[k] = numeric[k] and whole and _is_number(cells[k])
    return {
        "names": list(lay.names),
        "n_columns": n,
        "has_header": lay.has_header,
        "delimiter": d,
        "rows": rows,
        "numeric": numeric,
    }


def _is_number(cell: str) -> bool:
    try:
        parse_number(cell, 1)
    except CellError:
        return False
    return True


def _header_cell(name: str) -> str:
    if any(ch in name for ch in ',;\t"') or name != name.strip():
        return '"' + name.replace('"', '""') + '"'
    return name


def save_csv(ds: Dataset, path) -> Path:
    """Write ``ds`` as CSV: a header ``x_name,y_name`` then one ``x,y`` row per point (with
    two inputs ``x_name,x2_name,y_name`` and ``x1,x2,y`` rows), each
    number in full precision (``repr``), so ``load_csv(save_csv(ds, p))`` gives identical
    floats. UTF-8, LF line ends.

    Atomic (:func:`~gradviz.core.atomic_write_bytes`): if anything fails the previous file
    is untouched and no temporary file is left. An existing file keeps its permission bits.
    Returns the path written. Raises :class:`DataError` (file system problems, or a column
    name that looks like a number and so would not read back as a header).
    """
    if not isinstance(ds, Dataset):
        raise TypeError(f"save_csv needs a Dataset, not {type(ds).__name__}")
    p = Path(path)
    names = (*ds.x_names, ds.y_name)
    for nm in names:
        if looks_numeric(nm):
            raise DataError(f"column name {nm!r} looks like a number, so the header would be read back as data; rename the column", p)
    cells = ds.x.reshape(ds.n, ds.n_inputs).tolist()
    rows = [",".join(repr(v) for v in (*xs, y)) + "\n" for xs, y in zip(cells, ds.y.tolist())]  # repr: shortest round-trip
    text = ",".join(_header_cell(nm) for nm in names) + "\n" + "".join(rows)
    data = text.encode("utf-8")

    if p.is_dir():
        raise DataError("is a folder, not a file", p)
    folder = p.parent
    if not folder.is_dir():
        raise DataError(f"the folder {folder} does not exist", p)
    try:
        atomic_write_bytes(p, data)
    except PermissionError as exc:
        raise DataError("permission denied: cannot write here", p) from exc
    except OSError as exc:
        raise DataError(f"cannot write the file: {exc.strerror or exc}", p) from exc
    return p
