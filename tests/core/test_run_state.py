"""Saving a run and carrying on: Trainer.state() / Trainer.from_state() and the run file."""

import numpy as np
import pytest

from gradviz.core import (
    Line, Network, Neuron, RunStateError, Trainer, make_model, run_state_bytes, run_state_from_bytes,
)
from gradviz.core.history import HISTORY_RECENT

from training_helpers import LESSON, ds  # tests/core/

RNG = np.random.default_rng(7)
NOISY = ds(np.linspace(-2, 2, 23), np.sin(np.linspace(-2, 2, 23)) + 0.1 * RNG.standard_normal(23))


def _same_run(a: Trainer, b: Trainer):
    sa, sb = a.snapshot(), b.snapshot()
    assert (sa.step, sa.epoch, sa.diverged) == (sb.step, sb.epoch, sb.diverged)
    for name in ("params", "grad", "path_steps", "path_params", "path_losses"):
        np.testing.assert_array_equal(getattr(sa, name), getattr(sb, name), err_msg=name)
    assert sa.loss == sb.loss and sa.adam_t == sb.adam_t
    for name in ("velocity", "adam_m", "adam_v", "next_batch"):  # what the next step starts from
        va, vb = getattr(sa, name), getattr(sb, name)
        assert (va is None) == (vb is None), name
        if va is not None:
            np.testing.assert_array_equal(va, vb, err_msg=name)


def _carry_on(make_model, data, k_before, k_after, through_bytes=True, **kw):
    a = Trainer(make_model(), data, **kw)
    a.step(k_before)
    state = a.state()
    if through_bytes:
        state = run_state_from_bytes(run_state_bytes(state))
    b = Trainer.from_state(make_model(), data, state)
    _same_run(a, b)
    for k in (1, 1, k_after):  # single steps first: the very next one must match bit for bit
        a.step(k)
        b.step(k)
        _same_run(a, b)
    return a, b


@pytest.mark.parametrize("optimizer", ["gd", "sgd", "momentum", "adam", "nesterov", "rmsprop", "adagrad", "adamw"])
def test_a_restored_run_takes_the_same_steps(optimizer):
    _carry_on(Line, LESSON, 9, 40, optimizer=optimizer, lr=0.003, batch_size=3, seed=4)


def test_sgd_mid_epoch_keeps_its_shuffle_and_position():
    # 23 points in batches of 5: step 7 is in the middle of the second epoch
    a, b = _carry_on(Neuron, NOISY, 7, 30, optimizer="sgd", lr=0.05, batch_size=5, seed=11, loss="mse")
    assert a.epoch == b.epoch > 0


def test_adam_after_a_few_steps_keeps_m_v_and_t():
    a = Trainer(Network(hidden=3), NOISY, optimizer="adam", lr=0.01, seed=3, loss="mse")
    a.step(5)
    state = a.state()
    assert state["adam_t"] == 5 and np.any(state["adam_m"] != 0) and np.any(state["adam_v"] != 0)
    _carry_on(lambda: Network(hidden=3), NOISY, 5, 20, optimizer="adam", lr=0.01, seed=3, loss="mse")


def test_momentum_keeps_its_velocity():
    a = Trainer(Line(), LESSON, optimizer="momentum", lr=0.001, momentum=0.8)
    a.step(4)
    assert np.any(a.state()["velocity"] != 0)
    _carry_on(Line, LESSON, 4, 25, optimizer="momentum", lr=0.001, momentum=0.8)


def test_a_thinned_path_history_carries_on_identically():
    a, _ = _carry_on(Line, LESSON, 2 * HISTORY_RECENT + 123, 3 * HISTORY_RECENT, lr=0.001)
    assert a.state()["path_stride"] >= 1 and len(a.snapshot().path_steps) < a.step_count


def test_a_diverged_run_stays_diverged():
    a = Trainer(Line(), LESSON, lr=0.05)
    a.step(200)
    assert a.diverged
    b = Trainer.from_state(Line(), LESSON, run_state_from_bytes(run_state_bytes(a.state())))
    _same_run(a, b)
    assert b.step(5).step == a.step_count  # a diverged run does not move
    b.reset()
    assert b.diverged is None and b.step_count == 0


