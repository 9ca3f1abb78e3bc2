"""The timeline under the loss curve: drag it to any past step of the run and every panel
shows that step; "Back to now" (End) shows the present again. While a branch has left a
ghost path, "Hide old path" (Esc) dismisses it and "Undo branch" brings the old run back.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QWidget

HINT = "Drag to look at any past step; change a setting there to branch the run from it"


class TimelineBar(QWidget):
    """A slider from step 0 to the present step, with the step shown and the way back."""

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self._session = session
        self._timeline = tl = session.timeline
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        self.slider.setToolTip(HINT)
        self.slider.setAccessibleName("timeline")
        self.label = QLabel()
        self.label.setMinimumWidth(self.label.fontMetrics().horizontalAdvance("step 000,000,000 of 000,000,000"))
        self.now_button = QPushButton("Back to now")
        self.now_button.setToolTip("Show the present step again (End); Play also goes on from the present")
        self.ghost_button = QPushButton("Hide old path")
        self.ghost_button.setToolTip("Hide the faded path of the run before the branch (Esc)")
        self.undo_button = QPushButton("Undo branch")
        self.undo_button.setToolTip("Go back to the run as it was before the branch")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(QLabel("Timeline"))
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.label)
        for button in (self.now_button, self.undo_button, self.ghost_button):
            layout.addWidget(button)
        self.slider.valueChanged.connect(tl.show_step)
        self.now_button.clicked.connect(tl.back_to_now)
        self.ghost_button.clicked.connect(tl.dismiss_ghost)
        self.undo_button.clicked.connect(tl.undo_branch)
        tl.stepChanged.connect(lambda _s: self._sync())
        tl.ghostChanged.connect(lambda _g: self._sync())
        session.frameChanged.connect(lambda _f: self._sync())
        self._sync()

    def shown_step(self) -> int:
        """The step the slider is at."""
        return self.slider.value()

    def _sync(self) -> None:
        tl = self._timeline
        now = tl.now_step()
        past = tl.step
        with QSignalBlocker(self.slider):
            self.slider.setRange(0, max(now, 0))
            self.slider.setValue(now if past is None else past)
        self.label.setText(f"step {now:,}" if past is None else f"step {past:,} of {now:,}")
        self.now_button.setVisible(past is not None)
        self.ghost_button.setVisible(tl.ghost is not None)
        self.undo_button.setVisible(tl.can_undo_branch())


def timeline_actions(window, timeline, menu, esc_first=None) -> list[QAction]:
    """The timeline's keys, as actions of ``window`` listed in ``menu`` (each enabled only
    when it has something to do, so Esc and End keep their other uses otherwise).
    ``esc_first``: what Esc does before hiding the old path (cancelling a drag under way:
    True when it did)."""
    made = []

    def hide_old_path():
        if esc_first is None or not esc_first():
            timeline.dismiss_ghost()

    for text, slot, key, tip in (
        ("Back to &now", timeline.back_to_now, Qt.Key.Key_End, "Show the present step again"),
        ("&Hide old path", hide_old_path, Qt.Key.Key_Escape, "Hide the faded path left by a branch"),
        ("&Undo branch", timeline.undo_branch, None, "Go back to the run as it was before the branch"),
    ):
        act = QAction(text, window)
        act.setProperty("help_text", text)
        if key is not None:
            act.setShortcut(QKeySequence(key))
        act.setStatusTip(tip)
        act.triggered.connect(slot)
        window.addAction(act)
        menu.addAction(act)
        made.append(act)
    back, hide, undo = made
    hide.setProperty("help_text", "Hide old path (during a drag: cancel the drag)")

    def sync(*_):
        back.setEnabled(timeline.step is not None)
        hide.setEnabled(timeline.ghost is not None)
        undo.setEnabled(timeline.can_undo_branch())

    timeline.stepChanged.connect(sync)
    timeline.ghostChanged.connect(sync)
    sync()
    return made
