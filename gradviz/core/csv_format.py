"""The CSV format that :func:`~gradviz.core.load_csv` reads: cells, numbers, header and
delimiter. The reading itself (files, the vectorised path) is in ``csv_io``; what is here
is shared by ``load_csv``, ``csv_header`` and ``csv_preview``, so all three split cells
and recognise numbers the same way.

Rules
-----
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
"""

from __future__ import annotations

import codecs
import functools
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .dataset import DataError

__all__ = [
    "HEAD_LINES", "CellError", "Layout", "check_chars", "check_delimiter", "decode", "head_lines", "layout",
    "looks_numeric", "parse_number", "resolve_columns", "split_cells",
]

_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NONFINITE = re.compile(r"[+-]?(?:nan|inf|infinity)", re.IGNORECASE)
_DECIMAL_COMMA = re.compile(r"[+-]?[0-9]*,[0-9]+")
_BAD_BYTE = re.compile("[\udc80-\udcff]")
_SNIFF_ORDER = (";", "\t", ",")
HEAD_LINES = 20  # the first non-blank lines the delimiter is sniffed from and csv_header checks
_MAX_SHOWN = 40


def looks_numeric(cell: str) -> bool:
    """A number, NaN/infinity, or a decimal-comma number: a header has none of these."""
    s = cell.strip()
    return bool(_NUMBER.fullmatch(s) or _NONFINITE.fullmatch(s) or _DECIMAL_COMMA.fullmatch(s))


def _shown(s: str) -> str:
    return repr(s if len(s) <= _MAX_SHOWN else s[: _MAX_SHOWN - 3] + "...")


def check_delimiter(delimiter) -> str | None:
    """``delimiter`` if it can separate cells (None: sniff one), else ValueError."""
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


class CellError(Exception):
    """A problem in one cell of a line; the caller adds the file and line (DataError)."""

    def __init__(self, what: str, column: int):
        self.what = what
        self.column = column  # 1-based


def split_cells(line: str, d: str) -> list[str]:
    """Cells of one line (quotes removed, not stripped). Raises CellError on a stray quote."""
    if '"' not in line:
        return line.split(d)
    rx = _cell_regex(d)
    cells: list[str] = []
    pos, end = 0, len(line)
    while True:
        m = rx.match(line, pos)
        if m is None:
            raise CellError('unbalanced or stray quote (") in this cell', len(cells) + 1)
        quoted = m.group(1)
        cells.append(quoted.replace('""', '"') if quoted is not None else m.group(2))
        pos = m.end()
        if pos >= end:
            return cells
        pos += 1  # the delimiter


def _column_of(line: str, index: int, d: str | None) -> int:
    return line.count(d, 0, index) + 1 if d else 1


def check_chars(line: str, d: str | None) -> None:
    """Raise CellError for a NUL byte or bytes that were not UTF-8 (surrogate-escaped)."""
    m = _BAD_BYTE.search(line)
    k = line.find("\x00")
    if m is not None and (k < 0 or m.start() < k):
        byte = ord(m.group()) - 0xDC00
        raise CellError(
            f"not UTF-8 text (byte 0x{byte:02x}); save the file as UTF-8",
            _column_of(line, m.start(), d),
        )
    if k >= 0:
        raise CellError(
            "contains a NUL byte: this looks like a binary file, not CSV text",
            _column_of(line, k, d),
        )


def parse_number(cell: str, column: int, hint: str = "", max_abs: float | None = None) -> float:
    """The finite number in ``cell`` (spaces around it allowed), else CellError saying why
    not; ``hint`` is appended to a plain "is not a number"."""
    s = cell.strip()
    if _NUMBER.fullmatch(s):
        v = float(s)
        if math.isinf(v):
            raise CellError(f"{_shown(s)} is too large for a 64-bit float (it overflows to infinity)", column)
        if max_abs is not None and abs(v) > max_abs:
            raise CellError(f"{_shown(s)} is too large (values must lie within ±{max_abs:g})", column)
        return v
    if not s:
        raise CellError("empty cell (expected a number)", column)
    if _NONFINITE.fullmatch(s):
        raise CellError(f"{_shown(s)} is not a finite number (NaN and infinity are not allowed)", column)
    if _DECIMAL_COMMA.fullmatch(s):
        raise CellError(f"{_shown(s)} is not a number (use a dot as the decimal separator)", column)
    raise CellError(f"{_shown(s)} is not a number{hint}", column)


def decode(raw: bytes, final: bool = True) -> tuple[str, bool]:
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


def head_lines(text: str, limit: int = HEAD_LINES) -> list[tuple[int, int, int]]:
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
class Layout:
    """What the first lines say about the file."""

    delimiter: str
    n_columns: int
    has_header: bool
    names: list[str]          # header names (stripped), or "column 1", ...
    first_lineno: int          # line number of the first non-blank line
    first_start: int           # offset where that line starts
    first_end: int             # offset where it ends (its "\n" excluded)


def layout(text: str, path: Path, delimiter: str | None) -> Layout:
    """The delimiter (given or sniffed), the header and the number of columns."""
    head = head_lines(text)
    if not head:
        raise DataError("the file is empty (no data)", path)
    lines = [text[s:e] for _, s, e in head]
    d = delimiter if delimiter is not None else _sniff(lines)
    lineno, start, end = head[0]
    first = lines[0]
    try:
        check_chars(first, d)
        cells = [c.strip() for c in split_cells(first, d)]
    except CellError as e:
        raise DataError(e.what, path, lineno, e.column) from None
    has_header = not any(looks_numeric(c) for c in cells)
    names = cells if has_header else [f"column {i + 1}" for i in range(len(cells))]
    return Layout(d, len(cells), has_header, names, lineno, start, end)


def resolve_columns(columns, lay: Layout, path: Path, inputs: int = 1) -> tuple[int, ...]:
    """``columns=(x, y)``, or ``(x1, x2, y)`` for two inputs (indices or header names; None:
    the first two, or three with ``inputs=2``) as a tuple of indices."""
    if columns is None:
        return (0, 1) if inputs == 1 else (0, 1, 2)
    try:
        pair = tuple(columns) if not isinstance(columns, (str, bytes)) else ()
    except TypeError:
        pair = ()
    if len(pair) not in (2, 3) or (inputs == 2 and len(pair) != 3):
        want = "a triple (x1 column, x2 column, y column) for two inputs" if inputs == 2 else \
            "a pair (x column, y column), or a triple (x1, x2, y) for two inputs"
        raise TypeError(f"columns must be {want}, got {columns!r}")
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
    return tuple(out)
