"""bench_gui.py section 5: what the curvature ellipse and the per-point arrows cost the line.

One main window on 1,000 points of a noisy line (mse, gradient descent), training flat out; runs alternate plain
(both overlays off) and with the curvature ellipse and the per-point arrows on (contour and 3D view), so load
on the machine hits both alike. Then one frame at a time with the training paused, each
way. Medians and the ratio with / plain.
"""

from __future__ import annotations

import math


def data_1000():
    import numpy as np

    import gradviz.core as gc

    rng = np.random.default_rng(11)
    x = rng.uniform(0.0, 10.0, 1000)
    return gc.Dataset(x, 0.6 * x + 0.2 + rng.normal(0.0, 0.5, 1000))


def section_insight(cfg, Observed, median_figures, frame_cost) -> dict:
    from gradviz.gui.state.settings import Settings

    # mse: l2's sum over 1,000 points would need a rate below 6e-5 not to diverge
    ob = Observed(data_1000(), Settings(loss="mse", lr=0.01, speed=math.inf))
    s = ob.session
    s.play()
    runs = {"plain": [], "overlays": []}
    for i in range(cfg.repeats):
        for key, on in (("plain", False), ("overlays", True)):
            s.update_settings(curvature=on, point_arrows=on)
            if i or on:
                ob.resume()
            runs[key].append(ob.run(cfg.warmup if not (i or on) else cfg.rewarm, cfg.seconds))
    out = {key: median_figures(r) for key, r in runs.items()}
    for key, on in (("plain", False), ("overlays", True)):
        s.update_settings(curvature=on, point_arrows=on)
        out[key]["frame_cost"] = frame_cost(ob, cfg.cost_frames, 2000)
    out["arrows"] = len(ob.window.insight.arrows.shown_indices())
    a3 = ob.window.insight.arrows3d
    out["arrows3d"] = len(a3.drawn_vectors()) if a3 is not None else 0
    out["stopped"] = ob.close()
    return out


def report(cfg, fig, table, f) -> tuple[str, float]:
    """The section's text and the frames/s ratio (overlays / plain) the target is about."""
    p, o = fig["plain"], fig["overlays"]
    key = "fps_gl" if math.isfinite(p["fps_gl"]) else "fps_data"

    def ratio(a, b):
        return f"{b / a:.3f}" if a and math.isfinite(a) and math.isfinite(b) else "—"

    rows = [
        ["3D view frames/s", f(p["fps_gl"]), f(o["fps_gl"]), ratio(p["fps_gl"], o["fps_gl"])],
        ["data view frames/s", f(p["fps_data"]), f(o["fps_data"]), ratio(p["fps_data"], o["fps_data"])],
        ["event-loop gap p99, ms", f(p["gap_p99"]), f(o["gap_p99"]), ratio(p["gap_p99"], o["gap_p99"])],
        ["GUI thread CPU, % of wall", f(p["gui_cpu"] * 100), f(o["gui_cpu"] * 100),
         ratio(p["gui_cpu"], o["gui_cpu"])],
        ["one frame, training paused: wall ms (median)", f(p["frame_cost"]["wall"], ".2f"),
         f(o["frame_cost"]["wall"], ".2f"), ratio(p["frame_cost"]["wall"], o["frame_cost"]["wall"])],
    ]
    slot = o["frame_cost"]["parts"].get("slot: curvature + point arrows")
    text = table(rows, ["", "plain", "ellipse + arrows", "ratio"])
    if slot:
        text += f"\n   the overlays' own slot: {slot[1]:.2f} ms wall per frame (paused, one frame at a time)"
    text += (f"\n   arrows drawn: {fig['arrows']} of 1,000 points on the contour, {fig['arrows3d']} on the 3D view; "
             f"training threads stopped on close: {fig['stopped']}")
    return text, (o[key] / p[key] if p[key] else math.nan)
