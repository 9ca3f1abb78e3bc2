"""The readout on its own: every number it writes out against an independent reference
(the core's trainer taking the step, and the update rules computed by hand as in
torch.optim)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.gui.panels.readout import ReadoutPanel
from gradviz.gui.widgets.formatting import num, plural
from panel_session import advance, session_for, wait_current

START = (1.0, 0.0)


def trainer_step(session, **kw):
    """The core's own next parameters for the session's run from the start point."""
    s = session.settings
    tr = gc.Trainer(gc.make_model(s.model), session.dataset, loss=s.loss, optimizer=s.optimizer, lr=s.lr,
                    params=list(START), batch_size=s.effective_batch(len(session.dataset)), seed=s.seed,
                    momentum=s.momentum, **kw)
    return tr.step(1).params


@pytest.fixture
def make(qtbot):
    made = []

    def build(**kw):
        cm = session_for(start=START, **kw)
        s = cm.__enter__()
        made.append(cm)
        panel = ReadoutPanel(s)
        qtbot.addWidget(panel)
        return s, panel

    yield build
    for cm in made:
        cm.__exit__(None, None, None)


def test_gradient_descent_numbers(qtbot, make):
    s, r = make()
    ds = s.dataset
    L, g = s.model.loss_and_grad(np.array(START), ds.x, ds.y, "l2")
    v = r.values
    assert (v["loss"], v["dL/dw"], v["dL/db"]) == pytest.approx((L, g[0], g[1]))
    n = r.next_step
    assert (n["next w"], n["next b"]) == pytest.approx(tuple(trainer_step(s)))
    assert "1·xᵢ + 0" in r.label.text() and "(n = 8 points)" in r.label.text()


def test_momentum_at_step_0(qtbot, make):
    s, r = make(optimizer="momentum", momentum=0.8, lr=0.002)
    g = s.model.loss_and_grad(np.array(START), s.dataset.x, s.dataset.y, "l2")[1]
    # torch.optim.SGD(momentum=μ): the first buffer is the gradient itself
    vel = 0.8 * 0.0 + g
    v = r.next_step
    assert (v["v_w"], v["v_b"]) == pytest.approx(tuple(vel))
    assert (v["next w"], v["next b"]) == pytest.approx(tuple(np.array(START) - 0.002 * vel))
    assert (v["next w"], v["next b"]) == pytest.approx(tuple(trainer_step(s)))
    assert "μ = 0.8" in r.label.text() and "v_w ← μ·v_w + ∂L/∂w" in r.label.text()


def test_adam_at_step_0(qtbot, make):
    s, r = make(optimizer="adam", lr=0.05)
    g = s.model.loss_and_grad(np.array(START), s.dataset.x, s.dataset.y, "l2")[1]
    b1, b2, eps = 0.9, 0.999, 1e-8  # torch.optim.Adam's defaults, which the trainer uses
    m = (1 - b1) * g
    v2 = (1 - b2) * g * g
    mh, vh = m / (1 - b1 ** 1), v2 / (1 - b2 ** 1)
    new = np.array(START) - 0.05 * mh / (np.sqrt(vh) + eps)
    v = r.next_step
    assert (v["m_w"], v["v_w"], v["m_hat_w"], v["v_hat_w"]) == pytest.approx((m[0], v2[0], mh[0], vh[0]))
    assert (v["m_b"], v["v_b"], v["m_hat_b"], v["v_hat_b"]) == pytest.approx((m[1], v2[1], mh[1], vh[1]))
    assert (v["next w"], v["next b"]) == pytest.approx(tuple(new))
    assert (v["next w"], v["next b"]) == pytest.approx(tuple(trainer_step(s)))
    assert "β₁ = 0.9" in r.label.text() and "m_hat = m/(1 − β₁ᵗ)" in r.label.text()


@pytest.mark.parametrize("batch", [1, 3])
def test_sgd_names_the_batch_at_step_0(qtbot, make, batch):
    s, r = make(optimizer="sgd", batch_size=batch, lr=0.002, seed=7)
    idx = np.random.default_rng(7).permutation(8)[:batch]  # the trainer's first shuffle
    np.testing.assert_array_equal(r.batch_indices(), idx)
    x, y = s.dataset.x[idx], s.dataset.y[idx]
    gb = s.model.loss_and_grad(np.array(START), x, y, "l2")[1]
    v = r.next_step
    assert (v["∂L_B/∂w"], v["∂L_B/∂b"]) == pytest.approx(tuple(gb))
    assert (v["next w"], v["next b"]) == pytest.approx(tuple(trainer_step(s)))
    assert f"#{idx[0] + 1} (" in r.label.text()
    assert f"batch of {batch} point{'s' if batch > 1 else ''} of the 8" in r.label.text()


# ----- after step 0: the optimizer's state, computed here by hand from the update rules ----

def hand_run(s, k):
    """k steps of the session's run from START by hand (torch.optim's rules, the trainer's
    shuffling: a new permutation of the seed's generator every epoch, batches taken in
    order); returns (params, state, next batch indices or None) before step k + 1."""
    st = s.settings
    x, y, n = s.dataset.x, s.dataset.y, len(s.dataset)
    rng = np.random.default_rng(st.seed)
    p = np.array(START)
    vel, m, v, t = np.zeros(2), np.zeros(2), np.zeros(2), 0
    order, pos = None, n
    b1, b2 = 0.9, 0.999  # torch.optim.Adam's defaults, which the trainer uses

    def next_batch():
        nonlocal order, pos
        if st.optimizer != "sgd":
            return None
        if pos >= n:
            order, pos = rng.permutation(n), 0
        return order[pos:pos + st.batch_size]

    for _ in range(k):
        idx = next_batch()
        pos += 0 if idx is None else len(idx)
        xb, yb = (x, y) if idx is None else (x[idx], y[idx])
        g = s.model.loss_and_grad(p, xb, yb, st.loss)[1]
        if st.optimizer == "momentum":
            vel = st.momentum * vel + g
            p = p - st.lr * vel
        elif st.optimizer == "adam":
            t += 1
            m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g * g
            p = p - st.lr * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + 1e-8)
        else:
            p = p - st.lr * g
    return p, {"vel": vel, "m": m, "v": v, "t": t}, next_batch()


def core_next(s, k):
    """The core trainer's own parameters after step k + 1 of the same run."""
    st = s.settings
    tr = gc.Trainer(gc.make_model(st.model), s.dataset, loss=st.loss, optimizer=st.optimizer, lr=st.lr,
                    params=list(START), batch_size=st.effective_batch(len(s.dataset)), seed=st.seed,
                    momentum=st.momentum)
    tr.step(k)
    return tr.step(1).params


