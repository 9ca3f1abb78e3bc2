"""File > Save Session… and Open Session…: what a ``.gradviz`` file (see ``session_file``)
takes from the window and gives back to it.

Opening checks the whole file first (``read_session``, then the view's ranges); on any
problem the window is left exactly as it was and the message names the place in the file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QVector3D
from PySide6.QtWidgets import QFileDialog, QMessageBox

import gradviz.core as gc
from gradviz.gui.files.session_file import (
    EXTENSION, RunRecord, SessionDoc, SessionFileError, read_session, session_bytes,
)
from gradviz.gui.files.session_runs import companion_records, companions_saved
from gradviz.gui.landscape import framing
from gradviz.gui.state import two_inputs
from gradviz.gui.widgets.formatting import plural
from gradviz.gui.window_layout import LAYOUT_VERSION

__all__ = ["SessionFiles", "capture_session", "SESSION_FILTER", "OPEN_SHORTCUT", "SAVE_SHORTCUT"]

SESSION_FILTER = f"gradviz sessions (*{EXTENSION});;All files (*)"
OPEN_SHORTCUT = "Ctrl+Shift+O"
SAVE_SHORTCUT = "Ctrl+Alt+S"
RUN_WAIT_S = 10.0  # the training thread hands over the run's state between two steps


def _ranges(r) -> list:
    (a0, a1), (b0, b1) = r
    return [[float(a0), float(a1)], [float(b0), float(b1)]]


def capture_view(window) -> dict:
    """The window's view: the landscape's pair and ranges, the 3D camera, the plots' ranges
    and switches, the window's size and docks."""
    view = {"landscape": {"pair": list(window.landscape.pair)}}
    if window.landscape.window is not None:
        view["landscape"]["window"] = _ranges(window.landscape.window)
    if window.landscape.grad_ref is not None:
        view["landscape"]["arrow_ref"] = float(window.landscape.grad_ref)
    if window.view3d is not None:
        view["landscape"]["log_height"] = window.view3d.log_height()
        cam = window.view3d.gl_view.cameraParams()
        c = cam["center"]
        view["camera"] = {"center": [c.x(), c.y(), c.z()],
                          **{k: float(cam[k]) for k in ("distance", "elevation", "azimuth", "fov")}}
    view["data_range"] = _ranges(window.data_panel.viewRange())
    view["loss_range"] = _ranges(window.loss_curve.plot.getPlotItem().getViewBox().viewRange())
    view["loss_log"] = window.loss_curve.is_log()
    view["residuals"] = window.act_resid.isChecked()
    view["least_squares"] = window.act_lsq.isChecked()
    view["window"] = {"size": [window.width(), window.height()],
                      "docks": bytes(window.saveState(LAYOUT_VERSION).toBase64()).decode("ascii")}
    return view


def capture_session(window, learner: dict | None = None) -> SessionDoc:
    """Everything a session file holds, taken from ``window``: the run in focus first, then
    the runs beside it; RuntimeError if the training thread does not hand over the runs."""
    session = window.session
    future = session.runs.request_saved()
    if future is None:
        raise RuntimeError("the training thread has stopped")
    try:
        state, companions = future.result(timeout=RUN_WAIT_S)
    except Exception as exc:  # a timeout, or the thread stopped before it took the question
        raise RuntimeError(f"the training thread did not hand over the run ({type(exc).__name__})") from None
    # labelled as the window shows them when there are several (A, B, ...: their colours)
    runs = [RunRecord({}, session.start.copy(), state, session.runs.focus_label() if companions else "run 1")]
    runs += companion_records(companions)
    return SessionDoc(session.dataset, session.settings, runs, capture_view(window), learner,
                      eval_dataset=session.eval_dataset)


