"""Checks shared by the hardening tests (random use, degenerate data): what the window shows
is finite, and the readout says what the core computes.

Not a test module (no ``test_`` prefix); the test files next to it import it by name (pytest
puts this folder on ``sys.path`` for the test files in it).

How "the snapshot that reflects an action" is found: every Frame the session publishes
carries the number of the last change to the run it reflects (``frame.seq``), and
:func:`settle` asks the session for an empty change (``Session.request_sync()``) and waits
until a frame with (at least) its number is shown: from then on, the window shows the
data, model and settings of every earlier action.
"""

from __future__ import annotations

import math
import re
import time

import numpy as np
from PySide6.QtCore import QCoreApplication

# "nan" or "inf" as a word of its own (not "infinite", not a file name such as "inf.csv")
NONFINITE_WORD = re.compile(r"(?<![\w.])(nan|inf)(?![\w.])", re.IGNORECASE)


class SnapshotTracker:
    """Which change number the frame on screen reflects (``frame.seq``)."""

    def __init__(self, session) -> None:
        self.session = session

    def shown_seq(self) -> int:
        """The number of the last change the frame on screen reflects (-1: no frame yet)."""
        frame = self.session.frame
        return frame.seq if frame is not None else -1

    def disconnect(self) -> None:
        """Nothing to undo: the tracker only reads the session's frame."""


def settle(tracker: SnapshotTracker, timeout_s: float = 20.0) -> bool:
    """Process events until the window shows a snapshot that reflects every command sent to
    the worker so far. True if it did within the timeout."""
    session = tracker.session
    target = session.request_sync()
    end = time.perf_counter() + timeout_s
    while time.perf_counter() < end:
        QCoreApplication.processEvents()
        if tracker.shown_seq() >= target:
            return True
        time.sleep(0.001)
    return False


def _data(item):
    x, y = item.getData()
    x = np.zeros(0) if x is None else np.asarray(x, dtype=float)
    y = np.zeros(0) if y is None else np.asarray(y, dtype=float)
    return x, y


def nonfinite_on_screen(win) -> list[str]:
    """Names of the things on screen that hold a non-finite number (empty: all good)."""
    bad: list[str] = []

    def check(name, *arrays):
        for a in arrays:
            a = np.asarray(a, dtype=float)
            if a.size and not np.isfinite(a).all():
                bad.append(name)
                return

    dp = win.data_panel
    for name in ("points", "curve", "residuals", "lsq", "selection_marks"):
        check(f"data_panel.{name}", *_data(getattr(dp, name)))
    for k, item in enumerate(dp.contribs):
        if item.isVisible():
            check(f"data_panel.contribs[{k}]", *_data(item))
    check("data_panel.viewRange", dp.getPlotItem().vb.viewRange())
    lc = win.loss_curve
    check("loss_curve.curve", *_data(lc.curve))
    check("loss_curve.current", *_data(lc.current))
    if lc.diverged_line.isVisible():
        check("loss_curve.diverged_line", [lc.diverged_line.value()])
    c = win.contour
    for name, val in (("ball", c.ball_position()), ("arrow", c.arrow_vector())):
        if val is not None:
            check(f"contour.{name}", val)
    check("contour.path", c.path_points())
    if c.optimum.isVisible():
        pos = c.optimum.pos()
        check("contour.optimum", [pos.x(), pos.y()])
    check("contour.viewRange", c.view_box.viewRange())
    v3 = win.view3d
    if v3 is not None:
        for name, val in (("ball", v3.ball_position()), ("arrow", v3.arrow_vector())):
            if val is not None:
                check(f"view3d.{name}", val)
        if v3.path.visible():
            check("view3d.path", v3.path.pos)
    surface = win.landscape.surface
    if surface is not None:
        u, v, _Z = surface  # Z may hold inf (overflow): the views leave such cells out
        check("landscape.grid", u, v)
    for k, val in win.readout.values.items():
        if not math.isfinite(val):
            bad.append(f"readout.values[{k!r}]")
    for name, text in (("readout", win.readout.label.text()), ("status", win.statusBar().currentMessage()),
                       ("status_state", win.status_state.text()), ("stable_label", win.controls.stable_label.text()),
                       ("speed_label", win.controls.speed_label.text())):
        m = NONFINITE_WORD.search(text)
        if m:
            bad.append(f"{name} text shows {m.group(0)!r}: {text[max(0, m.start() - 60):m.end() + 20]!r}")
    if win.session.model.name == "network" and win.network.isVisible():
        check("network.params", win.network.editor.params())
    return bad


