"""Feeds the 3D and contour landscape views from the session.

The surface is recomputed only when what it depends on changes: the data, the loss, the
model, the chosen parameter pair, or the window (when the point leaves it). For the
network, the slice also depends on the other parameters, so while training it is
recomputed at most SLICE_HZ times a second.

The neuron's and network's surfaces cost G^2 x n sigmoids (the line's are closed forms
over a few sums, independent of n). Above SAMPLE_ABOVE points they are computed on a fixed,
seeded, evenly spread sample of SAMPLE_SIZE points, with sum losses (L1, L2) scaled by
n / SAMPLE_SIZE so the values match the full data's loss; the panel says so. Training
always uses every point.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

import gradviz.core as gc

from gradviz.gui.landscape.views import LandscapeState

GRID = 97  # grid points per axis for the 2D map; the 3D mesh takes every third one (MESH_MAX)
SLICE_GRID = 64  # network slices are recomputed while training: a lighter grid
SLICE_HZ = 3.0
# Neuron/network landscapes on more points than this use a sample of SAMPLE_SIZE points:
# 100,000 points took ~1.8 s per network slice (64 x 64) and ~3.8 s for the neuron (97 x 97)
SAMPLE_ABOVE = 20_000
SAMPLE_SIZE = 20_000
SAMPLE_SEED = 20_250_101
SUM_LOSSES = ("l1", "l2")  # sums over the points (MSE is a mean): scaled by n / m


def sample_indices(n: int, m: int, seed: int = SAMPLE_SEED) -> np.ndarray:
    """m sorted indices into range(n), one drawn at random from each of m equal runs of
    consecutive indices: evenly spread over the data, the same for the same n and seed."""
    k = np.arange(m + 1, dtype=np.int64)
    edges = k * n // m
    starts, widths = edges[:-1], np.diff(edges)
    u = np.random.default_rng(seed).random(m)
    return starts + np.minimum((u * widths).astype(np.int64), widths - 1)


@dataclass(frozen=True)
class LandscapeSample:
    """The points a large data set's neuron/network landscape is computed on."""

    dataset: object  # the gc.Dataset it was drawn from (compared by identity)
    index: np.ndarray
    x: np.ndarray
    y: np.ndarray

    @property
    def n(self) -> int:
        return len(self.dataset)

    @property
    def m(self) -> int:
        return self.index.size

    def scale(self, loss: str) -> float:
        """Factor putting the sample's loss on the full data's scale."""
        return self.n / self.m if loss in SUM_LOSSES else 1.0

    def note(self) -> str:
        return f"Approximate: landscape from a {self.m:,}-point sample of {self.n:,} points"


SAMPLE_TOOLTIP = ("With this many points the neuron's and network's landscapes are computed on an "
                  "evenly spread random sample of the data (the same one until the data change), "
                  "scaled to the whole data set's loss, so the window stays responsive. "
                  "Training uses every point; the loss curve and readout are exact.")


MIN_HALF_SPAN = 1.0


def widen(window, min_half: float = MIN_HALF_SPAN):
    """Give each axis at least +-min_half around its centre, so a narrow valley (the
    lesson's data makes one) still shows as a bowl rather than a sliver."""
    out = []
    for lo, hi in window:
        c, h = (lo + hi) / 2, max((hi - lo) / 2, min_half)
        out.append((c - h, c + h))
    return tuple(out)


def grow_past(new, old, factor: float = 1.5):
    """When the point walks out of the window, the next one spans at least ``factor``
    times the old one on each axis, so a steady walk does not regrow it every frame."""
    out = []
    for (lo, hi), (olo, ohi) in zip(new, old):
        c, h = (lo + hi) / 2, max((hi - lo) / 2, factor * (ohi - olo) / 2)
        out.append((c - h, c + h))
    return tuple(out)


