"""The companion runs on the 3D landscape: each run's path over the surface in its colour,
with a small ball at its current point (the 2D views add each run's dash)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pyqtgraph.opengl as gl

from gradviz.gui.runs.thinning import thin

LIFT = 0.035  # above the surface, just under the focused run's path
CELL = 0.005  # display units (the box is 10 across): points closer than this are one on screen


class CompanionPaths3D:
    def __init__(self, view, to_display, depth: float = 4.9) -> None:
        self._view, self._to_display, self._depth = view, to_display, depth
        self._items: dict[str, tuple] = {}

    def draw(self, entries) -> None:
        """``entries``: (companion, u, v) as ``layers.path_entries`` gives them."""
        seen = set()
        for companion, u, v in entries:
            z = np.asarray(companion.snapshot.path_losses, dtype=float)
            u, v = np.asarray(u, dtype=float), np.asarray(v, dtype=float)
            ok = np.isfinite(u) & np.isfinite(v) & np.isfinite(z)
            line, ball = self._item(companion)
            if ok.sum() >= 1:
                pos = self._to_display(u[ok], v[ok], z[ok])
                pos[:, 2] += LIFT
                line.setData(pos=pos[thin(pos, CELL)])
                ball.setData(pos=pos[-1:])
            line.setVisible(ok.sum() >= 2)
            ball.setVisible(ok.sum() >= 1)
            seen.add(companion.label)
        for label in set(self._items) - seen:
            for item in self._items.pop(label)[:2]:
                self._view.removeItem(item)

    def labels(self) -> tuple[str, ...]:
        return tuple(sorted(self._items))

    def _item(self, companion):
        got = self._items.get(companion.label)
        if got is not None and got[2] == companion.colour:
            return got[:2]
        if got is not None:
            for item in got[:2]:
                self._view.removeItem(item)
        rgba = pg.mkColor(companion.colour).getRgbF()
        line = gl.GLLinePlotItem(mode="line_strip", color=rgba, width=2.5, antialias=True)
        ball = gl.GLScatterPlotItem(color=rgba, size=12)
        for item in (line, ball):
            item.setDepthValue(self._depth)
            self._view.addItem(item)
        self._items[companion.label] = (line, ball, companion.colour)
        return line, ball
