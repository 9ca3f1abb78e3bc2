"""Tests for gradviz.core.data: Dataset, CSV load/save, csv_header, presets.

The CSV corpus lives in tests/data/csv/ (one small hand-made file per case, named for
what it is); CASES below says what each must give. Nothing here measures time.
"""

from __future__ import annotations

import copy
import dataclasses
import os
import pickle
import stat
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gradviz.core as gc
from gradviz.core import data as data_mod
from gradviz.core.data import DataError, Dataset, csv_header, load_csv, preset, save_csv

CORPUS = Path(__file__).resolve().parent.parent / "data" / "csv"

XY = dict(x=[1.0, 3.0], y=[2.0, 4.5])


def ok(x, y, x_name="x", y_name="y", fast=True):
    """Expected: loads to these values; ``fast`` says whether the vectorised path takes it."""
    return ("ok", dict(x=x, y=y, x_name=x_name, y_name=y_name, fast=fast))


def err(line, column, column_name, fragment):
    """Expected: DataError at (line, column) with this header name and message fragment."""
    return ("err", dict(line=line, column=column, column_name=column_name, fragment=fragment))


# (file, load_csv keyword arguments, expected)
CASES = [
    # ---- accepted ----------------------------------------------------------------------
    ("header_comma.csv", {}, ok(**XY)),
    ("no_header.csv", {}, ok(**XY)),
    ("semicolon.csv", {}, ok(**XY)),
    ("semicolon.csv", {"delimiter": ";"}, ok(**XY)),
    ("tab.csv", {}, ok(**XY)),
    ("tab.csv", {"delimiter": "\t"}, ok(**XY)),
    ("bom.csv", {}, ok(**XY)),
    ("crlf.csv", {}, ok(**XY)),
    ("cr_only.csv", {}, ok(**XY)),
    ("quoted_numbers.csv", {}, ok(**XY)),
    ("quoted_header_with_delimiter.csv", {}, ok(**XY, x_name="height, cm", y_name='weight "kg"')),
    ("sci_notation.csv", {}, ok([1000.0, -150.0, 3.0, 7.0], [0.025, 0.5, -0.0, 1.0])),
    ("surrounding_spaces.csv", {}, ok(**XY)),
    ("trailing_blank_lines.csv", {}, ok(**XY, fast=False)),  # whitespace-only lines
    ("blank_lines_middle.csv", {}, ok(**XY, fast=False)),
    ("leading_blank_lines.csv", {}, ok(**XY)),
    ("no_final_newline.csv", {}, ok(**XY)),
    ("single_row.csv", {}, ok([1.0], [2.0])),
    ("three_columns.csv", {}, ok([1.0, 4.0], [2.0, 5.0], "a", "b")),
    ("three_columns.csv", {"columns": (0, 2)}, ok([1.0, 4.0], [3.0, 6.0], "a", "c")),
    ("three_columns.csv", {"columns": ("c", "a")}, ok([3.0, 6.0], [1.0, 4.0], "c", "a")),
    ("three_columns.csv", {"columns": ("B", 2)}, ok([2.0, 5.0], [3.0, 6.0], "b", "c")),
    ("three_columns_no_header.csv", {"columns": (1, 2)}, ok([2.0, 5.0], [3.0, 6.0])),
    ("text_column.csv", {"columns": (1, 2)}, ok(**XY, x_name="height", y_name="weight", fast=False)),
    ("text_column.csv", {"columns": ("height", "weight")}, ok(**XY, x_name="height", y_name="weight", fast=False)),
    ("utf8_header.csv", {}, ok(**XY, x_name="température (°C)", y_name="ventes")),
    ("bom_crlf_blank_lines.csv", {}, ok(**XY, fast=False)),
    (
        "full_precision.csv",
        {},
        ok([0.1, 1.7976931348623157e308, -0.0], [-0.30000000000000004, 5e-324, 1.2345678901234568e29]),
    ),
    # ---- rejected ----------------------------------------------------------------------
    ("empty.csv", {}, err(None, None, None, "empty")),
    ("blank_only.csv", {}, err(None, None, None, "empty")),
    ("bom_only.csv", {}, err(None, None, None, "empty")),
    ("header_only.csv", {}, err(1, None, None, "header row but no data rows")),
    ("header_only_blank_lines.csv", {}, err(1, None, None, "header row but no data rows")),
    ("one_column.csv", {}, err(1, None, None, "only one column")),
    ("one_column_no_header.csv", {}, err(1, None, None, "only one column")),
    ("semicolon.csv", {"delimiter": ","}, err(1, None, None, "only one column")),
    ("not_a_number.csv", {}, err(7, 2, "height", "'abc' is not a number")),
    ("not_a_number_x.csv", {}, err(3, 1, "x", "'foo' is not a number")),
    ("mixed_first_row.csv", {}, err(1, 2, None, "'abc' is not a number (the first row is read as data")),
    ("empty_cell.csv", {}, err(3, 2, "y", "empty cell")),
    ("nan.csv", {}, err(3, 2, "y", "'nan' is not a finite number")),
    ("nan_uppercase_x.csv", {}, err(2, 1, "x", "'NaN' is not a finite number")),
    ("inf.csv", {}, err(2, 2, "y", "'inf' is not a finite number")),
    ("neg_inf.csv", {}, err(3, 1, "x", "'-inf' is not a finite number")),
    ("overflow.csv", {}, err(3, 2, "y", "'1e400' is too large")),
    ("neg_overflow.csv", {}, err(2, 1, "x", "'-1e309' is too large")),
    ("ragged_too_few.csv", {}, err(3, 2, "y", "missing cell: this row has 1, the header (line 1) has 2")),
    ("ragged_too_many.csv", {}, err(3, 3, None, "too many cells: this row has 3, the header (line 1) has 2")),
    ("trailing_delimiter.csv", {}, err(2, 3, None, "too many cells")),
    ("binary_nul.csv", {}, err(3, 2, "y", "NUL byte")),
    ("binary_garbage.csv", {}, err(1, 1, None, "NUL byte")),
    ("non_utf8_latin1.csv", {}, err(4, 1, "x", "not UTF-8 text (byte 0xe9)")),
    ("utf16.csv", {}, err(1, 1, None, "UTF-16")),
    ("decimal_comma.csv", {}, err(2, 1, "x", "'1,5' is not a number (use a dot as the decimal separator)")),
    ("decimal_comma_no_header.csv", {}, err(1, 1, None, "'1,5' is not a number (use a dot")),
    ("underscore_number.csv", {}, err(2, 1, "x", "'1_000' is not a number")),
    ("hex_number.csv", {}, err(2, 1, "x", "'0x10' is not a number")),
    ("two_numbers_in_cell.csv", {}, err(2, 1, "x", "'1 2' is not a number")),
    ("unbalanced_quote.csv", {}, err(2, 2, "y", "quote")),
    ("quote_inside_cell.csv", {}, err(2, 2, "y", "quote")),
    ("error_after_bom_crlf_blank.csv", {}, err(5, 2, "y", "'abc' is not a number")),
    ("text_column.csv", {}, err(2, 1, "name", "'doe' is not a number")),
    ("three_columns.csv", {"columns": (0, 3)}, err(None, None, None, "column index 3 is out of range")),
    ("three_columns.csv", {"columns": ("a", "zz")}, err(1, None, None, "no column named 'zz'; the columns are 'a', 'b', 'c'")),
    ("three_columns_no_header.csv", {"columns": ("a", "b")}, err(None, None, None, "no header row")),
]

