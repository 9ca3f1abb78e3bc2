"""A run's state as plain data, to save it and carry on later: :func:`check_run_state`,
:func:`run_state_bytes`, :func:`run_state_from_bytes`.

``Trainer.state()`` returns a dict of numpy arrays, numbers and strings;
``Trainer.from_state(model, dataset, state)`` builds a trainer that takes exactly the
steps the saved one would have taken. Every value is checked before a trainer is built
from it: a damaged or foreign state raises :class:`RunStateError` (a ValueError) naming
what is wrong, never a numpy error halfway through.

On disk (``run_state_bytes``) a state is a ``.npz`` archive: each array under its key,
the numbers and strings together as one JSON text under ``meta`` (so a 128-bit random
generator state or a seed of any size survives).

A state also says whether its model's output is a probability (``probability``: the
network with a sigmoid output and the one without share their name and their parameters);
one saved before it did is not checked for it.

Version 2 adds weight decay, the learning-rate schedule and the state of RMSprop and
Adagrad (``adam_t`` is the step count of Adam, AdamW and Adagrad); a version 1 state
still loads, as a run without them (``eps`` None means the optimizer's own default).
"""

from __future__ import annotations

import io
import json
import math
import zipfile

import numpy as np

from .history import HISTORY_OLD, HISTORY_RECENT
from .optimizers import OPTIMIZERS
from .schedules import from_dict as schedule_from_dict

__all__ = ["RUN_STATE_VERSION", "RunStateError", "check_run_state", "run_state_bytes", "run_state_from_bytes"]

RUN_STATE_VERSION = 2

# key -> kind: "int", "optint" (an int or None), "float" (finite), "limit" (> 0, may be
# infinite), "str", "optstr" (a string or None), "batch" (None or int >= 1), "rng" (a numpy bit generator's state dict),
# "optfloat" (a finite number or None), "optbool" (True, False or None), "schedule" (None or a schedule's to_dict()), or an array spec (dtype, shape as names)
_NUMBERS = {
    "version": "int", "model": "str", "n_params": "int", "n_points": "int", "loss": "str",
    "optimizer": "str", "lr": "float", "batch_size": "batch", "momentum": "float", "beta1": "float",
    "beta2": "float", "eps": "optfloat", "weight_decay": "optfloat", "schedule": "schedule", "seed": "optint",
    "step": "int", "epoch": "int", "limit": "limit",
    "diverged": "optstr", "pos": "int", "adam_t": "int", "path_recent": "int", "path_count": "int",
    "path_stride": "int", "rng": "rng",
}
_ARRAYS = {
    "params": ("f", ("P",)), "start": ("f", ("P",)), "velocity": ("f", ("P",)), "adam_m": ("f", ("P",)),
    "adam_v": ("f", ("P",)), "perm": ("i", ("N?",)), "path_steps": ("i", ("H",)),
    "path_params": ("f", ("H", "P")), "path_losses": ("f", ("H",)), "square_avg": ("f", ("P",)),
    "state_sum": ("f", ("P",)),
}
# the epoch table (see ``epochs``): a state saved before it existed reads as an empty table;
# "f?" allows NaN (an epoch without an evaluation loss)
_OPTIONAL_NUMBERS = {"epoch_total": ("float", 0.0), "epoch_count": ("int", 0), "probability": ("optbool", None)}
_OPTIONAL_ARRAYS = {"epoch_ints": ("i", ("R", "3")), "epoch_losses": ("f?", ("R", "2")),
                    "epoch_params": ("f", ("R", "P"))}
# what a version 1 state lacks, as a run without them
_NEW_IN_2 = {"weight_decay": None, "schedule": None, "square_avg": None, "state_sum": None}


_OUTPUT = {True: "a probability, σ of its sum", False: "its sum itself, without σ"}


class RunStateError(ValueError):
    """A saved run state that cannot be used, with the reason."""


def _number(key, kind, v):
    if kind == "str":
        ok = isinstance(v, str)
    elif kind == "optstr":
        ok = v is None or isinstance(v, str)
    elif kind == "batch":
        ok = v is None or (isinstance(v, (int, np.integer)) and not isinstance(v, bool) and v >= 1)
    elif kind in ("int", "optint"):
        ok = (isinstance(v, (int, np.integer)) and not isinstance(v, bool)) or (v is None and kind == "optint")
    elif kind == "limit":  # a positive number or infinity
        ok = isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0
    elif kind == "rng":
        ok = isinstance(v, dict) and isinstance(v.get("bit_generator"), str)
    elif kind == "schedule":
        try:
            schedule_from_dict(v)
            ok = True
        except ValueError:
            ok = False
    elif kind == "optfloat" and v is None:
        ok = True
    elif kind == "optbool":
        ok = v is None or isinstance(v, (bool, np.bool_))
    else:
        ok = isinstance(v, (int, float, np.floating, np.integer)) and not isinstance(v, bool) and math.isfinite(v)
    if not ok:
        raise RunStateError(f"{key} = {v!r} is not a valid value")
    if kind == "int" or (kind == "optint" and v is not None):
        return int(v)
    if kind in ("float", "limit") or (kind == "optfloat" and v is not None):
        return float(v)
    if kind == "optbool" and v is not None:
        return bool(v)
    return v


