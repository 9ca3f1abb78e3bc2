"""Applying a chapter's set-up to the window, through the session's and the rooms' public
methods, and reading back the state its check looks at.

Training settings the chapter does not name stay as the learner left them; the rooms and
toggles it does not name go back to the app's defaults, so every chapter opens alike.
"""

from __future__ import annotations

import numpy as np

import gradviz.core as gc
from gradviz.gui.lesson.checks import LessonState
from gradviz.gui.lesson.lesson_file import Chapter

# The learner's code panel, where it exists, offers ``open_lesson_code(name)`` on the window:
# a chapter with ``code = "NAME"`` calls it with the seed's code block of that name.
CODE_HOOK = "open_lesson_code"
SETTINGS = ("model", "hidden", "loss", "optimizer", "lr", "speed")
VIEW_TOGGLES = {"curvature": False, "point_arrows": False, "standardize": False}
DATA_TOGGLES = {"residuals": True, "least_squares": True}


def same_data(a: gc.Dataset, b: gc.Dataset) -> bool:
    return len(a) == len(b) and np.array_equal(a.x, b.x) and np.array_equal(a.y, b.y)


def apply_setup(window, chapter: Chapter) -> str:
    """Set the window up for ``chapter``; returns a note for what could not be done ("")."""
    s = chapter.setup
    session = window.session
    session.pause()
    if "preset" in s and not same_data(gc.preset(s["preset"]), session.dataset):
        window.load_preset(s["preset"])
    changes = {k: s[k] for k in SETTINGS if k in s}
    if "network_example" in s:
        changes.update(model="network", hidden=gc.SEED001_NETWORKS[s["network_example"]]["hidden"])
    changes.update({k: s.get(k, off) for k, off in VIEW_TOGGLES.items()})
    session.update_settings(**changes)
    if "network_example" in s:
        session.load_network_example(s["network_example"])
    elif "start" in s and session.model.n_params == 2:
        session.set_start(np.asarray(s["start"], dtype=float))
    else:
        session.reset()  # each chapter begins at step 0
    window.act_resid.setChecked(s.get("residuals", DATA_TOGGLES["residuals"]))
    window.act_lsq.setChecked(s.get("least_squares", DATA_TOGGLES["least_squares"]))
    window.loss_curve.set_log(s.get("log_loss", False))
    _slopes(window, s)
    for key in s.get("show", ()):
        dock = window.docks.get(key)
        if dock is not None and dock.toggleViewAction().isEnabled():
            dock.show()
            dock.raise_()
    return _code(window, s)


def _slopes(window, s: dict) -> None:
    tab = s.get("slopes")
    room = window.slopes.room
    room.predict.set_xs([])  # marks of an earlier chapter go
    window.slopes.set_open(tab is not None)
    if tab is None:
        return
    room.show_tab(tab)
    if tab == "derivative":
        room.derivative.set_function("roller")
        if "derivative_x" in s:
            room.derivative.set_x(s["derivative_x"])
    if "predict_x" in s:
        room.predict.set_xs(list(s["predict_x"]))


def _code(window, s: dict) -> str:
    if "code" not in s:
        return ""
    hook = getattr(window, CODE_HOOK, None)
    if callable(hook):
        hook(s["code"])
        return ""
    return f"(This chapter pairs with the seed's code block '{s['code']}'; the code panel is not in this build.)"


def lesson_state(window, chapter_start) -> LessonState:
    """What the chapter's check looks at, now."""
    session = window.session
    snap = session.snapshot
    st = session.settings
    room = window.slopes.room
    on_roller = window.slopes.is_open() and room.derivative.function() == "roller"
    return LessonState(
        dataset=session.training_dataset(), model=st.model, loss=st.loss, optimizer=st.optimizer, lr=st.lr,
        params=session.current_params(), chapter_start=np.asarray(chapter_start, dtype=float),
        step=snap.step if snap is not None else 0, diverged=bool(snap is not None and snap.diverged),
        derivative_x=room.derivative.x() if on_roller else None)
