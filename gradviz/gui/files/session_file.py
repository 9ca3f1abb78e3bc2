"""The ``.gradviz`` session file: the data, the model and settings, the runs (each with its
trainer's state, so it carries on at the same step), the view, and room for the learner's
code and lesson progress. The format is documented in ``docs/session-format.md``.

:func:`session_bytes` writes a :class:`SessionDoc`; :func:`read_session` checks every
field of a file and returns one, or raises :class:`SessionFileError` naming the place and
what is allowed (``runs[0].lr: must be a number > 0, got 'fast'``). A file is data only:
reading it never runs anything from it. No Qt here.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import time
from dataclasses import dataclass, field

import numpy as np

import gradviz
import gradviz.core as gc
from gradviz.gui.files.session_data import (
    INPUTS, SessionFileError, is_int, numbers, points_json, read_dataset, read_held_out,
)
from gradviz.gui.files.settings_json import SettingError, describe, setting_value, settings_to_json
from gradviz.gui.held_out.saved import KEY as HELD_OUT_KEY
from gradviz.gui.state import two_inputs
from gradviz.gui.state.settings import Settings

__all__ = ["FORMAT", "FORMAT_VERSION", "EXTENSION", "RunRecord", "SessionDoc", "SessionFileError",
           "read_session", "parse_session", "session_bytes", "run_json", "parse_run", "check_beside"]

FORMAT = "gradviz-session"
FORMAT_VERSION = 1
EXTENSION = ".gradviz"
MODEL_FIELDS = {"model": "name", "hidden": "hidden"}  # Settings field -> key of the "model" section
APP_FIELDS = ("speed",)  # Settings fields of the "settings" section; every other one belongs to a run
RUN_REQUIRED = ("loss", "optimizer", "lr", "batch_size", "momentum", "seed")  # in every version-1 file


@dataclass
class RunRecord:
    """One run: its settings (loss, optimizer, rate, ..., seed), start point and the
    trainer's state (``gc.Trainer.state()``)."""

    settings: dict
    start: np.ndarray
    state: dict
    label: str = ""
    # a run beside the first: whether Reset takes it to the first run's start (True) or to
    # its own (False); None for the first run
    follows_start: bool | None = None


@dataclass
class SessionDoc:
    """What a session file holds, checked. ``settings`` is the first run's full Settings."""

    dataset: gc.Dataset
    settings: Settings
    runs: list[RunRecord]
    view: dict = field(default_factory=dict)
    learner: dict | None = None  # the learner's code and lesson progress, kept as found
    version: int = FORMAT_VERSION
    eval_dataset: gc.Dataset | None = None  # the held-out points (measured, never trained on)


# ----- writing -------------------------------------------------------------------------------

def _json_number(v):
    v = float(v)
    return v if math.isfinite(v) else ("inf" if v > 0 else "-inf")


def _state_json(state: dict) -> dict:
    out = {}
    for k, v in state.items():
        if isinstance(v, np.ndarray) and v.dtype.kind == "f" and np.isnan(v).any():
            # NaN marks an epoch without a held-out loss: null in JSON (which has no NaN)
            out[k] = np.where(np.isnan(v), None, v.astype(object)).tolist()
        elif isinstance(v, np.ndarray):
            out[k] = v.tolist()  # Python floats: json writes their repr, which reads back exactly
        elif isinstance(v, (float, np.floating)):
            out[k] = _json_number(v)
        elif isinstance(v, np.integer):
            out[k] = int(v)
        else:
            out[k] = v
    return out


def run_json(run: RunRecord, every: dict, label: str) -> dict:
    """``run`` as an entry of ``runs``: ``every`` (``settings_to_json`` of the first run's
    settings) with the run's own settings on top; ``label`` if the run has none."""
    own = {name: v for name, v in {**every, **run.settings}.items()
           if name not in MODEL_FIELDS and name not in APP_FIELDS}
    out = {"label": run.label or label, **own}
    if run.follows_start is not None:
        out["follows_start"] = run.follows_start
    out["start"] = [float(v) for v in np.asarray(run.start, dtype=float)]
    out["trainer"] = _state_json(run.state)
    return out


def session_bytes(doc: SessionDoc) -> bytes:
    """``doc`` as the bytes of a ``.gradviz`` file (strict JSON, UTF-8)."""
    every = settings_to_json(doc.settings)
    runs = [run_json(run, every, f"run {k + 1}") for k, run in enumerate(doc.runs)]
    ds = doc.dataset
    out = {
        "format": FORMAT, "version": FORMAT_VERSION, "gradviz": gradviz.__version__,
        "saved_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "data": {"name": ds.name, "x_name": ds.x_name, "y_name": ds.y_name, **points_json(ds)},
        "model": {key: every[name] for name, key in MODEL_FIELDS.items()},
        "settings": {name: every[name] for name in APP_FIELDS},
        "runs": runs,
        "view": doc.view,
    }
    if ds.n_inputs == 2:  # "inputs" says it also when no point is left
        out["data"].update(inputs=2, x2_name=ds.x2_name)
    if doc.eval_dataset is not None:
        out["data"][HELD_OUT_KEY] = {**points_json(doc.eval_dataset), "name": doc.eval_dataset.name}
    if doc.learner is not None:
        out["learner"] = doc.learner
    return (_inline_number_lists(json.dumps(out, indent=1, allow_nan=False)) + "\n").encode("utf-8")


