"""A session of two inputs: the [x1, x2] rows of the data written and read back bit for bit,
the model rebuilt from the settings and the data (a network trained with "bce" outputs a
probability), every run carrying on exactly in a fresh window; malformed rows refused with
their place."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.gui.files.session_file import RunRecord, SessionDoc, SessionFileError, parse_session, session_bytes
from gradviz.gui.state import two_inputs
from gradviz.gui.state.settings import Settings
from session_pictures import reopened, same_run, saved_runs, set_at, train_all
from windows import make_window, settled_frame

XOR = Settings(model="network", hidden=4, loss="bce", optimizer="adam", lr=0.05, seed=3)
PLANE = Settings(model="plane", loss="mse", optimizer="gd", lr=0.01, seed=1)
BLOBS = Settings(model="neuron", loss="bce", optimizer="gd", lr=0.5, seed=2)


def _doc(preset: str, settings: Settings, steps: int = 30, held_out: bool = False) -> SessionDoc:
    """A core run of ``settings`` on the preset, ``steps`` steps on; with ``held_out`` its
    last ten points held out."""
    ds = gc.preset(preset)
    held = None
    if held_out:
        held = gc.Dataset(ds.x[-10:], ds.y[-10:], name="held out")
        ds = gc.Dataset(ds.x[:-10], ds.y[:-10], name=ds.name, x_name=ds.x_name, y_name=ds.y_name,
                        x2_name=ds.x2_name)
    m = two_inputs.build_model(settings, 2)
    start = np.asarray(m.init_params(settings.seed), dtype=float)
    tr = gc.Trainer(m, ds, loss=settings.loss, optimizer=settings.optimizer, lr=settings.lr, params=start.copy(),
                    batch_size=settings.effective_batch(len(ds)), seed=settings.seed, eval_dataset=held,
                    **settings.optimizer_options())
    tr.step(steps)
    return SessionDoc(ds, settings, [RunRecord({}, start, tr.state(), "run 1")], eval_dataset=held)


@pytest.mark.parametrize("preset, settings", [("xor", XOR), ("plane", PLANE), ("blobs", BLOBS)])
def test_two_input_data_and_its_model_round_trip_bit_for_bit(preset, settings):
    doc = _doc(preset, settings, held_out=True)
    raw = json.loads(session_bytes(doc))
    assert raw["data"]["x"] == doc.dataset.x.tolist() and len(raw["data"]["x"][0]) == 2  # [x1, x2] rows
    assert raw["data"]["held_out"]["x"] == doc.eval_dataset.x.tolist()
    back = parse_session(session_bytes(doc))
    assert back.dataset == doc.dataset and back.eval_dataset == doc.eval_dataset
    for a, b in ((back.dataset, doc.dataset), (back.eval_dataset, doc.eval_dataset)):
        assert a.x.shape == b.x.shape and a.x.tobytes() == b.x.tobytes() and a.y.tobytes() == b.y.tobytes()
    assert back.settings == doc.settings
    same_run(doc.runs[0].state, back.runs[0].state)
    m = two_inputs.build_model(back.settings, back.dataset.n_inputs)
    assert m.probability == (settings.loss == "bce")
    a = gc.Trainer.from_state(m, doc.dataset, doc.runs[0].state, doc.eval_dataset).step(20)
    b = gc.Trainer.from_state(m, back.dataset, back.runs[0].state, back.eval_dataset).step(20)
    assert a.step == b.step == 50 and a.params.tobytes() == b.params.tobytes() and a.loss == b.loss


def _refused(edit, doc=None) -> str:
    raw = json.loads(session_bytes(doc or _doc("xor", XOR, held_out=True)))
    edit(raw)
    with pytest.raises(SessionFileError) as err:
        parse_session(json.dumps(raw).encode())
    return str(err.value)


@pytest.mark.parametrize("edit, message", [
    (set_at(["data", "x", 3], [1.0, 2.0, 3.0]),
     "data.x[3]: must be two finite numbers [x1, x2], as every row when data.x[0] is a pair, got [1.0, 2.0, 3.0]"),
    (set_at(["data", "x", 3], [1, "a"]),
     'data.x[3]: must be two finite numbers [x1, x2], as every row when data.x[0] is a pair, got [1, "a"]'),
    (set_at(["data", "x", 5], [float("nan"), 1.0]),
     "data.x[5]: must be two finite numbers [x1, x2], as every row when data.x[0] is a pair, got [NaN, 1.0]"),
    (set_at(["data", "x", 7], 2.5),
     "data.x[7]: must be two finite numbers [x1, x2], as every row when data.x[0] is a pair, got 2.5"),
    (set_at(["data", "x", 0], 2.5),
     "data.x[1]: must be a finite number, as every row when data.x[0] is one, got ["),
    (set_at(["data", "x", 2], [1e300, 0.0]), "data.x[2][0]: must be within ±1e+100, got 1e+300"),
    (set_at(["data", "held_out", "x", 1], [1.0]),
     "data.held_out.x[1]: must be two finite numbers [x1, x2], as every row when data.held_out.x[0] is a pair, "
     "got [1.0]"),
    (lambda raw: raw["data"]["held_out"].update(x=[1.0] * 10),
     "data.held_out.x: must hold two inputs [x1, x2] (as data.x does), got one input x"),
    (lambda raw: raw["data"].update(inputs=1), "data.x: must hold one input x (data.inputs is 1), got two inputs"),
    (lambda raw: raw["data"].update(inputs=3), "data.inputs: must be 1 or 2, got 3"),
    (set_at(["data", "x", 4], [10 ** 400, 1]), "data.x[4]: must be two finite numbers [x1, x2], as every row"),
    (lambda raw: raw["data"].update(x=raw["data"]["x"][:-1]),
     "data.y: has 90 values but data.x has 89: they must have the same length"),
    (lambda raw: raw["model"].update(name="line"),
     "model.name: must be one of plane, neuron, network for data of two inputs [x1, x2], got 'line'"),
])
def test_malformed_two_input_data_is_refused_with_its_place(edit, message):
    assert _refused(edit).startswith(message)


def test_a_number_with_thousands_of_digits_is_refused_with_a_message():
    with pytest.raises(SessionFileError, match=r"^not a usable session \(a number with too many digits\)$"):
        parse_session(b'{"format": "gradviz-session", "x": ' + b"1" * 5000 + b"}")


def test_two_input_data_without_points_stays_two_input_data():
    doc = _doc("blobs", BLOBS)
    doc.dataset = doc.dataset.without(list(range(len(doc.dataset))))
    doc.runs[0].state = gc.Trainer(gc.make_model("neuron", inputs=2), doc.dataset, loss="l2", seed=BLOBS.seed).state()
    doc.settings = replace(BLOBS, loss="l2")
    back = parse_session(session_bytes(doc))
    assert back.dataset.x.shape == (0, 2) and back.dataset == doc.dataset


def test_bce_needs_a_probability_and_labels_0_and_1():
    plane = _doc("plane", PLANE)
    assert _refused(lambda raw: raw["runs"][0].update(loss="bce"), plane).startswith(
        "runs[0].loss: must be one of l1, l2, mse here: 'bce' needs a model whose output is a probability")
    # the network's output follows the first run's loss: a state of a sigmoid output does
    # not fit the network of a run trained with "l2"
    assert _refused(lambda raw: raw["runs"][0].update(loss="l2")).startswith(
        "runs[0].trainer: the run was saved for a model whose output is a probability")


# ----- in the window -----------------------------------------------------------------------------

@pytest.mark.parametrize("preset, settings, beside", [
    ("xor", XOR, replace(XOR, optimizer="gd", lr=0.5)),
    ("plane", PLANE, None),
    ("blobs", BLOBS, None),
])
def test_a_two_input_session_reopens_in_a_fresh_window_and_carries_on_exactly(qtbot, config_dir, tmp_path,
                                                                              preset, settings, beside):
    ds = gc.preset(preset)
    first = make_window(qtbot, dataset=ds, settings=settings)
    first.autosave.set_enabled(False)
    s1 = first.session
    assert s1.settings == settings  # the settings fit the data as they are
    if beside is not None:
        assert s1.runs.add(beside) == "B"
    train_all(qtbot, first, 40)
    path = tmp_path / f"{preset}.gradviz"
    assert first.sessions.save_to(path), first.sessions.last_error
    saved_focus, saved_beside = saved_runs(first)

    second = reopened(qtbot, path)
    s2 = second.session
    assert second.sessions.last_error is None and s2.run_restore_problem is None
    assert s2.settings == s1.settings and s2.model == s1.model
    assert s2.model.n_inputs == 2 and s2.model.probability == (settings.loss == "bce")
    assert s2.dataset == ds and s2.dataset.x.tobytes() == ds.x.tobytes() and s2.dataset.y.tobytes() == ds.y.tobytes()
    assert s2.snapshot.step == 40 and s2.snapshot.params.tobytes() == s1.snapshot.params.tobytes()
    focus, runs = saved_runs(second)
    same_run(saved_focus, focus)
    assert [label for label, *_ in runs] == [label for label, *_ in saved_beside] == (["B"] if beside else [])
    for (_l, own, _f, state), (_l0, own0, _f0, state0) in zip(runs, saved_beside):
        assert replace(own, speed=0.0) == replace(own0, speed=0.0)
        same_run(state0, state)

    # both carry on 20 steps: the reopened runs take exactly the steps the original ones take
    for win in (first, second):
        train_all(qtbot, win, 20)
    f1, f2 = settled_frame(qtbot, s1), settled_frame(qtbot, s2)
    assert f1.snapshot.step == f2.snapshot.step == 60
    assert f2.snapshot.params.tobytes() == f1.snapshot.params.tobytes() and f2.snapshot.loss == f1.snapshot.loss
    assert [(c.label, c.snapshot.step, c.snapshot.params.tobytes()) for c in f2.companions] == \
        [(c.label, c.snapshot.step, c.snapshot.params.tobytes()) for c in f1.companions]
    for w in (first, second):
        w.close()
