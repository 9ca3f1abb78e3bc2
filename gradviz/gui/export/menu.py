"""File > Export: an animation, the run's history as CSV, a picture of one panel; and
"Save image…" in the right-click menu of the 2D plots."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QFileDialog, QMenu

from gradviz.core.history_csv import save_history_csv, save_runs_history_csv
from gradviz.gui.export.animation_dialog import AnimationOptions, ask_animation_path, record_with_progress
from gradviz.gui.export.panel_images import (
    add_save_image_action, add_window_save_image_menu, panel_image, save_image_dialog,
)
from gradviz.gui.state.runs import FOCUS_LABEL

__all__ = ["ExportActions", "save_run_history", "history_runs"]


def history_runs(frame) -> tuple:
    """((label, snapshot), ...) of the runs ``frame`` shows: the one in focus first."""
    return ((FOCUS_LABEL, frame.snapshot), *((c.label, c.snapshot) for c in frame.companions))


def save_run_history(session, path) -> Path:
    """The shown runs' recorded history as CSV (see ``gradviz.core.history_csv``): with
    runs side by side, every run's rows and a column of their labels."""
    frame = session.frame
    if frame is None:
        raise ValueError("there is no run to export yet")
    if frame.companions:
        return save_runs_history_csv(path, history_runs(frame), frame.model, frame.dataset, frame.settings.loss)
    return save_history_csv(path, frame.snapshot, frame.model, frame.dataset, frame.settings.loss)


class ExportActions(QObject):
    """The Export submenu of ``window`` (a MainWindow) and the plots' "Save image…"."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.recorder = None  # the recording in progress, if any
        w = window
        # (name, widget, pyqtgraph plot for SVG or None)
        self.panels = [("data view", w.data_panel, w.data_panel),
                       ("loss curve", w.loss_curve, w.loss_curve.plot),
                       ("contour map", w.contour, w.contour.plot_widget)]
        if w.view3d is not None:
            self.panels.append(("3D view", w.view3d, None))
        for name, widget, plot in self.panels:
            if plot is not None:
                add_save_image_action(plot, widget, name, w.show_message)
        if w.view3d is not None:
            add_window_save_image_menu(w.view3d.gl_view, w.view3d, "3D view", w.show_message)

        self.menu = QMenu("&Export", window)
        self.act_animation = QAction("&Animation (GIF or MP4)…", self)
        self.act_animation.setStatusTip("Record the next steps of the run as a GIF or an MP4 video")
        self.act_animation.triggered.connect(self.animation_dialog)
        self.act_history = QAction("Run &history (CSV)…", self)
        self.act_history.setStatusTip("Every recorded step: parameters, loss, gradient and learning rate")
        self.act_history.triggered.connect(self.history_dialog)
        self.menu.addAction(self.act_animation)
        self.menu.addAction(self.act_history)
        m_images = self.menu.addMenu("&Image of a panel")
        for name, widget, plot in self.panels:
            act = m_images.addAction(f"{name[0].upper()}{name[1:]}…")
            act.triggered.connect(lambda _c=False, n=name, wd=widget, p=plot:
                                  save_image_dialog(window, wd, n, p, window.show_message))

    def targets(self) -> dict:
        """What an animation can record: name -> a function returning its QImage."""
        out = {"Whole window": self.window_image}
        for name, widget, _plot in self.panels:
            out[f"{name[0].upper()}{name[1:]}"] = lambda wd=widget: panel_image(wd)
        return out

    def window_image(self):
        """The whole window, its status bar showing the step of the frame."""
        self.window.refresh_status()
        return self.window.render_image()

    def record(self, path, steps: int, frames: int, fps: float, target: str = "Whole window"):
        """Start recording (with the progress dialog); returns the recorder."""
        self.recorder = record_with_progress(self.window, self.window.session, self.targets()[target], path,
                                             steps, frames, fps, self.window.show_message)
        return self.recorder

    def animation_dialog(self) -> None:
        if self.recorder is not None and not self.recorder.done:
            self.window.show_message("An animation is being recorded already.")
            return
        from gradviz.__main__ import STEPS_MAX

        options = AnimationOptions(self.targets(), STEPS_MAX, self.window)
        if options.exec() != QDialog.DialogCode.Accepted:
            return
        path = ask_animation_path(self.window)
        if path is not None:
            self.record(path, options.steps.value(), options.frames.value(), options.fps.value(),
                        options.target.currentText())

    def history_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self.window, "Export run history", "gradviz-history.csv",
                                              "CSV files (*.csv)")
        if not path:
            return
        try:
            out = save_run_history(self.window.session, path)
        except (OSError, ValueError) as exc:
            self.window.show_message(f"Could not export the history: {getattr(exc, 'strerror', None) or exc}")
            return
        runs = len(self.window.session.frame.companions) + 1
        self.window.show_message(f"Saved the history of {runs} runs to {out}." if runs > 1
                                 else f"Saved the run's history to {out}.")
