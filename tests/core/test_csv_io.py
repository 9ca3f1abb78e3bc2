"""Tests for gradviz.core.csv_io: load_csv, csv_header, csv_preview and save_csv.

The CSV corpus lives in tests/data/csv/ (one small hand-made file per case, named for
what it is); CASES below says what each must give. Nothing here measures time.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gradviz.core import DataError, Dataset, csv_header, csv_preview, load_csv, preset, save_csv
from gradviz.core import csv_format, csv_io

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
    text, clean = csv_format.decode(raw)
    return csv_io._parse_text(
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
    real = csv_io._careful

    def spy(*a, **k):
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(csv_io, "_careful", spy)
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

    monkeypatch.setattr(csv_io, "open", denied, raising=False)
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

    monkeypatch.setattr(csv_io, "open", broken, raising=False)
    with pytest.raises(DataError, match=r"^io\.csv: cannot read the file: Input/output error"):
        load_csv(p)


@pytest.mark.parametrize("bad", ["", ",,", " ", '"', "\n", "1", "a", ".", 5])
def test_bad_delimiter_argument(bad):
    with pytest.raises(ValueError, match="delimiter"):
        load_csv(CORPUS / "header_comma.csv", delimiter=bad)


@pytest.mark.parametrize("bad", [(0,), (0, 1, 2, 0), "ab", 3, (0.0, 1), (True, 1)])
def test_bad_columns_argument(bad):
    with pytest.raises(TypeError):
        load_csv(CORPUS / "three_columns.csv", columns=bad)


def test_three_columns_name_two_inputs():
    """A triple of columns is (x1, x2, y): two inputs (a pair stays one input)."""
    ds = load_csv(CORPUS / "three_columns.csv", columns=(0, 1, 2))
    assert ds.n_inputs == 2 and ds.x.tolist() == [[1.0, 2.0], [4.0, 5.0]] and ds.y.tolist() == [3.0, 6.0]
    with pytest.raises(TypeError, match="triple"):
        load_csv(CORPUS / "three_columns.csv", columns=(0, 2), inputs=2)


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
            return csv_io._parse_text(text, True, path, None, delimiter, False, fast=fast)
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
            return csv_io._parse_text(text, True, path, columns, d, False, fast=(how == "memory"))
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



def test_file_changed_while_loading_is_not_trusted(tmp_path, monkeypatch):
    """The vectorised path rereads the file; if it changed in between, the bytes read
    first (and checked) win."""
    p = tmp_path / "moving.csv"
    p.write_text("x,y\n1,2\n3,4\n")
    real = csv_io._read_bytes

    def read_then_change(path, *a, **k):
        out = real(path, *a, **k)
        p.write_text("x,y\n10,20\n30,40\n50,60\n")
        return out

    monkeypatch.setattr(csv_io, "_read_bytes", read_then_change)
    ds = load_csv(p)
    assert ds.to_array().tolist() == [[1, 2], [3, 4]]


# --------------------------------------------------------------------------------------
# csv_preview
# --------------------------------------------------------------------------------------


def test_csv_preview_shows_the_first_rows_and_which_columns_are_numbers(tmp_path):
    p = tmp_path / "deer.csv"
    p.write_text("id,name,height,weight,age\n1,ann,100,60,3\n2,bob,110,66,4\n3,cid,120,75,5\n")
    pv = csv_preview(p)
    assert {k: pv[k] for k in ("names", "n_columns", "has_header", "delimiter")} == csv_header(p)
    assert pv["rows"] == [["1", "ann", "100", "60", "3"], ["2", "bob", "110", "66", "4"], ["3", "cid", "120", "75", "5"]]
    assert pv["numeric"] == [True, False, True, True, True]


def test_csv_preview_without_a_header_shows_the_first_row_too():
    pv = csv_preview(CORPUS / "three_columns_no_header.csv")
    assert pv["names"] == ["column 1", "column 2", "column 3"] and not pv["has_header"]
    assert pv["rows"] == [["1", "2", "3"], ["4", "5", "6"]]
    assert pv["numeric"] == [True, True, True]


def test_csv_preview_splits_cells_and_reads_numbers_as_load_csv_does(tmp_path):
    p = tmp_path / "cells.csv"
    p.write_text('a,b,c,d,e,f\n"1.5", +2 ,nan,1e400,"1,5",.5e1\n')
    pv = csv_preview(p)
    assert pv["rows"] == [["1.5", "+2", "nan", "1e400", "1,5", ".5e1"]]
    assert pv["numeric"] == [True, True, False, False, False, True]
    assert load_csv(p, columns=(0, 5)).to_array().tolist() == [[1.5, 5.0]]


@pytest.mark.parametrize("fname", ["ragged_too_many.csv", "unbalanced_quote.csv"])
def test_csv_preview_a_row_load_csv_refuses_leaves_no_column_to_choose(fname):
    pv = csv_preview(CORPUS / fname)
    assert len(pv["rows"]) == 2  # still shown
    assert pv["numeric"] == [False, False]
    with pytest.raises(DataError):
        load_csv(CORPUS / fname)


def test_csv_preview_blank_lines_bom_crlf_and_semicolons():
    pv = csv_preview(CORPUS / "bom_crlf_blank_lines.csv")
    assert pv["delimiter"] == ";" and pv["names"] == ["x", "y"]
    assert all(row and any(row) for row in pv["rows"]) and pv["numeric"] == [True, True]
    ds = load_csv(CORPUS / "bom_crlf_blank_lines.csv")
    assert [[float(c) for c in row] for row in pv["rows"]] == ds.to_array().tolist()[: len(pv["rows"])]


def test_csv_preview_max_rows(tmp_path, big_csv):
    p = tmp_path / "many.csv"
    p.write_text("x,y\n" + "".join(f"{i},{2 * i}\n" for i in range(50)))
    assert [r[0] for r in csv_preview(p, max_rows=3)["rows"]] == ["0", "1", "2"]
    assert len(csv_preview(p, max_rows=40)["rows"]) == 40
    empty = csv_preview(p, max_rows=0)
    assert empty["rows"] == [] and empty["numeric"] == [False, False]
    for bad in (-1, 2.5, True, None):
        with pytest.raises(ValueError, match="max_rows"):
            csv_preview(p, max_rows=bad)
    path, x, _ = big_csv  # only the start of a large file is read
    assert [float(r[0]) for r in csv_preview(path)["rows"]] == x[:6].tolist()


@pytest.mark.parametrize("fname, fragment", [("binary_nul.csv", "NUL byte"), ("empty.csv", "empty"),
                                             ("utf16.csv", "UTF-16")])
def test_csv_preview_errors_like_csv_header(fname, fragment):
    with pytest.raises(DataError, match=fragment):
        csv_preview(CORPUS / fname)
    with pytest.raises(DataError, match=fragment):
        csv_header(CORPUS / fname)


def test_csv_preview_missing_file_and_forced_delimiter(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        csv_preview(tmp_path / "nope.csv")
    p = tmp_path / "semi.csv"
    p.write_text("a;b,c\n1;2,5\n")
    assert csv_preview(p)["numeric"] == [True, False]  # sniffed ';': "2,5" is a decimal comma
    forced = csv_preview(p, delimiter=",")
    assert forced["names"] == ["a;b", "c"] and forced["numeric"] == [False, True]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(row, st.just([]), st.just(["  "])), min_size=1, max_size=8),
    st.sampled_from([",", ";", "\t"]),
    st.booleans(),
)
def test_csv_preview_numeric_columns_are_exactly_those_load_csv_reads(tmp_path_factory, rows, d, header):
    """With every row in view: load_csv(columns=(i, j)) works iff columns i and j are
    numeric in the preview."""
    lines = [d.join(r) for r in rows]
    if header:
        lines.insert(0, d.join(["a", "b", "c", "d"][: max(len(rows[0]), 1)]))
    path = tmp_path_factory.mktemp("pv") / "pv.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        pv = csv_preview(path, max_rows=20)
    except DataError:
        with pytest.raises(DataError):
            load_csv(path)
        return
    for i in range(pv["n_columns"]):
        for j in range(pv["n_columns"]):
            if i == j:
                continue
            try:
                load_csv(path, columns=(i, j))
                loads = True
            except DataError:
                loads = False
            assert loads == (pv["numeric"][i] and pv["numeric"][j]), (i, j, pv)
