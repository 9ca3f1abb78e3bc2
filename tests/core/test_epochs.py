"""The epoch table: seed 002's printed figures, divergence, data changes, saving a run."""

import math

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.core import Dataset, Line, Network, Trainer, run_state_bytes, run_state_from_bytes
from gradviz.core.epochs import EpochLog

SEED = 4


def _seed002_by_hand(x, y, xe, ye, epochs, seed, lr=1e-4):
    """Seed 002's loop, written out with Python floats, in the trainer's shuffled order
    (a numpy Generator seeded with ``seed`` draws one permutation per epoch)."""
    rng = np.random.default_rng(seed)
    w = b = 0.0
    rows = []
    for epoch in range(epochs):
        losses = []
        for i in rng.permutation(len(x)).tolist():
            xi, yi = float(x[i]), float(y[i])
            p = xi * w + b
            losses.append((p - yi) ** 2)
            w -= lr * 2 * (p - yi) * xi
            b -= lr * 2 * (p - yi)
        ev = sum((xj * w + b - yj) ** 2 for xj, yj in zip(xe.tolist(), ye.tolist())) / len(xe)
        rows.append((epoch, sum(losses) / len(losses), w, b, ev))
    return rows


def test_epoch_table_equals_seed_002s_loop_on_the_same_data_and_order():
    rng = np.random.default_rng(9)
    x = rng.integers(0, 100, 2000).astype(float)
    xe = rng.integers(0, 100, 50).astype(float)
    train, held = Dataset(x, 2 * x + 1), Dataset(xe, 2 * xe + 1)
    tr = Trainer(Line(), train, loss="mse", optimizer="sgd", lr=1e-4, params=[0, 0], batch_size=1, seed=SEED,
                 eval_dataset=held)
    tr.step(4 * 2000 + 17)  # four epochs and a bit of the fifth
    table = tr.epoch_table()
    expect = _seed002_by_hand(x, 2 * x + 1, xe, 2 * xe + 1, 4, SEED)
    assert [r.epoch for r in table] == [0, 1, 2, 3]
    assert [r.step for r in table] == [2000, 4000, 6000, 8000] and {r.batches for r in table} == {2000}
    for r, (epoch, loss, w, b, ev) in zip(table, expect):
        assert r.loss == pytest.approx(loss, rel=1e-12)
        np.testing.assert_allclose(r.params, [w, b], rtol=1e-12)
        assert r.eval_loss == pytest.approx(ev, rel=1e-9)


def test_the_seed_002_setup_ends_near_w_2_b_1():
    s = gc.setup("seed-002")
    assert (len(s.dataset), len(s.eval_dataset), s.steps) == (10_000, 100, 100_000)
    assert np.array_equal(s.eval_dataset.y, 2 * s.eval_dataset.x + 1) and set(s.eval_dataset.x) <= set(range(100))
    tr = Trainer(gc.make_model(s.model), s.dataset, loss=s.loss, optimizer=s.optimizer, lr=s.lr, params=s.start,
                 batch_size=s.batch_size, eval_dataset=s.eval_dataset)
    snap = tr.step(s.steps)
    table = tr.epoch_table()
    assert len(table) == 10 and snap.epoch == 10
    w, b = table[-1].params
    assert abs(w - 2) < 0.01 and abs(b - 1) < 0.01
    assert table[-1].eval_loss < 1e-3 and table[-1].loss < 1e-3
    assert all(a.loss > b.loss for a, b in zip(table, table[1:]))  # falls every epoch, as the seed's
    with pytest.raises(ValueError, match="unknown set-up 'x'; choose one of: seed-002"):
        gc.setup("x")


def test_format_is_seed_002s_line():
    row = gc.EpochRow(3, 40000, 10000, 0.010095, np.array([2.0021, 0.8671]), None)
    assert gc.format_epoch_table([row]) == "Epoch 3: loss=0.010095 (w=2.002, b=0.867)"
    row = gc.EpochRow(9, 1, 1, 0.000025, np.array([2.0, 0.993]), 0.000014)
    assert gc.format_epoch_table([row]) == "Epoch 9: loss=0.000025 (w=2.000, b=0.993) eval=0.000014"


