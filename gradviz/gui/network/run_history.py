"""Undo for the buttons that replace the run: seed 001's examples and re-initialisation.

Each press is one step on the data editor's undo stack (Ctrl+Z undoes the last change of
either kind). A step remembers the model, hidden size, seed and parameters before and after
(the parameters the run had reached, so a trained network comes back) and restores them
through the session's public methods.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SETTING_FIELDS = ("model", "hidden", "seed")  # what an example or a re-initialisation changes


@dataclass(frozen=True, eq=False)
class RunState:
    settings: dict
    params: np.ndarray

    @classmethod
    def of(cls, session) -> "RunState":
        s = session.settings
        return cls({k: getattr(s, k) for k in SETTING_FIELDS}, session.current_params())


@dataclass(frozen=True, eq=False)
class RunStep:
    text: str
    session: object
    before: RunState
    after: RunState

    def undo(self) -> None:
        self._restore(self.before, self.after)

    def redo(self) -> None:
        self._restore(self.after, self.before)

    def _restore(self, state: RunState, other: RunState) -> None:
        # only what the step changed: a learning rate set since then stays
        changed = {k: v for k, v in state.settings.items() if other.settings[k] != v}
        if changed:
            self.session.update_settings(**changed)
        self.session.set_start(state.params)


def run_undoably(session, history, text: str, change) -> None:
    """Call ``change()`` (which replaces the run) and push it onto ``history`` as one step."""
    before = RunState.of(session)
    change()
    history.push(RunStep(text, session, before, RunState.of(session)))