CASE_IDS = [f"{f}-{'-'.join(f'{k}={v!r}' for k, v in kw.items()) or 'default'}" for f, kw, _ in CASES]


def bits(a) -> np.ndarray:
    return np.asarray(a, dtype=np.float64).view(np.int64)


def load_careful(path, **kw) -> Dataset:
    """load_csv with the vectorised fast path switched off (the reference parser only)."""
    raw = Path(path).read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return load_csv(path, **kw)
    text, clean = data_mod._decode(raw)
    return data_mod._parse_text(
        text, clean, Path(path), kw.get("columns"), kw.get("delimiter"), kw.get("allow_empty", False), fast=False
    )


def test_every_corpus_file_has_a_case():
    used = {f for f, _, _ in CASES}
    on_disk = {p.name for p in CORPUS.glob("*.csv")}
    assert on_disk == used


@pytest.mark.parametrize("fname, kwargs, expected", CASES, ids=CASE_IDS)
def test_corpus(fname, kwargs, expected):
    path = CORPUS / fname
    kind, want = expected
    if kind == "ok":
        ds = load_csv(path, **kwargs)
        assert bits(ds.x).tolist() == bits(want["x"]).tolist()
        assert bits(ds.y).tolist() == bits(want["y"]).tolist()
        assert (ds.x_name, ds.y_name) == (want["x_name"], want["y_name"])
        assert ds.name == path.stem
        assert not ds.x.flags.writeable
    else:
        with pytest.raises(DataError) as info:
            load_csv(path, **kwargs)
        e = info.value
        msg = str(e)
        assert msg.startswith(fname), msg
        assert want["fragment"] in msg, msg
        assert e.path == path
        assert (e.line, e.column, e.column_name) == (want["line"], want["column"], want["column_name"]), msg
        if want["line"] is not None:
            assert f", line {want['line']}" in msg
        if want["column"] is not None:
            col = f", column {want['column']}"
            if want["column_name"]:
                col += f" ({want['column_name']!r})"
            assert col + ": " in msg, msg


@pytest.mark.parametrize("fname, kwargs, expected", CASES, ids=CASE_IDS)
def test_corpus_fast_path_agrees_with_reference_parser(fname, kwargs, expected):
    path = CORPUS / fname
    try:
        fast = load_csv(path, **kwargs)
    except DataError as e:
        with pytest.raises(DataError) as info:
            load_careful(path, **kwargs)
        assert str(info.value) == str(e)
    else:
        ref = load_careful(path, **kwargs)
        assert ref == fast
        assert bits(ref.x).tolist() == bits(fast.x).tolist()
        assert bits(ref.y).tolist() == bits(fast.y).tolist()


@pytest.mark.parametrize(
    "fname, kwargs, expected", [c for c in CASES if c[2][0] == "ok"], ids=[i for i, c in zip(CASE_IDS, CASES) if c[2][0] == "ok"]
)
def test_corpus_which_files_take_the_fast_path(fname, kwargs, expected, monkeypatch):
    """The speed claim must not silently rot: plain files never reach the slow parser."""
    calls = []
    real = data_mod._careful

    def spy(*a, **k):
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(data_mod, "_careful", spy)
    load_csv(CORPUS / fname, **kwargs)
    assert bool(calls) == (not expected[1]["fast"])


# --------------------------------------------------------------------------------------
# load_csv: file-system errors and arguments
# --------------------------------------------------------------------------------------


