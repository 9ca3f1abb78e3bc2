"""The readout's next step for every optimizer, with weight decay and a schedule: the
numbers it writes out equal the core trainer's own next step (bit for bit on the whole
data set), and the rule's state values equal the state the trainer then holds."""

from __future__ import annotations

import contextlib

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.gui.panels.readout import ReadoutPanel
from gradviz.gui.widgets.formatting import num
from panel_session import advance, session_for

START = (1.0, 0.0)
K = 5  # steps before the one written out


def core_after(session, k):
    """The core's trainer for the session's run from START, after k steps."""
    s = session.settings
    tr = gc.Trainer(gc.make_model(s.model), session.dataset, loss=s.loss, optimizer=s.optimizer, lr=s.lr,
                    params=list(START), batch_size=s.effective_batch(len(session.dataset)), seed=s.seed,
                    **s.optimizer_options())
    tr.step(k)
    return tr


@pytest.fixture
def readout(qtbot):
    """build(**settings) -> (session, readout) after K steps from START."""
    with contextlib.ExitStack() as sessions:
        def build(**kw):
            s = sessions.enter_context(session_for(start=START, **kw))
            panel = ReadoutPanel(s)
            qtbot.addWidget(panel)
            advance(qtbot, s, K)
            return s, panel

        yield build


CASES = [dict(), dict(weight_decay=0.3), dict(schedule="cosine:8:0.0001"),
         dict(weight_decay=0.05, schedule="step:2:0.5", beta1=0.8, beta2=0.99, eps=1e-6, momentum=0.7)]


@pytest.mark.parametrize("extra", CASES, ids=["plain", "decay", "cosine", "all"])
@pytest.mark.parametrize("optimizer", [o for o in gc.OPTIMIZERS if o != "sgd"])
def test_next_step_is_the_cores_bit_for_bit(qtbot, readout, optimizer, extra):
    lr = {"gd": 0.002, "momentum": 0.002, "nesterov": 0.002}.get(optimizer, 0.05)
    s, r = readout(optimizer=optimizer, lr=lr, **extra)
    tr = core_after(s, K)
    assert r.values["step"] == K and (r.values["w"], r.values["b"]) == tuple(tr.params)
    nxt = tr.step(1)
    assert (r.next_step["next w"], r.next_step["next b"]) == tuple(nxt.params)
    # the state the rule writes out is the state the trainer holds after that step
    if optimizer in ("momentum", "nesterov"):
        assert (r.next_step["v_w"], r.next_step["v_b"]) == tuple(nxt.velocity)
    if optimizer in ("adam", "adamw"):
        assert (r.next_step["m_w"], r.next_step["m_b"]) == tuple(nxt.adam_m)
        assert (r.next_step["v_w"], r.next_step["v_b"]) == tuple(nxt.adam_v)
    if optimizer in ("rmsprop", "adagrad"):
        acc = nxt.square_avg if optimizer == "rmsprop" else nxt.adagrad_sum
        assert (r.next_step["s_w"], r.next_step["s_b"]) == tuple(acc)
    if "schedule" in extra:
        assert r.next_step["lr"] == tr.lr_at(K) and f"= <b>{num(tr.lr_at(K))}</b>" in r.label.text()
        assert f"η, the rate of step k = {K}" in r.label.text()
    else:
        assert "rate of step" not in r.label.text()
    text = r.label.text()
    wd = s.settings.weight_decay
    if wd and optimizer != "adamw":  # the decayed gradient's value is checked through the next step above
        assert f"weight decay wd = {num(wd)}" in text and "g_w = " in text
    if optimizer == "adamw":
        assert f"AdamW, weight decay wd = {num(wd if wd else 0.01)}" in text


def test_sgd_with_decay_and_schedule_matches_the_core(qtbot, readout):
    s, r = readout(optimizer="sgd", batch_size=3, lr=0.01, seed=3, weight_decay=0.2, schedule="exp:0.9")
    nxt = core_after(s, K).step(1)
    assert (r.next_step["next w"], r.next_step["next b"]) == pytest.approx(tuple(nxt.params), rel=1e-13)


def test_rules_are_written_out(qtbot, readout):
    s, r = readout(optimizer="rmsprop", lr=0.01)
    assert "s ← α·s + (1 − α)·g²" in r.label.text() and "α = 0.99" in r.label.text()
    s.update_settings(optimizer="adagrad")
    s.step_once(1)
    qtbot.waitUntil(lambda: r.values["step"] == K + 1 and "Adagrad" in r.label.text(), timeout=10000)
    assert "s ← s + g²" in r.label.text() and f"ε = {num(1e-10)}" in r.label.text()
    s.update_settings(optimizer="nesterov")
    s.step_once(1)
    qtbot.waitUntil(lambda: "Nesterov" in r.label.text(), timeout=10000)
    assert "− η·(∂L/∂w + μ·v_w)" in r.label.text()
    np.testing.assert_array_equal([r.values["w"], r.values["b"]], s.frame.snapshot.params)