# a list of numbers only, spread one number a line by json's indent (a newline never occurs
# inside a JSON string, so this cannot match within one)
_NUMBER_LIST = re.compile(r"\[\n\s*([-+0-9.eE]+(?:,\n\s*[-+0-9.eE]+)*)\n\s*\]")


def _inline_number_lists(text: str) -> str:
    """Each list of numbers on one line: a data set or a path stays readable."""
    return _NUMBER_LIST.sub(lambda m: "[" + re.sub(r",\n\s*", ", ", m.group(1)) + "]", text)


# ----- reading ---------------------------------------------------------------------------------

def read_session(path) -> SessionDoc:
    """The session in the file at ``path``; SessionFileError (its text starts with the
    file's name) if it cannot be read or is not a valid session."""
    from pathlib import Path

    p = Path(path).expanduser()
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise SessionFileError(p.name, f"cannot be read ({exc.strerror or exc})") from None
    try:
        return parse_session(data)
    except SessionFileError as exc:
        raise SessionFileError(f"{p.name}, {exc.where}" if exc.where else p.name, exc.what) from None


def parse_session(data: bytes) -> SessionDoc:
    """The session in ``data`` (a file's bytes), every field checked."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise SessionFileError("", "not a gradviz session file (not UTF-8 text)") from None
    stripped = text.strip()
    if not stripped.startswith("{"):
        raise SessionFileError("", "not a gradviz session file (not a JSON object)")
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
            raise SessionFileError("", "the file ends too early (truncated?): not a complete session") from None
        raise SessionFileError("", f"not valid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg})") from None
    except RecursionError:
        raise SessionFileError("", "not valid JSON (nested too deeply)") from None
    except ValueError:  # a whole number of thousands of digits, which Python declines to read
        raise SessionFileError("", "not a usable session (a number with too many digits)") from None
    if not isinstance(raw, dict):
        raise SessionFileError("", "not a gradviz session file (not a JSON object)")
    if raw.get("format") != FORMAT:
        raise SessionFileError("format", f'must be "{FORMAT}", got {describe(raw.get("format"))}: '
                                         "not a gradviz session file")
    version = raw.get("version")
    if not is_int(version) or version < 1:
        raise SessionFileError("version", f"must be a whole number >= 1, got {describe(version)}")
    if version > FORMAT_VERSION:
        raise SessionFileError("", f"made by a newer gradviz (format {version}); this one reads up to {FORMAT_VERSION}")
    dataset = read_dataset(_section(raw, "data"))
    eval_dataset = read_held_out(_section(raw, "data").get(HELD_OUT_KEY), dataset.n_inputs)
    model_raw = _section(raw, "model")
    app_raw = _section(raw, "settings")
    base = Settings()
    common = {}
    for name, key in MODEL_FIELDS.items():
        common[name] = _setting(model_raw, key, name, base, "model", required=True)
    for name in APP_FIELDS:
        common[name] = _setting(app_raw, name, name, base, "settings", required=True)
    runs_raw = raw.get("runs")
    if not isinstance(runs_raw, list) or not runs_raw:
        raise SessionFileError("runs", f"must be a list of at least one run, got {describe(runs_raw)}")
    if len(runs_raw) > gc.MAX_RUNS:
        raise SessionFileError("runs", f"must hold at most {gc.MAX_RUNS} runs (shown side by side), "
                                       f"got {len(runs_raw)}")
    families = two_inputs.models_for(dataset.n_inputs)
    if common["model"] not in families:
        raise SessionFileError("model.name", f"must be one of {', '.join(families)} for data of "
                                             f"{INPUTS[dataset.n_inputs]}, got {common['model']!r}")
    # the model as the window builds it: the data's number of inputs, the first run's loss
    # (all runs share it) for a network's output
    first = runs_raw[0] if isinstance(runs_raw[0], dict) else {}
    loss = _setting(first, "loss", "loss", base, "runs[0]", required=False)
    model = two_inputs.build_model(dataclasses.replace(base, **common, loss=loss), dataset.n_inputs)
    runs = [parse_run(r, f"runs[{k}]", model, dataset, base, eval_dataset) for k, r in enumerate(runs_raw)]
    for k, run in enumerate(runs[1:], start=1):
        check_beside(run, runs[0], f"runs[{k}]")
    settings = dataclasses.replace(base, **common, **runs[0].settings)
    view = _view(raw.get("view", {}), model)
    learner = raw.get("learner")
    if learner is not None and not isinstance(learner, dict):
        raise SessionFileError("learner", f"must be an object, got {describe(learner)}")
    return SessionDoc(dataset, settings, runs, view, learner, version, eval_dataset)


def _section(raw: dict, key: str) -> dict:
    v = raw.get(key)
    if not isinstance(v, dict):
        raise SessionFileError(key, "missing" if v is None else f"must be an object, got {describe(v)}")
    return v


def _setting(raw: dict, key: str, name: str, base: Settings, where: str, required: bool):
    if key not in raw:
        if required:
            raise SessionFileError(f"{where}.{key}", "missing")
        return getattr(base, name)
    try:
        return setting_value(name, raw[key], getattr(base, name))
    except SettingError as exc:
        raise SessionFileError(f"{where}.{key}", str(exc)) from None


def _state(raw, where: str) -> dict:
    """The trainer's state from JSON: lists as arrays, "inf" as infinity (checked later)."""
    if not isinstance(raw, dict):
        raise SessionFileError(where, "missing" if raw is None else f"must be an object, got {describe(raw)}")
    out = dict(raw)
    for key in ("params", "start", "velocity", "adam_m", "adam_v", "square_avg", "state_sum", "path_losses"):
        if key in out:
            out[key] = numbers(out[key], f"{where}.{key}")
    for key in ("perm", "path_steps"):
        if key in out:
            out[key] = numbers(out[key], f"{where}.{key}", kind="i")
    if "path_params" in out:
        rows = out["path_params"]
        if not isinstance(rows, list) or not rows:
            raise SessionFileError(f"{where}.path_params", f"must be a list of rows of numbers, got {describe(rows)}")
        width = len(rows[0]) if isinstance(rows[0], list) else None
        out["path_params"] = np.array([numbers(r, f"{where}.path_params[{k}]", width) for k, r in enumerate(rows)])
    # the epoch table's rows (empty before the first epoch ends: [] keeps no row width);
    # a held-out loss of null is an epoch without held-out points
    for key, width, dtype in (("epoch_ints", 3, np.int64), ("epoch_losses", 2, np.float64),
                              ("epoch_params", out.get("n_params"), np.float64)):
        rows = out.get(key)
        if not isinstance(rows, list):
            continue
        try:
            a = np.array(rows, dtype=dtype) if rows else np.zeros((0, width if is_int(width) else 0), dtype)
        except (TypeError, ValueError, OverflowError):
            raise SessionFileError(f"{where}.{key}", "must be a list of rows of numbers") from None
        out[key] = a
    if out.get("limit") == "inf":
        out["limit"] = math.inf
    return out