def test_whole_batch_gd_has_no_rows_and_mini_batches_do():
    d = Dataset(np.arange(8.0), np.arange(8.0) * 0.5)
    tr = Trainer(Line(), d, loss="mse", optimizer="gd", lr=0.01)
    assert tr.step(50).epochs == () and tr.epoch == 50  # every step is an epoch: the loss curve is the table
    tr = Trainer(Line(), d, loss="mse", optimizer="sgd", lr=0.01, batch_size=3)
    s = tr.step(9)  # 3 batches (3 + 3 + 2 points) per epoch
    assert [(r.epoch, r.step, r.batches) for r in s.epochs] == [(0, 3, 3), (1, 6, 3), (2, 9, 3)]


def test_a_data_change_mid_epoch_starts_a_fresh_pass():
    d = Dataset(np.arange(10.0), np.arange(10.0))
    tr = Trainer(Line(), d, loss="mse", optimizer="sgd", lr=0.001, batch_size=1)
    tr.step(4)
    tr.set_dataset(d.with_point(10.0, 10.0))
    s = tr.step(11)
    assert [(r.epoch, r.step, r.batches) for r in s.epochs] == [(0, 15, 11)]


def test_a_batch_size_change_keeps_the_pass():
    d = Dataset(np.arange(10.0), np.arange(10.0))
    tr = Trainer(Line(), d, loss="mse", optimizer="sgd", lr=0.001, batch_size=1)
    tr.step(4)
    tr.set_batch_size(3)
    s = tr.step(2)  # 4 + 3 + 3 points: the pass ends
    assert [(r.epoch, r.step, r.batches) for r in s.epochs] == [(0, 6, 6)]


def test_a_loss_change_mid_epoch_counts_the_batches_from_there():
    d = Dataset(np.arange(10.0), np.arange(10.0) * 0.5)
    tr = Trainer(Line(), d, loss="mse", optimizer="sgd", lr=0.001, batch_size=1)
    tr.step(4)
    tr.set_loss("l1")
    s = tr.step(6)
    assert [(r.epoch, r.step, r.batches) for r in s.epochs] == [(0, 10, 6)]


def test_divergence_rolls_the_table_back_with_the_run():
    log = EpochLog()
    log.total, log.count = 1.0, 1
    log.save()
    log.total, log.count = 3.0, 2
    log.close(0, 5, [1.0, 2.0], None)
    log.total, log.count = 7.0, 1
    log.rollback()
    assert (log.rows, log.total, log.count) == ([], 1.0, 1)
    # in a run: a network on many points checks the whole-data loss only now and then
    rng = np.random.default_rng(1)
    x = rng.uniform(-1, 1, 4000)
    tr = Trainer(Network(8), Dataset(x, 50 * x), loss="l2", optimizer="sgd", lr=0.5, batch_size=400, seed=1)
    s = tr.step(200)
    assert s.diverged
    assert all(r.step <= s.step for r in s.epochs) and len(s.epochs) == s.epoch


def test_a_saved_run_resumes_with_its_epoch_table_exactly():
    rng = np.random.default_rng(3)
    x = rng.uniform(-2, 2, 30)
    train, held = Dataset(x, np.sin(x)), Dataset([0.3, -1.1], [0.29, -0.89])
    make = lambda: Trainer(Network(3), train, loss="mse", optimizer="sgd", lr=0.05, batch_size=4, seed=2,  # noqa: E731
                           eval_dataset=held)
    whole = make()
    whole.step(60)
    part = make()
    part.step(25)  # mid-epoch (8 batches per epoch)
    state = run_state_from_bytes(run_state_bytes(part.state()))
    resumed = Trainer.from_state(Network(3), train, state, eval_dataset=held)
    resumed.step(35)
    a, b = whole.epoch_table(), resumed.epoch_table()
    assert len(a) == len(b) == 7
    for ra, rb in zip(a, b):
        assert (ra.epoch, ra.step, ra.batches, ra.loss, ra.eval_loss) == (rb.epoch, rb.step, rb.batches, rb.loss,
                                                                          rb.eval_loss)
        np.testing.assert_array_equal(ra.params, rb.params)


def test_a_run_saved_without_an_epoch_table_still_loads():
    d = Dataset(np.arange(6.0), np.arange(6.0))
    tr = Trainer(Line(), d, loss="mse", optimizer="sgd", lr=0.01, batch_size=2)
    tr.step(7)
    state = {k: v for k, v in tr.state().items() if not k.startswith("epoch_")}
    resumed = Trainer.from_state(Line(), d, state)
    assert resumed.epoch_table() == () and resumed.step_count == 7
    state["epoch_losses"] = np.array([[math.inf, 0.0]])
    with pytest.raises(gc.RunStateError):
        Trainer.from_state(Line(), d, state)