class SessionFiles(QObject):
    """File > Save Session… and Open Session… of ``window`` (a MainWindow)."""

    learnerOpened = Signal(object)  # the opened file's learner section (a dict, maybe empty)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.last_error: str | None = None  # why the last open or save failed
        self._learner: dict | None = None  # the opened file's learner section, written back on save
        # name -> a callable giving that part of the learner section at save time (None: leave it out)
        self.learner_parts: dict = {}
        self.act_open = QAction("Open Sessio&n…", self)
        self.act_open.setShortcut(QKeySequence(OPEN_SHORTCUT))
        self.act_open.setStatusTip("Open a .gradviz session: the data, settings, run and view as they were saved")
        self.act_open.triggered.connect(self.open_dialog)
        self.act_save = QAction("Save Sess&ion…", self)
        self.act_save.setShortcut(QKeySequence(SAVE_SHORTCUT))
        self.act_save.setStatusTip("Save the data, settings, run and view as a .gradviz session file")
        self.act_save.triggered.connect(self.save_dialog)
        for act in (self.act_open, self.act_save):
            act.setProperty("help_text", act.text())
            window.addAction(act)  # the shortcut works whichever dock has focus

    # ----- save -----------------------------------------------------------------------------
    def save_dialog(self) -> bool:
        ds = self.window.session.dataset
        start = str(Path.cwd() / f"{ds.name or 'session'}{EXTENSION}")
        path, _ = QFileDialog.getSaveFileName(self.window, "Save session", start, SESSION_FILTER)
        if not path:
            return False
        if not Path(path).suffix:
            path += EXTENSION
        return self.save_to(path, interactive=True)

    def save_to(self, path, interactive: bool = False) -> bool:
        """Write the session to ``path`` (atomically: a failed write leaves no file)."""
        p = Path(path).expanduser()
        self.last_error = None
        try:
            doc = capture_session(self.window, self._learner_section())
            gc.atomic_write_bytes(p, session_bytes(doc))
        except (OSError, RuntimeError, ValueError) as exc:
            self.last_error = f"could not save the session to {p}: {getattr(exc, 'strerror', None) or exc}"
            self._say(f"Could not save the session to {p.name}; nothing was written.")
            if interactive:
                QMessageBox.warning(self.window, "Could not save the session",
                                    f"{self.last_error}\n\nNothing was written.")
            return False
        self.window.files.recent.add(p)
        runs = f"{len(doc.runs)} runs, " if len(doc.runs) > 1 else ""
        self._say(f"Saved the session to {p.name} ({runs}step {doc.runs[0].state['step']:,}).")
        return True

    # ----- open -----------------------------------------------------------------------------
    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Open session", "", SESSION_FILTER)
        if path:
            self.open_path(path)

    def open_path(self, path, interactive: bool = True) -> bool:
        """Open the session in ``path``; on any problem say what and where, and change nothing."""
        p = Path(path).expanduser()
        self.last_error = None
        w = self.window
        if w.files.loader.busy:
            busy = w.files.loader.path.name
            return self._refuse(f"{p.name}: still loading {busy}; wait for it or press Cancel", False)
        try:
            doc = read_session(p)
        except SessionFileError as exc:
            return self._refuse(str(exc), interactive)
        land = doc.view.get("landscape", {})
        if "window" in land:
            names = two_inputs.build_model(doc.settings, doc.dataset.n_inputs).param_names
            try:
                framing.check_window(land["window"], [f"{p.name}, view.landscape.window: {names[k]}"
                                                      for k in land.get("pair", (0, 1))])
            except ValueError as exc:
                return self._refuse(str(exc).rstrip("."), interactive)
        run = doc.runs[0]
        w.session.load_run(doc.dataset, doc.settings, run.start, run.state, eval_dataset=doc.eval_dataset)
        beside_problem = None
        if not w.session.run_restore_problem:  # the runs beside it go in lock step with it
            try:
                w.session.runs.restore(companions_saved(doc.settings, doc.runs[1:]))
            except ValueError as exc:  # (read_session checked them against the same model and data)
                beside_problem = f"The runs beside it could not be carried on ({exc})."
        self._learner = doc.learner
        apply_view(w, doc.view)
        self.learnerOpened.emit(dict(doc.learner or {}))
        w.files.set_source(None)  # the data came from no CSV: Save Data asks where
        w.files.recent.add(p)
        step = w.session.snapshot.step if w.session.snapshot is not None else 0
        note = f"Opened the session {p.name}: {plural(len(doc.dataset))}, step {step:,}."
        if len(w.session.runs):
            note += f" {len(w.session.runs) + 1} runs side by side."
        for problem in (w.session.run_restore_problem, beside_problem):
            note += f" {problem}" * bool(problem)
        self._say(note)
        return True

    def _learner_section(self) -> dict | None:
        section = dict(self._learner or {})
        for name, part in self.learner_parts.items():
            value = part()
            if value is not None:
                section[name] = value
        return section or None

    def _refuse(self, why: str, interactive: bool) -> bool:
        """``why`` starts with the file's name and the place in it."""
        self.last_error = why
        self._say(f"Session not opened: {why}. Your current work is unchanged.")
        if interactive:
            QMessageBox.warning(self.window, "Could not open the session",
                                f"{why}\n\nYour current data, settings and run are unchanged.")
        return False

    def _say(self, text: str) -> None:
        self.window.session.notify(text)


