"""Property-based tests (hypothesis) that the other core tests leave out.

Already covered elsewhere, not repeated here: network backprop vs finite differences for
l2/mse (test_models.py), the line's surface vs brute force (test_surface.py), the CSV
round trip of random points and the fast CSV path vs the reference parser (test_csv_io.py),
the trainer's O(1) route for the line vs the model (test_objectives.py).

Here: analytic gradients of every model under every loss (L1 away from its kinks) on
random data of any size, including none; the sigmoid models' fast surfaces vs brute force
on random slices; the CSV round trip with random
column names; ``load_csv(max_abs=...)``, the app's limit on values; and data with huge or
tiny values: no warning, no exception, finite snapshots.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import gradviz.core as gc
from gradviz.core import LOSSES, Line, Network, Neuron
from gradviz.core import DataError, Dataset, load_csv, save_csv

from finite_differences import fd_grad  # tests/core/finite_differences.py

SLOW = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def models():
    return st.one_of(st.just(Line()), st.just(Neuron()), st.integers(1, 6).map(Network))


@settings(max_examples=150, **SLOW)
@given(model=models(), loss=st.sampled_from(LOSSES), seed=st.integers(0, 2**32 - 1), n=st.integers(0, 25),
       pscale=st.floats(0.05, 3.0), xscale=st.floats(0.05, 5.0))
def test_gradient_matches_finite_differences(model, loss, seed, n, pscale, xscale):
    rng = np.random.default_rng(seed)
    p = rng.normal(0, pscale, model.n_params)
    x = rng.uniform(-xscale, xscale, n)
    y = rng.normal(0, 2, n)
    h = 1e-6
    if loss == "l1" and n:
        # L1 has a kink where a residual is zero: stay well away from it (the step h moves a
        # prediction by at most h * (|x| + 1) * (1 + |params|) in this range)
        e = model.predict(p, x) - y
        assume(np.min(np.abs(e)) > 1e3 * h * (1 + xscale) * (1 + np.abs(p).max()))
    L, g = model.loss_and_grad(p, x, y, loss)
    assert L == pytest.approx(model.loss(p, x, y, loss), rel=1e-12, abs=1e-300)
    fd = fd_grad(model, p, x, y, loss, h)
    np.testing.assert_allclose(g, fd, rtol=1e-5, atol=1e-6 * (1 + np.abs(fd).max() + L))


@settings(max_examples=60, **SLOW)
@given(model=st.one_of(st.just(Neuron()), st.integers(1, 4).map(Network)), loss=st.sampled_from(LOSSES),
       seed=st.integers(0, 2**32 - 1), n=st.integers(0, 30), gu=st.integers(1, 7), gv=st.integers(1, 6),
       data=st.data())
def test_sigmoid_model_surfaces_match_brute_force(model, loss, seed, n, gu, gv, data):
    rng = np.random.default_rng(seed)
    p = rng.normal(0, 1.5, model.n_params)
    x = rng.uniform(-3, 3, n)
    y = rng.normal(0, 2, n)
    i = data.draw(st.integers(0, model.n_params - 1), label="i")
    j = data.draw(st.integers(0, model.n_params - 1).filter(lambda k: k != i), label="j")
    u = p[i] + np.sort(rng.uniform(-4, 4, gu))
    v = p[j] + np.sort(rng.uniform(-4, 4, gv))
    Z = gc.loss_surface(model, p, i, j, u, v, x, y, loss)
    Zn = gc.loss_surface_naive(model, p, i, j, u, v, x, y, loss)
    np.testing.assert_allclose(Z, Zn, rtol=1e-9, atol=1e-9 * max(1.0, float(np.abs(Zn).max(initial=0.0))))


# ----- CSV -----------------------------------------------------------------------------------------

name_chars = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\n\r\x00\u2028\u2029\x85")
names = st.text(name_chars, min_size=1, max_size=12).filter(lambda s: s.strip() != "")
finite = st.floats(allow_nan=False, allow_infinity=False, allow_subnormal=True)


@settings(max_examples=150, **SLOW)
@given(pts=st.lists(st.tuples(finite, finite), min_size=0, max_size=30), x_name=names, y_name=names)
def test_csv_round_trip_with_random_names(tmp_path_factory, pts, x_name, y_name):
    ds = Dataset.from_points(pts, x_name=x_name, y_name=y_name)
    path = tmp_path_factory.mktemp("rt") / "named.csv"
    try:
        save_csv(ds, path)
    except DataError as exc:  # a name that reads as a number would come back as data
        assert "looks like a number" in str(exc)
        assert not path.exists()
        return
    back = load_csv(path, allow_empty=True)
    assert (back.x_name, back.y_name) == (ds.x_name, ds.y_name)
    assert back.x.view(np.int64).tolist() == ds.x.view(np.int64).tolist()
    assert back.y.view(np.int64).tolist() == ds.y.view(np.int64).tolist()


@settings(max_examples=150, **SLOW)
@given(pts=st.lists(st.tuples(finite, finite), min_size=1, max_size=30),
       limit=st.sampled_from([1.0, 1e10, gc.MAX_ABS_VALUE, 1e300]))
def test_max_abs_refuses_exactly_the_values_beyond_it(tmp_path_factory, pts, limit):
    ds = Dataset.from_points(pts)
    path = save_csv(ds, tmp_path_factory.mktemp("lim") / "pts.csv")
    big = np.flatnonzero((np.abs(ds.x) > limit) | (np.abs(ds.y) > limit))
    if big.size == 0:
        back = load_csv(path, max_abs=limit)
        assert np.array_equal(back.x, ds.x) and np.array_equal(back.y, ds.y)
        return
    with pytest.raises(DataError) as info:
        load_csv(path, max_abs=limit)
    row = int(big[0])
    err = info.value
    assert err.line == row + 2  # the header is line 1
    assert err.column == (1 if abs(ds.x[row]) > limit else 2)
    assert "is too large (values must lie within" in err.what


# ----- huge and tiny values: nothing warns, nothing raises, snapshots stay finite --------------------

magnitudes = st.sampled_from([1e-300, 1e-9, 1.0, 1e9, 1e100, 1e160, 1e300, 1.7976931348623157e308])


@settings(max_examples=80, **SLOW)
@given(model=models(), loss=st.sampled_from(LOSSES), optimizer=st.sampled_from(gc.OPTIMIZERS),
       seed=st.integers(0, 2**32 - 1), n=st.integers(0, 12), xmag=magnitudes, ymag=magnitudes)
def test_extreme_data_never_warns_or_raises(model, loss, optimizer, seed, n, xmag, ymag):
    """Datasets accept any finite double. Whatever the data, the trainer, least squares, the
    stable rate and the surfaces give numbers or an explanation, never a warning or an
    exception; a snapshot never holds a non-finite number. (Before: a line with values
    ~1e160 made LineSums warn "overflow encountered in dot", and Trainer(), reset() and
    set_model() raised "the loss is not finite at these parameters", which in the GUI left
    the training thread without a trainer.)"""
    rng = np.random.default_rng(seed)
    x = xmag * rng.uniform(-1, 1, n)
    y = ymag * rng.uniform(-1, 1, n)
    ds = Dataset(x, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        w, b = gc.least_squares(x, y)
        lr = gc.max_stable_lr(x, y, loss)
        assert not math.isnan(lr)
        tr = gc.Trainer(model, ds, loss=loss, optimizer=optimizer, lr=1e-3, batch_size=2)
        snaps = [tr.snapshot(), tr.step(5)]
        tr.reset()
        tr.set_model(model)
        tr.set_loss("l1" if loss != "l1" else "l2")
        snaps += [tr.step(3), tr.snapshot()]
        for s in snaps:
            for a in (s.params, s.grad, s.path_params, s.path_losses):
                assert np.isfinite(a).all()
            assert math.isfinite(s.loss)
            if s.diverged:
                assert s.diverged.endswith(".")  # a sentence for the learner
        p = model.init_params()
        u = np.linspace(p[0] - 1, p[0] + 1, 4)
        v = np.linspace(p[1] - 1, p[1] + 1, 3)
        Z = gc.loss_surface(model, p, 0, 1, u, v, x, y, loss)
        gc.suggest_window(model, p, 0, 1, x, y, loss)
    with np.errstate(all="ignore"):  # the brute-force reference may overflow (to inf) loudly
        Zn = gc.loss_surface_naive(model, p, 0, 1, u, v, x, y, loss)
    assert Z.shape == (4, 3)
    if max(xmag, ymag) < 1e307:  # (known, left: beyond, the line's sums overflow, e.g. its mean)
        assert np.isfinite(Z[np.isfinite(Zn)]).all()  # finite wherever the loss is
    assert math.isfinite(w) or xmag > 1e150 or ymag > 1e150


def test_not_finite_at_the_start_is_said_not_raised():
    x = np.array([1e200, -1e200, 3e199])
    tr = gc.Trainer(Line(), Dataset(x, x), loss="l2", lr=1e-3)
    s = tr.step(10)
    assert s.step == 0 and s.diverged and "not finite at the start point" in s.diverged
    tr.set_loss("l1")  # L1 of these is finite: reset, and it trains
    tr.reset()
    assert tr.snapshot().diverged is None and tr.step(3).step == 3
