"""The runs beside the run in focus as entries of a session file's ``runs`` (runs[1], ...),
and back: what ``CompanionRuns.request_saved`` hands over becomes :class:`RunRecord`\\ s, and
records read from a file become what ``CompanionRuns.restore`` takes. No Qt here.

A run's colour is its label's slot (B, C, D beside the first run, A): a file's label that names a free slot keeps
it, any other label takes the next free one.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from gradviz.gui.files.session_file import RunRecord
from gradviz.gui.files.settings_json import settings_to_json
from gradviz.gui.state.runs import COMPANION_LABELS
from gradviz.gui.state.settings import Settings

__all__ = ["companion_records", "companions_saved", "slots"]


def companion_records(companions) -> list[RunRecord]:
    """Records of ``companions``: ((label, settings, follows the focused run's start,
    trainer state), ...)."""
    return [RunRecord(settings_to_json(settings), np.asarray(state["start"], dtype=float).copy(), state, label,
                      bool(follows))
            for label, settings, follows, state in companions]


def slots(labels) -> list[str]:
    """The colour slot of each of the runs beside the first, from their labels in a file."""
    free = list(COMPANION_LABELS)
    wanted = [label if label in free and labels.index(label) == k else None for k, label in enumerate(labels)]
    for label in wanted:
        if label is not None:
            free.remove(label)
    return [label if label is not None else free.pop(0) for label in wanted]


def companions_saved(first: Settings, records) -> list[tuple]:
    """((label, settings, follows, trainer state), ...) of ``records`` (runs[1:] of a file
    read by ``parse_session``): each run's own settings on top of ``first``'s, the first
    run's full Settings (the model and the speed are the window's)."""
    labels = slots([r.label for r in records])
    return [(label, dataclasses.replace(first, **r.settings), bool(r.follows_start), r.state)
            for label, r in zip(labels, records)]
