"""Learning-rate schedules against torch.optim.lr_scheduler, by hand, and in the trainer.

The references are StepLR, ExponentialLR and CosineAnnealingLR written out in plain
Python: their closed forms (equal to the core's to 1e-15) and torch's recursive updates
(the same numbers up to rounding), with ``scheduler.step()`` once per optimizer step.
"""

import io
import json
import math

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.core import Line, Neuron, Trainer, run_state_bytes, run_state_from_bytes, schedules
from gradviz.core.history_csv import history_table

from training_helpers import LESSON  # tests/core/

K = 400


def closed_step(base, every, gamma, k):
    return base * gamma ** (k // every)


def closed_exp(base, gamma, k):
    return base * gamma ** k


def closed_cosine(base, t_max, lo, k):
    return lo + (base - lo) * (1 + math.cos(math.pi * k / t_max)) / 2


def torch_recursive(kind, base, k_max, **a):
    """The rates torch's schedulers hand the optimizer at steps 0 .. k_max - 1."""
    lr, out = base, []
    for k in range(k_max):
        if k > 0:
            if kind == "step" and k % a["every"] == 0:
                lr = lr * a["gamma"]
            elif kind == "exp":
                lr = lr * a["gamma"]
            elif kind == "cosine":
                T, lo = a["t_max"], a["lr_min"]
                if (k - 1 - T) % (2 * T) == 0:
                    lr = lr + (base - lo) * (1 - math.cos(math.pi / T)) / 2
                else:
                    lr = (1 + math.cos(math.pi * k / T)) / (1 + math.cos(math.pi * (k - 1) / T)) * (lr - lo) + lo
        out.append(lr)
    return out


CASES = [
    (schedules.step(30, 0.5), lambda k: closed_step(0.1, 30, 0.5, k), dict(kind="step", every=30, gamma=0.5)),
    (schedules.step(1, 0.9), lambda k: closed_step(0.1, 1, 0.9, k), dict(kind="step", every=1, gamma=0.9)),
    (schedules.exponential(0.99), lambda k: closed_exp(0.1, 0.99, k), dict(kind="exp", gamma=0.99)),
    (schedules.cosine(100), lambda k: closed_cosine(0.1, 100, 0.0, k), dict(kind="cosine", t_max=100, lr_min=0.0)),
    (schedules.cosine(37, 0.002), lambda k: closed_cosine(0.1, 37, 0.002, k),
     dict(kind="cosine", t_max=37, lr_min=0.002)),
]


@pytest.mark.parametrize("schedule, closed, torch", CASES, ids=lambda c: repr(c)[:40])
def test_rates_match_torch_step_for_step(schedule, closed, torch):
    got = schedule.rates(0.1, 0, K)
    want = [closed(k) for k in range(K)]
    np.testing.assert_allclose(got, want, rtol=1e-15, atol=1e-18)
    # torch's recursive form: the same up to rounding (it grows over the steps)
    np.testing.assert_allclose(got, torch_recursive(base=0.1, k_max=K, **torch), rtol=1e-11, atol=1e-15)
    # one step at a time is the same computation as a block
    assert [schedule.rate_at(0.1, k) for k in (0, 1, 99, 250)] == [got[k] for k in (0, 1, 99, 250)]
    assert schedule.rates(0.1, 250, 3) == got[250:253]


def test_worked_values():
    assert schedules.step(10, 0.5).rates(1.0, 8, 5) == [1.0, 1.0, 0.5, 0.5, 0.5]
    assert schedules.exponential(0.5).rates(1.0, 0, 4) == [1.0, 0.5, 0.25, 0.125]
    c = schedules.cosine(4, 0.1)
    assert c.rate_at(2.1, 0) == 2.1 and c.rate_at(2.1, 4) == pytest.approx(0.1, abs=1e-15)
    assert c.rate_at(2.1, 2) == pytest.approx(1.1, rel=1e-15)
    assert c.rate_at(2.1, 8) == pytest.approx(2.1, rel=1e-15)  # as torch: it rises again after t_max


@pytest.mark.parametrize("text, want", [
    ("step:100:0.5", schedules.step(100, 0.5)), ("exp:0.99", schedules.exponential(0.99)),
    ("cosine:500", schedules.cosine(500)), ("cosine:500:1e-4", schedules.cosine(500, 1e-4)),
    ("COSINE:5:0", schedules.cosine(5)), ("constant", None), ("step:1:1", schedules.step(1, 1.0)),
])
def test_parse_and_spec_round_trip(text, want):
    got = schedules.parse(text)
    assert got == want
    assert schedules.parse(schedules.spec(got)) == got
    assert schedules.from_dict(None if got is None else got.to_dict()) == got


@pytest.mark.parametrize("text, words", [
    ("linear:5", "is not a schedule"), ("step:100", "is not a schedule"), ("exp", "is not a schedule"),
    ("step:0:0.5", "every must be a whole number >= 1"), ("step:2.5:0.5", "'2.5' is not a whole number"),
    ("step:10:1.5", "gamma must be from 1e-6 to 1"), ("exp:0", "gamma must be from 1e-6 to 1"),
    ("exp:9e-7", "gamma must be from 1e-6 to 1"),
    ("exp:nan", "gamma must be from 1e-6 to 1"), ("exp:fast", "gamma must be a number"),
    ("cosine:0", "t_max must be a whole number >= 1"), ("cosine:10:-1", "lr_min must be finite and >= 0"),
    ("cosine:10:inf", "lr_min must be finite"), ("cosine:10:1:2", "is not a schedule"), ("", "is not a schedule"),
])
def test_bad_specs_say_what_is_allowed(text, words):
    with pytest.raises(ValueError) as info:
        schedules.parse(text)
    assert words in str(info.value) and "allowed: step:EVERY:GAMMA" in str(info.value)


@pytest.mark.parametrize("bad", [{"kind": "linear"}, {"kind": "exp"}, {"kind": "exp", "gamma": 2}, "exp:0.5",
                                 {"kind": "step", "every": 1, "gamma": 0.5, "x": 1}])
def test_damaged_dicts_are_refused(bad):
    with pytest.raises(ValueError):
        schedules.from_dict(bad)


# -- in the trainer -------------------------------------------------------------------------------

@pytest.mark.parametrize("optimizer", gc.OPTIMIZERS)
@pytest.mark.parametrize("schedule", [schedules.step(7, 0.5), schedules.exponential(0.97), schedules.cosine(20, 1e-4)])
def test_trainer_uses_lr_at_k_for_the_step_from_k(optimizer, schedule):
    # the same run, stepped once at a time with set_lr(lr_at(k)) and no schedule
    kw = dict(loss="mse", optimizer=optimizer, params=[0.3, -0.2], batch_size=3, seed=5, weight_decay=0.05)
    a = Trainer(Neuron(), LESSON, lr=0.2, schedule=schedule, **kw)  # one block of steps
    b = Trainer(Neuron(), LESSON, lr=0.2, **kw)  # one step at a time at the scheduled rate
    c = Trainer(Neuron(), LESSON, lr=0.2, schedule=schedule, **kw)  # one step at a time
    rates = []
    for k in range(30):
        rates.append(a.lr_at(k))
        assert c.snapshot().next_lr == rates[-1] and c.step_count == k
        c.step(1)
        b.set_lr(rates[-1])
        b.step(1)
    assert rates == schedule.rates(0.2, 0, 30) and rates[0] == 0.2
    sa = a.step(30)
    for other in (b, c):
        np.testing.assert_array_equal(sa.params, other.snapshot().params)
        np.testing.assert_array_equal(sa.path_params, other.snapshot().path_params)
    assert sa.lr == 0.2 and sa.schedule == schedule


def test_without_a_schedule_lr_at_is_the_rate_and_set_lr_rescales_a_schedule():
    tr = Trainer(Line(), LESSON, lr=0.001)
    assert tr.schedule is None and tr.lr_at(0) == tr.lr_at(10**6) == 0.001
    tr.set_schedule(schedules.exponential(0.5))
    tr.step(3)
    assert tr.lr_at(3) == tr.snapshot().next_lr == 0.001 / 8
    tr.set_lr(0.004)  # the base rate: the schedule counts on from step 0 of the run
    assert tr.lr_at(3) == 0.0005
    tr.set_schedule(None)
    assert tr.snapshot().next_lr == 0.004
    with pytest.raises(ValueError, match="schedule must be None"):
        tr.set_schedule("cosine:100")
    with pytest.raises(ValueError, match="schedule must be None"):
        Trainer(Line(), LESSON, schedule=0.5)


def test_setters_keep_the_optimizer_state():
    tr = Trainer(Line(), LESSON, optimizer="adamw", lr=0.01)
    tr.step(5)
    tr.set_betas((0.5, 0.9))
    tr.set_eps(1e-4)
    tr.set_weight_decay(0.2)
    tr.set_schedule(schedules.cosine(50))
    s = tr.snapshot()
    assert s.adam_t == 5 and tr.betas == (0.5, 0.9) and tr.eps == 1e-4 and tr.weight_decay == 0.2
    # the next step is AdamW's with the new hyperparameters on the kept moments
    m = 0.5 * s.adam_m + 0.5 * s.grad
    v = 0.9 * s.adam_v + 0.1 * s.grad * s.grad
    lr = s.next_lr
    want = s.params * (1 - lr * 0.2) - m / (np.sqrt(v * (1 / (1 - 0.9 ** 6))) + 1e-4) * (lr / (1 - 0.5 ** 6))
    np.testing.assert_allclose(tr.step(1).params, want, rtol=1e-15)
    for bad in (lambda: tr.set_betas((1.0, 0.5)), lambda: tr.set_eps(0), lambda: tr.set_weight_decay(-0.1),
                lambda: tr.set_weight_decay(math.nan)):
        with pytest.raises(ValueError):
            bad()


def test_eps_and_weight_decay_none_are_each_optimizers_default():
    tr = Trainer(Line(), LESSON, optimizer="adagrad", lr=0.1)
    ref = Trainer(Line(), LESSON, optimizer="adagrad", lr=0.1, eps=1e-10, weight_decay=0.0)
    np.testing.assert_array_equal(tr.step(5).params, ref.step(5).params)
    tr.set_optimizer("adamw")
    ref = Trainer(Line(), LESSON, optimizer="adamw", lr=0.1, eps=1e-8, weight_decay=0.01, params=tr.params)
    np.testing.assert_array_equal(tr.step(5).params[0], ref.step(5).params[0])
    assert tr.eps is None and tr.weight_decay is None


@pytest.mark.parametrize("optimizer", gc.OPTIMIZERS)
def test_state_round_trip_with_schedule_and_decay(optimizer):
    kw = dict(optimizer=optimizer, lr=0.003, batch_size=3, seed=4, weight_decay=0.1, eps=1e-6,
              betas=(0.8, 0.95), momentum=0.7, schedule=schedules.cosine(30, 1e-4))
    a = Trainer(Line(), LESSON, **kw)
    a.step(9)
    state = run_state_from_bytes(run_state_bytes(a.state()))
    b = Trainer.from_state(Line(), LESSON, state)
    assert (b.schedule, b.weight_decay, b.eps, b.betas) == (a.schedule, 0.1, 1e-6, (0.8, 0.95))
    for k in (1, 1, 25):
        sa, sb = a.step(k), b.step(k)
        np.testing.assert_array_equal(sa.params, sb.params)
        for name in ("velocity", "adam_m", "adam_v", "square_avg", "adagrad_sum"):
            va, vb = getattr(sa, name), getattr(sb, name)
            assert (va is None) == (vb is None), name
            if va is not None:
                np.testing.assert_array_equal(va, vb, err_msg=name)
        assert (sa.adam_t, sa.next_lr) == (sb.adam_t, sb.next_lr)


def test_a_version_1_state_still_loads():
    a = Trainer(Line(), LESSON, optimizer="adam", lr=0.01)
    a.step(4)
    old = a.state()
    for key in ("weight_decay", "schedule", "square_avg", "state_sum"):
        del old[key]
    old.update(version=1, eps=1e-8)  # version 1 always wrote Adam's ε
    # the bytes as version 1 wrote them: the arrays, and the rest as JSON under meta
    buf = io.BytesIO()
    arrays = {k: v for k, v in old.items() if isinstance(v, np.ndarray)}
    np.savez(buf, meta=np.array(json.dumps({k: v for k, v in old.items() if k not in arrays})), **arrays)
    b = Trainer.from_state(Line(), LESSON, run_state_from_bytes(buf.getvalue()))
    assert b.schedule is None and b.weight_decay is None
    np.testing.assert_array_equal(a.step(6).params, b.step(6).params)


def test_the_history_csv_gives_each_rows_scheduled_rate():
    tr = Trainer(Line(), LESSON, lr=0.001, schedule=schedules.step(3, 0.5))
    snap = tr.step(10)
    table = history_table(snap, tr.model, LESSON, "l2")
    assert table[:, 0].tolist() == list(range(11))
    assert table[:, -1].tolist() == [tr.lr_at(k) for k in range(11)]
    assert table[:, -1].tolist()[:7] == [0.001] * 3 + [0.0005] * 3 + [0.00025]
