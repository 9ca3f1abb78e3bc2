"""The epoch table of a mini-batch run: one :class:`EpochRow` per completed pass over the
training data, as seed 002 prints them ("Epoch 3: loss=0.010095 (w=2.002, b=0.867)").

The trainer feeds :class:`EpochLog` every batch loss (the loss of the batch at the
parameters before its update, as seed 002 computes it) and closes a row when a pass
ends. A pass that starts afresh before it ends (new data: a new shuffle) drops the
batches it had, and so does a change of the loss (a mean of one loss's values); a batch
size change keeps them (``batches`` says how many the mean is over); a divergence rolls
the log back with the run to its last checked step.

Whole-batch gradient descent has no rows: every step is a pass over all the data, so
its loss curve is already the table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = ["EpochLog", "EpochRow", "MAX_EPOCH_ROWS", "format_epoch_table"]

MAX_EPOCH_ROWS = 10_000  # the most recent rows kept (a long run on a few points makes many)


@dataclass(frozen=True, eq=False)  # (holds an array: rows compare by identity)
class EpochRow:
    """``epoch`` (0 for the first pass, as seed 002 counts; ``Snapshot.epoch`` counts
    completed passes, so it is ``epoch + 1`` when the row is made), ``step`` at its end, ``batches`` in it, ``loss`` (their mean batch loss), ``params`` at
    its end (read-only), ``eval_loss`` there (None without an evaluation set)."""

    epoch: int
    step: int
    batches: int
    loss: float
    params: np.ndarray
    eval_loss: float | None


class EpochLog:
    """Running sums of the current pass, the completed rows, and a save point."""

    def __init__(self) -> None:
        self.rows: list[EpochRow] = []
        self.total = 0.0  # batch losses of the current pass so far
        self.count = 0
        self._saved = (0.0, 0, 0)
        self._frozen: tuple | None = ()

    def new_pass(self) -> None:
        self.total, self.count = 0.0, 0

    def close(self, epoch: int, step: int, params, eval_loss) -> None:
        p = np.array(params, dtype=np.float64, copy=True)
        p.flags.writeable = False
        mean = self.total / self.count if self.count else math.nan
        self.rows.append(EpochRow(int(epoch), int(step), self.count, float(mean), p, eval_loss))
        if len(self.rows) > 2 * MAX_EPOCH_ROWS:
            del self.rows[:len(self.rows) - MAX_EPOCH_ROWS]
        self.total, self.count = 0.0, 0
        self._frozen = None

    def save(self) -> None:
        """Remember the current state: a divergence rolls back to it."""
        self._saved = (self.total, self.count, len(self.rows))

    def rollback(self) -> None:
        self.total, self.count, n = self._saved
        if n < len(self.rows):
            del self.rows[n:]
            self._frozen = None

    def clear(self) -> None:
        self.rows.clear()
        self.new_pass()
        self.save()
        self._frozen = ()

    def table(self) -> tuple:
        """The rows (at most MAX_EPOCH_ROWS, the latest) as a tuple, rebuilt only when new."""
        if self._frozen is None:
            self._frozen = tuple(self.rows[-MAX_EPOCH_ROWS:])
        return self._frozen

    # -- saving a run ---------------------------------------------------------------------
    def state(self, n_params: int) -> dict:
        rows = self.rows[-MAX_EPOCH_ROWS:]
        return {
            "epoch_ints": np.array([(r.epoch, r.step, r.batches) for r in rows], np.int64).reshape(-1, 3),
            "epoch_losses": np.array([(r.loss, math.nan if r.eval_loss is None else r.eval_loss) for r in rows],
                                     np.float64).reshape(-1, 2),
            "epoch_params": np.array([r.params for r in rows], np.float64).reshape(-1, n_params),
            "epoch_total": float(self.total), "epoch_count": int(self.count),
        }

    def load(self, s: dict) -> None:
        self.rows = [EpochRow(int(e), int(st), int(b), float(L), _frozen(p), None if math.isnan(ev) else float(ev))
                     for (e, st, b), (L, ev), p in zip(s["epoch_ints"], s["epoch_losses"], s["epoch_params"])]
        self.total, self.count = float(s["epoch_total"]), int(s["epoch_count"])
        self.save()
        self._frozen = None


def _frozen(p) -> np.ndarray:
    p = np.array(p, dtype=np.float64, copy=True)
    p.flags.writeable = False
    return p


def format_epoch_table(rows, param_names=("w", "b")) -> str:
    """The rows as text, one line per epoch in seed 002's format (no parameters when
    ``param_names`` is empty):
    ``Epoch 0: loss=5.941978 (w=2.011, b=0.402) eval=0.000014``."""
    lines = []
    for r in rows:
        params = ", ".join(f"{n}={v:.3f}" for n, v in zip(param_names, r.params))
        params = f" ({params})" if params else ""
        tail = "" if r.eval_loss is None else f" eval={r.eval_loss:.6f}"
        lines.append(f"Epoch {r.epoch}: loss={r.loss:.6f}{params}{tail}")
    return "\n".join(lines)
