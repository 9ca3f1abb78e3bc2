"""Feeds the 3D and contour landscape views from the session.

The surface is recomputed only when what it depends on changes: the data, the loss, the
model, the chosen parameter pair, or the window (see ``framing``). For the network, the
slice also depends on the other parameters, so while training it is recomputed at most
SLICE_HZ times a second. Per frame the views get a ``LandscapeState`` built from the
session's Frame alone.
"""

from __future__ import annotations

import math
import time

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

import gradviz.core as gc

from gradviz.gui.landscape import framing
from gradviz.gui.landscape.pair_selector import PairSelector
from gradviz.gui.landscape.sample import LandscapeSample, sample_for
from gradviz.gui.landscape.slice_lines import SliceSource, slice_curves
from gradviz.gui.landscape.state import LandscapeState
from gradviz.gui.runs.layers import path_entries

GRID = 97  # grid points per axis for the 2D map; the 3D mesh takes every third one (MESH_MAX)
SLICE_GRID = 64  # network slices are recomputed while training: a lighter grid
SLICE_HZ = 3.0
EMPTY_HINT = "No data: click the data plot to add points, and the loss landscape appears here."


class LandscapeController(QObject):
    surfaceComputed = Signal(float)  # seconds the last recompute took

    def __init__(self, session, views, selector: PairSelector, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.views = [v for v in views if v is not None]
        self.selector = selector
        self._i, self._j = 0, 1
        self.window: framing.Window | None = None  # ((u0, u1), (v0, v1)) shown
        self.surface = None  # (u, v, Z)
        self.optimum: tuple[float, float, float] | None = None  # (u, v, loss) marked by the star
        self.optimum_exact = False  # the star is the true minimum (else the slice's lowest point)
        self.grad_ref = None
        self.sample: LandscapeSample | None = None  # the last large data set's sample (cached)
        self.sample_note: str | None = None  # set when the shown surface is from a sample
        self._last_slice = 0.0
        self._slice_params = None
        self._last_step = -1
        self._regrow = False  # a deferred recompute must also grow the window
        self._fresh = False  # the next data set is a new one: frame it afresh
        self._manual = False  # the window was set by hand: kept while the point stays in it
        self._slice_lines = False  # draw the two partial-derivative slices through the point
        self._slices = SliceSource(lambda: self.set_slice_lines(self._slice_lines), self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._deferred_recompute)
        selector.pairChanged.connect(self.set_pair)
        selector.fitRequested.connect(self.reframe)
        selector.windowRequested.connect(self.set_window)
        session.datasetChanged.connect(lambda _d: self._on_dataset())
        session.settingsChanged.connect(self._on_settings)
        session.modelChanged.connect(self._on_model)
        session.startChanged.connect(lambda _p: self._on_start())
        session.frameChanged.connect(self.on_frame)
        session.timeline.ghostChanged.connect(lambda _g: self.session.frame and self.on_frame(self.session.frame, False))
        self._loss = session.settings.loss
        self._standardize = session.settings.standardize
        self._on_model(session.model)

    # ----- public ------------------------------------------------------------------------
    @property
    def pair(self) -> tuple[int, int]:
        """The indices of the two parameters on the landscape's axes."""
        return (self._i, self._j)

    @property
    def slice_params(self) -> np.ndarray | None:
        """The parameters the shown surface was sliced at (the pair varies over the grid)."""
        return self._slice_params

    def pair_names(self) -> tuple[str, str]:
        names = self.session.model.param_names
        return (names[self._i], names[self._j])

    def set_pair(self, i: int, j: int) -> None:
        if i == j:
            raise ValueError("the landscape needs two different parameters")
        self._i, self._j = i, j
        self.selector.set_pair(i, j)
        self.window = None
        self.recompute()

    def reframe(self) -> None:
        """Fit the window to the current point, the start, the path's recent part and the
        optimum."""
        self.window = None
        self.recompute()

    def set_window(self, window) -> None:
        """Show exactly ``window`` = ((u0, u1), (v0, v1)); ValueError names what is wrong."""
        self.window = framing.check_window(window, self.pair_names())
        self._manual = True
        self.recompute(keep_window=True)

    def set_slice_lines(self, on: bool) -> None:
        """Draw (or not) the loss along each parameter of the pair, the other held, as lines
        through the current point on both views."""
        self._slice_lines = bool(on)
        if self.session.frame is not None:
            self.on_frame(self.session.frame, recompute=False)

    def slice_lines_shown(self) -> bool:
        return self._slice_lines

    def frame_next_data(self) -> None:
        """The next data set is a new one (opened, a preset): frame it afresh."""
        self._fresh = True

    # ----- triggers --------------------------------------------------------------------
    def _on_model(self, model) -> None:
        self._i, self._j = 0, 1
        self.selector.set_names(model.param_names, 0, 1)
        self.window = None
        self.recompute()

    def _on_settings(self, s) -> None:
        if (s.loss, s.standardize) != (self._loss, self._standardize):
            self._loss, self._standardize = s.loss, s.standardize
            self.window = None
            self.recompute()

    def _on_start(self) -> None:
        self.grad_ref = None
        p = self.session.start
        if self.window is None or not framing.inside(self.window, p[self._i], p[self._j]):
            self.window = None
            self.recompute()
        elif self.session.model.n_params > 2:  # the slice goes through the other parameters
            self.recompute(keep_window=True)

    def _on_dataset(self) -> None:
        if self._fresh or self.window is None:  # a whole new data set (open, preset): frame it at once
            self._fresh = False
            self.window = None
            self.recompute()
            return
        # an edit (a drag changes the data ~30 times a second): recompute at most SLICE_HZ
        # times a second; the last change always lands through the timer
        wait = 1.0 / SLICE_HZ - (time.perf_counter() - self._last_slice)
        if wait <= 0:
            self._deferred_recompute()
        elif not self._timer.isActive():
            self._timer.start(int(wait * 1000) + 1)

    # ----- the surface -----------------------------------------------------------------
    def _exact_optimum(self, model, ds, loss) -> np.ndarray | None:
        """The true minimum where a closed form gives it: least squares for the line under
        L2 and MSE. None otherwise (L1 and the sigmoid models have none)."""
        if model.name == "line" and loss in ("l2", "mse") and len(ds) >= 2:
            return np.array(gc.least_squares(ds.x, ds.y), dtype=float)
        return None

    def _fit(self, model, params, ds, loss) -> framing.Window:
        frame = self.session.frame
        ours = frame is not None and frame.model is model
        path = frame.snapshot.path_params if ours else None
        optimum = None
        if model.name == "line" and len(ds) >= 2:  # least squares frames L1 well too
            optimum = np.array(gc.least_squares(ds.x, ds.y))
        return framing.fit_window(model, params, self._i, self._j, ds, loss, start=self.session.start,
                                  path=path, optimum=optimum,
                                  others=framing.companion_points(frame) if ours else None)

    @np.errstate(all="ignore")  # data with huge values: losses overflow to inf, drawn as gaps
    def recompute(self, keep_window: bool | None = False) -> None:
        session, model = self.session, self.session.model
        ds = session.training_dataset()  # standardized x when the run trains on it
        params = np.array(session.current_params(), dtype=float)
        if len(ds) == 0:
            self.surface = self._slice_params = self.optimum = None  # no stale slice for the next model
            self._set_note(None)
            for view in self.views:
                view.clear_surface(EMPTY_HINT)
            return
        t0 = time.perf_counter()
        loss = session.settings.loss
        exact = self._exact_optimum(model, ds, loss)
        if self.window is not None and exact is not None and keep_window and not self._manual:
            # an edit moved the true minimum off the map: bring it back
            if not framing.inside(self.window, exact[self._i], exact[self._j]):
                keep_window = False
        if self.window is None or not keep_window:
            old = self.window
            self.window = self._fit(model, params, ds, loss)
            self._manual = False
            if old is not None and keep_window is None:
                self.window = framing.grow_past(self.window, old)
        (u0, u1), (v0, v1) = self.window
        g = SLICE_GRID if model.name == "network" else GRID
        u = np.linspace(u0, u1, g)
        v = np.linspace(v0, v1, g)
        self.sample = sample_for(ds, model, self.sample)
        x, y = (ds.x, ds.y) if self.sample is None else (self.sample.x, self.sample.y)
        Z = gc.loss_surface(model, params, self._i, self._j, u, v, x, y, loss)
        if self.sample is not None:
            Z *= self.sample.scale(loss)
        self._set_note(self.sample.note() if self.sample is not None else None)
        self.surface = (u, v, Z)
        self._slice_params = params
        self._mark_optimum(model, ds, loss, exact, u, v, Z)
        names = model.param_names
        for view in self.views:
            view.set_surface(u, v, Z, names[self._i], names[self._j])
        self.selector.set_window(self.window)
        self._last_slice = time.perf_counter()
        self.surfaceComputed.emit(self._last_slice - t0)
        frame = session.frame
        if frame is not None:
            self.on_frame(frame, recompute=False)

    def _mark_optimum(self, model, ds, loss, exact, u, v, Z) -> None:
        """The star: the exact minimum where known, else the lowest point of this slice's grid."""
        if exact is not None:
            self.optimum = (float(exact[self._i]), float(exact[self._j]), float(model.loss(exact, ds.x, ds.y, loss)))
            self.optimum_exact = True
            return
        self.optimum_exact = False
        finite = np.where(np.isfinite(Z), Z, np.inf)
        if not np.isfinite(finite).any():
            self.optimum = None
            return
        a, b = np.unravel_index(int(np.argmin(finite)), Z.shape)
        self.optimum = (float(u[a]), float(v[b]), float(Z[a, b]))

    def _set_note(self, note: str | None) -> None:
        self.sample_note = note
        self.selector.set_note(note)

    def _deferred_recompute(self) -> None:
        self._timer.stop()
        regrow, self._regrow = self._regrow, False
        # keep_window=None: a new window, but grown past the old one (hysteresis)
        self.recompute(keep_window=None if regrow else True)

    # ----- per frame -------------------------------------------------------------------
    def on_frame(self, frame, recompute: bool = True) -> None:
        model = frame.model
        if model is not self.session.model or self.surface is None:
            return  # a frame of a model the session has left: the surface is the new one's
        snap = frame.snapshot
        i, j = self._i, self._j
        u, v = float(snap.params[i]), float(snap.params[j])
        new_run = snap.step < self._last_step or (snap.step == 0 and self._last_step != 0)
        self._last_step = snap.step
        if recompute:
            if new_run and self._new_run_needs_frame(model, snap):
                self.window = None
                self.recompute()
                return
            regrow = self.window is not None and not (framing.inside(self.window, u, v) and framing.holds(
                self.window, framing.companion_points(frame, recent=1), i, j))  # every run's start and point
            stale = False
            if model.n_params > 2 and self._slice_params is not None:
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
        slices = None
        if self._slice_lines and self.window is not None:
            sample = self.sample if self.sample is not None and self.sample.dataset is frame.dataset else None
            ds = frame.dataset if sample is None else sample
            loss = frame.settings.loss
            slices = self._slices.curves(
                (model, ds, self.window, self._i, self._j, loss),
                lambda: slice_curves(model, snap.params, (i, j), self.window, ds.x, ds.y, loss,
                                     1.0 if sample is None else sample.scale(loss)))
        state = LandscapeState(current=(u, v, float(snap.loss)), path=path,
                               neg_grad=(float(-g[i]), float(-g[j])), grad_ref=float(self.grad_ref),
                               optimum=self.optimum, optimum_exact=self.optimum_exact, slices=slices,
                               ghost=self._ghost(), companions=tuple(path_entries(frame, i, j)))
        for view in self.views:
            view.set_state(state)

    def _ghost(self) -> np.ndarray | None:
        """(k, 3) u, v, loss of the future a branch left behind, or None."""
        ghost = self.session.timeline.ghost
        if ghost is None or ghost[0].shape[1] != self.session.model.n_params:
            return None
        params, losses = ghost
        return np.column_stack([params[:, self._i], params[:, self._j], losses])

    def _new_run_needs_frame(self, model, snap) -> bool:
        """A new run (reset, new start) that a fresh window would show far better: the old
        window does not hold it, or was grown far wider for a run that is gone."""
        if self.window is None:
            return False
        p = snap.params
        if not framing.inside(self.window, p[self._i], p[self._j]):
            return True
        if not framing.holds(self.window, framing.companion_points(self.session.frame, recent=1), self._i, self._j):
            return True
        if self._manual:
            return False
        ds = self.session.training_dataset()
        fresh = self._fit(model, p, ds, self.session.settings.loss)
        return framing.far_too_wide(self.window, fresh)