def check_run_state(state, model_name: str | None = None, n_params: int | None = None,
                    n_points: int | None = None, probability: bool | None = None) -> dict:
    """A checked copy of ``state`` (arrays as float64/int64); RunStateError if a key is
    missing or unknown, a value is not finite or of the wrong shape, or the state is for
    another model, number of parameters or of data points than those given, or for a model
    whose output is (``probability``) or is not a probability when the other is given."""
    if not isinstance(state, dict):
        raise RunStateError("not a run state (expected a dict)")
    if state.get("version") == 1 and not set(_NEW_IN_2) & set(state):
        state = _from_version_1(state)
    keys = set(_NUMBERS) | set(_ARRAYS)
    optional = set(_OPTIONAL_NUMBERS) | set(_OPTIONAL_ARRAYS)
    missing, unknown = sorted(keys - set(state)), sorted(set(state) - keys - optional)
    if missing or unknown:
        what = [f"missing {', '.join(missing)}"] * bool(missing) + [f"unknown {', '.join(unknown)}"] * bool(unknown)
        raise RunStateError("not a run state of this version: " + "; ".join(what))
    out = {k: _number(k, kind, state[k]) for k, kind in _NUMBERS.items()}
    out.update({k: _number(k, kind, state.get(k, default)) for k, (kind, default) in _OPTIONAL_NUMBERS.items()})
    if out["version"] != RUN_STATE_VERSION:
        raise RunStateError(f"run state version {out['version']}, this gradviz reads version {RUN_STATE_VERSION}")
    for key, want in (("model", model_name), ("n_params", n_params), ("n_points", n_points)):
        if want is not None and out[key] != want:
            raise RunStateError(f"the run was saved for {key} = {out[key]!r}, not {want!r}")
    if None not in (probability, out["probability"]) and out["probability"] != probability:
        raise RunStateError(f"the run was saved for a model whose output is {_OUTPUT[out['probability']]}, "
                            f"not {_OUTPUT[bool(probability)]}")
    if out["optimizer"] not in OPTIMIZERS:
        raise RunStateError(f"unknown optimizer {out['optimizer']!r}")
    sizes = {"P": out["n_params"], "N?": None, "H": None, "R": None, "2": 2, "3": 3}
    absent = {"epoch_ints": np.zeros((0, 3), np.int64), "epoch_losses": np.zeros((0, 2)),
              "epoch_params": np.zeros((0, out["n_params"]))}
    for key, (kind, shape) in {**_ARRAYS, **_OPTIONAL_ARRAYS}.items():
        try:
            a = np.asarray(state[key] if key in state else absent[key])
        except (TypeError, ValueError):
            raise RunStateError(f"{key} is not an array") from None
        if a.dtype.kind not in ("iu" if kind == "i" else "fiu") or a.ndim != len(shape):
            raise RunStateError(f"{key} should be a {len(shape)}-D array of numbers, got {a.dtype} {a.shape}")
        for name, got in zip(shape, a.shape):
            if sizes.get(name) is None:
                sizes[name] = got
            elif sizes[name] != got:
                raise RunStateError(f"{key} has shape {a.shape}; expected {name} = {sizes[name]}")
        a = a.astype(np.int64 if kind == "i" else np.float64, copy=True)
        if (kind == "f" and not np.isfinite(a).all()) or (kind == "f?" and np.isinf(a).any()):
            raise RunStateError(f"{key} holds a value that is not finite")
        out[key] = a
    n, perm, H = out["n_points"], out["perm"], len(out["path_steps"])
    if not 0 <= out["pos"] or (out["pos"] < n and not np.array_equal(np.sort(perm), np.arange(n))):
        raise RunStateError("the mini-batch order is not a shuffle of the data points")
    recent = out["path_recent"]
    if not (1 <= recent <= min(H, HISTORY_RECENT) and H - recent <= HISTORY_OLD and out["path_stride"] >= 1
            and out["path_count"] >= 0 and out["path_steps"][-1] == out["step"] >= 0 and out["adam_t"] >= 0):
        raise RunStateError("the path history does not fit the step count")
    return out


def _from_version_1(state: dict) -> dict:
    """A version 1 state in this version's form: no decay, no schedule, zero RMSprop and
    Adagrad state (no such optimizer existed)."""
    zeros = np.zeros(np.shape(state.get("params", ())))
    new = {k: zeros if k in _ARRAYS else v for k, v in _NEW_IN_2.items()}
    return {**state, **new, "version": RUN_STATE_VERSION}


def run_state_bytes(state: dict) -> bytes:
    """``state`` as the bytes of an ``.npz`` archive (arrays, plus ``meta``: JSON)."""
    meta = {k: state[k] for k in (*_NUMBERS, *_OPTIONAL_NUMBERS) if k in state}
    buf = io.BytesIO()
    np.savez(buf, meta=np.array(json.dumps(meta)),
             **{k: np.asarray(state[k]) for k in (*_ARRAYS, *_OPTIONAL_ARRAYS) if k in state})
    return buf.getvalue()


def run_state_from_bytes(data: bytes) -> dict:
    """The state ``run_state_bytes`` wrote (not yet checked: see :func:`check_run_state`);
    RunStateError if the bytes are not such an archive."""
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        meta = json.loads(str(arrays.pop("meta")))
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, UnicodeDecodeError) as exc:
        raise RunStateError(f"not a readable run file ({type(exc).__name__}: {exc})") from None
    if not isinstance(meta, dict):
        raise RunStateError("not a readable run file (its meta is not a JSON object)")
    return {**meta, **arrays}
