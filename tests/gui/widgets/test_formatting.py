"""The one number formatter: each function against hand-written expectations."""

from __future__ import annotations

import math

import pytest

from gradviz.gui.widgets import formatting as f


@pytest.mark.parametrize("v", [0.00316, 0.0012346, 1e-8, 2.5, 10.0, 1e-12, 123456789.0, 0.1 + 0.2,
                               1e-5, 3e-6, -0.75, 7.0e22])
def test_exact_reads_back_as_the_same_number(v):
    text = f.exact(v)
    assert float(text) == v
    assert len(text) <= 19  # the shortest digits that read back, plus sign and exponent


@pytest.mark.parametrize("v, text", [(0.00316, "0.00316"), (0.0012346, "0.0012346"), (1e-8, "1e-8"),
                                     (10.0, "10"), (1e-5, "0.00001"), (-0.0, "0"), (2e6, "2000000"), (3e9, "3e9")])
def test_exact_texts(v, text):
    assert f.exact(v) == text


@pytest.mark.parametrize("fn", [f.num, f.exact, f.fixed, f.short, f.tick, f.signed])
@pytest.mark.parametrize("v", [math.nan, math.inf, -math.inf])
def test_non_finite_is_a_dash(fn, v):
    assert fn(v) == f.DASH


def test_num_and_term():
    assert f.num(-0.123456) == "−0.12346"
    assert f.num(0) == "0"
    assert f.num(-1.5e-7) == "−1.5e−7"
    assert f.num(None) == f.DASH
    assert f.term(-2) == " − 2"
    assert f.term(0.25) == " + 0.25"


def test_signed_fixed_short_point():
    assert f.signed(0.000123456) == "+0.000123"
    assert f.signed(-2) == "-2"
    assert f.fixed(-0.0001) == "0.000"  # never "-0.000"
    assert f.fixed(123456.0) == "1.23e5"
    assert f.short(-0.001) == "0.00"
    assert f.short(123.45) == "123.5"
    assert f.short(-4567.2) == "-4567"
    assert f.short(1234567.0) == "1e6"
    assert f.point(1.5, -2) == "(1.5, -2)"


@pytest.mark.parametrize("value, step, text", [(0.5, 0.1, "0.5"), (500.0, 100.0, "500"), (0.0005, 0.0001, "0.0005"),
                                               (2e-7, 1e-7, "2e-7"), (1e7, 1e6, "1e7"), (-0.0, 0.5, "0.0")])
def test_tick_shows_the_real_value(value, step, text):
    assert f.tick(value, step) == text


@pytest.mark.parametrize("n, text", [(0, "0 points"), (1, "1 point"), (2, "2 points"), (1000, "1,000 points")])
def test_plural(n, text):
    assert f.plural(n) == text
    assert f.plural(1, "epoch") == "1 epoch"


def test_diagram_labels_are_short_and_never_say_minus_zero():
    assert f.fixed(-0.5123) == "-0.512" and f.fixed(-0.0001) == "0.000"
    assert f.short(3.14159) == "3.14" and f.short(-250.04) == "-250.0" and f.short(-0.001) == "0.00"
    assert f.short(12345.6) == "12346" and f.short(2.5e6) == "2e6"
    assert f.fixed(math.nan) == f.DASH and f.short(-math.inf) == f.DASH
