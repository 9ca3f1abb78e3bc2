"""The main window: the data view in the middle, every other panel in a dock."""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog, QDockWidget, QFileDialog, QLabel, QMainWindow, QMenu, QMessageBox, QVBoxLayout, QWidget,
)

import gradviz
import gradviz.core as gc

from gradviz.gui.files.autosave import Autosaver
from gradviz.gui.panels.controls import ControlPanel
from gradviz.gui.code.panel import CodePanel
from gradviz.gui.files.data_files import DataFiles
from gradviz.gui.files.session_file import EXTENSION
from gradviz.gui.files.session_window import SessionFiles
from gradviz.gui.export.menu import ExportActions
from gradviz.gui.data_view.panel import DataPanel
from gradviz.gui.data_view.plane_view import PlaneView
from gradviz.gui.data_view.stack import DataStack
from gradviz.gui.data_view.point_links import PointHighlights
from gradviz.gui.state.edit_history import DataEditor
from gradviz.gui.gl import opengl_available
from gradviz.gui.output3d import TwoInputPage
from gradviz.gui.held_out.feature import HeldOutFeature
from gradviz.gui.theme.feature import ThemeFeature
from gradviz.gui.presenter.feature import PresenterFeature
from gradviz.gui.lesson import LessonRoom
from gradviz.gui.access import KeyboardAccess
from gradviz.gui.landscape import ContourView, Landscape3DView, LandscapeController, PairSelector
from gradviz.gui.landscape.descent_insight import DescentInsight
from gradviz.gui.landscape.options import LandscapeOptions
from gradviz.gui.panels.loss_curve import LossCurvePanel
from gradviz.gui.panels.timeline_bar import timeline_actions
from gradviz.gui.network.panel import NetworkPanel
from gradviz.gui.network.shape import NetShape
from gradviz.gui.panels.readout import ReadoutPanel
from gradviz.gui.runs.menu import RunsMenu
from gradviz.gui.shortcuts_dialog import ShortcutsDialog
from gradviz.gui.slopes import SlopesDock, SlopesRoom
from gradviz.gui.state.session import Session
from gradviz.gui import window_layout
from gradviz.gui.window_layout import CENTRAL_MIN, LAYOUT_VERSION, DockShares
from gradviz.gui.widgets.formatting import plural
from gradviz.gui.widgets.status_bar import ElidingStatusBar


