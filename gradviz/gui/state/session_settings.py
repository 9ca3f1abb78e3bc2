"""The session's settings and its point: settings changed live (``update_settings``, with
the rescaling and model change they may bring), a new start point (``set_start``,
``load_network_example``, ``reinitialize``) and the current point moved (``set_params``).

A mixin of :class:`gradviz.gui.state.session.Session`, like ``session_data``: the methods
work on the session's own state, signals and worker, so they keep their bodies.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

import gradviz.core as gc

from gradviz.gui.state import two_inputs
from gradviz.gui.state.scaling import rescaled_start, training_data

__all__ = ["SessionSettingsMixin"]


class SessionSettingsMixin:
    """The methods of :class:`Session` that change its settings, start point or point."""

    # ----- settings (apply at once, no restart) ------------------------------------------
    def update_settings(self, **changes) -> None:
        old = self.settings
        new = two_inputs.fit_settings(replace(old, **changes), self.dataset)
        if new == old:
            return
        if new.lr <= 0 or not math.isfinite(new.lr):
            raise ValueError("learning rate must be a positive number")
        opts = new.optimizer_options()  # ValueError for a schedule that is not one
        self.timeline.branch_if_past(old, new)
        self.settings = new
        # a loss away from "bce" goes first, "bce" after the model: the run's model and
        # loss always fit (bce needs the probability output the model change brings)
        loss_first = new.loss != old.loss and new.loss != two_inputs.BCE
        if loss_first:
            self._submit(lambda tr, v=new.loss: (tr.set_loss(v), self.runs.set_loss(v)))
        if self._build_model() != self.model:
            self._change_model()
        # the run (the new model's too) takes every other change made with it
        if new.lr != old.lr:
            self._submit(lambda tr, v=new.lr: tr.set_lr(v))
        if new.loss != old.loss and not loss_first:
            self._submit(lambda tr, v=new.loss: (tr.set_loss(v), self.runs.set_loss(v)))
        if new.optimizer != old.optimizer:
            self._submit(lambda tr, v=new.optimizer: tr.set_optimizer(v))
        if (new.batch_size, new.optimizer) != (old.batch_size, old.optimizer):
            self._submit(lambda tr, v=new.effective_batch(len(self.dataset)): tr.set_batch_size(v))
        if new.momentum != old.momentum:
            self._submit(lambda tr, v=new.momentum: tr.set_momentum(v))
        if (new.beta1, new.beta2) != (old.beta1, old.beta2):
            self._submit(lambda tr, v=opts["betas"]: tr.set_betas(v))
        if new.eps != old.eps:
            self._submit(lambda tr, v=new.eps: tr.set_eps(v))
        if new.weight_decay != old.weight_decay:
            self._submit(lambda tr, v=new.weight_decay: tr.set_weight_decay(v))
        if new.schedule != old.schedule:
            self._submit(lambda tr, v=opts["schedule"]: tr.set_schedule(v))
        if new.speed != old.speed:
            self.worker.set_speed(new.speed)
        if new.seed != old.seed:
            # a new seed means a new shuffle order: start the run again from the start point
            # (the runs beside it too, with their own settings: the race stays fair)
            self._install_trainer(keep_runs=True)
        if (new.curvature, new.point_arrows) != (old.curvature, old.point_arrows):
            self._submit(lambda _tr: None)  # a frame carrying the new view options, also when paused
        if new.standardize != old.standardize:
            self._rescale(new_run=True)
        self._record()
        self.settingsChanged.emit(new)

    def _rescale(self, new_run: bool = False) -> None:
        """Standardize the current data as the settings say; a switch of scaling (``new_run``)
        starts a new run from the same curve, described on the new scale."""
        old = self.scaling
        self._scaled = training_data(self.dataset, self.settings.standardize)
        if new_run:
            self.start = rescaled_start(self.model, self.start, old, self.scaling)
            self._install_trainer()
            self._last_diverged = None
            self.startChanged.emit(self.start.copy())

    def _change_model(self) -> None:
        self.model = self._build_model()
        self.start = self._valid_start(None)
        model, start = self.model, self.start.copy()
        # until a snapshot of the new model arrives, current_params() is its start point (the
        # line and the neuron have the same number of parameters: the old snapshot fits)
        self._intent_seq = self._submit(lambda tr: self._restart(tr, start, model))
        self._last_diverged = None
        self.modelChanged.emit(self.model)
        self.startChanged.emit(self.start.copy())

    def set_start(self, params, reset: bool = True) -> None:
        """New start point (manual sliders, start entries, a click on the contour view).

        Training pauses and the run restarts from the point, as in seed 001's sliders.
        """
        p = np.asarray(params, dtype=float).ravel()
        if p.shape != (self.model.n_params,) or not np.all(np.isfinite(p)):
            self.notify("That start point is not a valid set of parameters.")
            return
        self.start = p.copy()
        self._set_running(False)
        if reset:
            self._intent_seq = self._submit(lambda tr, p=p.copy(): self._restart(tr, p))
            self._last_diverged = None
        self.startChanged.emit(self.start.copy())

    def set_params(self, params, steps_taken: int = 0) -> None:
        """Move the current point to ``params`` without a new run, ``steps_taken`` steps on
        (code the learner wrote took them): training pauses, the path gets the point."""
        p = np.asarray(params, dtype=float).ravel()
        if p.shape != (self.model.n_params,) or not np.all(np.isfinite(p)):
            self.notify("Those parameters are not a valid point for the model.")
            return
        self._set_running(False)
        self._submit(lambda tr, p=p.copy(), k=int(steps_taken): tr.set_params(p, k))

    def load_network_example(self, k: int) -> None:
        """Seed 001's example weights (1, 2 or 4 neurons) as the network's start point."""
        example = gc.SEED001_NETWORKS[k]
        if self.settings.model != "network" or self.settings.hidden != example["hidden"]:
            self.update_settings(model="network", hidden=example["hidden"])
        self.set_start(np.asarray(example["params"], dtype=float))
        self.notify(f"Seed 001's example: {example['label']}.")

    def reinitialize(self) -> None:
        """A fresh seeded random start: the seed moves on by one so each press differs."""
        seed = self.settings.seed + 1
        self.settings = replace(self.settings, seed=seed)
        self.start = np.asarray(self.model.init_params(seed), dtype=float)
        self._set_running(False)
        self._install_trainer()
        self.settingsChanged.emit(self.settings)
        self.startChanged.emit(self.start.copy())
        self.notify(f"Re-initialised with random seed {seed}.")
