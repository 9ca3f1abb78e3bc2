"""A run's recorded history as CSV: one row per recorded step.

Columns: ``step``, every parameter by name, ``loss``, the gradient component of every
parameter (``dL/d<name>``), ``lr``. Numbers are written with ``repr``, the shortest text
that reads back as the same float64, so the file holds the trainer's values exactly.

The path records step, parameters and loss (see ``history``); the gradient at each
recorded point is computed here with the same whole-data objective the trainer uses
(``objectives.make_objective``: the model's analytic gradient, or the line's closed form
under l2/mse), so it equals the ``grad`` of the trainer's snapshot at that step bit for bit.
For mini-batch SGD it is therefore the whole-data gradient at those parameters, not the
gradient of the mini-batch the step used. The data are those given: after an edit of the
data in the middle of a run, the earlier rows' gradients are those of the current data.
The ``lr`` column is the rate of the step from that row on: the snapshot's learning rate,
or under a schedule the schedule's rate at that step (the path does not record changes
of the base rate).

With several runs side by side (:func:`runs_history_csv_bytes`) a first column ``run``
holds each row's run label, and the runs' rows follow one another, each run's in step
order; the file of a single run has no such column.
"""

from __future__ import annotations

import numpy as np

from .atomic import atomic_write_bytes
from .bce import check_any_loss
from .objectives import make_objective

__all__ = ["history_columns", "history_table", "history_csv_bytes", "save_history_csv",
           "runs_history_csv_bytes", "save_runs_history_csv"]


def history_columns(model) -> list[str]:
    """The CSV's header names for ``model``."""
    names = list(model.param_names)
    return ["step", *names, "loss", *(f"dL/d{n}" for n in names), "lr"]


def history_table(snapshot, model, dataset, loss: str) -> np.ndarray:
    """(rows, columns) float64 array of the snapshot's recorded path, columns as
    :func:`history_columns`."""
    loss = check_any_loss(loss)
    steps = np.asarray(snapshot.path_steps)
    params = np.asarray(snapshot.path_params, dtype=np.float64)
    if params.ndim != 2 or params.shape[1] != model.n_params:
        raise ValueError(f"the snapshot's path has {params.shape[-1]} parameters, "
                         f"the model {model.n_params} {model.param_names}")
    x = np.asarray(dataset.x, dtype=np.float64)
    y = np.asarray(dataset.y, dtype=np.float64)
    obj = make_objective(model, x, y, loss)
    grads = np.empty_like(params)
    g = np.empty(model.n_params)
    with np.errstate(all="ignore"):
        for i, p in enumerate(params):
            obj.full(p.copy(), g)
            grads[i] = g
    n = steps.size
    sch = snapshot.schedule
    lrs = np.full(n, float(snapshot.lr)) if sch is None else sch.rate(float(snapshot.lr), steps)
    return np.column_stack((steps.astype(np.float64), params, np.asarray(snapshot.path_losses, dtype=np.float64),
                            grads, lrs))


def _rows(table, first: tuple = ()) -> list[str]:
    """The table's rows as CSV lines: the step whole, every other number as ``repr``; the
    fields of ``first`` before them."""
    return [",".join([*first, str(int(row[0])), *(repr(float(v)) for v in row[1:])]) for row in table]


def history_csv_bytes(snapshot, model, dataset, loss: str) -> bytes:
    """The CSV file's bytes (UTF-8, ``\\n`` line ends)."""
    lines = [",".join(history_columns(model)), *_rows(history_table(snapshot, model, dataset, loss))]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _label_field(label: str) -> str:
    if any(c in label for c in ',"\r\n') or label != label.strip():
        return '"' + label.replace('"', '""') + '"'
    return label


def runs_history_csv_bytes(runs, model, dataset, loss: str) -> bytes:
    """The CSV of several runs on the same model, data and loss: ``runs`` is
    ((label, snapshot), ...); a first column ``run``, then each run's rows in turn."""
    lines = [",".join(["run", *history_columns(model)])]
    for label, snapshot in runs:
        lines += _rows(history_table(snapshot, model, dataset, loss), (_label_field(str(label)),))
    return ("\n".join(lines) + "\n").encode("utf-8")


def save_history_csv(path, snapshot, model, dataset, loss: str):
    """Write the history CSV to ``path`` atomically (see ``atomic_write_bytes``)."""
    return atomic_write_bytes(path, history_csv_bytes(snapshot, model, dataset, loss))


def save_runs_history_csv(path, runs, model, dataset, loss: str):
    """Write the CSV of several runs (see :func:`runs_history_csv_bytes`) atomically."""
    return atomic_write_bytes(path, runs_history_csv_bytes(runs, model, dataset, loss))
