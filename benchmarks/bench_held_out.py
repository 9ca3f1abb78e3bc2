"""What a held-out set costs the training loop: the same runs with and without one, in
the same process (median of runs; asserts nothing).

    .venv/bin/python benchmarks/bench_held_out.py [--quick]

* seed 002's set-up: per-sample SGD on 10,000 points, ten epochs, 100 held out;
* 16 neurons on 10 points, per-sample SGD (a row of the epoch table every 10 steps, each
  with the held-out loss), 8 held out;
* a snapshot of a long network run (its path's held-out losses: the first snapshot
  computes them all, the next ones only the new entries).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

import gradviz.core as gc  # noqa: E402


def _medians(a, b, repeats):
    """Median seconds of ``a()`` and of ``b()``, run in turns (a busy machine slows both)."""
    ta, tb = [], []
    for _ in range(repeats):
        for fn, times in ((a, ta), (b, tb)):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
    return statistics.median(ta), statistics.median(tb)


def _row(name, base, held):
    print(f"{name:<58} {base * 1e3:9.1f} ms {held * 1e3:9.1f} ms {(held / base - 1) * 100:+7.1f} %")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer steps and repeats")
    quick = ap.parse_args(argv).quick
    repeats = 3 if quick else 7
    print(f"{'':<58} {'no held-out':>12} {'held out':>12} {'cost':>9}")
    s = gc.setup("seed-002")
    steps = s.steps // 10 if quick else s.steps

    def seed(held):
        tr = gc.Trainer(gc.make_model("line"), s.dataset, loss=s.loss, optimizer=s.optimizer, lr=s.lr,
                        params=s.start, batch_size=1, eval_dataset=s.eval_dataset if held else None)
        return lambda: (tr.reset(), tr.advance(steps), tr.snapshot())

    _row(f"seed 002, {steps:,} steps", *_medians(seed(False), seed(True), repeats))
    x = np.linspace(-3, 3, 10)
    xe = np.linspace(-2.7, 2.7, 8)
    train, held_out = gc.Dataset(x, 0.5 * x), gc.Dataset(xe, 0.5 * xe)
    k = 2_000 if quick else 20_000

    def net(held):
        tr = gc.Trainer(gc.make_model("network", hidden=16), train, loss="mse", optimizer="sgd", lr=0.01,
                        batch_size=1, eval_dataset=held_out if held else None)
        return lambda: (tr.reset(), tr.advance(k), tr.snapshot())

    _row(f"16 neurons, 10 points, sgd batch 1, {k:,} steps", *_medians(net(False), net(True), repeats))

    def snap(held):
        tr = gc.Trainer(gc.make_model("network", hidden=16), train, loss="mse", optimizer="adam", lr=0.01,
                        eval_dataset=held_out if held else None)
        tr.advance(k)
        tr.snapshot()
        return lambda: (tr.advance(1), tr.snapshot())

    _row("a snapshot after one more step (path of ~4,000 entries)", *_medians(snap(False), snap(True), repeats * 5))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
