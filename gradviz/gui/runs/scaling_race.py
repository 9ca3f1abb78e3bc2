"""The ready-made race of feature scaling: gradient descent on x itself beside gradient
descent on standardized x, from the same curve, each at half of its own largest stable rate
(the line; other models keep the rate and optimizer in use). On the lesson's long valley the
raw run crawls along the valley floor while the standardized one walks straight down."""

from __future__ import annotations

import math
from dataclasses import replace

import gradviz.core as gc

from gradviz.gui.runs.comparisons import race
from gradviz.gui.state.scaling import training_data
from gradviz.gui.state.settings import Settings

TITLE = "Raw and standardized x"
TIP = ("Gradient descent on x itself beside gradient descent on (x − mean)/std, from the same line, "
       "each at half of its own largest stable rate; both paths drawn on this landscape")


def scaling_runs(session) -> list[Settings]:
    """The race's runs, the one on x itself first."""
    raw = replace(session.settings, standardize=False, schedule="constant")
    runs = [raw, replace(raw, standardize=True)]
    if session.settings.model != "line":
        return runs
    out = []
    for s in runs:
        x = training_data(session.dataset, s.standardize)[0].x
        lr = _stable_lr(x, session.dataset.y, s.loss)
        out.append(s if lr is None else replace(s, optimizer="gd", lr=0.5 * lr))
    return out


def _stable_lr(x, y, loss) -> float | None:
    try:
        lr = gc.max_stable_lr(x, y, loss)
    except ValueError:
        return None
    return lr if math.isfinite(lr) and lr > 0 else None


def start_scaling_race(session) -> None:
    race(session, scaling_runs(session), TITLE)
