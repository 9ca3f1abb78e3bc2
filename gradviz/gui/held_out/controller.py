"""Which points are held out: the session's evaluation set, changed only through here.

The session holds the training points (``session.dataset``, what every panel and the
landscape use) and the held-out points (``session.eval_dataset``) apart. Every change of
the held-out points is one undoable step on the data editor's history, and the held-out
set that goes with each training data set is remembered (by identity: undo brings the
very same objects back), so undoing or redoing any edit, a split included, shows the
held-out points that went with the data at that moment.
"""

from __future__ import annotations

import weakref
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Signal

import gradviz.core as gc
from gradviz.gui.widgets.formatting import plural, point

DEFAULT_FRACTION = 0.2


class _HeldOutStep:
    """An undoable change of the held-out points alone (for DataEditor.push)."""

    def __init__(self, owner: "HeldOut", text: str, before, after) -> None:
        self.text, self._owner, self._before, self._after = text, owner, before, after

    def undo(self) -> None:
        self._owner._show(self._before)

    def redo(self) -> None:
        self._owner._show(self._after)


class HeldOut(QObject):
    """Split, load, draw and clear the held-out points; ``adding`` says where a click on
    the data view puts a new point (the held-out set when True)."""

    addingChanged = Signal(bool)

    def __init__(self, session, editor, parent=None) -> None:
        super().__init__(parent)
        self.session, self.editor = session, editor
        self.adding = False
        self.fraction = DEFAULT_FRACTION
        self.seed = 0
        self._with: dict[int, tuple] = {}  # id(training data) -> (weakref to it, its held-out set)
        self._replacing = False  # a whole new data set is on its way (a file, a preset)
        self._remember(session.dataset, session.eval_dataset)
        editor.replacing.connect(self._on_replacing)
        session.datasetChanged.connect(self._on_dataset)

    # ----- queries ------------------------------------------------------------------------
    def points(self) -> gc.Dataset | None:
        return self.session.eval_dataset

    def count(self) -> int:
        ds = self.session.eval_dataset
        return 0 if ds is None else len(ds)

    # ----- changes ------------------------------------------------------------------------
    def split(self, fraction: float | None = None, seed: int | None = None) -> bool:
        """Hold out ``fraction`` of all the points (training and held out together), drawn
        with ``seed``: one undoable step, and a new run on the training points."""
        f = self.fraction if fraction is None else fraction
        seed = self.seed if seed is None else int(seed)
        pool = self.session.dataset
        if self.count():
            pool = pool.concat(self.session.eval_dataset)
        try:
            train, held = gc.split(pool, f, seed=seed)
        except ValueError as exc:
            self.session.notify(f"Not split: {exc}.")
            return False
        self.fraction, self.seed = float(f), seed
        if len(train) == 0:
            self.session.notify("That would hold out every point: choose a smaller fraction.")
            return False
        self.set_split(train, held, f"hold out {plural(len(held))} of {len(pool):,}",
                       f"Held out {plural(len(held))} of {len(pool):,} (fraction {f:g}, seed {self.seed}): "
                       "drawn hollow, never trained on.")
        return True

    def redraw(self) -> bool:
        """The same fraction, the next seed: other points held out."""
        return self.split(self.fraction, self.seed + 1)

    def set_split(self, train: gc.Dataset, held: gc.Dataset | None, text: str, note: str | None = None) -> None:
        """New training data and held-out points together, as one undoable step."""
        self._remember(train, held)
        self.editor.replace(train, text, note=note)
        self._show(held)  # (already shown when the editor's change reached _on_dataset)

    def merge_back(self) -> bool:
        """Put every held-out point back among the training points."""
        if not self.count():
            self.session.notify("No points are held out.")
            return False
        k = self.count()
        self.set_split(self.session.dataset.concat(self.session.eval_dataset), None,
                       f"put {plural(k)} back into training", f"{plural(k).capitalize()} back in the training data.")
        return True

    def load(self, path) -> bool:
        """Held-out points from their own CSV file (the first two numeric columns)."""
        try:
            ds = gc.load_csv(path, max_abs=gc.MAX_ABS_VALUE)
        except (OSError, ValueError) as exc:
            self.session.notify(f"Held-out points not loaded: {exc}")
            return False
        self.set_points(ds, f"load held-out points from {Path(path).name}")
        return True

    def set_points(self, ds: gc.Dataset | None, text: str) -> None:
        """These points held out (None: none), as one undoable step."""
        if ds is None:
            self._change(None, text, "No points are held out.")
            return
        self._change(ds, text, f"{text[:1].upper()}{text[1:]}: {plural(len(ds))} held out (hollow), "
                               "never trained on.")

    def add_point(self, x: float, y: float) -> None:
        old = self.session.eval_dataset
        base = old if old is not None else gc.Dataset(np.zeros(0), np.zeros(0), name="held out")
        p = point(float(x), float(y))
        self._change(base.with_point(x, y), f"hold out point {p}",
                     f"Added held-out point {p}: {plural(len(base) + 1)} held out.")

    def clear(self) -> bool:
        if self.session.eval_dataset is None:
            self.session.notify("No points are held out.")
            return False
        k = self.count()
        self._change(None, f"remove {plural(k)} held out", f"Removed the {plural(k)} held out. Undo brings them back.")
        return True

    def set_adding(self, on: bool) -> None:
        on = bool(on)
        if on != self.adding:
            self.adding = on
            self.addingChanged.emit(on)
            self.session.notify("A click now adds a held-out point (hollow)." if on
                                else "A click now adds a training point.")

    # ----- internals ----------------------------------------------------------------------
    def _change(self, held, text: str, note: str) -> None:
        before = self.session.eval_dataset
        self._show(held, note)
        self.editor.push(_HeldOutStep(self, text, before, held))

    def _show(self, held, note: str | None = None) -> None:
        self._remember(self.session.dataset, held)
        if held is not self.session.eval_dataset:
            self.session.set_eval_dataset(held, note)
        elif note:
            self.session.notify(note)

    def _remember(self, ds, held) -> None:
        key = id(ds)
        self._with[key] = (weakref.ref(ds, lambda _r, k=key: self._with.pop(k, None)), held)

    def _on_replacing(self, _ds) -> None:
        self._replacing = True

    def _on_dataset(self, ds) -> None:
        replacing, self._replacing = self._replacing, False
        entry = self._with.get(id(ds))
        if entry is not None and entry[0]() is ds:
            held = entry[1]
        elif replacing:  # other data (a file, a preset): held-out points of the old data do not belong to it
            held = None
            self._remember(ds, None)
        else:  # an edit of the training points: the held-out ones stay as they are
            self._remember(ds, self.session.eval_dataset)
            return
        if held is not self.session.eval_dataset:
            self.session.set_eval_dataset(held)
