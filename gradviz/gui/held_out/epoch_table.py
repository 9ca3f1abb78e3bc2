"""The epoch table panel: one line per completed epoch in seed 002's printed format, the
held-out loss beside it, a button that copies it as text. It reads the frame only while
it is shown."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

import gradviz.core as gc

MAX_NAMED_PARAMS = 4  # a network's dozens of parameters would make every line unreadable

WHOLE_BATCH = ("Whole-batch training: every step is one epoch over all the data, so the loss "
               "curve is this table. Choose SGD with a batch size below the number of points "
               "to train in epochs of mini-batches.")
NO_EPOCH_YET = "No epoch completed yet: a row appears after each pass over the training points."


def epoch_table_text(frame) -> str:
    """The table for ``frame`` as plain text (what Copy puts on the clipboard)."""
    snap, model = frame.snapshot, frame.model
    rows = snap.epochs
    if not rows:
        whole = frame.settings.effective_batch(len(frame.dataset)) is None or \
            frame.settings.batch_size >= len(frame.dataset)
        return WHOLE_BATCH if whole else NO_EPOCH_YET
    names = model.param_names if len(model.param_names) <= MAX_NAMED_PARAMS else ()
    text = gc.format_epoch_table(rows, names)
    if snap.eval_loss is not None:
        text += f"\n\nHeld-out loss now: {snap.eval_loss:.6f} ({len(frame.eval_dataset):,} points)"
    return text


class EpochTablePanel(QWidget):
    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self._shown_key = None
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.note = QLabel("Per epoch: mean loss of its batches (before each update, as seed 002 "
                           "prints it), the parameters at its end, the held-out loss there.")
        self.note.setWordWrap(True)
        self.copy_button = QPushButton("Copy as text")
        self.copy_button.clicked.connect(self.copy)
        row = QHBoxLayout()
        row.addWidget(self.note, 1)
        row.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.text, 1)
        session.frameChanged.connect(self._on_frame)

    def table_text(self) -> str:
        return self.text.toPlainText()

    def copy(self) -> None:
        self.refresh()
        QGuiApplication.clipboard().setText(self.table_text())
        self.session.notify("Epoch table copied as text.")

    def refresh(self) -> None:
        frame = self.session.frame
        if frame is None:
            return
        snap = frame.snapshot
        key = (snap.epochs, snap.eval_loss, frame.model, frame.settings, len(frame.dataset))
        if key == self._shown_key:
            return
        self._shown_key = key
        bar = self.text.verticalScrollBar()
        at_end = bar.value() >= bar.maximum() - 2
        self.text.setPlainText(epoch_table_text(frame))
        if at_end:
            bar.setValue(bar.maximum())

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()

    def _on_frame(self, _frame) -> None:
        if self.isVisible():
            self.refresh()