def test_missing_file(tmp_path):
    with pytest.raises(DataError, match=r"^nothere\.csv: no such file") as info:
        load_csv(tmp_path / "nothere.csv")
    assert info.value.line is None and info.value.column is None
    assert str(tmp_path) in str(info.value)


def test_directory(tmp_path):
    (tmp_path / "folder.csv").mkdir()
    with pytest.raises(DataError, match=r"^folder\.csv: is a folder, not a file$"):
        load_csv(tmp_path / "folder.csv")
    with pytest.raises(DataError, match="is a folder"):
        csv_header(tmp_path / "folder.csv")


def test_permission_denied_simulated(tmp_path, monkeypatch):
    p = tmp_path / "secret.csv"
    p.write_text("x,y\n1,2\n")

    def denied(*a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(data_mod, "open", denied, raising=False)
    with pytest.raises(DataError, match=r"^secret\.csv: permission denied"):
        load_csv(p)
    with pytest.raises(DataError, match=r"^secret\.csv: permission denied"):
        csv_header(p)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read anything")
def test_permission_denied_real(tmp_path):
    p = tmp_path / "secret.csv"
    p.write_text("x,y\n1,2\n")
    p.chmod(0)
    try:
        with pytest.raises(DataError, match="permission denied"):
            load_csv(p)
    finally:
        p.chmod(0o600)


def test_other_os_error(tmp_path, monkeypatch):
    p = tmp_path / "io.csv"
    p.write_text("x,y\n1,2\n")

    def broken(*a, **k):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(data_mod, "open", broken, raising=False)
    with pytest.raises(DataError, match=r"^io\.csv: cannot read the file: Input/output error"):
        load_csv(p)


@pytest.mark.parametrize("bad", ["", ",,", " ", '"', "\n", "1", "a", ".", 5])
def test_bad_delimiter_argument(bad):
    with pytest.raises(ValueError, match="delimiter"):
        load_csv(CORPUS / "header_comma.csv", delimiter=bad)


@pytest.mark.parametrize("bad", [(0,), (0, 1, 2), "ab", 3, (0.0, 1), (True, 1)])
def test_bad_columns_argument(bad):
    with pytest.raises(TypeError):
        load_csv(CORPUS / "three_columns.csv", columns=bad)


def test_columns_ambiguous_name(tmp_path):
    p = tmp_path / "dup.csv"
    p.write_text("a,a,b\n1,2,3\n")
    with pytest.raises(DataError, match="more than one column named 'a'"):
        load_csv(p, columns=("a", "b"))


def test_columns_as_numpy_array_or_list():
    assert load_csv(CORPUS / "three_columns.csv", columns=np.array([0, 2])).y.tolist() == [3.0, 6.0]
    assert load_csv(CORPUS / "three_columns.csv", columns=["c", "b"]).x.tolist() == [3.0, 6.0]


def test_same_column_twice_is_allowed():
    ds = load_csv(CORPUS / "three_columns.csv", columns=(1, 1))
    assert ds.x.tolist() == ds.y.tolist() == [2.0, 5.0]


def test_only_chosen_columns_must_be_numbers(tmp_path):
    p = tmp_path / "notes.csv"
    p.write_text('x,note,y\n1,"warm, sunny",2\n3,nan,4\n5,,6\n')
    ds = load_csv(p, columns=("x", "y"))
    assert ds.x.tolist() == [1, 3, 5] and ds.y.tolist() == [2, 4, 6]
    # but every row still needs every cell
    p.write_text("x,note,y\n1,a,2\n3,4\n")
    with pytest.raises(DataError, match="line 3, column 3 .'y'.: missing cell"):
        load_csv(p, columns=(0, 2))


def test_allow_empty(tmp_path):
    ds = load_csv(CORPUS / "header_only.csv", allow_empty=True)
    assert ds.n == 0 and (ds.x_name, ds.y_name) == ("x", "y")
    with pytest.raises(DataError, match="empty"):
        load_csv(CORPUS / "empty.csv", allow_empty=True)  # no header: nothing to go on


def test_string_path_and_pathlike():
    a = load_csv(str(CORPUS / "header_comma.csv"))
    b = load_csv(CORPUS / "header_comma.csv")
    assert a == b


def test_first_error_wins(tmp_path):
    p = tmp_path / "two_errors.csv"
    p.write_bytes(b"x,y\n1,2\n3,abc\n\xff,4\n5,nan\n")
    with pytest.raises(DataError, match=r"line 3, column 2 \('y'\): 'abc'"):
        load_csv(p)
    p.write_bytes(b"x,y\n1,nan\nabc,2\n")
    with pytest.raises(DataError, match=r"line 2, column 2 \('y'\): 'nan'"):
        load_csv(p)
    # within one row, the leftmost chosen cell first
    p.write_bytes(b"x,y\nabc,def\n")
    with pytest.raises(DataError, match=r"line 2, column 1 \('x'\): 'abc'"):
        load_csv(p, columns=(1, 0))


def test_long_cells_are_shortened_in_messages(tmp_path):
    p = tmp_path / "long.csv"
    p.write_text("x,y\n1," + "z" * 500 + "\n")
    with pytest.raises(DataError) as info:
        load_csv(p)
    assert len(str(info.value)) < 200
    assert "..." in str(info.value)


def test_header_detection_rule(tmp_path):
    p = tmp_path / "h.csv"
    p.write_text("nan,inf\n1,2\n")  # NaN/inf words count as numbers: a data row
    with pytest.raises(DataError, match="line 1, column 1: 'nan' is not a finite number"):
        load_csv(p)
    p.write_text("x,\n1,2\n")  # an empty header name falls back to the default
    ds = load_csv(p)
    assert (ds.x_name, ds.y_name) == ("x", "y")


# --------------------------------------------------------------------------------------
# Large files
# --------------------------------------------------------------------------------------

N_BIG = 1_000_000


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory):
    rng = np.random.default_rng(12345)
    x = rng.normal(size=N_BIG) * 10.0
    y = 2.0 * x + 1.0 + rng.normal(size=N_BIG)
    path = tmp_path_factory.mktemp("big") / "million.csv"
    with open(path, "w", newline="\n") as f:
        f.write("x,y\n")
        f.write("".join(f"{a!r},{b!r}\n" for a, b in zip(x.tolist(), y.tolist())))
    return path, x, y


