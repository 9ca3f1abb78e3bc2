"""The Export Animation dialog (steps, frames, frame rate, what to record) and the
progress dialog with Cancel while it records."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QProgressDialog, QSpinBox,
)

from gradviz.gui.export.encoders import ANIMATION_FORMATS
from gradviz.gui.export.recorder import AnimationRecorder

__all__ = ["AnimationOptions", "ask_animation_path", "record_with_progress"]

FPS_MAX = 60
FRAMES_MAX = 2000  # a GIF holds its frames in memory until it is written (~1 MB each)


class AnimationOptions(QDialog):
    """Steps, frames, frames per second and the panel to record."""

    def __init__(self, targets: dict, steps_max: int, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export animation")
        self.steps = QSpinBox(minimum=1, maximum=steps_max, value=100)
        self.frames = QSpinBox(minimum=2, maximum=FRAMES_MAX, value=60)
        self.fps = QSpinBox(minimum=1, maximum=FPS_MAX, value=15)
        self.target = QComboBox()
        self.target.addItems(list(targets))
        for w, tip in ((self.steps, "Training steps the animation covers, from the current step"),
                       (self.frames, "Pictures taken, spread evenly over the steps (the first is the current state)"),
                       (self.fps, "Frames per second when the animation plays")):
            w.setToolTip(tip)
        form = QFormLayout(self)
        form.addRow("Steps:", self.steps)
        form.addRow("Frames:", self.frames)
        form.addRow("Frames per second:", self.fps)
        form.addRow("Record:", self.target)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


def ask_animation_path(parent) -> Path | None:
    path, chosen = QFileDialog.getSaveFileName(parent, "Export animation", "gradviz.gif",
                                               "GIF animation (*.gif);;MP4 video (*.mp4)")
    if not path:
        return None
    p = Path(path)
    if p.suffix.lower() not in ANIMATION_FORMATS:
        p = p.with_name(p.name + (".mp4" if chosen.startswith("MP4") else ".gif"))
    return p


def record_with_progress(parent, session, grab, path, steps: int, frames: int, fps: float,
                         notify=None) -> AnimationRecorder:
    """Start recording with a progress dialog (window-modal, Cancel stops and removes the
    file); returns the recorder (its ``finished`` signal says how it ended)."""
    rec = AnimationRecorder(session, grab, path, steps, frames, fps, parent)
    dialog = QProgressDialog(f"Recording {Path(path).name}…", "Cancel", 0, max(frames, 1), parent)
    dialog.setWindowTitle("Export animation")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(rec.cancel)
    dialog.rejected.connect(rec.cancel)  # the window closing rejects its dialogs

    def on_progress(done: int, total: int) -> None:
        dialog.setLabelText(f"Recording {Path(path).name}: frame {done} of {total}")
        dialog.setMaximum(total)
        dialog.setValue(done)

    def on_finished(error) -> None:
        dialog.canceled.disconnect(rec.cancel)
        dialog.rejected.disconnect(rec.cancel)
        dialog.close()
        dialog.deleteLater()
        if notify:
            if error is None:
                notify(f"Saved an animation of {rec.total} frames to {path}.")
            elif error == "cancelled":
                notify("Animation export cancelled; no file was written.")
            else:
                notify(f"Could not export the animation: {error}. No file was written.")

    rec.progress.connect(on_progress)
    rec.finished.connect(on_finished)
    dialog.show()
    rec.start()
    return rec
