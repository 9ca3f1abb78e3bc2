"""Benchmark of the two-input data view: frames/s of the main window training XOR with a
network of 8 hidden neurons flat out (heat map of the output at 100 x 100 every frame, the
0.5 boundary, the points), against the one-input network (sine, 8 neurons) in the same run;
the same XOR run with the model's output shown as the 3D surface instead of the 2D map
(its redraws per second and the cost of one); and the cost of one heat map + boundary at
H = 16.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python benchmarks/bench_two_inputs.py [--rounds N]

Frames/s: frames the session published (frameChanged) and paints of the shown data view's
viewport, per second, over ROUNDS intervals of 2 s each, alternating the two cases so that
the shared machine's noise hits both alike; medians printed. Asserts nothing; exit code 0.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _gui_harness import make_app, median, prepare_environment, run_interval  # noqa: E402

XOR_H8 = dict(model="network", hidden=8, loss="bce", optimizer="adam", lr=0.05)
CASES = {  # name: (preset, settings, the output in 3D)
    "one input: sine, network H=8": ("sine", dict(model="network", hidden=8, loss="l2", optimizer="adam", lr=0.01),
                                     False),
    "two inputs: xor, network H=8": ("xor", XOR_H8, False),
    "xor H=8, output in 3D": ("xor", XOR_H8, True),
}


def heat_cost(n: int = 200) -> float:
    """Median ms of the H = 16 network's output over the 100 x 100 grid plus its boundary."""
    import numpy as np

    import gradviz.core as gc
    from gradviz.gui.data_view.plane_view import GRID, boundary_segments, grid_extent, grid_points

    ds = gc.preset("xor")
    model = gc.make_model("network", hidden=16, inputs=2, output="sigmoid")
    p = model.init_params(1)
    extent = grid_extent(ds.x)
    g = grid_points(extent)
    times = []
    for _ in range(n):
        t = time.perf_counter()
        Z = model.predict(p, g).reshape(GRID, GRID)
        boundary_segments(Z, extent)
        times.append((time.perf_counter() - t) * 1000)
    return median(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    prepare_environment()
    app = make_app()
    from PySide6.QtCore import QEvent, QObject

    import gradviz.core as gc
    from gradviz.gui.main_window import MainWindow
    from gradviz.gui.output3d.box import MESH
    from gradviz.gui.output3d.page import UPDATE_HZ
    from gradviz.gui.state.session import Session

    session = Session(gc.preset("lesson"))
    win = MainWindow(session, restore_layout=False)
    win.resize(1400, 900)
    win.show()
    app.processEvents()

    class Paints(QObject):
        count = 0

        def eventFilter(self, obj, ev):  # noqa: N802 (Qt's name)
            if ev.type() == QEvent.Type.Paint:
                Paints.count += 1
            return False

    paints = Paints()
    frames = [0]
    session.frameChanged.connect(lambda _f: frames.__setitem__(0, frames[0] + 1))
    for view in (win.data_panel, win.plane_view):
        view.viewport().installEventFilter(paints)
    win.two_inputs.show_3d(True)  # built once, then switched
    app.processEvents()
    view3d = win.two_inputs.view3d()
    gl_paints = [0]
    view3d.gl_view.painted.connect(lambda: gl_paints.__setitem__(0, gl_paints[0] + 1))
    draws = []
    results = {name: {"frames": [], "paints": [], "steps": [], "gl": []} for name in CASES}
    for _ in range(args.rounds):
        for name, (preset, settings, in_3d) in CASES.items():
            win.load_preset(preset)
            session.update_settings(speed=float("inf"), **settings)
            win.two_inputs.show_3d(in_3d)
            counts = {}

            def start():
                counts["f"], counts["p"], counts["s"] = frames[0], Paints.count, session.snapshot.step
                counts["g"] = gl_paints[0]

            session.play()
            t0, t1 = run_interval(0.5, 2.0, at_start=start, at_end=session.pause)
            dt = t1 - t0
            r = results[name]
            r["frames"].append((frames[0] - counts["f"]) / dt)
            r["paints"].append((Paints.count - counts["p"]) / dt)
            r["steps"].append((session.snapshot.step - counts["s"]) / dt)
            r["gl"].append((gl_paints[0] - counts["g"]) / dt)
            if in_3d:
                draws.append(win.two_inputs.draw_seconds * 1000)
            session.pause()
            app.processEvents()
    print(f"{'case':<32}{'frames/s':>10}{'view paints/s':>15}{'3D paints/s':>13}{'steps/s':>10}"
          f"   (medians of {args.rounds} x 2 s)")
    for name, r in results.items():
        print(f"{name:<32}{median(r['frames']):>10.1f}{median(r['paints']):>15.1f}{median(r['gl']):>13.1f}"
              f"{median(r['steps']):>10.0f}")
    print(f"3D output surface: one redraw (output on {MESH} x {MESH}, mesh, boundary) {median(draws):.2f} ms, "
          f"at most {UPDATE_HZ} a second")
    print(f"heat map 100x100 + boundary, network H=16: {heat_cost():.2f} ms (median of 200)")
    win.shutdown()
    win.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