@pytest.mark.slow
def test_million_rows_exact(big_csv):
    path, x, y = big_csv
    ds = load_csv(path)
    assert ds.n == N_BIG
    assert np.array_equal(bits(ds.x), bits(x))
    assert np.array_equal(bits(ds.y), bits(y))
    ref = np.loadtxt(path, delimiter=",", skiprows=1)
    assert np.array_equal(bits(ds.x), bits(ref[:, 0]))


@pytest.mark.slow
def test_million_rows_error_near_the_end_names_the_line(big_csv, tmp_path):
    path, _, _ = big_csv
    lines = path.read_bytes().split(b"\n")
    lines[N_BIG - 3] = b"1.0,oops"  # header is line 1, so this is line N_BIG - 2
    bad = tmp_path / "million_bad.csv"
    bad.write_bytes(b"\n".join(lines))
    with pytest.raises(DataError, match=rf"^million_bad\.csv, line {N_BIG - 2}, column 2 \('y'\): 'oops' is not a number$"):
        load_csv(bad)


def test_error_line_in_a_long_file_with_blank_lines(tmp_path):
    rows = [f"{i},{2 * i + 1}" for i in range(5000)]
    rows[4000] = "4000,inf"
    text = "\ufeffx,y\r\n\r\n" + "\r\n".join(rows[:100]) + "\r\n\r\n   \r\n" + "\r\n".join(rows[100:]) + "\r\n"
    p = tmp_path / "long.csv"
    p.write_bytes(text.encode("utf-8"))
    # line 1 header, line 2 blank, lines 3..102 rows 0..99, 103 and 104 blank, row k>=100 on line k + 5
    with pytest.raises(DataError, match=r"line 4005, column 2 \('y'\): 'inf' is not a finite number"):
        load_csv(p)


# --------------------------------------------------------------------------------------
# Fast path vs reference parser on random near-CSV text
# --------------------------------------------------------------------------------------

TOKENS = ["1", "-2.5", "3e2", ".5", "7.", "0", " ", "  ", "\t", ",", ",", ",", ";", "\n", "\n", '"', '""', "nan", "inf",
          "1e400", "abc", "x", "_", "+", "e", "\r\n", "\u00a0", "é", "1,5"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=40), st.sampled_from([None, ",", ";", "\t"]))
def test_fast_path_never_disagrees_with_reference(tokens, delimiter):
    text = "".join(tokens).replace("\r\n", "\n")
    path = Path("fuzz.csv")

    def run(fast):
        try:
            return data_mod._parse_text(text, True, path, None, delimiter, False, fast=fast)
        except DataError as e:
            return str(e)

    a, b = run(True), run(False)
    if isinstance(a, Dataset):
        assert isinstance(b, Dataset) and a == b
        assert bits(a.x).tolist() == bits(b.x).tolist() and bits(a.y).tolist() == bits(b.y).tolist()
    else:
        assert a == b


NUMBERS = ["1", "-2.5", "3e2", ".5", "7.", "-0", "+4", "1E-3", "12345678901234567890", "nan", "-inf", "1e400",
           "", "abc", "1_0", "0x1", "1 2", "1,5", "é"]
cell = st.tuples(
    st.sampled_from(["", " ", "  ", "\t"]),
    st.sampled_from(["", '"']),
    st.sampled_from(NUMBERS),
    st.sampled_from(["", '"']),
    st.sampled_from(["", " ", "\t"]),
).map("".join)
row = st.lists(cell, min_size=1, max_size=4)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(row, st.just([]), st.just(["  "])), min_size=1, max_size=8),
    st.sampled_from([",", ";", "\t"]),
    st.booleans(),
    st.sampled_from([None, (1, 0), (0, 2)]),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.booleans(),
)
def test_fast_path_agrees_on_near_valid_csv(tmp_path_factory, rows, d, header, columns, eol, bom):
    lines = [d.join(r) for r in rows]
    if header:
        lines.insert(0, d.join(["a", "b", "c"][: max(len(rows[0]), 1)]))
    text = "\n".join(lines)
    path = tmp_path_factory.mktemp("fuzz") / "fuzz.csv"
    path.write_bytes(("\ufeff" if bom else "").encode() + eol.join(lines).encode("utf-8"))

    def run(how):
        try:
            if how == "file":  # the real thing: loadtxt rereads the file (BOM, CR/CRLF)
                return load_csv(path, columns=columns, delimiter=d)
            return data_mod._parse_text(text, True, path, columns, d, False, fast=(how == "memory"))
        except (DataError, TypeError) as e:
            return f"{type(e).__name__}: {e}"

    ref = run("careful")
    for how in ("memory", "file"):
        got = run(how)
        if isinstance(ref, Dataset):
            assert isinstance(got, Dataset) and got == ref
            assert bits(got.x).tolist() == bits(ref.x).tolist() and bits(got.y).tolist() == bits(ref.y).tolist()
        else:
            assert got == ref