def _state():
    a = Trainer(Line(), LESSON, optimizer="sgd", lr=0.001, batch_size=3)
    a.step(5)
    return a.state()


@pytest.mark.parametrize("change, words", [
    (lambda s: s.update(params=np.array([1.0, np.nan])), "params holds a value that is not finite"),
    (lambda s: s.update(velocity=np.zeros(3)), "velocity has shape (3,)"),
    (lambda s: s.update(path_params=np.zeros((2, 2))), "path_params has shape"),
    (lambda s: s.update(n_params=3), "n_params = 3, not 2"),
    (lambda s: s.update(model="neuron"), "model = 'neuron', not 'line'"),
    (lambda s: s.update(n_points=9), "n_points = 9, not 8"),
    (lambda s: s.update(version=99), "version 99"),
    (lambda s: s.update(surprise=1), "unknown surprise"),
    (lambda s: s.pop("rng"), "missing rng"),
    (lambda s: s.update(perm=np.array([0, 0, 1, 2, 3, 4, 5, 6])), "not a shuffle"),
    (lambda s: s.update(optimizer="lbfgs"), "unknown optimizer"),
    (lambda s: s.update(lr="fast"), "lr = 'fast'"),
    (lambda s: s.update(rng={"bit_generator": "Nonsense"}), "does not fit"),
    (lambda s: s.update(step=3), "path history"),
    (lambda s: s.update(path_steps=np.full(5000, 5), path_params=np.zeros((5000, 2)), path_losses=np.zeros(5000),
                        path_recent=5000), "path history"),
])
def test_a_damaged_state_is_refused_with_the_reason(change, words):
    state = _state()
    change(state)
    with pytest.raises(RunStateError, match=None) as info:
        Trainer.from_state(Line(), LESSON, state)
    assert words in str(info.value)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04 not really", b"\x93NUMPY garbage", b"hello"])
def test_unreadable_run_bytes_are_refused(data):
    with pytest.raises(RunStateError, match="not a readable run file"):
        run_state_from_bytes(data)


def test_state_is_a_copy():
    a = Trainer(Line(), LESSON, optimizer="momentum", lr=0.001)
    a.step(3)
    state = a.state()
    state["params"][:] = 99
    state["velocity"][:] = 99
    assert not np.any(a.params == 99) and not np.any(a.state()["velocity"] == 99)


CLASSES = ds(np.linspace(-2, 2, 23), (np.linspace(-2, 2, 23) > 0.3).astype(float))


@pytest.mark.parametrize("saved, restored", [("linear", "sigmoid"), ("sigmoid", "linear")])
def test_a_network_run_is_refused_by_the_network_with_the_other_output(saved, restored):
    """Both are named "network" and have the same parameters: the state says which output it had."""
    loss = "l2"  # fits both: only the output differs
    a = Trainer(make_model("network", hidden=2, output=saved), CLASSES, loss=loss, lr=0.01)
    a.step(5)
    for state in (a.state(), run_state_from_bytes(run_state_bytes(a.state()))):
        with pytest.raises(RunStateError, match="saved for a model whose output is") as err:
            Trainer.from_state(make_model("network", hidden=2, output=restored), CLASSES, state)
        assert ("a probability" in str(err.value).split(", not ")[0]) == (saved == "sigmoid")
    b = Trainer.from_state(make_model("network", hidden=2, output=saved), CLASSES, a.state())
    assert np.array_equal(b.params, a.params)


def test_a_state_that_does_not_say_its_output_is_not_checked_for_it():
    a = Trainer(make_model("network", hidden=2, output="sigmoid"), CLASSES, loss="bce", lr=0.01)
    a.step(5)
    state = {k: v for k, v in a.state().items() if k != "probability"}  # saved before it was recorded
    b = Trainer.from_state(make_model("network", hidden=2, output="sigmoid"), CLASSES, state)
    assert np.array_equal(b.params, a.params)
