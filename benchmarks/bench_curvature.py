"""Benchmark of per-point gradients and the analytic Hessian against finite differences,
in the same run.

    .venv/bin/python benchmarks/bench_curvature.py            # network H = 16, n = 1,000
    .venv/bin/python benchmarks/bench_curvature.py --quick    # fewer repeats

Prints medians and ratios; asserts nothing. BLAS threads are pinned to 1 (unless set) so
both sides are timed alike on a busy machine.

* ``per_point_gradients`` vs central differences of every point's own loss term, one
  parameter at a time (2 · n_params vectorised evaluations of all points' losses).
* ``hessian`` vs central differences of the analytic whole-data gradient, one parameter
  at a time (2 · n_params gradient evaluations).
The largest difference between each pair is printed too (the baselines are references).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

try:
    import gradviz.core as gc  # noqa: E402
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import gradviz.core as gc

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "core"))
from finite_differences import fd_hessian  # noqa: E402  (the tests' reference, shared)


def _median(fn, repeats):
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def fd_per_point(model, p, x, y, loss, h=1e-6):
    """Each point's loss term by central differences: column k from p ± h·e_k."""
    n = x.size
    scale = 1.0 / n if loss == "mse" else 1.0

    def terms(q):
        e = model.predict(q, x) - y
        if loss == "l1":
            return np.abs(e)
        return (0.5 if loss == "l2" else scale) * e * e

    G = np.empty((n, p.size))
    for k in range(p.size):
        a, b = p.copy(), p.copy()
        a[k] += h
        b[k] -= h
        G[:, k] = (terms(a) - terms(b)) / (2 * h)
    return G


def _symmetric(A):
    return 0.5 * (A + A.T)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repeats")
    args = ap.parse_args(argv)
    repeats = 5 if args.quick else 21
    H, n = 16, 1000
    rng = np.random.default_rng(0)
    x = rng.uniform(-3, 3, n)
    y = np.sin(2 * x) + 0.1 * rng.normal(size=n)
    model = gc.Network(H)
    p = model.init_params(1)
    try:
        load = "load average %.1f %.1f %.1f" % os.getloadavg()
    except OSError:
        load = "load average unknown"
    print(f"gradviz curvature benchmark: network H = {H} ({model.n_params} parameters), n = {n:,}, "
          f"median of {repeats}; numpy {np.__version__}, {os.cpu_count()} CPUs, {load}")
    print(f"  {'what':<34} {'loss':<5} {'analytic':>11} {'finite diff.':>13} {'ratio':>8} {'max |diff|':>11}")
    for loss in ("mse", "l2"):
        cases = (("per_point_gradients (n x P)", gc.per_point_gradients, fd_per_point),
                 ("hessian (P x P)", gc.hessian, lambda *a: _symmetric(fd_hessian(*a))))
        for label, fast, slow in cases:
            t_a, A = _median(lambda: fast(model, p, x, y, loss), repeats)
            t_f, F = _median(lambda: slow(model, p, x, y, loss), repeats)
            diff = float(np.abs(A - F).max())
            print(f"  {label:<34} {loss:<5} {t_a * 1e3:>8.2f} ms {t_f * 1e3:>10.2f} ms {t_f / t_a:>7.1f}x {diff:>11.1e}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