def apply_view(window, view: dict) -> None:
    """Put the window's view as ``view`` (checked by ``read_session``) says; a part that is
    absent is chosen afresh for the opened data."""
    win = view.get("window", {})
    if "size" in win and not (window.isMaximized() or window.isFullScreen()):
        window.resize(*win["size"])
    if "docks" in win:
        window.restoreState(QByteArray.fromBase64(win["docks"].encode("ascii")), LAYOUT_VERSION)
        QTimer.singleShot(0, window, window.dock_shares.record)  # once the layout has settled
    for key, act in (("residuals", window.act_resid), ("least_squares", window.act_lsq)):
        if key in view:
            act.setChecked(view[key])
    if "loss_log" in view:
        window.loss_curve.set_log(view["loss_log"])
    land = view.get("landscape", {})
    if window.view3d is not None and "log_height" in land:
        window.view3d.set_log_height(land["log_height"])
    window.landscape.set_pair(*land.get("pair", (0, 1)))  # a fresh window for the opened run
    if "window" in land and tuple(land["window"]) != window.landscape.window:
        window.landscape.set_window(land["window"])
    if "arrow_ref" in land and window.session.frame is not None:
        # the arrow's length is measured against the gradient where the run began, which a
        # window that opens the run at a later step never saw
        window.landscape.grad_ref = land["arrow_ref"]
        window.landscape.on_frame(window.session.frame, recompute=False)
    cam = view.get("camera")
    if window.view3d is not None and cam is not None:
        window.view3d.gl_view.setCameraParams(center=QVector3D(*cam["center"]), distance=cam["distance"],
                                              elevation=cam["elevation"], azimuth=cam["azimuth"], fov=cam["fov"])
        window.view3d.gl_view.update()
    if "data_range" in view:
        (x0, x1), (y0, y1) = view["data_range"]
        window.data_panel.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
    else:
        window.data_panel.fit_view()
    if "loss_range" in view:
        (x0, x1), (y0, y1) = view["loss_range"]
        window.loss_curve.plot.getPlotItem().getViewBox().setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)


def save_session_headless(app, window, session, args) -> int:
    """``gradviz --save-session OUT [--steps N]``: train, write OUT, exit."""
    import sys

    from gradviz.gui.export.headless import settle, train_steps

    ok = train_steps(session, args.steps or 0)
    if ok:
        settle(app)
        ok = window.sessions.save_to(args.save_session)
        why = window.sessions.last_error
    else:
        why = "training did not reach the requested step in time; no file was written"
    step = session.snapshot.step if session.snapshot is not None else 0
    window.close()
    app.processEvents()
    if not ok:
        print(f"gradviz: error: {why}", file=sys.stderr)
        return 1
    runs = f"{len(session.runs) + 1} runs, " if len(session.runs) else ""
    print(f"gradviz: saved {args.save_session} ({plural(len(session.dataset))}, {runs}step {step:,})")
    return 0
