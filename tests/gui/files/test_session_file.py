"""The .gradviz format without a window: written and read back bit for bit, a run that
carries on exactly, and every malformed file refused with the place and what is allowed."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.gui.files.session_file import (
    FORMAT_VERSION, RunRecord, SessionDoc, SessionFileError, parse_session, read_session, session_bytes,
)
from gradviz.gui.state.settings import Settings
from session_pictures import set_at as _set

TRICKY = [0.1, 1 / 3, 5e-324, -0.0, 1e-300, 2.0 ** 0.5, 2.5, -123456.789e-7]


def _doc(optimizer="sgd", model="line", hidden=4, steps=37, view=None, learner=None) -> SessionDoc:
    ds = gc.Dataset(np.array(TRICKY), np.array(TRICKY[::-1]) * 3.0, name="tricky", x_name="hours", y_name="score")
    settings = Settings(model=model, hidden=hidden, optimizer=optimizer, lr=0.013, batch_size=3, seed=7,
                        momentum=0.5, speed=math.inf)
    m = gc.make_model(model, hidden=hidden)
    start = np.asarray(m.init_params(7), dtype=float)
    tr = gc.Trainer(m, ds, optimizer=optimizer, lr=0.013, params=start.copy(),
                    batch_size=settings.effective_batch(len(ds)), seed=7, momentum=0.5)
    tr.step(steps)
    return SessionDoc(ds, settings, [RunRecord({}, start, tr.state(), "run 1")], view or {}, learner)


def _same_state(a: dict, b: dict) -> None:
    assert set(a) == set(b)
    for k in a:
        if isinstance(a[k], np.ndarray):
            assert a[k].dtype.kind == np.asarray(b[k]).dtype.kind and a[k].shape == np.asarray(b[k]).shape, k
            assert a[k].tobytes() == np.asarray(b[k]).tobytes(), k  # bit for bit (-0.0 too)
        else:
            assert a[k] == b[k], k


@pytest.mark.parametrize("optimizer, model", [("sgd", "line"), ("adam", "neuron"), ("momentum", "network")])
def test_round_trip_is_bit_for_bit_and_the_run_carries_on_exactly(optimizer, model):
    doc = _doc(optimizer, model, hidden=2)
    back = parse_session(session_bytes(doc))
    assert back.version == FORMAT_VERSION
    assert back.dataset == doc.dataset
    assert back.dataset.x.tobytes() == doc.dataset.x.tobytes() and back.dataset.y.tobytes() == doc.dataset.y.tobytes()
    assert back.settings == doc.settings  # speed "inf" included
    assert back.runs[0].start.tobytes() == doc.runs[0].start.tobytes()
    assert back.runs[0].label == "run 1"
    _same_state(doc.runs[0].state, back.runs[0].state)
    m = gc.make_model(model, hidden=2)
    original = gc.Trainer.from_state(m, doc.dataset, doc.runs[0].state)
    reopened = gc.Trainer.from_state(m, back.dataset, back.runs[0].state)
    a, b = original.step(25), reopened.step(25)
    assert a.step == b.step == 37 + 25
    assert a.params.tobytes() == b.params.tobytes() and a.loss == b.loss


def test_the_file_is_strict_json_and_documented_fields_are_where_the_format_says(tmp_path):
    raw = json.loads(session_bytes(_doc()).decode("utf-8"), parse_constant=lambda c: pytest.fail(c))
    assert raw["format"] == "gradviz-session" and raw["version"] == 1
    assert set(raw["data"]) == {"name", "x_name", "y_name", "x", "y"}
    assert raw["model"] == {"name": "line", "hidden": 4} and raw["settings"] == {"speed": "inf"}
    run = raw["runs"][0]
    assert {k: run[k] for k in ("loss", "optimizer", "lr", "batch_size", "momentum", "seed")} == {
        "loss": "l2", "optimizer": "sgd", "lr": 0.013, "batch_size": 3, "momentum": 0.5, "seed": 7}
    assert run["trainer"]["step"] == 37 and "learner" not in raw
    assert raw["data"]["x"] == TRICKY  # repr round trip: the very same floats


def test_unknown_keys_are_ignored_and_the_learner_section_is_kept():
    raw = json.loads(session_bytes(_doc(learner={"code": "print(1)", "lessons": {"derivative": 3}})))
    raw["data"]["future_mask"] = [True] * len(raw["data"]["x"])
    raw["something_new"] = {"a": 1}
    back = parse_session(json.dumps(raw).encode())
    assert back.learner == {"code": "print(1)", "lessons": {"derivative": 3}}
    assert len(back.dataset) == len(TRICKY)


def test_a_run_setting_added_later_is_optional_but_a_version_1_one_is_required():
    raw = json.loads(session_bytes(_doc()))
    del raw["runs"][0]["trainer"]["step"]
    with pytest.raises(SessionFileError, match=r"^runs\[0\]\.trainer: .*missing step"):
        parse_session(json.dumps(raw).encode())
    raw = json.loads(session_bytes(_doc()))
    del raw["runs"][0]["momentum"]
    with pytest.raises(SessionFileError, match=r"^runs\[0\]\.momentum: missing$"):
        parse_session(json.dumps(raw).encode())


def _edit(change):
    raw = json.loads(session_bytes(_doc(view={"landscape": {"pair": [0, 1], "window": [[-1, 1], [-2, 2]]}})))
    change(raw)
    return json.dumps(raw).encode()


def _delete(path):
    def change(raw):
        *parents, last = path
        node = raw
        for k in parents:
            node = node[k]
        del node[last]
    return change


def _nan_in_x(raw):
    raw["data"]["x"][2] = "NAN_HERE"


MALFORMED = [
    ("empty", b"", "not a gradviz session file (not a JSON object)"),
    ("not json", b"x,y\n1,2\n", "not a gradviz session file (not a JSON object)"),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\xff", "not a gradviz session file (not UTF-8 text)"),
    ("a list", b"[1, 2]", "not a gradviz session file (not a JSON object)"),
    ("bad json", b'{"format": "gradviz-session", "version": 1,, }', "not valid JSON at line 1, column 44"),
    ("foreign", b'{"name": "something else"}', 'format: must be "gradviz-session", got null'),
    ("newer", _edit(_set(["version"], 3)), "made by a newer gradviz (format 3); this one reads up to 1"),
    ("version text", _edit(_set(["version"], "1")), "version: must be a whole number >= 1, got '1'"),
    ("lr text", _edit(_set(["runs", 0, "lr"], "fast")), "runs[0].lr: must be a number > 0, got 'fast'"),
    ("lr negative", _edit(_set(["runs", 0, "lr"], -0.1)), "runs[0].lr: must be a number > 0, got -0.1"),
    ("momentum", _edit(_set(["runs", 0, "momentum"], 1.0)), "runs[0].momentum: must be a number from 0 up to"),
    ("batch bool", _edit(_set(["runs", 0, "batch_size"], True)), "runs[0].batch_size: must be a whole number >= 1, got True"),
    ("optimizer", _edit(_set(["runs", 0, "optimizer"], "lbfgs")), "runs[0].optimizer: must be one of gd, sgd"),
    ("loss", _edit(_set(["runs", 0, "loss"], 2)), "runs[0].loss: must be one of l1, l2, mse, bce, got 2"),
    ("seed", _edit(_set(["runs", 0, "seed"], -1)), "runs[0].seed: must be a whole number >= 0, got -1"),
    ("model", _edit(_set(["model", "name"], "transformer")),
     "model.name: must be one of line, neuron, network, plane, got 'transformer'"),
    ("hidden", _edit(_set(["model", "hidden"], 99)), "model.hidden: must be a whole number from 1 to 16, got 99"),
    ("no model", _edit(_delete(["model"])), "model: missing"),
    ("speed", _edit(_set(["settings", "speed"], 0)), "settings.speed: must be a number > 0"),
    ("no data", _edit(_delete(["data"])), "data: missing"),
    ("data text", _edit(_nan_in_x), "data.x[2]: must be a finite number, got 'NAN_HERE'"),
    ("data huge", _edit(_set(["data", "y", 1], 1e200)), "data.y[1]: must be within ±1e+100, got 1e+200"),
    ("data lengths", _edit(_set(["data", "y"], [1.0, 2.0])), "data.y: has 2 values but data.x has 8"),
    ("data not a list", _edit(_set(["data", "x"], "1,2,3")), "data.x: must be a list of numbers, got '1,2,3'"),
    ("data name", _edit(_set(["data", "name"], 5)), "data.name: must be a string, got 5"),
    ("runs empty", _edit(_set(["runs"], [])), "runs: must be a list of at least one run, got a list"),
    ("run not object", _edit(_set(["runs", 0], 3)), "runs[0]: must be an object, got 3"),
    ("start length", _edit(_set(["runs", 0, "start"], [1.0])), "runs[0].start: must have 2 values, got 1"),
    ("params length", _edit(_set(["runs", 0, "trainer", "params"], [1.0, 2.0, 3.0])),
     "runs[0].trainer: params has shape (3,); expected P = 2"),
    ("params text", _edit(_set(["runs", 0, "trainer", "params", 1], "x")),
     "runs[0].trainer.params[1]: must be a finite number, got 'x'"),
    ("path row", _edit(_set(["runs", 0, "trainer", "path_params", 1], [1.0])),
     "runs[0].trainer.path_params[1]: must have 2 values, got 1"),
    ("trainer points", _edit(_set(["runs", 0, "trainer", "n_points"], 7)),
     "runs[0].trainer: the run was saved for n_points = 7, not 8"),
    ("trainer seed", _edit(_set(["runs", 0, "trainer", "seed"], 8)), "runs[0].trainer.seed: must equal runs[0].seed (7)"),
    ("trainer missing", _edit(_delete(["runs", 0, "trainer"])), "runs[0].trainer: missing"),
    ("rng", _edit(_set(["runs", 0, "trainer", "rng"], {"bit_generator": "PCG64", "state": 3})),
     "runs[0].trainer: the run state does not fit"),
    ("pair", _edit(_set(["view", "landscape", "pair"], [1, 1])),
     "view.landscape.pair: must be two different parameter numbers from 0 to 1, got [1, 1]"),
    ("window order", _edit(_set(["view", "landscape", "window", 1], [2, -2])),
     "view.landscape.window[1]: the high end must be above the low end, got [2.0, -2.0]"),
    ("camera", _edit(_set(["view", "camera"], {"center": [0, 0, 0], "distance": 1, "elevation": 0, "azimuth": 0,
                                               "fov": 500})), "view.camera.fov: must be a number > 0 and < 180"),
    ("flag", _edit(_set(["view", "loss_log"], "yes")), "view.loss_log: must be true or false, got 'yes'"),
    ("learner", _edit(_set(["learner"], "print('hi')")), "learner: must be an object, got \"print('hi')\""),
]


@pytest.mark.parametrize("case, data, message", MALFORMED, ids=[c[0] for c in MALFORMED])
def test_every_malformed_file_names_the_place_and_what_is_allowed(case, data, message):
    with pytest.raises(SessionFileError) as info:
        parse_session(data)
    assert message in str(info.value), str(info.value)


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_in_the_data_are_refused_with_the_place(token):
    text = session_bytes(_doc()).decode()
    raw = json.loads(text)
    raw["data"]["y"][4] = "@@"
    text = json.dumps(raw).replace('"@@"', token)
    with pytest.raises(SessionFileError, match=r"^data\.y\[4\]: must be a finite number, got (NaN|inf|-inf)$"):
        parse_session(text.encode())


@pytest.mark.parametrize("cut", [1, 10, 100, 1000, -200, -2])
def test_a_truncated_file_says_so(cut):
    data = session_bytes(_doc())
    with pytest.raises(SessionFileError, match="the file ends too early"):
        parse_session(data[:cut])


def test_read_session_names_the_file(tmp_path):
    p = tmp_path / "lesson.gradviz"
    p.write_bytes(_edit(_set(["runs", 0, "lr"], "fast")))
    with pytest.raises(SessionFileError, match=r"^lesson\.gradviz, runs\[0\]\.lr: must be a number > 0, got 'fast'$"):
        read_session(p)
    with pytest.raises(SessionFileError, match=r"^missing\.gradviz: cannot be read"):
        read_session(tmp_path / "missing.gradviz")


def test_more_runs_are_each_checked():
    raw = json.loads(session_bytes(_doc()))
    second = json.loads(json.dumps(raw["runs"][0]))
    second["label"], second["lr"] = "faster", 0.05
    raw["runs"].append(second)
    back = parse_session(json.dumps(raw).encode())
    assert [r.label for r in back.runs] == ["run 1", "faster"] and back.runs[1].settings["lr"] == 0.05
    assert back.settings.lr == 0.013  # the window's settings are the first run's
    second["lr"] = "fast"
    with pytest.raises(SessionFileError, match=r"^runs\[1\]\.lr: "):
        parse_session(json.dumps(raw).encode())


def _two_runs(edit_second) -> bytes:
    """A file whose runs[1] is runs[0] edited by ``edit_second(run)``."""
    raw = json.loads(session_bytes(_doc()))
    second = json.loads(json.dumps(raw["runs"][0]))
    edit_second(second)
    raw["runs"].append(second)
    return json.dumps(raw).encode()


def _other_step(run: dict) -> None:
    """runs[1] a valid run of the same settings, but 36 steps on instead of 37."""
    doc = _doc(steps=36)
    run["trainer"] = json.loads(session_bytes(doc))["runs"][0]["trainer"]


@pytest.mark.parametrize("edit, needle", [
    (lambda r: r.update(loss="mse"), "runs[1].loss: must equal runs[0].loss ('l2'): the runs share it, got 'mse'"),
    (_other_step, "runs[1].trainer.step: must equal runs[0]'s step (37): the runs go in lock step "
                  "(a diverged run: at most that), got 36"),
    (lambda r: r.update(follows_start="yes"), "runs[1].follows_start: must be true or false, got 'yes'"),
    (lambda r: r["trainer"].update(seed=8), "runs[1].trainer.seed: must equal runs[1].seed (7), got 8"),
])
def test_a_run_that_cannot_go_beside_the_first_is_refused_with_its_place(edit, needle):
    with pytest.raises(SessionFileError) as info:
        parse_session(_two_runs(edit))
    assert str(info.value).startswith(needle)


def test_a_diverged_run_may_have_stopped_earlier_and_at_most_four_runs():
    def diverged_earlier(run):
        _other_step(run)
        run["trainer"]["diverged"] = "the loss became too large"

    back = parse_session(_two_runs(diverged_earlier))
    assert [r.state["step"] for r in back.runs] == [37, 36]
    raw = json.loads(_two_runs(lambda r: r.update(follows_start=True)))
    assert parse_session(json.dumps(raw).encode()).runs[1].follows_start is True
    raw["runs"] += [raw["runs"][1]] * 3
    with pytest.raises(SessionFileError, match=r"^runs: must hold at most 4 runs \(shown side by side\), got 5$"):
        parse_session(json.dumps(raw).encode())


def _held_out_doc() -> SessionDoc:
    """A mini-batch run whose first epochs ran without held-out points (their held-out
    loss is NaN in the epoch table) and the later ones with them."""
    ds = gc.preset("lesson")
    held = gc.Dataset(np.array([0.5, 2.5, 4.5]), np.array([0.4, 1.7, 2.9]), name="held out")
    settings = Settings(optimizer="sgd", lr=0.002, batch_size=2, seed=5)
    tr = gc.Trainer(gc.make_model("line"), ds, optimizer="sgd", lr=0.002, params=[1.0, 0.0], batch_size=2, seed=5)
    tr.step(9)
    tr.set_eval_dataset(held)
    tr.step(12)
    return SessionDoc(ds, settings, [RunRecord({}, np.array([1.0, 0.0]), tr.state(), "run 1")],
                      eval_dataset=held)


def test_the_held_out_points_and_the_epoch_table_round_trip():
    doc = _held_out_doc()
    table = gc.Trainer.from_state(gc.make_model("line"), doc.dataset, doc.runs[0].state, doc.eval_dataset).epoch_table()
    assert table[0].eval_loss is None and table[-1].eval_loss is not None  # NaN in the state: null in JSON
    raw = json.loads(session_bytes(doc).decode("utf-8"), parse_constant=lambda c: pytest.fail(c))
    assert raw["data"]["held_out"] == {"x": [0.5, 2.5, 4.5], "y": [0.4, 1.7, 2.9], "name": "held out"}
    back = parse_session(session_bytes(doc))
    assert back.eval_dataset == doc.eval_dataset
    _same_state(doc.runs[0].state, back.runs[0].state)
    m = gc.make_model("line")
    reopened = gc.Trainer.from_state(m, back.dataset, back.runs[0].state, back.eval_dataset)
    rows = reopened.epoch_table()
    assert len(rows) == len(table) >= 2
    for r, t in zip(rows, table):
        assert (r.epoch, r.step, r.batches, r.loss, r.eval_loss) == (t.epoch, t.step, t.batches, t.loss, t.eval_loss)
        assert r.params.tobytes() == t.params.tobytes()
    original = gc.Trainer.from_state(m, doc.dataset, doc.runs[0].state, doc.eval_dataset)
    a, b = original.step(8), reopened.step(8)
    assert a.params.tobytes() == b.params.tobytes() and a.eval_loss == b.eval_loss is not None
    assert parse_session(session_bytes(_doc())).eval_dataset is None  # none held out: no key, none read


@pytest.mark.parametrize("held, where", [
    ([1, 2], "data.held_out: must be an object"),
    ({"x": [1.0, 2.0], "y": [1.0]}, "data.held_out.y: has 1 value but data.held_out.x has 2"),
    ({"x": [1.0, "a"], "y": [1.0, 2.0]}, "data.held_out.x[1]: must be a finite number"),
    ({"x": [1e300], "y": [1.0]}, "data.held_out.x[0]: must be within ±1e+100, got 1e+300"),
])
def test_bad_held_out_points_are_refused_with_the_place(held, where):
    raw = json.loads(session_bytes(_held_out_doc()))
    raw["data"]["held_out"] = held
    with pytest.raises(SessionFileError) as err:
        parse_session(json.dumps(raw).encode())
    assert str(err.value).startswith(where), str(err.value)