def test_momentum_after_some_steps(qtbot, make):
    s, r = make(optimizer="momentum", momentum=0.8, lr=0.002)
    advance(qtbot, s, 6)
    p, st, _ = hand_run(s, 6)
    g = s.model.loss_and_grad(p, s.dataset.x, s.dataset.y, "l2")[1]
    vel = 0.8 * st["vel"] + g
    v = r.next_step
    assert r.values["step"] == 6 and (r.values["w"], r.values["b"]) == pytest.approx(tuple(p), rel=1e-12)
    assert (v["v_w"], v["v_b"]) == pytest.approx(tuple(vel), rel=1e-10)
    assert (v["next w"], v["next b"]) == pytest.approx(tuple(p - 0.002 * vel), rel=1e-12)
    assert (v["next w"], v["next b"]) == pytest.approx(tuple(core_next(s, 6)), rel=1e-12)
    assert f"v_w = 0.8·({num(st['vel'][0])})" in r.label.text()


def test_adam_after_some_steps(qtbot, make):
    s, r = make(optimizer="adam", lr=0.05)
    advance(qtbot, s, 5)
    p, st, _ = hand_run(s, 5)
    g = s.model.loss_and_grad(p, s.dataset.x, s.dataset.y, "l2")[1]
    b1, b2 = 0.9, 0.999
    m, v2 = b1 * st["m"] + (1 - b1) * g, b2 * st["v"] + (1 - b2) * g * g
    mh, vh = m / (1 - b1 ** 6), v2 / (1 - b2 ** 6)  # the next step is Adam's 6th
    new = p - 0.05 * mh / (np.sqrt(vh) + 1e-8)
    v = r.next_step
    assert (v["m_w"], v["v_w"], v["m_hat_w"], v["v_hat_w"]) == pytest.approx((m[0], v2[0], mh[0], vh[0]), rel=1e-10)
    assert (v["m_b"], v["v_b"], v["m_hat_b"], v["v_hat_b"]) == pytest.approx((m[1], v2[1], mh[1], vh[1]), rel=1e-10)
    assert (v["next w"], v["next b"]) == pytest.approx(tuple(new), rel=1e-12)
    assert (v["next w"], v["next b"]) == pytest.approx(tuple(core_next(s, 5)), rel=1e-12)
    assert "t = 6:" in r.label.text()


@pytest.mark.parametrize("k", [2, 3, 7])  # mid-epoch, at an epoch's end (the next step reshuffles), later
def test_sgd_names_the_next_batch_after_some_steps(qtbot, make, k):
    s, r = make(optimizer="sgd", batch_size=3, lr=0.002, seed=7)
    advance(qtbot, s, k)
    p, _, idx = hand_run(s, k)
    np.testing.assert_array_equal(r.batch_indices(), idx)
    gb = s.model.loss_and_grad(p, s.dataset.x[idx], s.dataset.y[idx], "l2")[1]
    v = r.next_step
    assert (v["∂L_B/∂w"], v["∂L_B/∂b"]) == pytest.approx(tuple(gb), rel=1e-10)
    assert (v["next w"], v["next b"]) == pytest.approx(tuple(p - 0.002 * gb), rel=1e-12)
    assert (v["next w"], v["next b"]) == pytest.approx(tuple(core_next(s, k)), rel=1e-12)
    assert f"#{idx[0] + 1} (" in r.label.text() and f"batch of {plural(len(idx))} of the 8" in r.label.text()


def test_one_point_reads_1_point(qtbot, make):
    s, r = make()
    s.set_dataset(gc.Dataset.from_points([(1.0, 2.0)]))
    wait_current(qtbot, s)
    assert "(n = 1 point)" in r.label.text()


def test_draws_the_frame_of_the_network(qtbot, make):
    s, r = make()
    s.update_settings(model="network", hidden=2)
    qtbot.waitUntil(lambda: s.frame.model.name == "network", timeout=10000)
    names = s.frame.model.param_names
    assert set(names) <= set(r.values)
    for n, p in zip(names, s.frame.params):
        assert r.values[n] == pytest.approx(float(p))
    assert "Σₖ vₖ·σ(wₖ·x + bₖ) + c" in r.label.text()
    assert all(math.isfinite(v) for v in r.values.values())