# --------------------------------------------------------------------------------------
# save_csv
# --------------------------------------------------------------------------------------

finite = st.floats(allow_nan=False, allow_infinity=False, allow_subnormal=True)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(finite, finite), min_size=1, max_size=50))
def test_round_trip_property(tmp_path_factory, pts):
    folder = tmp_path_factory.mktemp("rt")
    ds = Dataset.from_points(pts)
    back = load_csv(save_csv(ds, folder / "pts.csv"))
    assert bits(back.x).tolist() == bits(ds.x).tolist()
    assert bits(back.y).tolist() == bits(ds.y).tolist()


def test_round_trip_special_values(tmp_path):
    x = [0.0, -0.0, 5e-324, 1.7976931348623157e308, -2.2250738585072014e-308, 0.1, 1e16, 123456789.0]
    y = [1 / 3, -1e-300, 2.0**53 + 2, -7.0, 1e22, 1e-7, np.nextafter(1.0, 2.0), 3.0]
    ds = Dataset(x, y)
    back = load_csv(save_csv(ds, tmp_path / "s.csv"))
    assert bits(back.x).tolist() == bits(x).tolist() and bits(back.y).tolist() == bits(y).tolist()


@pytest.mark.parametrize(
    "x_name, y_name",
    [("height (cm)", "weight (kg)"), ("a,b", "c;d"), ('say "hi"', "tab\there"), ("température", "naïve"), ("  padded ", "y")],
)
def test_round_trip_names(tmp_path, x_name, y_name):
    ds = Dataset([1.0, 2.0], [3.0, 4.0], x_name=x_name, y_name=y_name)
    back = load_csv(save_csv(ds, tmp_path / "n.csv"))
    assert (back.x_name, back.y_name) == (ds.x_name, ds.y_name) == (x_name.strip(), y_name)
    assert back.x.tolist() == [1.0, 2.0]


def test_saved_file_format(tmp_path):
    p = save_csv(preset("lesson"), tmp_path / "lesson.csv")
    text = p.read_bytes().decode("utf-8")
    assert text.splitlines()[:3] == ["x,y", "1.0,0.85", "2.0,1.43"]
    assert "\r" not in text and text.endswith("\n")
    assert csv_header(p) == {"names": ["x", "y"], "n_columns": 2, "has_header": True, "delimiter": ","}


def test_round_trip_empty(tmp_path):
    ds = Dataset([], [], x_name="t", y_name="v")
    p = save_csv(ds, tmp_path / "empty.csv")
    assert p.read_text() == "t,v\n"
    back = load_csv(p, allow_empty=True)
    assert back.n == 0 and (back.x_name, back.y_name) == ("t", "v")
    with pytest.raises(DataError, match="no data rows"):
        load_csv(p)


def test_save_returns_path_and_overwrites(tmp_path):
    p = tmp_path / "a.csv"
    assert save_csv(Dataset([1], [2]), str(p)) == p
    save_csv(Dataset([3, 4], [5, 6]), p)
    assert load_csv(p).x.tolist() == [3.0, 4.0]
    assert sorted(os.listdir(tmp_path)) == ["a.csv"]


def test_save_refuses_numeric_names(tmp_path):
    p = tmp_path / "n.csv"
    with pytest.raises(DataError, match="column name '2024' looks like a number"):
        save_csv(Dataset([1], [2], x_name="2024"), p)
    assert not p.exists()


def test_save_type_and_place_errors(tmp_path):
    with pytest.raises(TypeError):
        save_csv([[1, 2]], tmp_path / "x.csv")
    with pytest.raises(DataError, match="does not exist"):
        save_csv(Dataset([1], [2]), tmp_path / "no" / "such" / "x.csv")
    (tmp_path / "d.csv").mkdir()
    with pytest.raises(DataError, match="is a folder"):
        save_csv(Dataset([1], [2]), tmp_path / "d.csv")


@pytest.fixture
def previous(tmp_path):
    p = tmp_path / "data.csv"
    save_csv(preset("lesson"), p)
    return p, p.read_bytes()


def _only(p: Path):
    assert sorted(os.listdir(p.parent)) == [p.name], "a temporary file was left behind"