def readout_mismatch(win, state=None) -> str | None:
    """None if the readout shows what the core computes for the shown snapshot's parameters
    on the data and loss it was computed for; else a description of the difference.

    ``state``: ``(dataset, loss, model)`` the snapshot on screen was computed for (default:
    the session's current ones, right once :func:`settle` returned)."""
    session = win.session
    snap = session.snapshot
    ds, loss, model = state if state is not None else (session.dataset, session.settings.loss, session.model)
    if snap is None or snap.params.shape != (model.n_params,) or \
            snap.params.shape != (session.model.n_params,):
        return None  # a model switch is on its way (the readout waits for it too)
    with np.errstate(all="ignore"):
        L, g = model.loss_and_grad(snap.params, ds.x, ds.y, loss)
    vals = win.readout.values
    if not vals:
        return "the readout shows no values"
    if not (math.isfinite(L) and np.isfinite(g).all()):
        # the core cannot give a number here: the app must say so instead of a number
        if snap.diverged is None:
            return f"core loss/gradient not finite ({L}, {g}) but the snapshot is not marked diverged"
        return None
    want = {"step": float(snap.step), "loss": float(L)}
    for name, p, gk in zip(model.param_names, snap.params, g):
        want[name] = float(p)
        want[f"dL/d{name}"] = float(gk)
    if getattr(model, "probability", False) and len(ds) and all(v in (0.0, 1.0) for v in ds.y):
        # a probability on labels 0 and 1: the readout also shows the accuracy, the share of
        # points whose output is on their label's side of 0.5 (counted here point by point)
        with np.errstate(all="ignore"):
            p = np.ravel(model.predict(snap.params, ds.x))
        want["accuracy"] = sum(1 for pi, yi in zip(p, ds.y) if (pi >= 0.5) == (yi == 1.0)) / len(ds)
    if set(vals) != set(want):
        return f"readout keys {sorted(vals)} != {sorted(want)}"
    # tolerance: the trainer may use an algebraically equal route (the line's sums), so allow
    # rounding relative to the sizes of the terms that were summed
    x, y = np.abs(ds.x), np.abs(ds.y)
    with np.errstate(all="ignore"):
        pred = np.abs(model.predict(snap.params, ds.x)) if len(ds) else np.zeros(0)
        e_scale = float(np.max(pred + y)) if len(ds) else 0.0
        x_scale = float(np.max(x)) if len(ds) else 0.0
        n = max(len(ds), 1)
        e2 = e_scale * e_scale  # (a Python float: inf on overflow, where ** would raise)
        # bce (a mean over the points) is computed from the pre-activation z, each term at
        # most |z| + log 2, and |z| at most the parameters' size times (1 + |x|)
        z_scale = (1.0 + float(np.max(np.abs(snap.params)))) * (1 + x_scale)
        loss_scale = {"l1": n * e_scale, "l2": n * e2, "mse": e2, "bce": 1 + z_scale}[loss]
        grad_scale = {"l1": n * (1 + x_scale), "l2": n * e_scale * (1 + x_scale),
                      "mse": 2 * e_scale * (1 + x_scale), "bce": 1 + x_scale}[loss]
        if model.name != "line":
            pscale = 1.0 + float(np.max(np.abs(snap.params)))
            grad_scale *= pscale
    problems = []
    for k, w in want.items():
        got = vals[k]
        if k.startswith("dL/d"):
            tol = 1e-9 * abs(w) + 1e-10 * grad_scale
        elif k == "loss":
            tol = 1e-9 * abs(w) + 1e-10 * loss_scale
        else:
            tol = 0.0
        if not (abs(got - w) <= tol):
            problems.append(f"{k}: readout {got!r} vs core {w!r} (tol {tol:.3g})")
    return "; ".join(problems) or None
