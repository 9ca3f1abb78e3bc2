"""The training settings as JSON, and what each setting allows: one set of rules for the
autosave (which resets a bad field and carries on) and the session file (which refuses
the file and names the field). No Qt here.

Infinity (the speed "flat out") is written as the string ``"inf"``: strict JSON has no
infinity.
"""

from __future__ import annotations

import dataclasses
import math

import gradviz.core as gc
from gradviz.gui.state.two_inputs import MODEL_FAMILIES

__all__ = ["SettingError", "settings_to_json", "setting_value"]


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_schedule(v) -> bool:
    if not isinstance(v, str):
        return False
    try:
        gc.schedules.parse(v)
    except ValueError:
        return False
    return True


# name -> (check of the value, what is allowed, in words); a setting not named here must
# have the type of its default
RULES = {
    "model": (lambda v: isinstance(v, str) and v in MODEL_FAMILIES, f"one of {', '.join(MODEL_FAMILIES)}"),
    "hidden": (lambda v: _is_int(v) and gc.MIN_HIDDEN <= v <= gc.MAX_HIDDEN,
               f"a whole number from {gc.MIN_HIDDEN} to {gc.MAX_HIDDEN}"),
    "loss": (lambda v: isinstance(v, str) and v in gc.ALL_LOSSES, f"one of {', '.join(gc.ALL_LOSSES)}"),
    "optimizer": (lambda v: isinstance(v, str) and v in gc.OPTIMIZERS, f"one of {', '.join(gc.OPTIMIZERS)}"),
    "lr": (lambda v: isinstance(v, float) and math.isfinite(v) and v > 0, "a number > 0"),
    "batch_size": (lambda v: _is_int(v) and v >= 1, "a whole number >= 1"),
    "momentum": (lambda v: isinstance(v, float) and math.isfinite(v) and 0 <= v < 1,
                 "a number from 0 up to (not including) 1"),
    "speed": (lambda v: isinstance(v, float) and v > 0 and not math.isnan(v),
              'a number > 0 (steps per second), or "inf"'),
    "seed": (lambda v: _is_int(v) and v >= 0, "a whole number >= 0"),
    "beta1": (lambda v: isinstance(v, float) and 0 <= v < 1, "a number from 0 up to (not including) 1"),
    "beta2": (lambda v: isinstance(v, float) and 0 <= v < 1, "a number from 0 up to (not including) 1"),
    "eps": (lambda v: v is None or (isinstance(v, float) and math.isfinite(v) and v > 0),
            "a number > 0, or null (the optimizer's own default)"),
    "weight_decay": (lambda v: v is None or (isinstance(v, float) and math.isfinite(v) and v >= 0),
                     "a number >= 0, or null (the optimizer's own default)"),
    "schedule": (lambda v: _is_schedule(v), "constant, step:EVERY:GAMMA, exp:GAMMA or cosine:T_MAX[:LR_MIN]"),
}
# settings whose default is None but whose value is a number: a whole number reads as a float
_FLOAT_OR_NONE = ("eps", "weight_decay")
_TYPE_WORDS = {bool: "true or false", int: "a whole number", float: "a number", str: "a string"}


class SettingError(ValueError):
    """A setting's value that is not allowed; ``str()`` says what is allowed and what was found."""


def settings_to_json(settings) -> dict:
    """Every field of ``settings`` (a Settings dataclass) as a JSON-ready value."""
    out = {}
    for f in dataclasses.fields(settings):
        v = getattr(settings, f.name)
        if isinstance(v, float) and not math.isfinite(v):
            v = "inf" if v > 0 else str(v)
        out[f.name] = v
    return out


def setting_value(name: str, raw, default):
    """The value of setting ``name`` read from JSON (``default`` gives its type), or
    SettingError: "must be a number > 0, got 'fast'"."""
    v = raw
    if isinstance(default, float) or name in _FLOAT_OR_NONE:
        if v == "inf" and isinstance(default, float):
            v = math.inf
        elif _is_int(v):
            v = float(v)
    check, allowed = RULES.get(name, (None, _TYPE_WORDS.get(type(default), type(default).__name__)))
    try:
        ok = check(v) if check else isinstance(v, type(default)) and (type(v) is not bool or type(default) is bool)
    except TypeError:
        ok = False
    if not ok:
        raise SettingError(f"must be {allowed}, got {describe(raw)}")
    return v


def describe(value) -> str:
    """A found value as a message shows it: 'fast', 3, NaN, a list, an object."""
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    if value is None:
        return "null"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