class PairSelector(QWidget):
    """Which two parameters the landscape shows (the line and neuron: always w and b)."""

    pairChanged = Signal(int, int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 0, 4, 0)
        outer.setSpacing(2)
        layout = QHBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(layout)
        self.u_combo, self.v_combo = QComboBox(), QComboBox()
        self.u_combo.setToolTip("Parameter on the first axis of the landscape")
        self.v_combo.setToolTip("Parameter on the second axis of the landscape")
        layout.addWidget(QLabel("Landscape over"))
        layout.addWidget(self.u_combo)
        layout.addWidget(QLabel("and"))
        layout.addWidget(self.v_combo)
        layout.addStretch(1)
        self.note_label = QLabel()  # on a line of its own: says when the surface is from a sample
        self.note_label.setWordWrap(True)  # never widens the dock
        self.note_label.setToolTip(SAMPLE_TOOLTIP)
        pal = self.note_label.palette()  # stays readable when the selector is disabled
        pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText,
                     pal.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText))
        self.note_label.setPalette(pal)
        self.note_label.hide()
        self.note: str | None = None
        outer.addWidget(self.note_label)
        self.u_combo.currentIndexChanged.connect(self._emit)
        self.v_combo.currentIndexChanged.connect(self._emit)

    def set_names(self, names, i: int = 0, j: int = 1) -> None:
        for combo, k in ((self.u_combo, i), (self.v_combo, j)):
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(list(names))
            combo.setCurrentIndex(k)
            combo.blockSignals(False)
        self.setEnabled(len(names) > 2)

    def set_note(self, note: str | None) -> None:
        """A short note beside the pair (None: none); the landscape sets it when approximate."""
        if note != self.note:
            self.note = note
            self.note_label.setText(note or "")
            self.note_label.setVisible(bool(note))

    def _emit(self, _=None) -> None:
        i, j = self.u_combo.currentIndex(), self.v_combo.currentIndex()
        if i >= 0 and j >= 0 and i != j:
            self.pairChanged.emit(i, j)


