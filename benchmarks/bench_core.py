"""Benchmark of gradviz's learning core against naive baselines, in the same run.

    .venv/bin/python benchmarks/bench_core.py            # full run (about a minute)
    .venv/bin/python benchmarks/bench_core.py --quick    # smaller, a few seconds

Prints a table; asserts nothing (timings belong here, not in the tests).

BLAS threads are pinned to 1 (OPENBLAS_NUM_THREADS etc., unless already set) before
numpy is imported: on a busy machine OpenBLAS's worker threads stall behind other
processes and turn a 20 µs dot product into milliseconds, on the fast and on the naive
side alike, which makes the comparison noise. Single-threaded, both sides are fair.

* Line landscape, 200 x 200 grid, 100,000 points: ``loss_surface`` vs the naive
  "one vectorised numpy pass over all points per grid point" (40,000 passes). The
  baseline is timed on a subset of grid rows and extrapolated (said in the output).
* Network slice, 64 x 64 grid, 1,000 points, H = 16: ``loss_surface`` vs re-evaluating
  the whole network at every grid point (``model.loss`` on a parameter copy).
* Trainer throughput: line GD on the lesson data; network H = 16, n = 1,000 with Adam (one
  input; two inputs; two inputs with a sigmoid output and bce, with its time ratio);
  the line with a learning-rate schedule beside the same runs at a constant rate.
* Contour lines (what both landscape views draw after every surface change, e.g. each
  move of a dragged point): ``marching_squares`` on the views' 97 x 97 grid at 14 levels vs
  the first implementation, which worked on the whole grid once per level
  (tests/core/contour_reference.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import types
from pathlib import Path

_NUMPY_ALREADY_LOADED = "numpy" in sys.modules
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

try:
    import gradviz.core as gc  # noqa: E402
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import gradviz.core as gc

LESSON_X = np.arange(1.0, 9.0)
LESSON_Y = np.array([0.85, 1.43, 1.92, 2.59, 3.20, 3.82, 4.38, 4.97])


def _median_time(fn, repeats):
    times = []
    out = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def _fmt_t(s):
    if s < 1e-3:
        return f"{s * 1e6:8.1f} µs"
    if s < 1.0:
        return f"{s * 1e3:8.2f} ms"
    return f"{s:8.2f} s "


def _naive_line_rows(x, y, u, v, loss, rows):
    """Baseline: for every grid point one numpy pass over all the data."""
    Z = np.empty((len(rows), v.size))
    n = x.size
    for ia, a in enumerate(rows):
        w = u[a]
        for ib in range(v.size):
            e = w * x + v[ib] - y
            if loss == "l1":
                Z[ia, ib] = np.abs(e).sum()
            elif loss == "l2":
                Z[ia, ib] = 0.5 * np.dot(e, e)
            else:
                Z[ia, ib] = np.dot(e, e) / n
    return Z


def bench_line(n, G, repeats, naive_rows, out):
    rng = np.random.default_rng(1)
    x = rng.uniform(-5, 15, n)
    y = 0.6 * x + 0.2 + rng.normal(0, 1.5, n)
    w0, b0 = gc.least_squares(x, y)
    u = np.linspace(w0 - 1.5, w0 + 1.5, G)
    v = np.linspace(b0 - 6, b0 + 6, G)
    model = gc.make_model("line")
    p = np.array([1.0, 0.0])
    rows = np.linspace(0, G - 1, naive_rows).round().astype(int)
    results = {}
    for loss in ("l2", "mse", "l1"):
        t_fast, Z = _median_time(lambda: gc.loss_surface(model, p, 0, 1, u, v, x, y, loss), repeats)
        t_rows, Zn = _median_time(lambda: _naive_line_rows(x, y, u, v, loss, rows), max(1, repeats // 2))
        t_naive = t_rows * G / len(rows)
        err = float(np.max(np.abs(Z[rows] - Zn)) / np.max(np.abs(Zn)))
        results[loss] = (t_fast, t_naive, err)
    out.append(f"Line landscape: {G}x{G} grid, n = {n:,} points "
               f"(naive timed on {len(rows)} of {G} rows = {len(rows) * G:,} grid points, "
               f"extrapolated to {G * G:,})")
    out.append(f"  {'loss':<5} {'loss_surface':>12} {'naive (extrap.)':>16} {'speed-up':>10} {'max rel. diff':>14}")
    for loss, (tf, tn, err) in results.items():
        out.append(f"  {loss:<5} {_fmt_t(tf):>12} {_fmt_t(tn):>16} {tn / tf:>9.0f}x {err:>14.1e}")
    return results


def bench_network(n, G, H, repeats, naive_repeats, out):
    rng = np.random.default_rng(2)
    x = np.sort(rng.uniform(-3, 3, n))
    y = np.sin(2 * x) + rng.normal(0, 0.1, n)
    model = gc.make_model("network", hidden=H)
    p = model.init_params(3)
    slices = [
        ("w1 x b1 (same neuron)", 0, 1),
        ("w1 x v1 (same neuron)", 0, 2),
        ("w1 x w2 (two neurons)", 0, 3),
        ("v5 x c", 14, 3 * H),
    ]
    results = {}
    out.append(f"Network slice: {G}x{G} grid, n = {n:,} points, H = {H} "
               f"(naive = full network re-evaluated at every grid point via model.loss)")
    out.append(f"  {'slice':<22} {'loss':<4} {'loss_surface':>12} {'naive':>12} {'speed-up':>10} {'max rel. diff':>14}")
    for label, i, j in slices:
        u = p[i] + np.linspace(-2, 2, G)
        v = p[j] + np.linspace(-2, 2, G)
        for loss in ("l2", "l1"):
            tf, Z = _median_time(lambda: gc.loss_surface(model, p, i, j, u, v, x, y, loss), repeats)
            key = (label, loss)
            if label == slices[0][0] and loss == "l2":
                tn, Zn = _median_time(lambda: gc.loss_surface_naive(model, p, i, j, u, v, x, y, loss), naive_repeats)
                results["naive"] = tn
                err = float(np.max(np.abs(Z - Zn)) / np.max(np.abs(Zn)))
            else:
                tn = results["naive"]  # the naive cost does not depend on the slice or loss
                sub = np.arange(0, G, 8)
                Zs = np.array([[model.loss(np.where(np.arange(p.size) == i, u[a], np.where(np.arange(p.size) == j, v[b], p)),
                                           x, y, loss) for b in sub] for a in sub])
                err = float(np.max(np.abs(Z[np.ix_(sub, sub)] - Zs)) / np.max(np.abs(Zs)))
            results[key] = (tf, tn, err)
            out.append(f"  {label:<22} {loss:<4} {_fmt_t(tf):>12} {_fmt_t(tn):>12} {tn / tf:>9.0f}x {err:>14.1e}")
    return results


def bench_trainer(steps_line, steps_net, out):
    ds = types.SimpleNamespace(x=LESSON_X, y=LESSON_Y)
    out.append("Trainer throughput (median of 3)")
    rows = []
    tr = gc.Trainer(gc.make_model("line"), ds, loss="l2", optimizer="gd", lr=0.001, params=[1.0, 0.0])
    t, _ = _median_time(lambda: tr.step(steps_line), 3)
    rows.append(("line, gd, l2, lesson data (n = 8)", steps_line / t, t / steps_line))

    class _PlainLine(gc.Line):  # forces the generic numpy route (no O(1) quadratic)
        pass

    tr = gc.Trainer(_PlainLine(), ds, loss="l2", optimizer="gd", lr=0.001, params=[1.0, 0.0])
    t, _ = _median_time(lambda: tr.step(steps_line), 3)
    rows.append(("  same, generic numpy route", steps_line / t, t / steps_line))
    rng = np.random.default_rng(4)
    x = np.sort(rng.uniform(-3, 3, 1000))
    dsn = types.SimpleNamespace(x=x, y=np.sin(2 * x))
    tr = gc.Trainer(gc.make_model("network", hidden=16), dsn, loss="mse", optimizer="adam", lr=0.01, seed=1)
    t, _ = _median_time(lambda: tr.step(steps_net), 3)
    rows.append(("network H=16, adam, mse, n = 1,000", steps_net / t, t / steps_net))
    # the same network with two inputs (x1, x2), and as a classifier (sigmoid output, bce)
    t1 = t
    x2 = np.column_stack([x, rng.uniform(-3, 3, 1000)])
    ds2 = types.SimpleNamespace(x=x2, y=np.sin(2 * x2[:, 0]) * np.cos(x2[:, 1]))
    tr = gc.Trainer(gc.make_model("network", hidden=16, inputs=2), ds2, loss="mse", optimizer="adam", lr=0.01, seed=1)
    t, _ = _median_time(lambda: tr.step(steps_net), 3)
    rows.append((f"  same, two inputs ({t / t1:.2f}x the time)", steps_net / t, t / steps_net))
    dsc = types.SimpleNamespace(x=x2, y=(x2[:, 0] * x2[:, 1] > 0).astype(float))
    tr = gc.Trainer(gc.make_model("network", hidden=16, inputs=2, output="sigmoid"), dsc, loss="bce",
                    optimizer="adam", lr=0.01, seed=1)
    t, _ = _median_time(lambda: tr.step(steps_net), 3)
    rows.append((f"  two inputs, sigmoid, bce ({t / t1:.2f}x)", steps_net / t, t / steps_net))
    tr = gc.Trainer(gc.make_model("line"), types.SimpleNamespace(x=x, y=2 * x + 1), loss="mse",
                    optimizer="sgd", lr=1e-3, batch_size=1, params=[0.0, 0.0])
    t, _ = _median_time(lambda: tr.step(steps_line), 3)
    rows.append(("line, sgd batch 1, mse, n = 1,000", steps_line / t, t / steps_line))
    # a schedule costs one rate per step; the rows above are the constant rate
    tr = gc.Trainer(gc.make_model("line"), ds, loss="l2", optimizer="gd", lr=0.001, params=[1.0, 0.0],
                    schedule=gc.schedules.cosine(10**9))
    t, _ = _median_time(lambda: tr.step(steps_line), 3)
    rows.append(("line, gd, l2, n = 8, cosine schedule", steps_line / t, t / steps_line))
    tr = gc.Trainer(gc.make_model("line"), types.SimpleNamespace(x=x, y=2 * x + 1), loss="mse",
                    optimizer="sgd", lr=1e-3, batch_size=1, params=[0.0, 0.0], schedule=gc.schedules.step(100, 0.99))
    t, _ = _median_time(lambda: tr.step(steps_line), 3)
    rows.append(("line, sgd batch 1, n = 1,000, step schedule", steps_line / t, t / steps_line))
    out.append(f"  {'run':<44} {'steps/s':>10} {'per step':>12}")
    for label, sps, per in rows:
        out.append(f"  {label:<44} {sps:>10,.0f} {_fmt_t(per):>12}")
    return rows


def bench_contours(repeats, out):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "core"))
    from contour_reference import marching_squares_per_level

    u, v = np.meshgrid(np.linspace(-2, 2, 97), np.linspace(-2, 2, 97), indexing="ij")
    bowl = 5 * (u - 0.3) ** 2 + (v + 0.2) ** 2 + 0.5 * u * v            # a line's L2 bowl
    rng = np.random.default_rng(5)
    rough = np.sin(3 * u) * np.cos(2 * v) + 0.1 * rng.normal(size=u.shape)  # many crossings
    out.append(f"Contour lines, 97 x 97 grid, 14 levels (median of {repeats})")
    out.append(f"  {'surface':<28} {'segments':>9} {'ours':>12} {'per level':>12} {'ratio':>8}")
    rows = []
    for label, Z in (("bowl (log-spaced levels)", bowl), ("rough (many crossings)", rough)):
        levels = (np.geomspace(0.05, float(Z.max()), 14) if Z.min() >= 0
                  else np.linspace(float(Z.min()), float(Z.max()), 16)[1:-1])
        t_ours, (segs, _) = _median_time(lambda: gc.marching_squares(Z, levels), repeats)
        t_ref, _ = _median_time(lambda: marching_squares_per_level(Z, levels), repeats)
        rows.append((label, len(segs), t_ours, t_ref))
        out.append(f"  {label:<28} {len(segs):>9,} {_fmt_t(t_ours):>12} {_fmt_t(t_ref):>12} {t_ref / t_ours:>7.1f}x")
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller sizes and fewer repeats")
    args = ap.parse_args(argv)
    out: list[str] = []
    quick = args.quick
    t0 = time.perf_counter()
    blas = os.environ.get("OPENBLAS_NUM_THREADS")
    if _NUMPY_ALREADY_LOADED:
        blas = f"{blas} requested, but numpy was imported before this module: not applied"
    try:
        load = "load average %.1f %.1f %.1f" % os.getloadavg()
    except OSError:
        load = "load average unknown"
    print(f"gradviz core benchmark{' (--quick)' if quick else ''}: numpy {np.__version__}, "
          f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {load}, "
          f"OPENBLAS_NUM_THREADS={blas}", flush=True)
    if quick:
        bench_line(n=20_000, G=100, repeats=3, naive_rows=2, out=out)
    else:
        bench_line(n=100_000, G=200, repeats=5, naive_rows=4, out=out)
    print("\n".join(out), flush=True)
    out.clear()
    if quick:
        bench_network(n=300, G=32, H=16, repeats=3, naive_repeats=1, out=out)
    else:
        bench_network(n=1000, G=64, H=16, repeats=5, naive_repeats=2, out=out)
    print("\n".join(out), flush=True)
    out.clear()
    bench_trainer(steps_line=5_000 if quick else 50_000, steps_net=200 if quick else 2_000, out=out)
    print("\n".join(out), flush=True)
    out.clear()
    bench_contours(repeats=5 if quick else 21, out=out)
    print("\n".join(out))
    print(f"(total {time.perf_counter() - t0:.1f} s; medians; the naive baselines run in the same process)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