class MainWindow(QMainWindow):
    def __init__(self, session: Session | None = None, use_gl: bool | None = None, restore_layout: bool = True):
        super().__init__()
        self.setWindowTitle(f"gradviz {gradviz.__version__}")
        self.resize(1400, 900)
        # before any room adds a widget to the status bar: replacing it later drops those
        self.setStatusBar(ElidingStatusBar(self))  # a long message ends in "…" (whole in its tooltip)
        self.session = session or Session()
        self._closed = False
        self._follows_screen = False
        self.theme = ThemeFeature(self)  # first: the panels below start in the chosen theme
        self.editor = DataEditor(self.session, self)  # every data edit goes through it (undo/redo)
        self.data_panel = DataPanel(self.session, editor=self.editor)
        self.plane_view = PlaneView(self.session, self.editor)  # the data view for two inputs

        gl_ok, gl_reason = opengl_available()
        if use_gl is False:
            gl_ok, gl_reason = False, "turned off with --no-gl"
        self.gl_reason = gl_reason
        # two inputs: the plane view, or the model's output as a 3D surface
        self.two_inputs = TwoInputPage(self.session, self.editor, self.plane_view, "" if gl_ok else gl_reason)
        self.setCentralWidget(DataStack(self.session, self.data_panel, self.two_inputs))
        self.view3d = Landscape3DView() if gl_ok else None
        if self.view3d is not None:
            self.session.add_paint_barrier(self.view3d.gl_view)
        self.contour = ContourView()
        self.pair_selector = PairSelector()
        self.landscape = LandscapeController(self.session, [self.view3d, self.contour], self.pair_selector, self)
        self.contour.pointPicked.connect(self._on_contour_pick)
        self.landscape_options = LandscapeOptions(self.session)
        self.point_highlights = PointHighlights(self.data_panel, self)
        self.insight = DescentInsight(self.session, self.landscape, self.contour, self.landscape_options,
                                      self.point_highlights, self, view3d=self.view3d)

        self.controls = ControlPanel(self.session)
        self.loss_curve = LossCurvePanel(self.session)
        self.readout = ReadoutPanel(self.session)
        self.network = NetworkPanel(self.session, self.editor)

        self.docks: dict[str, QDockWidget] = {}
        self._add_dock("controls", "Controls", self.controls, Qt.DockWidgetArea.LeftDockWidgetArea)
        land = QWidget()
        lay = QVBoxLayout(land)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.pair_selector)
        lay.addWidget(self.landscape_options)
        if self.view3d is not None:
            lay.addWidget(self.view3d, 1)
            self._add_dock("landscape3d", "Loss landscape (3D)", land, Qt.DockWidgetArea.RightDockWidgetArea)
            self._add_dock("contour", "Loss landscape (contour)", self.contour, Qt.DockWidgetArea.RightDockWidgetArea)
        else:
            lay.addWidget(self.contour, 1)
            self._add_dock("contour", "Loss landscape (contour)", land, Qt.DockWidgetArea.RightDockWidgetArea)
        self._add_dock("loss", "Loss curve", self.loss_curve, Qt.DockWidgetArea.BottomDockWidgetArea)
        self._add_dock("readout", "Readout: the numbers behind the step", self.readout,
                       Qt.DockWidgetArea.BottomDockWidgetArea)
        self._add_dock("network", NetShape(4).title(), self.network,
                       Qt.DockWidgetArea.RightDockWidgetArea)
        if "landscape3d" in self.docks:
            self.splitDockWidget(self.docks["landscape3d"], self.docks["contour"], Qt.Orientation.Vertical)
        self.tabifyDockWidget(self.docks["contour"], self.docks["network"])
        self.docks["contour"].raise_()
        self.splitDockWidget(self.docks["loss"], self.docks["readout"], Qt.Orientation.Horizontal)
        # hidden until View > Slopes room; not in self.docks, so a layout reset hides it again
        self.slopes = SlopesDock(self, SlopesRoom(self.session, self.landscape, self.data_panel), self.docks["loss"])
        self.data_panel.setMinimumSize(*CENTRAL_MIN)
        self._size_docks_by_default()
        self._default_state = self.saveState(LAYOUT_VERSION)
        # the learner's own code: hidden until asked for (View menu), out of the default layout
        self.code_panel = CodePanel(self.session, self.editor)
        self._add_dock("code", "Your code: gradient descent in Python", self.code_panel,
                       Qt.DockWidgetArea.RightDockWidgetArea).hide()
        self.dock_shares = DockShares(self, self.docks)
        self.geometry_restored = False  # a saved size and position was applied

        self._wire_network()
        self.files = DataFiles(self, self.session, self.editor)
        self.files.install_drop_target(self)
        self.autosave = Autosaver(self.session, source=self.files.source, parent=self)
        self.autosave.failed.connect(self.show_message)
        self.editor.replacing.connect(self._on_data_replacing)
        self.held_out = HeldOutFeature(self)  # held-out points, epoch table, seed 002's set-up
        self.lesson = LessonRoom(self)  # the guided path, hidden until View > Lesson or --lesson
        # the title names the data and marks it modified since it was opened, saved or loaded
        for signal in (self.files.opened, self.files.saved, self.files.sourceChanged,
                       self.files.modifiedChanged, self.session.datasetChanged):
            signal.connect(lambda *_: self._update_title())
        self._update_title()
        self._build_actions()
        self.access = KeyboardAccess(self)  # keys for every action, accessible names, focus frames
        self.access.install_menu(self.m_edit)
        self._build_status_bar()
        self.session.message.connect(self.show_message)
        self.session.runningChanged.connect(lambda _r: self._update_status())
        self.session.datasetChanged.connect(lambda _d: self._update_status())
        self._rate_timer = QTimer(self)
        self._rate_timer.timeout.connect(self._update_status)
        self._rate_timer.start(250)  # the step counter: 4 updates a second, not one per frame
        if restore_layout:
            self.geometry_restored = window_layout.restore_layout(self)
            self._hide_unavailable_docks()
        if self.view3d is None:
            self.show_message(f"3D view unavailable ({gl_reason}); showing the contour view.", 0)
        else:
            self.show_message("Ready. Click the plot to add points; press Space to train, Right arrow to take "
                              "one step, R to reset.", 0)
        self._update_status()

    # ----- the network dock -----------------------------------------------------------------
    def _wire_network(self) -> None:
        self.data_panel.probeMoved.connect(self.network.set_probe_x)
        self.session.modelChanged.connect(self._on_model_changed)
        self._land_heights: list[int] | None = None  # 3D and contour docks before the network showed
        self._on_model_changed(self.session.model, first=True)

    def _on_model_changed(self, model, first: bool = False) -> None:
        is_net = model.name == "network"
        dock = self.docks["network"]
        dock.toggleViewAction().setEnabled(is_net)
        if is_net:
            dock.setWindowTitle(NetShape.of(model).title())  # x1, x2 and σ → p where they apply
        # the network panel is taller than the contour map it shares a tab with: showing it
        # squeezes the 3D view, so the split above it is put back when it goes
        land = [self.docks[k] for k in ("landscape3d", "contour") if k in self.docks]
        if is_net:
            if dock.isHidden() and len(land) == 2:
                self._land_heights = [d.height() for d in land]
            dock.show()
            dock.raise_()
        elif not first or not dock.isHidden():
            was_shown = not dock.isHidden()
            dock.hide()
            if was_shown and len(land) == 2 and self._land_heights:
                self.resizeDocks(land, self._land_heights, Qt.Orientation.Vertical)

    # ----- docks & layout ----------------------------------------------------------------
    def _add_dock(self, key: str, title: str, widget: QWidget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{key}")
        dock.setWidget(window_layout.shrinkable(widget, native=self.view3d))
        self.addDockWidget(area, dock)
        self.docks[key] = dock
        return dock

    def _size_docks_by_default(self) -> None:
        d = self.docks
        if "landscape3d" in d:
            window_layout.size_docks_by_default(self, d["controls"], d["landscape3d"], d["loss"], d["contour"])
        else:
            window_layout.size_docks_by_default(self, d["controls"], d["contour"], d["loss"])

    def _hide_unavailable_docks(self) -> None:
        # a dock whose View entry is greyed out (the Network panel while the model is not a
        # network) stays hidden whatever a saved or default layout says
        for dock in self.docks.values():
            if not dock.toggleViewAction().isEnabled():
                dock.hide()

    def reset_layout(self) -> None:
        self.restoreState(self._default_state, LAYOUT_VERSION)
        for dock in self.docks.values():
            dock.show()
        self.docks["code"].hide()
        self._hide_unavailable_docks()
        self._size_docks_by_default()
        QTimer.singleShot(0, self, self.dock_shares.record)  # once the layout has settled

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not event.spontaneous():
            QTimer.singleShot(0, self, self.dock_shares.settle)
        if not self._follows_screen and self.windowHandle() is not None:
            self._follows_screen = True  # frames come at the refresh rate of the window's screen
            self.session.follow_screen(self.windowHandle().screen())
            self.windowHandle().screenChanged.connect(self.session.follow_screen)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.dock_shares.apply()

    # ----- actions -------------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut=None, tip: str = "", checkable: bool = False,
                checked: bool = False) -> QAction:
        act = QAction(text, self)
        act.setProperty("help_text", text)  # the shortcuts table's name for it (Undo's text changes)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        if tip:
            act.setToolTip(tip)
            act.setStatusTip(tip)
        if checkable:
            act.setCheckable(True)
            act.setChecked(checked)
            act.toggled.connect(slot)
        else:
            act.triggered.connect(slot)
        self.addAction(act)  # shortcuts work whichever dock has focus
        return act

    add_action = _action  # for the features that put their entries in the menus

    def _build_actions(self) -> None:
        s = self.session
        mb = self.menuBar()
        m_file = mb.addMenu("&File")
        self.act_open = self._action("&Open CSV…", self.open_file_dialog, QKeySequence.StandardKey.Open,
                                     "Load data points from a CSV file (or drop one on the window)")
        self.m_recent = QMenu("Open &Recent", self)
        self.m_recent.aboutToShow.connect(lambda: self.files.populate_recent_menu(self.m_recent))
        self.files.populate_recent_menu(self.m_recent)
        self.act_save_data = self._action("&Save Data", self.files.save, QKeySequence.StandardKey.Save,
                                          "Save the data points to the file they came from")
        self.act_save = self._action("Save Data &As…", self.save_file_dialog, QKeySequence.StandardKey.SaveAs,
                                     "Save the data points to a CSV file")
        self.act_shot = self._action("Save &Screenshot…", self.screenshot_dialog, "Ctrl+Shift+P",
                                     "Save a PNG of the whole window")
        self.act_quit = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        m_file.addAction(self.act_open)
        self.sessions = SessionFiles(self)  # File > Open Session / Save Session (.gradviz)
        self.files.openers[EXTENSION] = self.sessions.open_path
        m_file.addAction(self.sessions.act_open)
        m_file.addMenu(self.m_recent)
        m_file.addSeparator()
        for a in (self.act_save_data, self.act_save, self.sessions.act_save, self.act_shot):
            m_file.addAction(a)
        self.export = ExportActions(self)  # File > Export, and "Save image…" on the plots
        m_file.addMenu(self.export.menu)
        m_file.addSeparator()
        m_file.addAction(self.act_quit)

        m_edit = self.m_edit = mb.addMenu("&Edit")
        ed = self.editor
        self.act_undo = self._action("&Undo", ed.undo, QKeySequence.StandardKey.Undo, "Undo the last data edit")
        self.act_redo = self._action("&Redo", ed.redo, None, "Redo the data edit just undone")
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.act_delete = self._action("&Delete Selected Points", self.data_panel.delete_selected,
                                       QKeySequence.StandardKey.Delete, "Remove the selected points")
        self.act_select_all = self._action("Select &All Points", self.data_panel.select_all,
                                           QKeySequence.StandardKey.SelectAll)
        self.act_clear = self._action("&Clear All Points", ed.clear, None,
                                      "Remove every point (Undo brings them back)")
        for a in (self.act_undo, self.act_redo, None, self.act_delete, self.act_select_all, None, self.act_clear):
            m_edit.addSeparator() if a is None else m_edit.addAction(a)
        ed.historyChanged.connect(self._sync_undo_actions)
        self._sync_undo_actions()

        m_data = mb.addMenu("&Data")
        m_presets = m_data.addMenu("&Presets")
        for name, desc in {**gc.PRESETS, **gc.TWO_INPUT_PRESETS}.items():
            if name == next(iter(gc.TWO_INPUT_PRESETS)):
                m_presets.addSection("Two inputs (x1, x2)")
            act = QAction(f"{name} — {desc}", self)
            act.setStatusTip(desc)
            act.triggered.connect(lambda _c=False, n=name: self.load_preset(n))
            m_presets.addAction(act)
        m_data.addSeparator()
        self.act_resid = self._action("Show &residuals", self.data_panel.set_show_residuals, None,
                                      "Draw each point's error as a segment to the curve", True, True)
        self.act_lsq = self._action("Show &least-squares line", self.data_panel.set_show_lsq, None,
                                    "Draw the best line (dashed), computed in closed form", True, True)
        m_data.addAction(self.act_resid)
        m_data.addAction(self.act_lsq)
        self.act_fit = self._action("&Fit view to data", self.data_panel.fit_view, "F")
        m_data.addAction(self.act_fit)

        m_train = mb.addMenu("&Training")
        self.act_play = self._action("&Play / Pause", s.toggle, Qt.Key.Key_Space, "Start or pause training")
        self.act_step = self._action("&Step", lambda: s.step_once(1), Qt.Key.Key_Right, "One step")
        self.act_step10 = self._action("Step ×&10", lambda: s.step_once(10), "Shift+Right", "Ten steps")
        self.act_reset = self._action("&Reset", s.reset, Qt.Key.Key_R, "Back to the start point")
        self.act_faster = self._action("&Faster", lambda: self._nudge_speed(2.0), "Ctrl+Up", "Double the speed")
        self.act_slower = self._action("S&lower", lambda: self._nudge_speed(0.5), "Ctrl+Down", "Halve the speed")
        for a in (self.act_play, self.act_step, self.act_step10, self.act_reset, self.act_faster, self.act_slower):
            m_train.addAction(a)
        m_train.addSeparator()
        self.timeline_actions = timeline_actions(self, s.timeline, m_train, esc_first=self.data_panel.cancel_drag)  # back to now, hide old path, undo branch

        self.runs_menu = RunsMenu(self, mb)  # several runs side by side, the ready-made comparisons

        m_view = mb.addMenu("&View")
        for dock in self.docks.values():
            m_view.addAction(dock.toggleViewAction())
        self.act_code = self.docks["code"].toggleViewAction()
        self.act_code.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.act_code.triggered.connect(self._on_code_shown)  # after the dock has shown itself
        self.addAction(self.act_code)
        m_view.addSeparator()
        self.act_log = self._action("Loss curve: &log scale", self.loss_curve.set_log, "L",
                                    "Logarithmic loss axis", True, False)
        self.loss_curve.logScaleChanged.connect(self.act_log.setChecked)
        m_view.addAction(self.act_log)
        m_view.addAction(self.slopes.view_action)
        self.two_inputs.install_actions(self, m_view)
        if self.view3d is not None:
            self.act_reset_view = self._action("Reset &3D view", self.view3d.reset_view, "Home")
            m_view.addAction(self.act_reset_view)
        self.act_fit_landscape = self._action("&Fit landscape", self.landscape.reframe, "Shift+F",
                                              "Fit the landscape to the start, the path and the optimum")
        m_view.addAction(self.act_fit_landscape)
        self.act_reset_layout = self._action("Reset &layout", self.reset_layout)
        m_view.addAction(self.act_reset_layout)

        self.held_out.install_menus(m_data, m_view)
        self.theme.install_menu(m_view)
        self.presenter = PresenterFeature(self)  # zoom, presenter layout (F11), key presses shown
        self.presenter.install_menu(m_view)
        self.lesson.install_menu(m_view)

        m_help = mb.addMenu("&Help")
        m_help.addAction(self._action("&Keyboard shortcuts", self.show_shortcuts, "F1"))
        m_help.addAction(self._action("&About gradviz", self.show_about))

    def open_lesson_code(self, name: str) -> None:
        """A lesson chapter's code (seed 001's block ``name``, the one the Code panel starts
        from): the Code panel shown in front, the learner's code as it is, nothing run."""
        if not self.docks["code"].isVisible():
            self.act_code.trigger()
        else:
            self.docks["code"].raise_()

    def _on_code_shown(self, on: bool) -> None:
        dock = self.docks["code"]
        if not on:
            return
        # a dock of its own in no tab group (never placed before): it shares the tall place
        # of the 3D view, and the contour map below keeps showing the point
        if not dock.isFloating() and not self.tabifiedDockWidgets(dock):
            self.tabifyDockWidget(self.docks.get("landscape3d", self.docks["contour"]), dock)
        dock.raise_()

    def _build_status_bar(self) -> None:
        self.status_points = QLabel()
        self.status_state = QLabel()
        self.status_rate = QLabel()
        for w in (self.status_points, self.status_state, self.status_rate):
            self.statusBar().addPermanentWidget(w)

    def _update_status(self) -> None:
        s = self.session
        _set_text(self.status_points, plural(len(s.dataset)))
        snap = s.snapshot
        if snap is not None and snap.diverged:
            state = "diverged"
        else:
            state = "training" if s.running else "paused"
        step = snap.step if snap is not None else 0
        _set_text(self.status_state, f"{state} · step {step:,}")
        _set_text(self.status_rate, f"{s.steps_per_second():,.0f} steps/s" if s.running else "")

    def refresh_status(self) -> None:
        """The status bar's step now, not at its next timer tick (a recorded frame shows
        its own step)."""
        self._update_status()

    def show_message(self, text: str, timeout_ms: int = 8000) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    def _nudge_speed(self, factor: float) -> None:
        from gradviz.gui.panels.controls import SPEED_MAX_FINITE, SPEED_MIN, speed_text
        speed = self.session.settings.speed
        if math.isinf(speed):
            speed = SPEED_MAX_FINITE if factor < 1 else speed
        else:
            speed = speed * factor
            speed = math.inf if speed > SPEED_MAX_FINITE else max(SPEED_MIN, speed)
        self.session.update_settings(speed=speed)
        self.show_message(f"Speed: {speed_text(speed)}")

    # ----- data in and out (gui/data_files.py does the work; every change is undoable) -----
    def _sync_undo_actions(self) -> None:
        ed = self.editor
        self.act_undo.setEnabled(ed.can_undo())
        self.act_redo.setEnabled(ed.can_redo())
        self.act_undo.setText(f"&Undo {ed.undo_text()}" if ed.can_undo() else "&Undo")
        self.act_redo.setText(f"&Redo {ed.redo_text()}" if ed.can_redo() else "&Redo")

    def _on_data_replacing(self, _ds) -> None:
        self.landscape.frame_next_data()  # a whole new data set: the landscape frames it afresh

    def load_preset(self, name: str) -> None:
        ds = gc.preset(name)
        self.editor.replace(ds, f"load preset '{name}'", note=f"Loaded preset '{name}': {plural(len(ds))}.")
        # a preset is new data, not the file opened before: Save must ask where, not
        # overwrite that file with the preset
        self.files.set_source(None)

    def _update_title(self) -> None:
        path = self.files.current_path
        ds = self.session.dataset
        name = path.name if path is not None else (ds.name or "untitled data")
        # Qt shows "*" in place of "[*]" while the window is marked modified
        self.setWindowTitle(f"{name}[*] — gradviz {gradviz.__version__}")
        self.setWindowModified(self.files.modified)

    def open_file(self, path: str | Path) -> bool:
        """Load a CSV (column chooser, worker thread, progress) and wait for it; on any error
        show it and keep the current data exactly as it was. True if the data was replaced."""
        return bool(self.files.open_path(path, wait=True))

    def open_file_dialog(self) -> None:
        self.files.open_dialog()

    def save_file(self, path: str | Path) -> bool:
        return self.files.save_to(path)

    def save_file_dialog(self) -> None:
        self.files.save_as_dialog()

    def render_image(self):
        """The whole window as a QImage. QWidget.grab() leaves out the 3D view's text labels
        (pyqtgraph paints them with QPainter over the GL frame), so that view is pasted in
        from its own grab_image()."""
        from PySide6.QtCore import QPoint
        from PySide6.QtGui import QPainter

        image = self.grab().toImage()
        for view3d in (self.view3d, self.two_inputs.view3d()):
            if view3d is None or not view3d.isVisible():
                continue
            # pasted pixel for pixel: drawn into a logical rectangle at a fractional scale
            # factor (1.5), the view's image would be resampled and lose its last row
            ratio = image.devicePixelRatio() or 1.0
            view = view3d.grab_image()
            view.setDevicePixelRatio(1.0)
            image.setDevicePixelRatio(1.0)
            at = view3d.mapTo(self, QPoint(0, 0))
            painter = QPainter(image)
            painter.drawImage(QPoint(int(at.x() * ratio + 0.5), int(at.y() * ratio + 0.5)), view)
            painter.end()
            image.setDevicePixelRatio(ratio)
        return image

    def screenshot(self, path: str | Path) -> bool:
        ok = self.render_image().save(str(path))
        self.show_message(f"Saved a screenshot to {path}." if ok else f"Could not write {path}.")
        return ok

    def screenshot_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save screenshot", "gradviz.png", "PNG images (*.png)")
        if path:
            self.screenshot(path)

    def _on_contour_pick(self, u: float, v: float) -> None:
        i, j = self.landscape.pair
        p = self.session.current_params()
        p[i], p[j] = u, v
        self.session.set_start(p)
        names = self.session.model.param_names
        self.show_message(f"Start point set: {names[i]} = {u:.4g}, "
                          f"{names[j]} = {v:.4g}. Press Space to train from here.")

    # ----- help ------------------------------------------------------------------------------
    def show_shortcuts(self) -> ShortcutsDialog:
        """The table of keys and what they do (built afresh: actions may have changed)."""
        dialog = ShortcutsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def show_about(self) -> None:
        QMessageBox.about(self, "About gradviz",
                          f"gradviz {gradviz.__version__}\n\nWatch a model learn: the data and the fitted curve, "
                          "the loss landscape with the gradient and the path taken, and the numbers behind "
                          "every step.")

    # ----- shutdown --------------------------------------------------------------------------
    def closeEvent(self, event) -> None:
        for dialog in self.findChildren(QDialog):  # a dialog must not outlive its window (and,
            if dialog.isVisible():                  # say, start a load after the shutdown)
                dialog.reject()
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._rate_timer.stop()
        if self.view3d is not None:
            self.view3d.gl_view.stop_painting()
        if self.two_inputs.view3d() is not None:
            self.two_inputs.view3d().gl_view.stop_painting()
        try:
            if self.autosave.enabled:  # a headless picture leaves the saved layout alone too
                window_layout.save_layout(self)
            self.files.shutdown()
            self.code_panel.shutdown()
            self.autosave.shutdown()  # the last edits reach the disk before we go
        finally:
            self.session.shutdown()


def _set_text(label, text: str) -> None:
    # each setText re-lays out the status bar (and the window around it): skip no-ops
    if label.text() != text:
        label.setText(text)
