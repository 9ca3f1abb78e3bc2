"""Benchmark of exact replay (Trainer.params_at / snapshot_at / rewind), against plain
figures of the same run.

    .venv/bin/python benchmarks/bench_replay.py            # a million-step scrub, ten million for memory
    .venv/bin/python benchmarks/bench_replay.py --quick    # 200,000 and 1,000,000 steps

* Scrub: a run of N steps on the lesson data (gd; sgd with batch 1; adam with batch 3),
  then ``snapshot_at`` (what the timeline shows) and ``params_at`` at 200 random past
  steps: median and worst ms, against a live frame of the same trainer (one step and
  its snapshot, what the app publishes while training).
* Training: steps/s of fresh runs (a tenth of N steps, where checkpoints are densest)
  with their checkpoints against the same trainer with none due (the plain run),
  six of each, interleaved: medians.
* Memory: line gd for ten million steps: what the replay log holds, and the process's
  peak memory growth from one million to ten million steps.
"""

from __future__ import annotations

import argparse
import os
import resource
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
from gradviz.core import replay  # noqa: E402

RUNS = [("gd", None, 0.001), ("sgd", 1, 0.001), ("adam", 3, 0.01)]


def _trainer(opt, bs, lr):
    return gc.Trainer(gc.make_model("line"), gc.preset("lesson"), optimizer=opt, lr=lr, batch_size=bs, seed=1)


def _train(tr, n, chunk=100_000):
    t0 = time.perf_counter()
    while tr.step_count < n:
        tr.advance(min(chunk, n - tr.step_count))
    return time.perf_counter() - t0


def _ms(fn, repeats):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times), max(times)


def _plain_vs_replay(opt, bs, lr, n, repeats):
    """Median steps/s of a fresh run of n steps without and with checkpoints, interleaved."""
    saved = replay.FIRST_SPACING
    plain, kept = [], []
    for i in range(repeats):
        for with_checkpoints in ((True, False) if i % 2 else (False, True)):  # ABBA: no order bias
            replay.FIRST_SPACING = saved if with_checkpoints else 1 << 62  # 1 << 62: none is ever due
            try:
                (kept if with_checkpoints else plain).append(n / _train(_trainer(opt, bs, lr), n))
            finally:
                replay.FIRST_SPACING = saved
    return statistics.median(kept), statistics.median(plain)


def bench_scrub(n, scrubs):
    print(f"\nScrub: a run of {n:,} steps on the lesson data, then {scrubs} random past steps")
    print(f"{'run':<14}{'steps/s':>10}{'plain':>10}{'ratio':>7}"
          f"{'snapshot_at ms':>16}{'worst':>8}{'params_at ms':>14}{'worst':>8}{'live frame ms':>15}")
    rng = np.random.default_rng(0)
    for opt, bs, lr in RUNS:
        tr = _trainer(opt, bs, lr)
        _train(tr, n)
        kept, plain = _plain_vs_replay(opt, bs, lr, max(n // 10, 20_000), 6)
        steps = rng.integers(0, n, scrubs)
        it = iter(steps.tolist())
        snap_med, snap_max = _ms(lambda: tr.snapshot_at(next(it)), scrubs)
        it = iter(steps.tolist())
        par_med, par_max = _ms(lambda: tr.params_at(next(it)), scrubs)
        base, _ = _ms(lambda: (tr.advance(1), tr.snapshot()), 50)  # a live frame: one step, one snapshot
        name = f"{opt}" + (f" batch {bs}" if bs else "")
        print(f"{name:<14}{kept:>10,.0f}{plain:>10,.0f}{kept / plain:>7.2f}"
              f"{snap_med:>16.1f}{snap_max:>8.1f}{par_med:>14.1f}{par_max:>8.1f}{base:>15.2f}")
        st = tr.replay_stats()
        print(f"{'':<14}replay log: {st['checkpoints']} checkpoints, {st['bytes'] / 1024:.0f} KiB, "
              f"spacing {st['spacing']} steps")


def bench_memory(n_small, n_big):
    print(f"\nMemory: line gd, {n_small:,} then {n_big:,} steps")
    tr = _trainer("gd", None, 0.001)
    _train(tr, n_small)
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    st1 = tr.replay_stats()
    t = _train(tr, n_big)
    rss2 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    st2 = tr.replay_stats()
    print(f"  at {n_small:>12,} steps: {st1['checkpoints']} checkpoints, {st1['bytes'] / 1024:.0f} KiB, "
          f"spacing {st1['spacing']}")
    print(f"  at {n_big:>12,} steps: {st2['checkpoints']} checkpoints, {st2['bytes'] / 1024:.0f} KiB, "
          f"spacing {st2['spacing']} ({(n_big - n_small) / t:,.0f} steps/s)")
    print(f"  peak process memory growth from {n_small:,} to {n_big:,} steps: {(rss2 - rss1) / 1024:.1f} MiB")
    med, worst = _ms(lambda: tr.snapshot_at(int(np.random.default_rng().integers(0, n_big))), 20)
    print(f"  scrub at {n_big:,} steps: median {med:.1f} ms, worst {worst:.1f} ms")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller runs (a few tens of seconds)")
    args = ap.parse_args(argv)
    n, big = (200_000, 1_000_000) if args.quick else (1_000_000, 10_000_000)
    bench_scrub(n, 200)
    bench_memory(n, big)
    return 0


if __name__ == "__main__":
    sys.exit(main())