def parse_run(raw, where: str, model, dataset: gc.Dataset, base: Settings, eval_dataset=None) -> RunRecord:
    """The run in ``raw`` (an entry of ``runs``, at the place ``where``), every field checked
    against the model and the data; ``base`` gives the defaults of optional settings."""
    if not isinstance(raw, dict):
        raise SessionFileError(where, f"must be an object, got {describe(raw)}")
    label = raw.get("label", "")
    if not isinstance(label, str):
        raise SessionFileError(f"{where}.label", f"must be a string, got {describe(label)}")
    follows = raw.get("follows_start")
    if follows is not None:
        follows = _flag(follows, f"{where}.follows_start")
    own = {}
    for f in dataclasses.fields(base):
        if f.name not in MODEL_FIELDS and f.name not in APP_FIELDS:
            own[f.name] = _setting(raw, f.name, f.name, base, where, required=f.name in RUN_REQUIRED)
    if own["loss"] == two_inputs.BCE and not (model.probability and two_inputs.is_classification(dataset)):
        raise SessionFileError(f"{where}.loss", f"must be one of {', '.join(gc.LOSSES)} here: {two_inputs.BCE!r} "
                                                "needs a model whose output is a probability (the neuron, the "
                                                "network) and labels 0 and 1, got 'bce'")
    start = numbers(raw.get("start"), f"{where}.start", model.n_params)
    state = _state(raw.get("trainer"), f"{where}.trainer")
    if state.get("seed") != own["seed"]:
        raise SessionFileError(f"{where}.trainer.seed", f"must equal {where}.seed ({own['seed']}), "
                                                        f"got {describe(state.get('seed'))}")
    try:
        gc.Trainer.from_state(model, dataset, state, eval_dataset)  # every check the trainer makes, before anything changes
    except ValueError as exc:
        raise SessionFileError(f"{where}.trainer", str(exc)) from None
    return RunRecord(own, start, state, label, follows)


# settings every run shares with the first: the runs train on the same data with the same loss
SHARED = ("loss",)  # a run may train on the other scale of x (raw beside standardized)


