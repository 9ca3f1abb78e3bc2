"""Benchmark of runs side by side: four runs against one, in the same run of this script.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python benchmarks/bench_runs.py [--quick]
    ./scripts/bench.sh [--quick]          # every benchmark, same display set-up

Options: --only a,b,c (sections), --rounds N, --seconds S, --steps N (core run length),
--profile (cProfile the GUI thread for a second: with four runs of the line in section a;
with one network and with four in section b, per frame published).
Prints tables of medians and ratios; asserts nothing; exit code 0.

a. The line on the lesson data flat out in the main window (1400 x 900, software OpenGL):
   frames the session published per second, 3D paints (paintGL) and data-view paints per
   second, and trainer steps/s, with the focused run alone and with three companions
   (four runs), every case from step 0; ROUNDS intervals of SECONDS each, one run and four runs alternating (ABBA)
   so that the shared machine's noise hits both alike. Target: four runs keep >= 80 % of
   one run's frames/s.
b. The network (H = 8, sine, Adam) flat out, one against four: the gaps between ticks of a
   1 ms QTimer in the GUI thread (event-loop latency; p50 and p99), frames/s. Target: p99
   under 50 ms with four.
c. The core: gc.RunGroup of four line runs against one Trainer. Time per step (each run's
   step, a group step divided by four) over interleaved runs; then memory from 1M to N
   steps (default ten million): the process's RSS sampled every million steps, the replay
   log's bytes, the path's length; and tracemalloc over the last stretch (what the last
   million steps left allocated, and their peak), tracing being 3-4 times slower.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _gui_harness as H  # noqa: E402

H.prepare_environment()  # before numpy and Qt are imported

TARGET_FPS_RATIO = 0.80
TARGET_P99_MS = 50.0
COMPANION_LRS = (0.5, 2.0, 3.0)  # companions' rates as multiples of the focused run's
MILLION = 1_000_000


def _say(text: str = "") -> None:
    print(text, flush=True)


def _table(rows, header) -> str:
    rows = [list(map(str, r)) for r in [header, *rows]]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    return "\n".join("  " + "  ".join([r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:], widths[1:])])
                     for r in rows)


# ----------------------------------------------------------------------------------------
# a and b: the window, one run against four
# ----------------------------------------------------------------------------------------

def _set_runs(session, n: int) -> None:
    """The focused run plus ``n - 1`` companions (rates around its own), all from step 0
    (a run added later first catches up with the focused run's step, one long chunk)."""
    session.runs.clear()
    session.reset()
    for f in COMPANION_LRS[: n - 1]:
        session.runs.add(replace(session.settings, lr=session.settings.lr * f))


def _window_case(dataset, settings, cfg, profile=()) -> dict:
    """{1: [figures per round], 4: [...]} of one window trained flat out, one run and four
    alternating; figures as bench_gui's Observed.run gives them. ``profile``: numbers of runs
    to profile the GUI thread with afterwards ("profile N": the text)."""
    from bench_gui import Observed

    ob = Observed(dataset, settings)
    out = {1: [], 4: []}
    ob.session.play()
    first = True
    try:
        for r in range(cfg.rounds):
            for n in ((1, 4) if r % 2 == 0 else (4, 1)):
                _set_runs(ob.session, n)
                if not first:
                    ob.resume()
                fig = ob.run(cfg.warmup if first else cfg.rewarm, cfg.seconds)
                fig["companions"] = len(ob.session.frame.companions)
                out[n].append(fig)
                first = False
        if profile:
            for n in profile:
                _set_runs(ob.session, n)
                ob.resume()
                H.run_events(cfg.rewarm)
                out[f"profile {n}"] = _profile_gui(1.0, ob.snaps)
                ob.session.worker.set_running(False)
    finally:
        ob.close()
    return out


def _frame_cost(ob, frames: int) -> dict:
    """One frame with the training paused (no thread competing): the session's frame shown
    again, events processed until the 3D view (else the data view) painted it; medians of
    wall and GUI-thread CPU ms, and ms per frame by part (bench_gui's wrappers)."""
    from PySide6.QtCore import QCoreApplication

    s = ob.session
    key = "gl" if ob.view3d is not None else "data"
    walls, cpus = [], []
    H.Timings.reset()
    t_start = None
    for i in range(frames + 2):
        before = len(ob.paints.times[key])
        c0, t0 = time.thread_time(), time.perf_counter()
        if i == 2:
            t_start = t0
        s.show_frame(s.frame)
        while len(ob.paints.times[key]) == before and time.perf_counter() < t0 + 5.0:
            QCoreApplication.processEvents()
        QCoreApplication.processEvents()
        if i >= 2:  # two warm-up frames
            walls.append((time.perf_counter() - t0) * 1e3)
            cpus.append((time.thread_time() - c0) * 1e3)
        time.sleep(0.005)
    t_end = time.perf_counter()
    parts = {k: sum(c for _w, c in H.Timings.between(k, t_start, t_end)) / frames * 1e3 for k in H.Timings.keys()}
    return {"wall": H.median(walls), "cpu": H.median(cpus), "parts": parts}


def _frame_costs(dataset, settings, steps: int, frames: int) -> dict:
    """{1: cost, 4: cost}: a frame's cost after ``steps`` steps of one run and of four."""
    from bench_gui import Observed

    ob = Observed(dataset, settings)
    out = {}
    try:
        for n in (1, 4):
            _set_runs(ob.session, n)
            ob.session.step_once(steps)
            H.wait_until(lambda: ob.session.frame.step >= steps and len(ob.session.frame.companions) == n - 1,
                         60.0)
            H.run_events(0.3)
            out[n] = _frame_cost(ob, frames)
    finally:
        ob.close()
    return out


def _cost_table(costs: dict) -> str:
    one, four = costs[1], costs[4]
    keys = sorted(set(one["parts"]) | set(four["parts"]), key=lambda k: -four["parts"].get(k, 0.0))
    rows = [["one frame, wall ms", f"{one['wall']:.1f}", f"{four['wall']:.1f}"],
            ["one frame, GUI-thread CPU ms", f"{one['cpu']:.1f}", f"{four['cpu']:.1f}"]]
    rows += [[f"  {k}", f"{one['parts'].get(k, 0.0):.2f}", f"{four['parts'].get(k, 0.0):.2f}"]
             for k in keys if max(one["parts"].get(k, 0.0), four["parts"].get(k, 0.0)) >= 0.05]
    return _table(rows, ["training paused (CPU ms per frame by part)", "one run", "four runs"])


def _profile_gui(seconds: float, snaps=None, lines: int = 25) -> str:
    """cProfile of the GUI thread for ``seconds`` of events: the top ``lines`` by cumulative
    time, then by own time; with ``snaps`` (a SnapshotLog), headed by the frames published."""
    import cProfile
    import io
    import pstats

    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    H.run_events(seconds)
    prof.disable()
    t1 = time.perf_counter()
    text = io.StringIO()
    if snaps is not None:
        frames = len(snaps.between(t0, t1))
        text.write(f"  {frames} frames published in {t1 - t0:.2f} s (divide the times by it for a frame's)\n")
    stats = pstats.Stats(prof, stream=text)
    stats.sort_stats("cumulative").print_stats(lines)
    stats.sort_stats("tottime").print_stats(lines)
    return text.getvalue()


def _med(runs, key) -> float:
    return H.median([r[key] for r in runs])


def section_line(cfg, summary) -> None:
    import gradviz.core as gc
    from gradviz.gui.state.settings import Settings

    _say(f"\na. Line, lesson data, flat out: one run against four, {cfg.rounds} x {cfg.seconds:g} s each, "
         "alternating")
    got = _window_case(gc.preset("lesson"), Settings(speed=math.inf), cfg, profile=(4,) if cfg.profile else ())
    one, four = got[1], got[4]
    rows = []
    for key, what in (("snaps", "frames published/s"), ("fps_gl", "3D paints/s (paintGL)"),
                      ("fps_data", "data-view paints/s"), ("gap_p99", "event-loop gap p99, ms"),
                      ("steps", "steps/s of the focused run")):
        a, b = _med(one, key), _med(four, key)
        rows.append([what, f"{a:,.1f}", f"{b:,.1f}", f"{b / a:.2f}" if a else "—"])
    _say(_table(rows, ["", "one run", "four runs", "four / one"]))
    per_round = [" ".join(f"{r['snaps']:.1f}" for r in runs) for runs in (one, four)]
    _say(f"  per round, frames published/s (one | four): {per_round[0]} | {per_round[1]}; "
         f"companions drawn: {four[-1]['companions']}")
    _say(_cost_table(_frame_costs(gc.preset("lesson"), Settings(speed=math.inf), 3000, cfg.cost_frames)))
    ratio = _med(four, "snaps") / _med(one, "snaps")
    summary.append(["a. four lines flat out: frames/s, four / one", f"{ratio:.2f}",
                    f">= {TARGET_FPS_RATIO:.2f}", ratio >= TARGET_FPS_RATIO])
    if "profile 4" in got:
        _say("\n  cProfile of the GUI thread, one second with four runs (cumulative):")
        _say(got["profile 4"])


def section_network(cfg, summary) -> None:
    import gradviz.core as gc
    from gradviz.gui.state.settings import Settings

    _say(f"\nb. Network H=8, sine, Adam, flat out: one against four, {cfg.rounds} x {cfg.seconds:g} s each, "
         "alternating")
    settings = Settings(model="network", hidden=8, optimizer="adam", lr=0.01, speed=math.inf)
    got = _window_case(gc.preset("sine"), settings, cfg, profile=(1, 4) if cfg.profile else ())
    one, four = got[1], got[4]
    rows = []
    for key, what in (("gap_p50", "event-loop gap p50, ms"), ("gap_p99", "event-loop gap p99, ms"),
                      ("gap_max", "event-loop gap max, ms"), ("snaps", "frames published/s"),
                      ("fps_gl", "3D paints/s (paintGL)"), ("steps", "steps/s of the focused run")):
        a, b = _med(one, key), _med(four, key)
        rows.append([what, f"{a:,.1f}", f"{b:,.1f}", f"{b / a:.2f}" if a else "—"])
    _say(_table(rows, ["", "one network", "four networks", "four / one"]))
    _say(_cost_table(_frame_costs(gc.preset("sine"), settings, 1000, cfg.cost_frames)))
    for n in (1, 4):
        if f"profile {n}" in got:
            _say(f"\n  cProfile of the GUI thread, one second with {'four networks' if n == 4 else 'one network'}:")
            _say(got[f"profile {n}"])
    p99 = _med(four, "gap_p99")
    summary.append(["b. four networks H=8: event-loop gap p99", f"{p99:.1f} ms", f"< {TARGET_P99_MS:g} ms",
                    p99 < TARGET_P99_MS])


# ----------------------------------------------------------------------------------------
# c: the core
# ----------------------------------------------------------------------------------------

def _trainers(n: int):
    import gradviz.core as gc

    return [gc.Trainer(gc.make_model("line"), gc.preset("lesson"), lr=0.001 * f, seed=1)
            for f in (1.0, *COMPANION_LRS)[:n]]


def _group(n: int):
    import gradviz.core as gc

    g = gc.RunGroup()
    for label, tr in zip("ABCD", _trainers(n)):
        g.add(label, tr)
    return g


def _advance(g, steps: int, chunk: int = 100_000) -> None:
    done = 0
    while done < steps:
        k = min(chunk, steps - done)
        g.advance(k)
        done += k


def _time_per_step(steps: int, repeats: int) -> tuple[float, float]:
    """Median µs per run-step of one Trainer and of a group of four (group step / 4),
    interleaved ABBA."""
    one, four = [], []
    for r in range(repeats):
        for n in ((1, 4) if r % 2 == 0 else (4, 1)):
            g = _group(n)
            t0 = time.perf_counter()
            _advance(g, steps)
            (one if n == 1 else four).append((time.perf_counter() - t0) / (steps * n) * 1e6)
    return H.median(one), H.median(four)


def _memory(n_runs: int, total: int, traced: int) -> dict:
    """Group of ``n_runs`` to 1M steps, then to ``total``: RSS every million steps; the last
    ``traced`` steps under tracemalloc."""
    g = _group(n_runs)
    _advance(g, MILLION)
    rss = [(MILLION, H.rss_mb())]
    log1 = sum(t.replay_stats()["bytes"] for t in g.trainers())
    t0 = time.perf_counter()
    step = MILLION
    while step < total - traced:
        k = min(MILLION, total - traced - step)
        _advance(g, k)
        step += k
        rss.append((step, H.rss_mb()))
    untraced_s = time.perf_counter() - t0
    tracemalloc.start()
    _advance(g, traced)
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss.append((total, H.rss_mb()))
    return {"rss": rss, "log1": log1, "log2": sum(t.replay_stats()["bytes"] for t in g.trainers()),
            "path": max(len(t.snapshot().path_steps) for t in g.trainers()), "held": held, "peak": peak,
            "steps": g.step_count(), "untraced_s": untraced_s}


def section_core(cfg, summary) -> None:
    _say(f"\nc. Core: gc.RunGroup of four line runs (lesson data, gd) against one Trainer")
    one, four = _time_per_step(cfg.time_steps, cfg.time_repeats)
    _say(_table([["µs per run-step (group step / runs)", f"{one:.2f}", f"{four:.2f}", f"{four / one:.2f}"]],
                ["", "one run", "four runs", "four / one"]))
    _say(f"  (medians of {cfg.time_repeats} runs of {cfg.time_steps:,} steps each, interleaved)")
    traced = min(MILLION, cfg.steps // 10)
    rows = []
    for n in (1, 4):
        m = _memory(n, cfg.steps, traced)
        (s0, r0), (s1, r1) = m["rss"][0], m["rss"][-1]
        rows.append([f"{n} run{'s' if n > 1 else ''}", f"{r0:.0f} → {r1:.0f}", f"{r1 - r0:+.1f}",
                     f"{m['log1'] / 1024:.0f} → {m['log2'] / 1024:.0f}", f"{m['path']:,}",
                     f"{m['held'] / 1024:.0f} / {m['peak'] / 1024:.0f}"])
        if n == 4:
            samples = "  ".join(f"{s / 1e6:g}M:{r:.0f}" for s, r in m["rss"])
            growth4 = r1 - r0
            log_growth = m["log2"] - m["log1"]
    _say(f"\n  Memory from 1M to {cfg.steps / 1e6:g}M steps (every run), RSS in MB; the last {traced:,} steps "
         "under tracemalloc")
    _say(_table(rows, ["", "RSS", "growth MB", "replay logs KiB", "path entries",
                       "traced KiB held / peak"]))
    _say(f"  RSS samples, four runs (steps:MB): {samples}")
    summary.append([f"c. four runs 1M → {cfg.steps / 1e6:g}M steps: RSS growth", f"{growth4:+.1f} MB",
                    "bounded", None])
    summary.append(["c. four runs: replay logs' growth", f"{log_growth / 1024:+.0f} KiB", "bounded", None])
    summary.append(["c. time per run-step, four / one", f"{four / one:.2f}", "≈ 1", None])


# ----------------------------------------------------------------------------------------

class Config:
    def __init__(self, args) -> None:
        q = args.quick
        self.rounds = args.rounds or (4 if q else 6)
        self.seconds = args.seconds or (2.0 if q else 3.0)
        self.warmup, self.rewarm = 1.0, 0.5
        self.steps = args.steps or (3 * MILLION if q else 10 * MILLION)
        self.time_steps = 100_000 if q else 300_000
        self.time_repeats = 4 if q else 6
        self.profile = args.profile
        self.cost_frames = 20 if q else 40


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer, shorter rounds; 3M core steps")
    ap.add_argument("--only", default="a,b,c", help="sections, e.g. a,c (default: all)")
    ap.add_argument("--rounds", type=int, default=None)
    ap.add_argument("--seconds", type=float, default=None)
    ap.add_argument("--steps", type=int, default=None, help="core run length (default 10M; --quick 3M)")
    ap.add_argument("--profile", action="store_true", help="cProfile the GUI thread: four lines (a); one network and four (b)")
    args = ap.parse_args(argv)
    if args.steps is not None and args.steps < 2 * MILLION:
        ap.error("--steps: at least 2000000 (memory is measured from one million steps on)")
    cfg = Config(args)
    only = {s.strip() for s in args.only.split(",")}
    cpu0 = H.cpu_times()
    t_start = time.perf_counter()
    _say(f"bench_runs at {H.git_state()}; {H.load_text()} at the start")
    summary = []
    if only & {"a", "b"}:
        app = H.make_app()
        messages = H.QtMessages()
        H.instrument()  # counts paintGL calls; before any window is built
        try:
            if "a" in only:
                section_line(cfg, summary)
            if "b" in only:
                section_network(cfg, summary)
        finally:
            for w in app.topLevelWidgets():
                w.close()
            H.run_events(0.1)
        _say(f"\n  Qt messages: {len(messages.messages) or 'none'}")
    if "c" in only:
        section_core(cfg, summary)
    _say("\nTargets")
    _say(_table([[w, v, t, ("met" if m else "MISSED") if m is not None else ""] for w, v, t, m in summary],
                ["", "measured (median)", "target", ""]))
    _say(f"(total {time.perf_counter() - t_start:.0f} s; {H.load_text()} at the end; {H.steal_text(cpu0)}; "
         "the machine is shared: compare the ratios, measured in this run, not the absolute figures)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