def test_atomic_save_crash_at_replace(previous, monkeypatch):
    p, before = previous

    def crash(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(data_mod.os, "replace", crash)
    with pytest.raises(DataError, match=r"^data\.csv: cannot write the file: No space left on device") as info:
        save_csv(preset("sine"), p)
    assert isinstance(info.value.__cause__, OSError)
    assert p.read_bytes() == before
    _only(p)


def test_atomic_save_crash_mid_write(previous, monkeypatch):
    p, before = previous
    real_fdopen = os.fdopen

    class HalfWriter:
        def __init__(self, f):
            self.f = f

        def write(self, b):
            self.f.write(b[: len(b) // 2])  # half the text reaches the disk, then the crash
            raise RuntimeError("power cut")

        def __getattr__(self, name):
            return getattr(self.f, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

    monkeypatch.setattr(data_mod.os, "fdopen", lambda fd, mode: HalfWriter(real_fdopen(fd, mode)))
    with pytest.raises(RuntimeError, match="power cut"):
        save_csv(preset("seed-002"), p)
    assert p.read_bytes() == before
    _only(p)


def test_atomic_save_crash_at_fsync(previous, monkeypatch):
    p, before = previous

    def crash(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(data_mod.os, "fsync", crash)
    with pytest.raises(KeyboardInterrupt):
        save_csv(preset("step"), p)
    assert p.read_bytes() == before
    _only(p)


def test_atomic_save_writes_through_a_temp_file_in_the_same_folder(previous, monkeypatch):
    p, _ = previous
    seen = []
    real = os.replace

    def spy(src, dst):
        seen.append((Path(src), Path(dst), Path(src).read_bytes()))
        return real(src, dst)

    monkeypatch.setattr(data_mod.os, "replace", spy)
    save_csv(preset("step"), p)
    (src, dst, content), = seen
    assert src.parent == p.parent and src != p and dst == p
    assert content == p.read_bytes()
    _only(p)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_save_keeps_permission_bits(tmp_path):
    p = tmp_path / "m.csv"
    save_csv(Dataset([1], [2]), p)
    os.chmod(p, 0o640)
    save_csv(Dataset([3], [4]), p)
    assert stat.S_IMODE(os.stat(p).st_mode) == 0o640
    q = tmp_path / "new.csv"
    old = os.umask(0o022)
    try:
        save_csv(Dataset([1], [2]), q)
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(q).st_mode) == 0o644


# --------------------------------------------------------------------------------------
# csv_header
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fname, expected",
    [
        ("header_comma.csv", (["x", "y"], 2, True, ",")),
        ("no_header.csv", (["column 1", "column 2"], 2, False, ",")),
        ("semicolon.csv", (["x", "y"], 2, True, ";")),
        ("tab.csv", (["x", "y"], 2, True, "\t")),
        ("bom_crlf_blank_lines.csv", (["x", "y"], 2, True, ";")),
        ("text_column.csv", (["name", "height", "weight"], 3, True, ",")),
        ("three_columns_no_header.csv", (["column 1", "column 2", "column 3"], 3, False, ",")),
        ("quoted_header_with_delimiter.csv", (["height, cm", 'weight "kg"'], 2, True, ",")),
        ("one_column.csv", (["x"], 1, True, ",")),
        ("not_a_number.csv", (["x", "height"], 2, True, ",")),  # data rows are not checked
    ],
)
def test_csv_header(fname, expected):
    h = csv_header(CORPUS / fname)
    assert (h["names"], h["n_columns"], h["has_header"], h["delimiter"]) == expected
    assert set(h) == {"names", "n_columns", "has_header", "delimiter"}


@pytest.mark.parametrize(
    "fname, fragment",
    [
        ("empty.csv", "empty"),
        ("blank_only.csv", "empty"),
        ("binary_garbage.csv", "line 1, column 1: contains a NUL byte"),
        ("non_utf8_latin1.csv", "line 4, column 1: not UTF-8"),
        ("utf16.csv", "UTF-16"),
    ],
)
def test_csv_header_errors(fname, fragment):
    with pytest.raises(DataError, match=fragment):
        csv_header(CORPUS / fname)
    with pytest.raises(DataError, match="no such file"):
        csv_header(CORPUS / "missing.csv")


def test_csv_header_reads_only_the_start(tmp_path, big_csv):
    path, _, _ = big_csv
    # a bad byte far down is not its business; and a multi-byte character cut by the
    # read limit must not be mistaken for bad UTF-8
    p = tmp_path / "head.csv"
    rows = "".join(f"{i},{i}é\n" for i in range(30000))
    p.write_bytes(("température,y\n" + rows).encode("utf-8") + b"\xff\n")
    assert csv_header(p) == {"names": ["température", "y"], "n_columns": 2, "has_header": True, "delimiter": ","}
    assert csv_header(path)["names"] == ["x", "y"]


def test_csv_header_long_first_line(tmp_path):
    names = [f"column_{i}_é" for i in range(20000)]  # first line > 64 KiB
    p = tmp_path / "wide.csv"
    p.write_text(",".join(names) + "\n" + ",".join("1" for _ in names) + "\n", encoding="utf-8")
    h = csv_header(p)
    assert h["n_columns"] == 20000 and h["names"][-1] == "column_19999_é"


# --------------------------------------------------------------------------------------
# Dataset
# --------------------------------------------------------------------------------------


def test_dataset_basics():
    ds = Dataset([1, 2, 3], [4.0, 5.0, 6.0], name="d")
    assert len(ds) == ds.n == 3
    assert ds.x.dtype == np.float64 and ds.y.dtype == np.float64
    assert ds.x.ndim == 1 and ds.name == "d" and (ds.x_name, ds.y_name) == ("x", "y")
    assert ds.to_array().tolist() == [[1, 4], [2, 5], [3, 6]]
    assert "n=3" in repr(ds)


def test_dataset_is_immutable_and_copies():
    src_x = np.array([1.0, 2.0])
    src_y = [3.0, 4.0]
    ds = Dataset(src_x, src_y)
    src_x[0] = 99.0
    src_y[0] = 99.0
    assert ds.x.tolist() == [1.0, 2.0] and ds.y.tolist() == [3.0, 4.0]
    with pytest.raises(ValueError):
        ds.x[0] = 5.0
    with pytest.raises(ValueError):
        ds.y[:] = 0.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        ds.x = np.zeros(2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ds.name = "other"
    arr = ds.to_array()
    arr[0, 0] = 7.0  # a fresh copy
    assert ds.x[0] == 1.0


@pytest.mark.parametrize("clone", [copy.copy, copy.deepcopy, lambda d: pickle.loads(pickle.dumps(d))])
def test_dataset_copies_stay_read_only(clone):
    ds = Dataset([1.0, 2.0], [3.0, 4.0], name="n", x_name="a", y_name="b")
    c = clone(ds)
    assert c == ds
    assert not c.x.flags.writeable and not c.y.flags.writeable


def test_dataset_empty_is_legal():
    ds = Dataset([], [])
    assert ds.n == 0 and ds.x.shape == (0,) and ds.to_array().shape == (0, 2)
    assert Dataset.from_points([]).n == 0


@pytest.mark.parametrize(
    "x, y, fragment",
    [
        ([1, 2], [1], "x has 2 values but y has 1"),
        ([1, np.nan], [1, 2], r"x\[1\] is nan"),
        ([1, 2], [np.inf, 2], r"y\[0\] is inf"),
        ([1, 2], [2, -np.inf], r"y\[1\] is -inf"),
        ([[1, 2]], [[1, 2]], "one-dimensional"),
        (1.0, 2.0, "one-dimensional"),
        (["1", "2"], [1, 2], "must hold numbers"),
        ([1 + 2j], [1], "must hold numbers"),
        ([None], [1], "must hold numbers"),
    ],
)
def test_dataset_rejects_bad_values(x, y, fragment):
    with pytest.raises(DataError, match=fragment):
        Dataset(x, y)


def test_dataset_names():
    assert Dataset([1], [2], x_name="  h  ", y_name="").x_name == "h"
    assert Dataset([1], [2], y_name="").y_name == "y"
    with pytest.raises(DataError, match="one line"):
        Dataset([1], [2], x_name="a\nb")
    with pytest.raises(TypeError):
        Dataset([1], [2], name=3)


def test_dataset_equality_and_hash():
    a = Dataset([0.0, 1.0], [2.0, 3.0])
    b = Dataset(np.array([-0.0, 1.0]), (2, 3))
    assert a == b and hash(a) == hash(b)
    assert a != Dataset([0.0, 1.0], [2.0, 3.5])
    assert a != Dataset([0.0, 1.0], [2.0, 3.0], name="other")
    assert a != Dataset([0.0, 1.0], [2.0, 3.0], x_name="t")
    assert a != Dataset([0.0], [2.0])
    assert a != "not a dataset"
    assert len({a, b}) == 1


def test_from_points():
    ds = Dataset.from_points([(1, 0.85), (2, 1.43)], name="p")
    assert ds.x.tolist() == [1.0, 2.0] and ds.y.tolist() == [0.85, 1.43] and ds.name == "p"
    with pytest.raises(DataError, match="pairs"):
        Dataset.from_points([(1, 2, 3)])


def test_with_point():
    ds = preset("lesson")
    ds2 = ds.with_point(9, 5.5)
    assert ds2.n == 9 and (ds2.x[-1], ds2.y[-1]) == (9.0, 5.5)
    assert ds.n == 8  # original untouched
    assert ds2.name == ds.name and not ds2.x.flags.writeable
    assert Dataset([], []).with_point(1, 2).to_array().tolist() == [[1, 2]]
    with pytest.raises(DataError, match="finite"):
        ds.with_point(np.nan, 1.0)


def test_without():
    ds = Dataset([0, 1, 2, 3, 4], [10, 11, 12, 13, 14])
    assert ds.without(1).x.tolist() == [0, 2, 3, 4]
    assert ds.without([0, 4, 4]).y.tolist() == [11, 12, 13]
    assert ds.without(-1).x.tolist() == [0, 1, 2, 3]
    assert ds.without([]).x.tolist() == ds.x.tolist()
    assert ds.without(range(5)).n == 0
    assert ds.x.tolist() == [0, 1, 2, 3, 4]
    with pytest.raises(IndexError, match="5"):
        ds.without(5)
    with pytest.raises(IndexError):
        ds.without([-6])
    with pytest.raises(TypeError):
        ds.without([1.5])


def test_moved():
    ds = Dataset([0, 1, 2], [0, 1, 2])
    m = ds.moved([0, 2, 2], 0.5, -1.0)  # a repeated index moves once
    assert m.x.tolist() == [0.5, 1, 2.5] and m.y.tolist() == [-1, 1, 1]
    assert ds.x.tolist() == [0, 1, 2]
    with pytest.raises(DataError):
        ds.moved(0, np.inf, 0)


def test_with_points_set():
    ds = Dataset([0, 1, 2], [0, 1, 2])
    s = ds.with_points_set([1], [5.0], [6.0])
    assert s.to_array().tolist() == [[0, 0], [5, 6], [2, 2]]
    s2 = ds.with_points_set([0, 2], 9.0, [7.0, 8.0])  # scalars broadcast
    assert s2.to_array().tolist() == [[9, 7], [1, 1], [9, 8]]
    assert ds.to_array().tolist() == [[0, 0], [1, 1], [2, 2]]
    with pytest.raises(IndexError):
        ds.with_points_set(3, 0, 0)
    with pytest.raises(DataError):
        ds.with_points_set(0, np.nan, 0)


def test_concat_and_replace():
    a = Dataset([1], [2], name="a", x_name="h", y_name="w")
    b = Dataset([3, 4], [5, 6], name="b")
    c = a.concat(b, Dataset([], []))
    assert c.to_array().tolist() == [[1, 2], [3, 5], [4, 6]]
    assert (c.name, c.x_name, c.y_name) == ("a", "h", "w")
    assert a.concat() == a
    with pytest.raises(TypeError):
        a.concat([1, 2])
    r = dataclasses.replace(a, name="renamed")
    assert r.name == "renamed" and not r.x.flags.writeable


# --------------------------------------------------------------------------------------
# DataError
# --------------------------------------------------------------------------------------


def test_data_error_format_and_attributes():
    e = DataError("'abc' is not a number", "/tmp/points.csv", 7, 2, "height")
    assert str(e) == "points.csv, line 7, column 2 ('height'): 'abc' is not a number"
    assert (e.path, e.line, e.column, e.column_name, e.what) == (Path("/tmp/points.csv"), 7, 2, "height", "'abc' is not a number")
    assert isinstance(e, ValueError)
    assert str(DataError("bad", "p.csv", 3)) == "p.csv, line 3: bad"
    assert str(DataError("bad", "p.csv", 3, 1)) == "p.csv, line 3, column 1: bad"
    assert str(DataError("bad")) == "bad"
    assert (DataError("bad").path, DataError("bad").line, DataError("bad").column) == (None, None, None)
    e2 = pickle.loads(pickle.dumps(e))
    assert str(e2) == str(e) and e2.line == 7


# --------------------------------------------------------------------------------------
# Presets
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(gc.PRESETS))
def test_every_preset_builds(name):
    ds = preset(name)
    assert isinstance(ds, Dataset) and ds.n > 0 and ds.name == name
    assert np.isfinite(ds.x).all() and np.isfinite(ds.y).all()
    assert isinstance(gc.PRESETS[name], str) and gc.PRESETS[name] and "\n" not in gc.PRESETS[name]
    again = data_mod._BUILDERS[name]()  # deterministic: built afresh, same values
    assert again == ds
    if name not in ("lesson", "seed-002", "deer"):
        assert -10.0 <= ds.x.min() and ds.x.max() <= 10.0
        assert np.ptp(ds.y) < 20.0


def test_preset_names():
    assert list(gc.PRESETS) == ["lesson", "seed-002", "noisy-line", "deer", "sine", "plateau", "step"]
    with pytest.raises(ValueError, match="unknown preset 'nope'; choose one of: lesson, seed-002"):
        preset("nope")


def test_preset_lesson_is_seed_001_exactly():
    ds = preset("lesson")
    assert ds.x.tolist() == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]
    assert ds.y.tolist() == [0.85, 1.43, 1.92, 2.59, 3.20, 3.82, 4.38, 4.97]


def test_preset_seed_002():
    ds = preset("seed-002")
    assert ds.n == 10_000
    assert np.array_equal(ds.x, np.round(ds.x)) and ds.x.min() >= 0 and ds.x.max() <= 99
    assert np.array_equal(ds.y, 2 * ds.x + 1)
    assert len(np.unique(ds.x)) == 100  # every integer 0..99 drawn
    expect = np.random.default_rng(data_mod.SEED_002).integers(0, 100, size=10_000)
    assert np.array_equal(ds.x, expect)


def test_preset_deer_is_loaded_from_resources(monkeypatch):
    from gradviz.paths import resource_path

    path = resource_path("datasets", "deer.csv")
    ds = preset("deer")
    direct = load_csv(path)
    assert ds.x.tolist() == direct.x.tolist() and ds.y.tolist() == direct.y.tolist()
    assert (ds.x_name, ds.y_name) == ("height (cm)", "weight (kg)")
    assert 25 <= ds.n <= 40
    assert np.corrcoef(ds.x, ds.y)[0, 1] > 0.9  # roughly linear

    seen = []
    real = data_mod.load_csv

    def spy(p, *a, **k):
        seen.append(Path(p))
        return real(p, *a, **k)

    monkeypatch.setattr(data_mod, "load_csv", spy)
    assert data_mod._deer() == ds
    assert seen == [Path(path)]


def test_preset_shapes():
    step = preset("step")
    assert set(step.y.tolist()) == {0.0, 1.0}
    assert np.all(np.diff(step.y[np.argsort(step.x)]) >= 0)  # one jump, upwards
    plateau = preset("plateau")
    order = np.argsort(plateau.x)
    y = plateau.y[order]
    assert y[-5:].mean() - y[:5].mean() > 3.0  # rises
    assert np.ptp(y[-10:]) < 0.6  # then levels off
    sine = preset("sine")
    assert np.abs(sine.y - 2 * np.sin(sine.x)).max() < 0.5


# --------------------------------------------------------------------------------------
# The wall: core stays Qt-free
# --------------------------------------------------------------------------------------


def test_data_module_imports_no_gui_toolkit():
    code = (
        "import sys, gradviz.core.data as d; d.preset('deer'); "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'OpenGL', 'PyQt5', 'PyQt6')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_file_changed_while_loading_is_not_trusted(tmp_path, monkeypatch):
    """The vectorised path rereads the file; if it changed in between, the bytes read
    first (and checked) win."""
    p = tmp_path / "moving.csv"
    p.write_text("x,y\n1,2\n3,4\n")
    real = data_mod._read_bytes

    def read_then_change(path, *a, **k):
        out = real(path, *a, **k)
        p.write_text("x,y\n10,20\n30,40\n50,60\n")
        return out

    monkeypatch.setattr(data_mod, "_read_bytes", read_then_change)
    ds = load_csv(p)
    assert ds.to_array().tolist() == [[1, 2], [3, 4]]