def check_beside(run: RunRecord, first: RunRecord, where: str) -> None:
    """``run`` can go beside ``first`` in lock step: the same loss and data, and the same
    step (a run that diverged stopped earlier: at most the same step)."""
    for name in SHARED:
        if run.settings[name] != first.settings[name]:
            raise SessionFileError(f"{where}.{name}", f"must equal runs[0].{name} ({first.settings[name]!r}): "
                                                      f"the runs share it, got {run.settings[name]!r}")
    step, at = run.state["step"], first.state["step"]
    if step != at and not (run.state.get("diverged") and step < at):
        raise SessionFileError(f"{where}.trainer.step", f"must equal runs[0]'s step ({at}): the runs go in "
                                                        f"lock step (a diverged run: at most that), got {step}")


def _view(raw, model) -> dict:
    """The view, each part optional: a part that is absent is left as the window has it."""
    if not isinstance(raw, dict):
        raise SessionFileError("view", f"must be an object, got {describe(raw)}")
    out = {}
    land = raw.get("landscape")
    if land is not None:
        if not isinstance(land, dict):
            raise SessionFileError("view.landscape", f"must be an object, got {describe(land)}")
        land = dict(land)
        if "pair" in land:
            pair = numbers(land["pair"], "view.landscape.pair", 2, kind="i")
            if pair[0] == pair[1] or not all(0 <= p < model.n_params for p in pair):
                raise SessionFileError("view.landscape.pair", f"must be two different parameter numbers from 0 to "
                                                              f"{model.n_params - 1}, got {pair.tolist()}")
            land["pair"] = tuple(int(p) for p in pair)
        if "window" in land:
            land["window"] = _ranges(land["window"], "view.landscape.window")
        if "arrow_ref" in land:
            ref = land["arrow_ref"]
            if not (isinstance(ref, (int, float)) and not isinstance(ref, bool) and math.isfinite(ref) and ref > 0):
                raise SessionFileError("view.landscape.arrow_ref", f"must be a number > 0, got {describe(ref)}")
            land["arrow_ref"] = float(ref)
        if "log_height" in land:
            land["log_height"] = _flag(land["log_height"], "view.landscape.log_height")
        out["landscape"] = land
    cam = raw.get("camera")
    if cam is not None:
        if not isinstance(cam, dict):
            raise SessionFileError("view.camera", f"must be an object, got {describe(cam)}")
        out["camera"] = {"center": tuple(numbers(cam.get("center"), "view.camera.center", 3).tolist())}
        for key in ("distance", "elevation", "azimuth", "fov"):
            v = cam.get(key)
            if not (isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)):
                raise SessionFileError(f"view.camera.{key}", f"must be a finite number, got {describe(v)}")
            if key in ("distance", "fov") and not (0 < v < (180 if key == "fov" else math.inf)):
                raise SessionFileError(f"view.camera.{key}", f"must be a number > 0{' and < 180' * (key == 'fov')}, "
                                                             f"got {v!r}")
            out["camera"][key] = float(v)
    for key in ("data_range", "loss_range"):
        if key in raw:
            out[key] = _ranges(raw[key], f"view.{key}")
    for key in ("loss_log", "residuals", "least_squares"):
        if key in raw:
            out[key] = _flag(raw[key], f"view.{key}")
    win = raw.get("window")
    if win is not None:
        if not isinstance(win, dict):
            raise SessionFileError("view.window", f"must be an object, got {describe(win)}")
        out["window"] = {}
        if "size" in win:
            size = numbers(win["size"], "view.window.size", 2, kind="i")
            if not all(100 <= s <= 16384 for s in size):
                raise SessionFileError("view.window.size", f"must be two whole numbers from 100 to 16384, "
                                                           f"got {size.tolist()}")
            out["window"]["size"] = tuple(int(s) for s in size)
        if "docks" in win:
            if not isinstance(win["docks"], str):
                raise SessionFileError("view.window.docks", f"must be a string, got {describe(win['docks'])}")
            out["window"]["docks"] = win["docks"]
    return out


def _ranges(v, where: str) -> tuple:
    if not isinstance(v, list) or len(v) != 2:
        raise SessionFileError(where, f"must be two [low, high] pairs, got {describe(v)}")
    out = []
    for k, pair in enumerate(v):
        lo, hi = numbers(pair, f"{where}[{k}]", 2)
        if not hi > lo:
            raise SessionFileError(f"{where}[{k}]", "the high end must be above the low end, "
                                                    f"got [{float(lo)!r}, {float(hi)!r}]")
        out.append((float(lo), float(hi)))
    return tuple(out)


def _flag(v, where: str) -> bool:
    if not isinstance(v, bool):
        raise SessionFileError(where, f"must be true or false, got {describe(v)}")
    return v
