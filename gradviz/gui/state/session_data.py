"""The session's changes of data: a data set swapped or edited (``set_dataset``), a
switch to data of another kind (``_switch_inputs``), the held-out points
(``set_eval_dataset``) and a whole saved run opened at once (``load_run``).

A mixin of :class:`gradviz.gui.state.session.Session`, like the trainer's: the methods
work on the session's own state, signals and worker, so they keep their bodies, and
``Session`` stays the one class views talk to.
"""

from __future__ import annotations

from dataclasses import replace

import gradviz.core as gc

from gradviz.gui.state import two_inputs
from gradviz.gui.state.settings import Settings

__all__ = ["SessionDataMixin"]


class SessionDataMixin:
    """The methods of :class:`Session` that replace or edit its data."""

    # ----- data ----------------------------------------------------------------------------
    def load_run(self, dataset: gc.Dataset, settings: Settings, start, run_state: dict,
                 eval_dataset: gc.Dataset | None = None) -> None:
        """The data, the held-out points, the settings, the start point and the run all
        replaced at once (an opened session file): the run carries on from ``run_state``
        (``gc.Trainer.state``), paused. ``run_restore_problem`` says why a state that does
        not fit was not used."""
        self._set_running(False)
        old = self.settings
        self.dataset, self.settings, self.eval_dataset = dataset, settings, eval_dataset
        self._rescale()
        model_changed = ((settings.model, settings.hidden) != (old.model, old.hidden)
                         or self._build_model() != self.model)
        if model_changed:
            self.model = self._build_model()
        self.start = self._valid_start(start)
        self.worker.set_speed(settings.speed)
        self.run_restore_problem = None
        self._intent_seq = 0
        self._last_diverged = None
        # the views hear of the new model and data before its first frame, as after any
        # other change of model (a frame of a model they do not know yet would break them)
        self.datasetChanged.emit(dataset)
        self.evalDatasetChanged.emit(eval_dataset)
        if model_changed:
            self.modelChanged.emit(self.model)
        self.settingsChanged.emit(settings)
        self.startChanged.emit(self.start.copy())
        self._install_trainer(run_state)

    def set_dataset(self, dataset: gc.Dataset, note: str | None = None, new_run: bool = False) -> None:
        """Swap the data. An edit (``new_run`` False) keeps the run going on the new data and
        marks the step where it happened (``frame.data_changes``); a new data set (a file, a
        preset) starts a new run from the start point: step 0, an empty path. Data of the
        other number of inputs switches the settings to the ones used with it last; data the
        settings do not fit (labels no longer 0 and 1 for "bce") mends them, in a new run."""
        if dataset.n_inputs != self.dataset.n_inputs or two_inputs.fit_settings(self.settings, dataset) != self.settings \
                or new_run and two_inputs.new_kind(self.dataset, dataset):
            self._switch_inputs(dataset, note)
            return
        self.dataset = dataset
        self._rescale()
        trained = self.training_dataset()
        # on standardized data an edit moves the mean and spread: the held-out points follow
        held = self.training_eval_dataset() if self.scaling is not None and self.eval_dataset is not None else None
        batch = self.settings.effective_batch(len(dataset))

        def put_data(tr, d=trained, b=batch, e=held, raw=(dataset, self.eval_dataset)):
            """(In the worker) the new data into every run."""
            tr.set_dataset(d)
            if e is not None:
                tr.set_eval_dataset(e)
            tr.set_batch_size(b)
            self.runs.set_dataset(d, e, raw)

        if new_run:
            start = self.start.copy()

            def apply(tr):
                put_data(tr)
                self._restart(tr, start)

            self._intent_seq = self._submit(apply)
            self._last_diverged = None
        else:
            def apply(tr):
                put_data(tr)
                step = tr.step_count
                if step > 0 and step not in self._data_changes[-1:]:
                    self._data_changes = self._data_changes + (step,)

            self._submit(apply)
        self.datasetChanged.emit(dataset)
        if note:
            self.notify(note)
        if len(dataset) == 0 or self.can_train():  # after the note: the status bar keeps the last
            if self._running:
                self._set_running(False)
            why = self.can_train()
            if why:
                self.notify(why)

    def _switch_inputs(self, dataset: gc.Dataset, note: str | None) -> None:
        """A new run on ``dataset`` with settings that fit it: on data of the other number of
        inputs, the settings, start point and held-out points used with that number last
        (or a first look's settings); on classes after values or back, a first look's
        settings; else the current ones, mended."""
        self._set_running(False)
        old_n, n = self.dataset.n_inputs, dataset.n_inputs
        settings, start, held = self.settings, self.start.copy(), self.eval_dataset
        if n != old_n:
            self._by_inputs[old_n] = (settings, start, held)
            settings, start, held = self._by_inputs.get(n, (two_inputs.first_settings(settings, dataset), None, None))
        elif two_inputs.new_kind(self.dataset, dataset):
            settings, start = two_inputs.first_settings(settings, dataset), None
        self.dataset, self.eval_dataset = dataset, held
        self.settings = two_inputs.fit_settings(replace(settings, speed=self.settings.speed), dataset)
        self._rescale()
        self.model = self._build_model()
        self.start = self._valid_start(start)
        self._intent_seq = 0
        self._last_diverged = None
        self.datasetChanged.emit(dataset)
        self.evalDatasetChanged.emit(held)
        self.modelChanged.emit(self.model)
        self.settingsChanged.emit(self.settings)
        self.startChanged.emit(self.start.copy())
        self._install_trainer()
        for text in (note, two_inputs.limits_for(dataset)):
            if text:
                self.notify(text)

    def set_eval_dataset(self, dataset: gc.Dataset | None, note: str | None = None) -> None:
        """The held-out points (None: none): measured every frame, never trained on; the
        run goes on."""
        self.eval_dataset = dataset
        raw = (self.dataset, dataset)  # the runs on the other scale of x scale these their own way
        self._submit(lambda tr, d=self.training_eval_dataset(): (tr.set_eval_dataset(d),
                                                                 self.runs.set_eval_dataset(d, raw)))
        self.evalDatasetChanged.emit(dataset)
        if note:
            self.notify(note)