class LandscapeController(QObject):
    surfaceComputed = Signal(float)  # seconds the last recompute took

    def __init__(self, session, views, selector: PairSelector, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.views = [v for v in views if v is not None]
        self.selector = selector
        self.i, self.j = 0, 1
        self.window = None  # ((u0, u1), (v0, v1))
        self.surface = None  # (u, v, Z)
        self.optimum = None
        self.grad_ref = None
        self.sample: LandscapeSample | None = None  # the last large data set's sample (cached)
        self.sample_note: str | None = None  # set when the shown surface is from a sample
        self._last_slice = 0.0
        self._slice_params = None
        self._regrow = False  # a deferred recompute must also grow the window
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._deferred_recompute)
        selector.pairChanged.connect(self.set_pair)
        session.datasetChanged.connect(lambda _d: self._on_dataset())
        session.settingsChanged.connect(self._on_settings)
        session.modelChanged.connect(self._on_model)
        session.startChanged.connect(lambda _p: self._on_start())
        session.snapshotChanged.connect(self.on_snapshot)
        self._loss = session.settings.loss
        self._on_model(session.model)

    # ----- triggers --------------------------------------------------------------------
    def _on_model(self, model) -> None:
        self.i, self.j = 0, 1
        self.selector.set_names(model.param_names, 0, 1)
        self.window = None
        self.recompute()

    def _on_settings(self, s) -> None:
        if s.loss != self._loss:
            self._loss = s.loss
            self.window = None
            self.recompute()

    def _on_start(self) -> None:
        self.grad_ref = None
        p = self.session.start
        if self.window is None or not self._inside(p[self.i], p[self.j]):
            self.window = None
            self.recompute()
        elif self.session.model.name == "network":
            self.recompute(keep_window=True)

    def _on_dataset(self) -> None:
        if self.window is None:  # a whole new data set (open, preset): frame it at once
            self.recompute()
            return
        # an edit (a drag changes the data ~30 times a second): recompute at most SLICE_HZ
        # times a second; the last change always lands through the timer
        wait = 1.0 / SLICE_HZ - (time.perf_counter() - self._last_slice)
        if wait <= 0:
            self._deferred_recompute()
        elif not self._timer.isActive():
            self._timer.start(int(wait * 1000) + 1)

    def set_pair(self, i: int, j: int) -> None:
        self.i, self.j = i, j
        self.window = None
        self.recompute()

    def _inside(self, u: float, v: float, frac: float = 0.0) -> bool:
        (u0, u1), (v0, v1) = self.window
        du, dv = (u1 - u0) * frac, (v1 - v0) * frac
        return u0 + du <= u <= u1 - du and v0 + dv <= v <= v1 - dv

    # ----- the surface -----------------------------------------------------------------
    def current_params(self) -> np.ndarray:
        # the session's: the start point until the worker has the current model (a snapshot
        # of the line also fits the neuron, and framed the neuron's first surface wrongly)
        return self.session.current_params()

    @np.errstate(all="ignore")  # data with huge values: losses overflow to inf, drawn as gaps
    def recompute(self, keep_window: bool | None = False) -> None:
        session, model = self.session, self.session.model
        ds = session.dataset
        params = np.array(self.current_params(), dtype=float)
        if len(ds) == 0:
            self.surface = self._slice_params = None  # nothing to show; no stale slice for the next model
            self._set_note(None)
            for view in self.views:
                view.clear_state()
            return
        t0 = time.perf_counter()
        loss = session.settings.loss
        if self.window is None or not keep_window:
            snap = session.snapshot
            path = snap.path_params if snap is not None and snap.path_params.shape[1:] == (model.n_params,) else None
            optimum = None
            if model.name == "line" and len(ds) >= 2:
                optimum = np.array(gc.least_squares(ds.x, ds.y))
            old = self.window
            self.window = widen(gc.suggest_window(model, params, self.i, self.j, ds.x, ds.y, loss,
                                                  path=path, optimum=optimum, margin=0.35))
            if old is not None and keep_window is None:
                self.window = grow_past(self.window, old)
        (u0, u1), (v0, v1) = self.window
        g = SLICE_GRID if model.name == "network" else GRID
        u = np.linspace(u0, u1, g)
        v = np.linspace(v0, v1, g)
        sample = self.landscape_sample(ds, model)
        x, y = (ds.x, ds.y) if sample is None else (sample.x, sample.y)
        Z = gc.loss_surface(model, params, self.i, self.j, u, v, x, y, loss)
        if sample is not None:
            Z *= sample.scale(loss)
        self._set_note(sample.note() if sample is not None else None)
        self.surface = (u, v, Z)
        self._slice_params = params
        self.optimum = self._find_optimum(model, params, u, v, Z, loss)
        names = model.param_names
        for view in self.views:
            view.set_surface(u, v, Z, names[self.i], names[self.j])
        self._last_slice = time.perf_counter()
        self.surfaceComputed.emit(self._last_slice - t0)
        if session.snapshot is not None:
            self.on_snapshot(session.snapshot, recompute=False)

    def landscape_sample(self, ds, model) -> LandscapeSample | None:
        """The sample the surface is computed on, or None for all the points: only the
        sigmoid models on more than SAMPLE_ABOVE points. Cached per data set object, so
        the surface does not flicker between recomputes."""
        if self.sample is not None and self.sample.dataset is not ds:
            self.sample = None  # (and let the old data set go)
        if model.name not in ("neuron", "network") or len(ds) <= SAMPLE_ABOVE:
            return None
        if self.sample is None:
            idx = sample_indices(len(ds), SAMPLE_SIZE)
            self.sample = LandscapeSample(ds, idx, ds.x[idx], ds.y[idx])
        return self.sample

    def _set_note(self, note: str | None) -> None:
        self.sample_note = note
        self.selector.set_note(note)

    def _deferred_recompute(self) -> None:
        self._timer.stop()
        regrow, self._regrow = self._regrow, False
        # keep_window=None: a new window, but grown past the old one (hysteresis)
        self.recompute(keep_window=None if regrow else True)

    def _find_optimum(self, model, params, u, v, Z, loss):
        """The minimum to mark: exact least squares for the line under L2/MSE; otherwise the
        lowest point of this slice's grid (L1 and the sigmoid models have no closed form)."""
        ds = self.session.dataset
        if model.name == "line" and loss in ("l2", "mse") and len(ds) >= 2:
            opt = np.array(gc.least_squares(ds.x, ds.y), dtype=float)
            return (float(opt[self.i]), float(opt[self.j]), float(model.loss(opt, ds.x, ds.y, loss)))
        finite = np.where(np.isfinite(Z), Z, np.inf)
        if not np.isfinite(finite).any():
            return None
        a, b = np.unravel_index(int(np.argmin(finite)), Z.shape)
        return (float(u[a]), float(v[b]), float(Z[a, b]))

    # ----- per frame -------------------------------------------------------------------
    def on_snapshot(self, snap, recompute: bool = True) -> None:
        model = self.session.model
        if snap.params.shape != (model.n_params,) or self.surface is None:
            return
        i, j = self.i, self.j
        u, v = float(snap.params[i]), float(snap.params[j])
        if recompute:
            regrow = self.window is not None and not self._inside(u, v)
            stale = False
            if model.name == "network" and self._slice_params is not None:
                # the slice depends on the other parameters too
                stale = bool(np.any(np.delete(snap.params, [i, j]) != np.delete(self._slice_params, [i, j])))
            if regrow or stale:
                self._regrow = self._regrow or regrow
                # at most SLICE_HZ recomputes a second while training: the animation stays smooth
                wait = 1.0 / SLICE_HZ - (time.perf_counter() - self._last_slice)
                if wait <= 0 or not self.session.running:
                    self._deferred_recompute()
                    return
                if not self._timer.isActive():
                    self._timer.start(int(wait * 1000) + 1)
        g = np.asarray(snap.grad, dtype=float)
        gnorm = math.hypot(g[i], g[j])  # no overflow warning for huge gradients
        if self.grad_ref is None or snap.step == 0:
            self.grad_ref = gnorm if gnorm > 0 else 1.0
        path = np.column_stack([snap.path_params[:, i], snap.path_params[:, j], snap.path_losses])
        state = LandscapeState(current=(u, v, float(snap.loss)), path=path,
                               neg_grad=(float(-g[i]), float(-g[j])), grad_ref=float(self.grad_ref),
                               optimum=self.optimum)
        for view in self.views:
            view.set_state(state)
