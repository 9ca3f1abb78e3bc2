"""The Runs menu: duplicate the run in focus, remove a run, and the ready-made comparisons."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QInputDialog, QMenu

from gradviz.gui.panels.controls import LR_ENTRY_MIN, LR_MAX
from gradviz.gui.runs.comparisons import KINDS, start_comparison
from gradviz.gui.runs.scaling_race import TIP, TITLE, start_scaling_race
from gradviz.gui.state.runs import describe


class RunsMenu:
    def __init__(self, window, menu_bar) -> None:
        self._window = window
        self._session = session = window.session
        self.menu = menu_bar.addMenu("R&uns")
        self.menu.setToolTipsVisible(True)
        self.act_duplicate = self.menu.addAction("&Duplicate run…", self.ask_duplicate)
        self.act_duplicate.setToolTip("A second run beside this one, going on from here at a rate you choose")
        # the run whose controls and full readout show (also a click on its row of the runs table)
        self.focus_menu = QMenu("&Focus run", self.menu)
        self.focus_menu.setToolTipsVisible(True)
        self.menu.addMenu(self.focus_menu)
        self.focus_menu.aboutToShow.connect(self._fill_focus)
        self.remove_menu = QMenu("&Remove run", self.menu)
        self.menu.addMenu(self.remove_menu)
        self.remove_menu.aboutToShow.connect(self._fill_remove)
        self.act_remove_all = self.menu.addAction("Remove &all other runs", session.runs.clear)
        self.menu.addSeparator()
        self.compare_actions = {}
        for kind, text in KINDS.items():
            title, _colon, rest = text.partition(": ")
            act = self.menu.addAction(f"Compare {title.lower()}", lambda k=kind: start_comparison(session, k))
            act.setToolTip(f"{title}: {rest}, raced side by side from the same start")
            self.compare_actions[kind] = act
        act = self.menu.addAction(f"Compare {TITLE.lower()}", lambda: start_scaling_race(session))
        act.setToolTip(TIP)
        self.compare_actions["scaling"] = act

    def duplicate(self, lr: float | None = None) -> str | None:
        """A copy of the focused run as it is now, going on at ``lr`` (None: the same rate)."""
        s = self._session.settings
        return self._session.runs.add(replace(s, lr=s.lr if lr is None else float(lr)), fork=True)

    def ask_duplicate(self) -> None:
        s = self._session.settings
        lr, ok = QInputDialog.getDouble(self._window, "Duplicate run",
                                        f"The copy goes on from step {self._session.frame.step:,} "
                                        f"beside this run ({describe(s)}).\nIts learning rate:",
                                        s.lr, LR_ENTRY_MIN, LR_MAX, 6)
        if ok:
            self.duplicate(lr)

    def _run_text(self, label: str, key: str = "&") -> str:
        runs = self._session.runs
        s = self._session.settings if label == runs.focus_label() else runs.settings(label)
        return f"Run {key}{label} ({describe(s)})"

    def _fill_focus(self) -> None:
        self.focus_menu.clear()
        runs = self._session.runs
        for label in runs.all_labels() if len(runs) else ():
            act = self.focus_menu.addAction(self._run_text(label), lambda lb=label: runs.focus(lb))
            act.setCheckable(True)
            act.setChecked(label == runs.focus_label())
            act.setToolTip("Its controls and full readout show; the others go on beside it")
        if not len(runs):
            self.focus_menu.addAction("(no other runs)").setEnabled(False)

    def _fill_remove(self) -> None:
        self.remove_menu.clear()
        runs = self._session.runs
        for label in runs.labels():
            self.remove_menu.addAction(self._run_text(label, ""), lambda lb=label: runs.remove(lb))
        if runs.labels():  # the session's own run: focus another one first
            act = self.remove_menu.addAction(self._run_text(runs.focus_label(), "") + " — in focus")
            act.setToolTip("Focus another run first (Focus run), then remove this one")
            act.setEnabled(False)
        else:
            self.remove_menu.addAction("(no other runs)").setEnabled(False)
