"""The two partial-derivative slices through the current point, as curves over the
landscape's window: the loss along u with v held, and along v with u held.

The views draw them as lines on the map and on the surface while the Slopes room is shown;
the room's slice plots draw the same curves with the current point's tangent.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer

import gradviz.core as gc
from gradviz.gui.theme.palette import LIGHT

SLICE_POINTS = 121  # samples along each slice line
# slices are recomputed every frame while shown: on many points the lines take fewer samples
# so that a frame's two slices stay around this many point evaluations
SLICE_WORK = 2_000_000
MIN_SLICE_POINTS = 24
# a slow slice (a million points) is recomputed at most once per SPARE times its cost, so
# slices take at most ~1/(1 + SPARE) of the GUI thread while the run goes on
SPARE = 4.0
COLOR_SLICE_U = LIGHT.slice_u   # the slice along the first parameter of the pair (the other held)
COLOR_SLICE_V = LIGHT.slice_v   # the slice along the second (dotted on the contour map)


@dataclass(frozen=True, eq=False)
class SliceCurves:
    """``u`` with ``loss_u`` (v held at ``at[1]``) and ``v`` with ``loss_v`` (u held at
    ``at[0]``), through the point ``at`` = (u, v)."""

    at: tuple[float, float]
    u: np.ndarray
    loss_u: np.ndarray
    v: np.ndarray
    loss_v: np.ndarray


@np.errstate(all="ignore")  # absurd parameters give inf losses, drawn as gaps
def slice_curves(model, params, pair, window, x, y, loss, scale: float = 1.0,
                 points: int | None = None) -> SliceCurves:
    """The slices through ``params`` along the pair's two parameters over ``window`` =
    ((u0, u1), (v0, v1)); ``scale`` multiplies the losses (a sample standing for its data).
    ``points`` per slice: by default SLICE_POINTS, fewer on many data points."""
    i, j = pair
    if points is None:
        work = max(1, len(x)) * (1 if model.name == "line" else model.n_params)
        points = int(min(SLICE_POINTS, max(MIN_SLICE_POINTS, SLICE_WORK // work)))
    (u0, u1), (v0, v1) = window
    u = np.linspace(u0, u1, points)
    v = np.linspace(v0, v1, points)
    lu = gc.loss_slice(model, params, i, u, x, y, loss) * scale
    lv = gc.loss_slice(model, params, j, v, x, y, loss) * scale
    return SliceCurves((float(params[i]), float(params[j])), u, lu, v, lv)


class SliceSource(QObject):
    """Curves recomputed per frame while that is cheap. A slow computation is not repeated
    before SPARE times its cost has passed: the last curves are reused meanwhile (for the
    same ``key``), and ``refresh`` is called once the pause is over, so the last frame of a
    run always gets its own curves."""

    def __init__(self, refresh, parent=None) -> None:
        super().__init__(parent)
        self._last = None
        self._key: tuple = ()
        self._free_at = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse timer may fire early, still in the pause
        self._timer.timeout.connect(refresh)

    def curves(self, key: tuple, compute):
        """``compute()``, or the last result while it is fresh enough and ``key`` is the same:
        item by item, the same object, or an equal number, string or tuple (a data set is
        compared by identity, never element by element)."""
        now = time.perf_counter()
        same = len(key) == len(self._key) and all(
            a is b or (isinstance(a, (int, float, str, tuple)) and type(a) is type(b) and a == b)
            for a, b in zip(key, self._key))
        if self._last is not None and same and now < self._free_at:
            if not self._timer.isActive():
                self._timer.start(int((self._free_at - now) * 1000) + 2)
            return self._last
        self._timer.stop()
        self._last = compute()
        self._key = key
        end = time.perf_counter()
        self._free_at = end + SPARE * (end - now)
        return self._last

    def pending(self) -> bool:
        """A refresh is scheduled (the last curves given were reused)."""
        return self._timer.isActive()
