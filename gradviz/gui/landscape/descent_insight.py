"""Why the step goes where it goes, drawn on the contour map from each Frame: the local
quadratic model (curvature) and each point's share of the gradient, with the mini-batch's
gradient and the links to the data view's points.

Runs after the landscape controller on every frame (it is connected later), so the
gradient arrow it scales the point arrows to is already placed.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QObject

from gradviz.gui.landscape.curvature_view import CurvatureOverlay
from gradviz.gui.landscape.point_arrows import PointArrows
from gradviz.gui.landscape.surface_arrows import SurfaceArrows
from gradviz.gui.state.derived import frame_hessian, point_gradients
from gradviz.gui.state.scaling import data_x
from gradviz.gui.widgets.formatting import plural

MAX_ARROWS = 300  # more points: this many arrows, evenly spread over x


def arrow_subset(x, limit: int = MAX_ARROWS) -> np.ndarray:
    """Indices of at most ``limit`` points evenly spread over x (all of them when fewer)."""
    x = np.asarray(x, dtype=float)
    if x.size <= limit:
        return np.arange(x.size)
    order = np.argsort(x, kind="stable")
    return np.sort(order[np.linspace(0, x.size - 1, limit).round().astype(np.intp)])


def batch_gradient(frame, pair) -> np.ndarray | None:
    """The next mini-batch's gradient on ``pair``, on the whole data set's scale: n/B times
    the sum of the batch points' rows (for mse exactly the batch's own gradient; for l2 and
    l1, whose batch loss is a sum, the step's gradient times n/B). None without a mini-batch."""
    idx = frame.snapshot.next_batch
    if idx is None or len(idx) == 0:
        return None
    G = point_gradients(frame, idx)[:, list(pair)]
    return G.sum(axis=0) * (len(frame.dataset) / len(idx))


class DescentInsight(QObject):
    def __init__(self, session, landscape, contour, options, highlights=None, parent=None, view3d=None) -> None:
        super().__init__(parent)
        self.session = session
        self.landscape = landscape
        self.contour = contour
        self.options = options
        self.highlights = highlights
        self.curvature = CurvatureOverlay(contour.view_box)
        self.arrows = PointArrows(contour.view_box, self)
        # the same arrows on the 3D view (None without one)
        self.arrows3d = SurfaceArrows(view3d, self.arrows, contour) if view3d is not None else None
        if self.arrows3d is not None:
            self.arrows.hovered.connect(self.arrows3d.set_lit)
            contour.view_box.sigRangeChanged.connect(self.arrows3d.redraw)  # the contour's shrink
            view3d.log_check.toggled.connect(self.arrows3d.redraw)  # a new surface height
        self._subset = (None, None)  # (dataset, indices)
        self._points_ds = None  # the data set the data view's highlights index into
        if highlights is not None:
            self.arrows.hovered.connect(highlights.set_lit)
            highlights.hovered.connect(self.arrows.set_lit)
            if self.arrows3d is not None:
                highlights.hovered.connect(self.arrows3d.set_lit)
        session.frameChanged.connect(self.on_frame)
        landscape.surfaceComputed.connect(lambda _s: self._refresh())
        landscape.selector.pairChanged.connect(lambda *_: self._refresh())

    def _refresh(self) -> None:
        if self.session.frame is not None:
            self.on_frame(self.session.frame)

    def on_frame(self, frame) -> None:
        s = frame.settings
        ok = frame.model is self.session.model and self.landscape.surface is not None and len(frame.dataset) > 0
        notes = []
        if ok and s.curvature:
            self._draw_curvature(frame)
            notes.append(self._curvature_note())
        else:
            self.curvature.clear()
        if ok and s.point_arrows:
            notes.append(self._draw_arrows(frame))
        else:
            self.arrows.clear()
            if self.arrows3d is not None:
                self.arrows3d.clear()
        self.options.set_note(" ".join(n for n in notes if n) or None)
        if self.highlights is not None:
            self.highlights.set_enabled(bool(ok and s.point_arrows))

    def _draw_curvature(self, frame) -> None:
        i, j = self.landscape.pair
        p, g = frame.snapshot.params, frame.snapshot.grad
        B = frame_hessian(frame).matrix[np.ix_([i, j], [i, j])]
        self.curvature.set_model((p[i], p[j]), (g[i], g[j]), B)

    def _indices(self, ds) -> np.ndarray:
        if self._subset[0] is not ds:
            self._subset = (ds, arrow_subset(ds.x))
        return self._subset[1]

    def _draw_arrows(self, frame) -> None:
        i, j = self.landscape.pair
        ds, snap = frame.dataset, frame.snapshot
        idx = self._indices(ds)
        lit = self.arrows.lit()
        if 0 <= lit < len(ds) and lit not in idx:
            idx = np.sort(np.r_[idx, lit])
        G = point_gradients(frame, idx)[:, [i, j]]
        total = np.array([snap.grad[i], snap.grad[j]], dtype=float)
        batch = batch_gradient(frame, (i, j))
        shown = self.contour.arrow_vector()
        gnorm = math.hypot(*total)
        main = math.hypot(*shown) / gnorm if shown is not None and gnorm > 0 else None
        self.arrows.set_arrows((snap.params[i], snap.params[j]), G, idx, total, batch, main)
        if self.arrows3d is not None:
            self.arrows3d.set_origin((snap.params[i], snap.params[j]))
        if self.highlights is not None:
            if self._points_ds is not ds:
                self.highlights.set_points(data_x(frame), ds.y)
                self._points_ds = ds
            self.highlights.set_batch(snap.next_batch)
        return self._arrows_note(frame, len(idx), batch is not None)

    def _curvature_note(self) -> str:
        if self.curvature.geometry() is not None:
            return "Cyan: the local quadratic model's level set through the ball; + is its lowest point."
        if self.curvature.directions_shown():
            return "Cyan: the principal directions (dashed: curving down); not a bowl here, so no ellipse."
        return "No curvature to draw on this pair here."

    def _arrows_note(self, frame, shown: int, batch: bool) -> str:
        n = len(frame.dataset)
        parts = ["Faint: each point's share of the step; together the red arrow."]
        if shown < n:
            parts.append(f"Arrows of {shown:,} of {plural(n)}, spread evenly over x.")
        if self.arrows.shrunk():
            parts.append("Shrunk to fit: white is their sum.")
        if batch:
            B = len(frame.snapshot.next_batch)
            scale = "" if frame.settings.loss == "mse" else f" ×{n:,}/{B:,}"
            parts.append(f"Green: the next mini-batch's −gradient{scale}, its points ringed in the data view.")
        return " ".join(parts)
