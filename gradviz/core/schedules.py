"""Learning-rate schedules: the rate at each step as a function of the base rate.

    tr = Trainer(model, data, lr=0.01, schedule=schedules.cosine(500))
    tr.lr_at(k)   # the rate of the update from step k to step k + 1

Each matches its ``torch.optim.lr_scheduler`` class when ``scheduler.step()`` is called
once after every ``optimizer.step()`` (so step k of the run uses the scheduler's
``last_epoch = k``):

* ``step(every, gamma)``       StepLR(step_size=every, gamma):  η·γ^⌊k / every⌋
* ``exponential(gamma)``       ExponentialLR(gamma):            η·γ^k
* ``cosine(t_max, lr_min=0)``  CosineAnnealingLR(T_max, eta_min):
                               lr_min + (η − lr_min)·(1 + cos(π·k / t_max)) / 2

PyTorch updates the rate recursively from the previous one; the closed forms here give
the same numbers up to rounding (torch's own ``_get_closed_form_lr`` is these formulas).
As in torch, the cosine is not held at ``lr_min`` after ``t_max`` steps: it rises again
(a period of 2·t_max); restart the run or pick a longer ``t_max`` to stay low.

``None`` is the constant rate. The base rate η is the trainer's ``lr``; changing it
rescales the whole schedule from then on. Every schedule is an immutable value, so a
snapshot can carry it across threads.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = ["Schedule", "StepDecay", "Exponential", "Cosine", "step", "exponential", "cosine",
           "parse", "spec", "check_schedule", "SPEC_HELP", "GAMMA_MIN"]

#: how a schedule is written on the command line and in saved settings
SPEC_HELP = "step:EVERY:GAMMA, exp:GAMMA or cosine:T_MAX[:LR_MIN] (EVERY, T_MAX whole numbers >= 1; GAMMA from 1e-6 to 1)"
GAMMA_MIN = 1e-6  # a smaller factor drops the rate to nothing within a step or two


def _whole(name, v) -> int:
    if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
        raise ValueError(f"{name} must be a whole number >= 1, got {v!r}")
    return int(v)


def _gamma(v) -> float:
    try:
        g = float(v)
    except (TypeError, ValueError):
        raise ValueError(f"gamma must be a number from 1e-6 to 1, got {v!r}") from None
    if not GAMMA_MIN <= g <= 1.0:
        raise ValueError(f"gamma must be from 1e-6 to 1 (a decay), got {v!r}")
    return g


class Schedule:
    """A rate per step: :meth:`rate` of the base rate and an array of step numbers."""

    kind = ""

    def rate(self, base: float, steps: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def rates(self, base: float, start: int, k: int) -> list[float]:
        """The rates of steps start, ..., start + k - 1, as Python floats (the trainer's
        loop reads them one by one)."""
        return self.rate(base, np.arange(start, start + k, dtype=np.int64)).tolist()

    def rate_at(self, base: float, step: int) -> float:
        """The rate of step ``step``: the same computation as :meth:`rates`, element for element."""
        return self.rates(base, int(step), 1)[0]

    def to_dict(self) -> dict:
        raise NotImplementedError


@dataclass(frozen=True)
class StepDecay(Schedule):
    every: int
    gamma: float
    kind = "step"

    def __post_init__(self):
        object.__setattr__(self, "every", _whole("every", self.every))
        object.__setattr__(self, "gamma", _gamma(self.gamma))

    def rate(self, base, steps):
        return base * np.power(self.gamma, np.asarray(steps) // self.every)

    def to_dict(self):
        return {"kind": "step", "every": self.every, "gamma": self.gamma}

    def describe(self) -> str:
        return f"step decay: × {self.gamma:g} every {self.every:,} steps"


@dataclass(frozen=True)
class Exponential(Schedule):
    gamma: float
    kind = "exp"

    def __post_init__(self):
        object.__setattr__(self, "gamma", _gamma(self.gamma))

    def rate(self, base, steps):
        return base * np.power(self.gamma, np.asarray(steps))

    def to_dict(self):
        return {"kind": "exp", "gamma": self.gamma}

    def describe(self) -> str:
        return f"exponential: × {self.gamma:g} every step"


@dataclass(frozen=True)
class Cosine(Schedule):
    t_max: int
    lr_min: float = 0.0
    kind = "cosine"

    def __post_init__(self):
        object.__setattr__(self, "t_max", _whole("t_max", self.t_max))
        try:
            lo = float(self.lr_min)
        except (TypeError, ValueError):
            raise ValueError(f"lr_min must be a number >= 0, got {self.lr_min!r}") from None
        if not (math.isfinite(lo) and lo >= 0.0):
            raise ValueError(f"lr_min must be finite and >= 0, got {self.lr_min!r}")
        object.__setattr__(self, "lr_min", lo)

    def rate(self, base, steps):
        lo = self.lr_min
        return lo + (base - lo) * (1.0 + np.cos(math.pi * np.asarray(steps) / self.t_max)) / 2.0

    def to_dict(self):
        return {"kind": "cosine", "t_max": self.t_max, "lr_min": self.lr_min}

    def describe(self) -> str:
        low = f" down to {self.lr_min:g}" if self.lr_min else " down to 0"
        return f"cosine annealing over {self.t_max:,} steps{low}"


def step(every: int, gamma: float) -> StepDecay:
    """StepLR: the rate times ``gamma`` every ``every`` steps."""
    return StepDecay(every, gamma)


def exponential(gamma: float) -> Exponential:
    """ExponentialLR: the rate times ``gamma`` every step."""
    return Exponential(gamma)


def cosine(t_max: int, lr_min: float = 0.0) -> Cosine:
    """CosineAnnealingLR: from the base rate down to ``lr_min`` along half a cosine in ``t_max`` steps."""
    return Cosine(t_max, lr_min)


def check_schedule(schedule):
    """``schedule`` if it is None or a Schedule, else ValueError."""
    if schedule is None or isinstance(schedule, Schedule):
        return schedule
    raise ValueError("schedule must be None (a constant rate) or one of gradviz.core.schedules.step(every, gamma), "
                     f"exponential(gamma), cosine(t_max, lr_min), got {schedule!r}")


def from_dict(d) -> Schedule | None:
    """The schedule :meth:`Schedule.to_dict` described (None stays None); ValueError if damaged."""
    if d is None:
        return None
    if not isinstance(d, dict):
        raise ValueError(f"a schedule must be a dict, got {d!r}")
    args = {k: v for k, v in d.items() if k != "kind"}
    cls = {"step": StepDecay, "exp": Exponential, "cosine": Cosine}.get(d.get("kind"))
    if cls is None:
        raise ValueError(f"unknown schedule kind {d.get('kind')!r}")
    try:
        return cls(**args)
    except TypeError:
        raise ValueError(f"a {d['kind']} schedule does not take {sorted(args)}") from None


def parse(text: str) -> Schedule | None:
    """A schedule from its spec (``step:100:0.5``, ``exp:0.99``, ``cosine:500`` or
    ``cosine:500:0.0001``; ``constant`` is None). ValueError saying what is allowed."""
    parts = str(text).strip().lower().split(":")
    if parts == ["constant"]:
        return None
    kind, args = parts[0], parts[1:]
    counts = {"step": (2,), "exp": (1,), "cosine": (1, 2)}
    if kind not in counts or len(args) not in counts[kind]:
        raise ValueError(f"'{text}' is not a schedule; allowed: {SPEC_HELP}")
    try:
        if kind == "step":
            return StepDecay(_int_text(args[0]), args[1])
        if kind == "exp":
            return Exponential(args[0])
        return Cosine(_int_text(args[0]), args[1] if len(args) > 1 else 0.0)
    except ValueError as exc:
        raise ValueError(f"'{text}': {exc}; allowed: {SPEC_HELP}") from None


def _int_text(t: str) -> int:
    try:
        return int(t)
    except ValueError:
        raise ValueError(f"{t!r} is not a whole number") from None


def spec(schedule) -> str:
    """The spec :func:`parse` reads back ("constant" for None)."""
    if schedule is None:
        return "constant"
    d = check_schedule(schedule).to_dict()
    return ":".join([d["kind"], *(repr(v) if isinstance(v, float) else str(v) for k, v in d.items() if k != "kind")])
