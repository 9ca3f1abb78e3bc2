"""Benchmark of CSV loading: ``gradviz.core.load_csv`` against ``numpy.loadtxt``.

    .venv/bin/python benchmarks/bench_data.py            # 1,000,000 rows
    .venv/bin/python benchmarks/bench_data.py --quick    # 100,000 rows

Writes a two-column CSV with a header (full-precision random floats, as ``save_csv``
writes them) into a temporary folder, then times, on the same file, alternating runs of

* ``gc.load_csv(path)``: header detection, delimiter sniffing, all checks (NaN/inf,
  ragged rows, encoding), returning a read-only ``Dataset``;
* ``numpy.loadtxt(path, delimiter=",", skiprows=1)``: the baseline, no checks beyond
  its own parse.

Prints the median wall-clock and CPU time of several runs of each, and their ratios
(CPU time is steadier when other processes compete for the cores); asserts nothing (timings
belong here, not in the tests). Also checks, once, that both give identical floats.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

try:
    import gradviz.core as gc
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import gradviz.core as gc


def write_csv(path: Path, rows: int, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=rows) * 10.0
    y = 2.0 * x + 1.0 + rng.normal(size=rows)
    gc.save_csv(gc.Dataset(x, y), path)


def _time(fn) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) for one call."""
    w0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w0, time.process_time() - c0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="100,000 rows instead of 1,000,000")
    ap.add_argument("--rows", type=int, default=None, help="number of rows (overrides --quick)")
    ap.add_argument("--repeats", type=int, default=None, help="runs of each (default 5, --quick 7)")
    args = ap.parse_args(argv)
    rows = args.rows or (100_000 if args.quick else 1_000_000)
    repeats = args.repeats or (7 if args.quick else 5)

    with tempfile.TemporaryDirectory(prefix="gradviz-bench-data-") as tmp:
        path = Path(tmp) / "points.csv"
        t_write, _ = _time(lambda: write_csv(path, rows))
        size_mb = path.stat().st_size / 1e6
        print(f"CSV load: {rows:,} rows x 2 columns + header, {size_mb:.1f} MB (written by save_csv in {t_write:.2f} s)")

        ds = gc.load_csv(path)
        ref = np.loadtxt(path, delimiter=",", skiprows=1)
        same = np.array_equal(ds.x.view(np.int64), ref[:, 0].view(np.int64)) and np.array_equal(
            ds.y.view(np.int64), ref[:, 1].view(np.int64)
        )
        print(f"  identical floats to numpy.loadtxt: {'yes' if same else 'NO'}")

        ours, base = [], []
        for _ in range(repeats):  # alternate, so machine noise hits both alike
            ours.append(_time(lambda: gc.load_csv(path)))
            base.append(_time(lambda: np.loadtxt(path, delimiter=",", skiprows=1)))
        for label, runs in (("gc.load_csv", ours), ("numpy.loadtxt(delimiter=',', skiprows=1)", base)):
            wall = [w for w, _ in runs]
            cpu = [c for _, c in runs]
            print(
                f"  {label:42s} wall median {statistics.median(wall):6.3f} s (min {min(wall):.3f}),"
                f" CPU median {statistics.median(cpu):6.3f} s  [{repeats} runs]"
            )
        w_ratio = statistics.median(w for w, _ in ours) / statistics.median(w for w, _ in base)
        c_ratio = statistics.median(c for _, c in ours) / statistics.median(c for _, c in base)
        m_ours = statistics.median(w for w, _ in ours)
        print(f"  ratio load_csv / loadtxt: wall {w_ratio:.2f}, CPU {c_ratio:.2f}  ({rows / m_ours / 1e6:.2f} M rows/s wall)")
        print("  (CPU time is the steadier figure on a shared machine; wall time includes waiting for a core)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
