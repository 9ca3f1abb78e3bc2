"""Tests for gradviz.core.csv_format: the cell, number and header rules that load_csv,
csv_header and csv_preview share (test_csv_io.py checks them through the files)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gradviz.core import DataError
from gradviz.core.csv_format import (
    CellError, check_chars, check_delimiter, decode, layout, looks_numeric, parse_number, resolve_columns, split_cells,
)


@pytest.mark.parametrize("line, d, cells", [
    ("1,2,3", ",", ["1", "2", "3"]),
    (' "a, b" , 2', ",", ["a, b", " 2"]),
    ('"say ""hi""";x', ";", ['say "hi"', "x"]),
    ("1\t \"2\" ", "\t", ["1", "2"]),
    ("1,,", ",", ["1", "", ""]),
])
def test_split_cells(line, d, cells):
    assert split_cells(line, d) == cells


@pytest.mark.parametrize("line", ['1,"2', '1,2"x', 'a"b,1'])
def test_split_cells_stray_quote(line):
    with pytest.raises(CellError, match="quote"):
        split_cells(line, ",")


@pytest.mark.parametrize("cell, value", [("1", 1.0), (" -2.5 ", -2.5), ("+4", 4.0), (".5", 0.5), ("7.", 7.0),
                                         ("1E-3", 1e-3), ("-0", -0.0)])
def test_parse_number_accepts_plain_decimals(cell, value):
    assert parse_number(cell, 1) == value


@pytest.mark.parametrize("cell, fragment", [
    ("", "empty cell"), ("nan", "not a finite number"), ("-Infinity", "not a finite number"),
    ("1e400", "overflows"), ("1,5", "decimal separator"), ("0x1", "is not a number"), ("1_0", "is not a number"),
])
def test_parse_number_says_why_not(cell, fragment):
    with pytest.raises(CellError, match=fragment) as info:
        parse_number(cell, 3)
    assert info.value.column == 3


def test_parse_number_max_abs():
    assert parse_number("1e10", 1, max_abs=1e10) == 1e10
    with pytest.raises(CellError, match="values must lie within"):
        parse_number("-1e11", 1, max_abs=1e10)


def test_looks_numeric_is_what_keeps_a_row_from_being_a_header():
    assert all(looks_numeric(c) for c in ("1", " 2e3", "nan", "-inf", "1,5"))
    assert not any(looks_numeric(c) for c in ("x", "height (cm)", "", "1 2"))


def test_decode_line_ends_bom_and_bad_bytes():
    assert decode(b"\xef\xbb\xbfx,y\r\n1,2\r3,4\n") == ("x,y\n1,2\n3,4\n", True)
    text, clean = decode(b"x,y\n1,\xff\n")
    assert not clean
    with pytest.raises(CellError, match="byte 0xff") as info:
        check_chars(text.split("\n")[1], ",")
    assert info.value.column == 2
    with pytest.raises(CellError, match="NUL"):
        check_chars("1,\x00", ",")


def test_check_delimiter():
    assert check_delimiter(None) is None and check_delimiter("|") == "|"
    for bad in ("", ",,", ".", "a", '"', 5):
        with pytest.raises(ValueError):
            check_delimiter(bad)


def test_layout_and_resolve_columns():
    lay = layout("\n  \nname;height;weight\ndoe;1;2\n", Path("f.csv"), None)
    assert (lay.delimiter, lay.n_columns, lay.has_header, lay.names, lay.first_lineno) == (
        ";", 3, True, ["name", "height", "weight"], 3)
    assert resolve_columns(("Weight", 1), lay, Path("f.csv")) == (2, 1)
    with pytest.raises(DataError, match="no column named 'age'"):
        resolve_columns(("age", 1), lay, Path("f.csv"))
    data = layout("1,2\n", Path("f.csv"), None)
    assert not data.has_header and data.names == ["column 1", "column 2"]
