"""The history CSV holds the trainer's own numbers, exactly."""

import csv
import io

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.core.history_csv import history_columns, history_csv_bytes, runs_history_csv_bytes, save_history_csv


def _run(model, ds, steps, **kw):
    """A trainer stepped one step at a time; each step's snapshot kept as the reference."""
    tr = gc.Trainer(model, ds, **kw)
    snaps = [tr.snapshot()]
    for _ in range(steps):
        snaps.append(tr.step(1))
    return tr, snaps


def _read(data: bytes):
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    return rows[0], rows[1:]


@pytest.mark.parametrize("model, kw", [
    (gc.Line(), dict(loss="l2", optimizer="gd", lr=0.001, params=[1.0, 0.0])),
    (gc.Neuron(), dict(loss="mse", optimizer="momentum", lr=0.05)),
    (gc.Network(3), dict(loss="mse", optimizer="sgd", lr=0.05, batch_size=4, seed=7)),
    (gc.Line(), dict(loss="l1", optimizer="adam", lr=0.01)),
])
def test_rows_equal_the_trainers_snapshots_bit_for_bit(model, kw):
    ds = gc.preset("lesson")
    tr, snaps = _run(model, ds, 25, **kw)
    header, rows = _read(history_csv_bytes(tr.snapshot(), model, ds, kw["loss"]))
    names = list(model.param_names)
    assert header == ["step", *names, "loss", *(f"dL/d{n}" for n in names), "lr"]
    assert len(rows) == len(snaps) == 26
    P = len(names)
    for row, snap in zip(rows, snaps):
        assert int(row[0]) == snap.step
        values = np.array([float(v) for v in row[1:]])
        np.testing.assert_array_equal(values[:P], snap.params)
        assert values[P] == snap.loss
        np.testing.assert_array_equal(values[P + 1:2 * P + 1], snap.grad)
        assert values[-1] == kw["lr"]


def test_numpy_reads_it_back_exactly(tmp_path):
    ds = gc.preset("lesson")
    tr, snaps = _run(gc.Line(), ds, 10, loss="mse", optimizer="gd", lr=0.01)
    out = save_history_csv(tmp_path / "run.csv", tr.snapshot(), tr.model, ds, "mse")
    table = np.loadtxt(out, delimiter=",", skiprows=1)
    np.testing.assert_array_equal(table[:, 1:3], np.array([s.params for s in snaps]))
    np.testing.assert_array_equal(table[:, 3], np.array([s.loss for s in snaps]))
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left behind


def test_columns_of_a_network_name_every_parameter():
    cols = history_columns(gc.Network(2))
    assert cols == ["step", "w1", "b1", "v1", "w2", "b2", "v2", "c", "loss",
                    "dL/dw1", "dL/db1", "dL/dv1", "dL/dw2", "dL/db2", "dL/dv2", "dL/dc", "lr"]


def test_a_snapshot_of_another_model_is_refused():
    ds = gc.preset("lesson")
    snap = gc.Trainer(gc.Network(2), ds).snapshot()
    with pytest.raises(ValueError, match="parameters"):
        history_csv_bytes(snap, gc.Line(), ds, "l2")


def test_several_runs_have_a_run_column_and_every_runs_rows_exactly():
    ds = gc.preset("lesson")
    kws = {"A": dict(optimizer="gd", lr=0.002, params=[1.0, 0.0]),
           "B": dict(optimizer="momentum", lr=0.001, params=[1.0, 0.0]),
           "C": dict(optimizer="sgd", lr=0.002, batch_size=3, seed=4, params=[2.0, -1.0])}
    runs = {label: _run(gc.Line(), ds, 9, loss="l2", **kw) for label, kw in kws.items()}
    data = runs_history_csv_bytes([(label, tr.snapshot()) for label, (tr, _s) in runs.items()], gc.Line(), ds, "l2")
    header, rows = _read(data)
    assert header == ["run", "step", "w", "b", "loss", "dL/dw", "dL/db", "lr"]
    assert [r[0] for r in rows] == ["A"] * 10 + ["B"] * 10 + ["C"] * 10
    for row, (label, snap) in zip(rows, [(lb, s) for lb, (_t, snaps) in runs.items() for s in snaps]):
        assert row[0] == label and int(row[1]) == snap.step
        values = np.array([float(v) for v in row[2:]])
        np.testing.assert_array_equal(values[:2], snap.params)
        assert values[2] == snap.loss and values[-1] == kws[label]["lr"]
        np.testing.assert_array_equal(values[3:5], snap.grad)
    # each run's part is that run's own file, its label in front
    one = history_csv_bytes(runs["B"][0].snapshot(), gc.Line(), ds, "l2").decode().splitlines()[1:]
    assert [",".join(r[1:]) for r in rows if r[0] == "B"] == one


def test_a_label_with_a_comma_is_quoted():
    ds = gc.preset("lesson")
    snap = gc.Trainer(gc.Line(), ds).snapshot()
    header, rows = _read(runs_history_csv_bytes([('fast, "big"', snap)], gc.Line(), ds, "l2"))
    assert rows[0][0] == 'fast, "big"' and len(rows[0]) == len(header)
