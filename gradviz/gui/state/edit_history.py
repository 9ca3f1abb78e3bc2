"""Undoable data edits. Every change to the data goes through a :class:`DataEditor`.

The editor lives beside the :class:`~gradviz.gui.state.session.Session` (the one owner of the
data) and is the only thing that asks it to swap data sets. Each edit is recorded as an
:class:`Edit` holding the whole data set before and after: ``gc.Dataset`` is immutable, so
undo and redo are exact (the very same objects come back) and cost nothing to apply.

A drag updates the data live (throttled, so the landscape, the least-squares line and the
trainer follow the point as it moves) but records ONE edit for the whole drag.

Memory: the history keeps whole data sets, so it is trimmed from the oldest end once the
data sets it holds exceed :data:`HISTORY_BUDGET_POINTS` points in total (at least the last
edit is always kept, so even a 1,000,000-point load can be undone).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QObject, Signal
from superqt.utils import QSignalThrottler

import gradviz.core as gc
from gradviz.gui.widgets.formatting import plural, point, signed

HISTORY_BUDGET_POINTS = 12_000_000  # points held by the history (16 bytes each: ~190 MB)
LIVE_MIN_INTERVAL_MS = 17  # a drag updates the data at most about 60 times a second...
LIVE_COST_FACTOR = 1.5  # ...and leaves the GUI this many times the last update's cost free


@dataclass(frozen=True)
class Edit:
    """One undoable step: ``text`` names it for the Edit menu ("move 3 points"), ``note``
    says what happened ("Moved 3 points by (+0.5, -0.2)"). ``replace`` marks a whole new
    data set (a load, a preset): the views then fit themselves to the data again, and
    training starts a new run on it."""

    text: str
    note: str
    before: gc.Dataset
    after: gc.Dataset
    replace: bool = False


class _LiveMove:
    def __init__(self, indices: np.ndarray, base: gc.Dataset) -> None:
        self.indices = indices
        self.base = base
        self.pending: tuple = (0.0, 0.0)  # (dx, dy); dx is the pair (dx1, dx2) for two inputs
        self.applied: tuple = (0.0, 0.0)
        self.current = base


def _shift(dx, dy) -> tuple:
    """(dx, dy) as plain floats: dx a number, or the pair (dx1, dx2) for two inputs."""
    return (float(dx) if np.ndim(dx) == 0 else tuple(float(v) for v in np.ravel(dx)), float(dy))


def _still(shift: tuple) -> bool:
    """Whether the shift (dx, dy) moves nothing."""
    dx, dy = shift
    return bool(np.all(np.asarray(dx) == 0)) and dy == 0


class DataEditor(QObject):
    """Undo/redo history of the session's data, and the edits themselves.

    Signals: ``historyChanged`` (undo/redo availability or texts changed),
    ``replacing(ds)`` just before and ``replaced(ds)`` just after a whole new data set is
    shown (a load, a preset, or undoing one), ``edited(ds)`` after every recorded edit,
    undo or redo.
    """

    historyChanged = Signal()
    replacing = Signal(object)
    replaced = Signal(object)
    edited = Signal(object)

    def __init__(self, session, parent=None, budget_points: int = HISTORY_BUDGET_POINTS) -> None:
        super().__init__(parent)
        self.session = session
        self.budget_points = int(budget_points)
        self._edits: list[Edit] = []
        self._index = 0  # edits[:index] are done, edits[index:] can be redone
        self._setting: gc.Dataset | None = None  # the data set we are handing to the session
        self._known: gc.Dataset = session.dataset  # what we last saw the session show
        self._move: _LiveMove | None = None
        # a drag's live updates: the first at once, then at most one per interval, the last
        # one always (the interval grows with what an update costs: a huge data set)
        self._live = QSignalThrottler(parent=self)
        self._live.setTimeout(LIVE_MIN_INTERVAL_MS)
        self._live.triggered.connect(self._apply_live)
        session.datasetChanged.connect(self._on_session_dataset)

    # ----- queries ------------------------------------------------------------------------
    @property
    def dataset(self) -> gc.Dataset:
        return self.session.dataset

    def can_undo(self) -> bool:
        return self._index > 0 or self._move is not None

    def can_redo(self) -> bool:
        return self._index < len(self._edits)

    def undo_text(self) -> str:
        if self._move is not None:
            return self._move_text(len(self._move.indices))
        return self._edits[self._index - 1].text if self._index > 0 else ""

    def redo_text(self) -> str:
        return self._edits[self._index].text if self.can_redo() else ""

    @property
    def history(self) -> list[Edit]:
        """The edits, oldest first (a copy); ``index`` of them are done."""
        return list(self._edits)

    @property
    def index(self) -> int:
        return self._index

    @property
    def moving(self) -> bool:
        return self._move is not None

    # ----- edits --------------------------------------------------------------------------
    def add_point(self, x, y: float) -> int:
        """Append the point (x, y) (x: a number, or the pair (x1, x2) for two inputs);
        returns its index."""
        self.finish_move()
        before = self.dataset
        after = before.with_point(float(x) if np.ndim(x) == 0 else np.asarray(x, dtype=float), float(y))
        p = _point_text(x, y)
        self._record(Edit(f"add point {p}", f"Added point {p}: {plural(len(after))}.", before, after))
        return len(after) - 1

    def delete_points(self, indices) -> bool:
        self.finish_move()
        before = self.dataset
        idx = np.unique(np.asarray(indices, dtype=np.intp).ravel())
        idx = idx[(idx >= 0) & (idx < len(before))]
        if idx.size == 0:
            return False
        after = before.without(idx)
        if idx.size == 1:
            i = int(idx[0])
            p = _point_text(before.x[i], before.y[i])
            text, note = f"delete point {p}", f"Deleted point {p}: {plural(len(after))} left."
        else:
            text = f"delete {plural(idx.size)}"
            note = f"Deleted {plural(idx.size)}: {plural(len(after))} left."
        self._record(Edit(text, note, before, after))
        return True

    def move_points(self, indices, dx, dy: float) -> bool:
        """Move points by (dx, dy) in one step (the end of a drag, or a keyboard nudge); with
        two inputs dx is the pair (dx1, dx2)."""
        self.finish_move()
        return self._record_move(self.dataset, self._clean_indices(indices, self.dataset), dx, dy)

    def clear(self) -> bool:
        self.finish_move()
        before = self.dataset
        if len(before) == 0:
            return False
        # drawn from scratch now: no longer the preset or file it was named after
        after = gc.Dataset(np.zeros(0), np.zeros(0), name="", x_name=before.x_name, y_name=before.y_name)
        self._record(Edit(f"clear all ({plural(len(before))})",
                          f"Cleared all {plural(len(before))}. Undo (Ctrl+Z) brings them back.", before, after))
        return True

    def replace(self, dataset: gc.Dataset, text: str, note: str | None = None) -> None:
        """A whole new data set (a file, a preset), as one undoable step."""
        self.finish_move()
        self._record(Edit(text, note or f"{text[:1].upper()}{text[1:]}: {plural(len(dataset))}.",
                          self.dataset, dataset, replace=True))

    def push(self, step) -> None:
        """Record a change made elsewhere as one undoable step on this stack: ``step`` is
        already done and has ``text`` (for the Edit menu), ``undo()`` and ``redo()``."""
        self.finish_move()
        del self._edits[self._index:]
        self._edits.append(step)
        self._index = len(self._edits)
        self.historyChanged.emit()

    # ----- a drag: live updates, one edit ---------------------------------------------------
    def begin_move(self, indices) -> bool:
        self.finish_move()
        idx = self._clean_indices(indices, self.dataset)
        if idx.size == 0:
            return False
        self._move = _LiveMove(idx, self.dataset)
        self.historyChanged.emit()
        return True

    def update_move(self, dx, dy: float) -> None:
        """Where the dragged points are now, relative to where the drag began (with two
        inputs dx is the pair (dx1, dx2)). The data is updated at once if the last update is
        old enough, else a moment later: the GUI never falls behind the mouse, however large
        the data."""
        m = self._move
        if m is None:
            return
        m.pending = _shift(dx, dy)
        self._live.throttle()

    def finish_move(self) -> bool:
        """End a drag: record one edit (if the points moved). True if an edit was recorded."""
        m = self._move
        if m is None:
            return False
        if m.pending != m.applied and not _still(m.pending):
            # the last position lands while this is still a drag (views keep its selection)
            self._live.flush(restart_timer=False)
        self._stop_live()
        self._move = None
        dx, dy = m.pending
        if _still(m.pending):
            if self.dataset is not m.base:
                self._set(m.base, None)
            self.historyChanged.emit()
            return False
        return self._record_move(m.base, m.indices, dx, dy, current=m.current if m.applied == m.pending else None)

    def cancel_move(self) -> None:
        """Abandon a drag: the points go back where they were, nothing is recorded."""
        m = self._move
        if m is None:
            return
        self._stop_live()
        self._move = None
        if self.dataset is not m.base:
            self._set(m.base, "Move cancelled.")
        self.historyChanged.emit()

    def _apply_live(self) -> None:
        m = self._move
        if m is None or m.pending == m.applied:
            return
        t0 = time.perf_counter()
        m.current = m.base.moved(m.indices, *m.pending)
        m.applied = m.pending
        self._set(m.current, None)
        cost_ms = (time.perf_counter() - t0) * 1000
        self._live.setTimeout(max(LIVE_MIN_INTERVAL_MS, round(LIVE_COST_FACTOR * cost_ms)))

    def _stop_live(self) -> None:
        """No update of the drag is pending any more, and the next drag starts at once."""
        self._live.cancel()
        self._live.flush(restart_timer=False)
        self._live.setTimeout(LIVE_MIN_INTERVAL_MS)

    @staticmethod
    def _move_text(n: int) -> str:
        return "move point" if n == 1 else f"move {plural(n)}"

    def _record_move(self, before: gc.Dataset, idx: np.ndarray, dx, dy: float,
                     current: gc.Dataset | None = None) -> bool:
        if idx.size == 0 or _still((dx, dy)):
            return False
        after = current if current is not None else before.moved(idx, dx, dy)
        if idx.size == 1:
            i = int(idx[0])
            note = f"Moved point {_point_text(before.x[i], before.y[i])} to {_point_text(after.x[i], after.y[i])}."
        elif np.ndim(dx) == 0:
            note = f"Moved {plural(idx.size)} by ({signed(dx)}, {signed(dy)})."
        else:
            note = f"Moved {plural(idx.size)} by ({signed(dx[0])}, {signed(dx[1])}) in the (x1, x2) plane."
        self._record(Edit(self._move_text(idx.size), note, before, after))
        return True

    @staticmethod
    def _clean_indices(indices, ds: gc.Dataset) -> np.ndarray:
        idx = np.unique(np.asarray(indices, dtype=np.intp).ravel())
        return idx[(idx >= 0) & (idx < len(ds))]

    # ----- undo / redo ------------------------------------------------------------------------
    def undo(self) -> bool:
        if self._move is not None:
            # Ctrl+Z in the middle of a drag: the drag is the last edit; put it back
            self.cancel_move()
            return True
        if self._index == 0:
            self.session.notify("Nothing to undo.")
            return False
        edit = self._edits[self._index - 1]
        self._index -= 1
        if not isinstance(edit, Edit):
            return self._run_step(edit.undo, f"Undid: {edit.text}.")
        self._apply(edit.before, f"Undid: {edit.text}.", edit.replace)
        self.historyChanged.emit()
        self.edited.emit(edit.before)
        return True

    def redo(self) -> bool:
        self.finish_move()
        if self._index >= len(self._edits):
            self.session.notify("Nothing to redo.")
            return False
        edit = self._edits[self._index]
        self._index += 1
        if not isinstance(edit, Edit):
            return self._run_step(edit.redo, f"Redid: {edit.text}.")
        self._apply(edit.after, f"Redid: {edit.text}.", edit.replace)
        self.historyChanged.emit()
        self.edited.emit(edit.after)
        return True

    def clear_history(self) -> None:
        self.finish_move()
        self._edits.clear()
        self._index = 0
        self.historyChanged.emit()

    # ----- internals ---------------------------------------------------------------------------
    def _run_step(self, action, note: str) -> bool:
        action()
        self.session.notify(note)
        self.historyChanged.emit()
        return True

    def _record(self, edit: Edit) -> None:
        del self._edits[self._index:]  # a new edit drops what could have been redone
        self._edits.append(edit)
        self._index = len(self._edits)
        self._trim()
        self._apply(edit.after, edit.note, edit.replace)
        self.historyChanged.emit()
        self.edited.emit(edit.after)

    def _apply(self, ds: gc.Dataset, note: str | None, replace: bool) -> None:
        if replace:
            self.replacing.emit(ds)
        self._set(ds, note, new_run=replace)
        if replace:
            self.replaced.emit(ds)

    def _set(self, ds: gc.Dataset, note: str | None, new_run: bool = False) -> None:
        # a whole new data set starts a new run; an edit keeps the run going
        self._setting = ds
        self._known = ds
        try:
            self.session.set_dataset(ds, note=note, new_run=new_run)
        finally:
            self._setting = None

    def _held_points(self) -> int:
        seen: dict[int, int] = {}
        current = id(self.dataset)
        for e in self._edits:
            if not isinstance(e, Edit):
                continue  # a pushed step holds no data set
            for ds in (e.before, e.after):
                if id(ds) != current:
                    seen[id(ds)] = len(ds)
        return sum(seen.values())

    def _trim(self) -> None:
        while len(self._edits) > 1 and self._index > 1 and self._held_points() > self.budget_points:
            self._edits.pop(0)
            self._index -= 1

    def _on_session_dataset(self, ds) -> None:
        """Someone swapped the data without us (a panel calling Session.set_dataset directly):
        record it, so the history keeps matching what is shown and undo stays exact."""
        if ds is self._setting:
            return
        if self._move is not None:
            self._stop_live()
            self._move = None
        before, self._known = self._known, ds
        if before is ds:
            return
        del self._edits[self._index:]
        self._edits.append(Edit("change data", "Data changed.", before, ds, replace=True))
        self._index = len(self._edits)
        self._trim()
        self.historyChanged.emit()


def _point_text(x, y) -> str:
    """'(1.5, -2)' for one input; '(1.5, -2) → 1' for two (the pair, then its y)."""
    if np.ndim(x) == 0:
        return point(float(x), float(y))
    x1, x2 = np.asarray(x, dtype=float)
    return f"{point(x1, x2)} → {float(y):.4g}"
