"""The held-out room built into the main window: the controller, the hollow points, the
epoch table dock (hidden until asked for), the Data > Held-out points menu, seed 002's
set-up in one click."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFileDialog, QInputDialog, QMenu

import gradviz.core as gc
from gradviz.gui.held_out.controller import HeldOut
from gradviz.gui.held_out.epoch_table import EpochTablePanel
from gradviz.gui.held_out.points_layer import HeldOutLayer
from gradviz.gui.widgets.formatting import plural

ADD_KEY = "H"


class HeldOutFeature:
    def __init__(self, window) -> None:
        self.window = window
        session = window.session
        self.held = HeldOut(session, window.editor, window)
        self.layer = HeldOutLayer(window.data_panel, session, self.held)
        self.table = EpochTablePanel(session)
        self.dock = QDockWidget("Epoch table", window)
        self.dock.setObjectName("dock_epochs")
        self.dock.setWidget(self.table)
        self.dock.hide()  # hidden before it joins the layout: the first launch looks as before
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self._placed = False
        self.dock.visibilityChanged.connect(self._place)
        self.actions: dict[str, QAction] = {}

    def _place(self, visible: bool) -> None:
        """The first time the table is asked for, it becomes a tab beside the readout (a
        tab group made earlier would show a tab bar while the table is hidden)."""
        readout = self.window.docks.get("readout")
        if not visible or self._placed or readout is None or self.dock.isFloating():
            return
        self._placed = True
        if self.window.dockWidgetArea(self.dock) == self.window.dockWidgetArea(readout) and \
                not self.window.tabifiedDockWidgets(self.dock):
            self.window.tabifyDockWidget(readout, self.dock)
            self.dock.raise_()

    def _action(self, key: str, text: str, slot, shortcut=None, tip: str = "", checkable=False) -> QAction:
        act = QAction(text, self.window)
        act.setProperty("help_text", text.replace("&", "").rstrip("…"))
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        if tip:
            act.setToolTip(tip)
            act.setStatusTip(tip)
        act.setCheckable(checkable)
        (act.toggled if checkable else act.triggered).connect(slot)
        self.window.addAction(act)  # the shortcut works whichever dock has focus
        self.actions[key] = act
        return act

    def install_menus(self, m_data: QMenu, m_view: QMenu) -> None:
        held = self.held
        menu = m_data.addMenu("&Held-out points")
        menu.setToolTipsVisible(True)
        menu.addAction(self._action("split", "&Hold out a fraction…", self.ask_split, None,
                                    "Set aside a random fraction of the points: measured, never trained on"))
        menu.addAction(self._action("redraw", "&Re-draw the held-out points", lambda: held.redraw(), None,
                                    "The same fraction, the next random seed"))
        menu.addAction(self._action("load", "&Load held-out points from CSV…", self.ask_load, None,
                                    "Points to measure the model on, from their own CSV file"))
        add = self._action("adding", "&Clicks add held-out points", held.set_adding, ADD_KEY,
                           "On: a click on the data view adds a held-out (hollow) point; off: a training point",
                           checkable=True)
        held.addingChanged.connect(add.setChecked)
        menu.addAction(add)
        menu.addSeparator()
        menu.addAction(self._action("merge", "&Put them back into training", lambda: held.merge_back()))
        menu.addAction(self._action("clear", "Re&move the held-out points", lambda: held.clear()))
        m_data.addAction(self._action("seed002", "Seed 002's &run (10 epochs, 100 held out)",
                                      lambda: self.apply_setup("seed-002"), None, gc.SETUPS["seed-002"]))
        view = self.dock.toggleViewAction()
        view.setText("&Epoch table")
        m_view.addAction(view)

    # ----- dialogs -------------------------------------------------------------------------
    def ask_split(self) -> None:
        f, ok = QInputDialog.getDouble(self.window, "Hold out points",
                                       "Fraction of all points to hold out (0 to 0.95);\n"
                                       "drawn at random with the current seed, Re-draw draws again:",
                                       self.held.fraction, 0.0, 0.95, 2)
        if ok:
            self.held.split(f)

    def ask_load(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Load held-out points", "",
                                              "CSV files (*.csv *.txt);;All files (*)")
        if path:
            self.held.load(path)

    # ----- a ready-made set-up ---------------------------------------------------------------
    def apply_setup(self, name: str, train: bool = True) -> int:
        """Data, held-out points, settings and start of the set-up ``name``; with ``train``
        its epochs run at once and the epoch table shows. Returns the step it ends at."""
        s = gc.setup(name)
        session = self.window.session
        session.pause()
        session.update_settings(model=s.model, loss=s.loss, optimizer=s.optimizer, lr=s.lr,
                                batch_size=s.batch_size)
        self.held.set_split(s.dataset, s.eval_dataset, f"load set-up '{name}'",
                            f"Set-up '{name}': {plural(len(s.dataset))} to train on, {len(s.eval_dataset)} held out "
                            f"(hollow); {s.epochs} epochs of {s.optimizer}, batch {s.batch_size}, rate {s.lr:g}.")
        self.window.files.set_source(None)  # Save must ask where: this is not the file opened before
        session.set_start(np.asarray(s.start, dtype=float))
        self.window.loss_curve.set_log(True)  # its loss falls over six orders of magnitude
        if train:
            session.step_once(s.steps)
            self.dock.show()
            self.dock.raise_()
        return s.steps

    def apply_command_line(self, args, wait: bool = False) -> None:
        """``--setup``, ``--eval-file`` (loaded and checked already), ``--eval-fraction``;
        ``wait``: until the set-up's epochs are trained (a screenshot or export follows)."""
        if getattr(args, "setup", None):
            steps = self.apply_setup(args.setup)
            if wait:
                self.window.session.wait_for_step(steps, timeout_s=300.0)
                self.window.refresh_status()  # the picture's status bar shows the step reached
        elif getattr(args, "eval_dataset", None) is not None:
            self.held.set_points(args.eval_dataset, f"load held-out points from {args.eval_file}")
        elif getattr(args, "eval_fraction", None) is not None:
            self.held.split(args.eval_fraction, args.seed or 0)
