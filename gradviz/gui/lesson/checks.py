"""A chapter's check of what the learner did, against the state of the session: pure numpy,
so each verdict is tested against numbers computed apart from the app."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

import gradviz.core as gc
from gradviz.gui.lesson.lesson_file import Check
from gradviz.gui.widgets.formatting import num

VALLEY_TOLERANCE = 0.05  # |f'(x)| at a valley of the roller-coaster, unless the check says
_H = 1e-4  # finite-difference step for f'' (a valley curves up, a peak down)


@dataclass(frozen=True)
class LessonState:
    """What a check may look at."""

    dataset: gc.Dataset  # the data the run trains on
    model: str
    loss: str
    optimizer: str
    lr: float
    params: np.ndarray  # where the learner is now
    chapter_start: np.ndarray  # where the chapter began
    step: int
    diverged: bool
    derivative_x: float | None = None  # the Slopes room's point on the roller-coaster, if shown


@dataclass(frozen=True)
class Verdict:
    passed: bool
    text: str


def evaluate(check: Check, st: LessonState) -> Verdict:
    o = check.options
    v = _KINDS[check.kind](o, st)
    if not v.passed and check.hint:
        return Verdict(False, f"{v.text} {check.hint}")
    return v


def model_loss(st: LessonState, loss: str | None = None) -> float:
    model = gc.make_model(st.model, hidden=max(1, (len(st.params) - 1) // 3)) if st.model == "network" \
        else gc.make_model(st.model)
    with np.errstate(all="ignore"):
        f, _g = model.loss_and_grad(np.asarray(st.params, float), st.dataset.x, st.dataset.y, loss or st.loss)
    return float(f)


def _steps_short(o: dict, st: LessonState) -> Verdict | None:
    need = o.get("min_steps", 0)
    if st.step < need:
        return Verdict(False, f"Train first: {st.step:,} of {need:,} steps taken.")
    return None


def _fit(o: dict, st: LessonState) -> Verdict:
    if st.model != "line":
        return Verdict(False, "This check measures a line; switch the model back to the line.")
    short = _steps_short(o, st)
    if short:
        return short
    w, b = gc.least_squares(st.dataset.x, st.dataset.y)
    best = model_loss(LessonState(**{**st.__dict__, "params": np.array([w, b])}), "l2")
    mine = model_loss(st, "l2")
    pct = o["within_percent"]
    if math.isfinite(mine) and mine <= best * (1 + pct / 100) + 1e-12:
        off = 0.0 if best == 0 else 100 * (mine - best) / best
        return Verdict(True, f"Well fitted: your loss ½Σe² = {num(mine)} is within {num(pct)} % of the best, "
                             f"{num(best)} (off by {off:.1f} %).")
    return Verdict(False, f"Not yet: your loss ½Σe² = {num(mine)}; the best line's is {num(best)}; get within "
                          f"{num(pct)} % of it (below {num(best * (1 + pct / 100))}).")


def _rate(o: dict, st: LessonState) -> Verdict:
    if st.model != "line" or st.optimizer != "gd":
        return Verdict(False, "This check is for gradient descent (gd) on the line.")
    top = gc.max_stable_lr(st.dataset.x, st.dataset.y, st.loss)
    low = o.get("at_least", 0.0)
    if st.lr >= top:
        return Verdict(False, f"η = {num(st.lr)} is at or above the largest stable rate 2/λmax = {num(top)}: "
                              "each step overshoots more than the last.")
    if st.lr < low:
        return Verdict(False, f"η = {num(st.lr)} converges, but slowly: try a rate from {num(low)} up to "
                              f"(not including) {num(top)}.")
    return Verdict(True, f"A good rate: η = {num(st.lr)} is below the largest stable rate {num(top)}, "
                         "so the descent converges.")


def _loss_below(o: dict, st: LessonState) -> Verdict:
    short = _steps_short(o, st)
    if short:
        return short
    mine = model_loss(st)
    if math.isfinite(mine) and mine < o["value"]:
        return Verdict(True, f"Well done: the loss is {num(mine)}, below {num(o['value'])}.")
    return Verdict(False, f"Not yet: the loss is {num(mine)}; get it below {num(o['value'])}.")


def _setting(o: dict, st: LessonState) -> Verdict:
    now = getattr(st, o["name"])
    if now == o["equals"]:
        return Verdict(True, f"Yes: the {o['name']} is {now}.")
    return Verdict(False, f"The {o['name']} is {now}; switch it to {o['equals']}.")


def _moved(o: dict, st: LessonState) -> Verdict:
    i = ("w", "b").index(o["param"])
    d = float(st.params[i] - st.chapter_start[i])
    name, direction = o["param"], o["direction"]
    ok = {"up": d > 1e-9, "down": d < -1e-9, "any": abs(d) > 1e-9}[direction]
    if ok:
        return Verdict(True, f"{name} moved from {num(st.chapter_start[i])} to {num(st.params[i])}.")
    want = {"up": "up", "down": "down", "any": ""}[direction]
    return Verdict(False, f"{name} is {num(st.params[i])}, where the chapter began; move it {want}".rstrip() + ".")


def _valley(o: dict, st: LessonState) -> Verdict:
    x = st.derivative_x
    if x is None:
        return Verdict(False, "Open the Slopes room on its Derivative tab (the roller-coaster).")
    tol = o.get("tolerance", VALLEY_TOLERANCE)
    slope = gc.roller_coaster_slope(x)
    bend = (gc.roller_coaster_slope(x + _H) - gc.roller_coaster_slope(x - _H)) / (2 * _H)
    if abs(slope) <= tol and bend > 0:
        return Verdict(True, f"In a valley: at x = {num(x)} the slope is {slope:.4f}, flat to within {num(tol)}.")
    if abs(slope) <= tol:
        return Verdict(False, f"At x = {num(x)} the slope is {slope:.4f}, but this is a hilltop: step off it.")
    return Verdict(False, f"At x = {num(x)} the slope is {slope:.4f}: keep stepping against it.")


def _steps(o: dict, st: LessonState) -> Verdict:
    taken = f"{st.step:,} step{'' if st.step == 1 else 's'} taken"
    if st.step >= o["at_least"]:
        return Verdict(True, f"{taken}.")
    return Verdict(False, f"{st.step:,} of {o['at_least']:,} steps taken; press → for one.")


_KINDS = {"fit": _fit, "rate": _rate, "loss_below": _loss_below, "setting": _setting, "moved": _moved,
          "valley": _valley, "steps": _steps}
