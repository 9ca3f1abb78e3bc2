"""The Code dock: an editor holding seed 001's functions, Run / Stop and what happened.

Run sends the text to a child process (runner.py) through a worker thread (worker.py);
the learner's data, w, b and learning_rate become the session's, and after every chunk
of steps the learner's (w, b) moves the session's point, so the landscape's ball, the
line on the data and the readout follow the learner's code."""

from __future__ import annotations

import time
import weakref

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget,
)

import gradviz.core as gc
from gradviz.gui.code.editor import CodeEditor
from gradviz.gui.code.runner import CodeError, compile_problem, problem_line, read_source
from gradviz.gui.code.templates import SEED_TEMPLATE
from gradviz.gui.code.worker import CodeThread
from gradviz.gui.panels.controls import LR_ENTRY_MIN, LR_MAX

STEPS_DEFAULT = 1000
STEPS_MAX = 1_000_000


class CodePanel(QWidget):
    runRequested = Signal(str, int)  # to the worker thread
    runFinished = Signal(dict)  # the worker's result (ok, message, problems, output)

    def __init__(self, session, editor=None, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.data_editor = editor  # the window's DataEditor: the learner's data is an undoable change
        self._running = False
        self._last_result: dict | None = None

        self.editor = CodeEditor()
        self.editor.setPlainText(SEED_TEMPLATE)
        self.position = QLabel()
        self.editor.cursorPositionChanged.connect(self._show_position)
        self.steps = QSpinBox()
        self.steps.setRange(1, STEPS_MAX)
        self.steps.setValue(STEPS_DEFAULT)
        self.steps.setGroupSeparatorShown(True)
        self.steps.setToolTip("How many times Run calls train(1) (or update(), without train)")
        self.run_button = QPushButton("Run")
        self.run_button.setToolTip("Run your code and train with it (Ctrl+Return)")
        self.stop_button = QPushButton("Stop")
        self.stop_button.setEnabled(False)
        self.open_button = QPushButton("Open…")
        self.open_button.setToolTip("Show a Python file in the editor (it runs only when you press Run)")
        self.template_button = QPushButton("Seed's code")
        self.template_button.setToolTip("Start again from seed 001's code, with its gap to fill")
        self.messages = QPlainTextEdit()
        self.messages.setReadOnly(True)
        self.messages.setAccessibleName("Messages from your code")
        self.messages.setMaximumBlockCount(200)
        self.messages.setPlaceholderText("Fill the gap in train(), then press Run. Your code runs only when "
                                         "you press Run, in a separate process.")
        self.messages.setMinimumHeight(60)

        row = QHBoxLayout()
        row.addWidget(self.run_button)
        row.addWidget(self.stop_button)
        row.addWidget(QLabel("steps:"))
        row.addWidget(self.steps)
        row.addStretch(1)
        row.addWidget(self.open_button)
        row.addWidget(self.template_button)
        row.addWidget(self.position)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.editor, 3)
        lay.addLayout(row)
        lay.addWidget(self.messages, 1)

        self.run_button.clicked.connect(lambda: self.run())
        self.stop_button.clicked.connect(self.stop)
        self.open_button.clicked.connect(self.open_dialog)
        self.template_button.clicked.connect(lambda: self.set_source(SEED_TEMPLATE, "Seed 001's code: fill the gap "
                                                                    "in train(), then press Run."))
        shortcut = QShortcut(QKeySequence("Ctrl+Return"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(lambda: self.run())

        self._thread: CodeThread | None = None  # made at the first Run: no thread, no process before
        self._pause_s = 0.015  # between the panels' updates during a Run: the descent is watched
        self._show_position()

    # ----- public -------------------------------------------------------------------------
    def source(self) -> str:
        return self.editor.toPlainText()

    def set_source(self, text: str, note: str | None = None) -> None:
        """Show ``text`` in the editor; it runs only when Run is pressed."""
        self.editor.setPlainText(text)
        self.messages.setPlainText(note or "")

    def open_file(self, path) -> bool:
        """Show the file's text (a compile problem is named, its line marked); never runs it."""
        try:
            source = read_source(path)
        except CodeError as exc:
            self._say(str(exc))
            return False
        problem = compile_problem(source)
        self.set_source(source, f"Opened {path}: " + (f"syntax error: {problem}" if problem else "press Run to "
                                                      "train with it."))
        self.editor.mark_line(problem_line(problem) if problem else None)
        return True

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open your code", "", "Python files (*.py);;All files (*)")
        if path:
            self.open_file(path)

    def is_running(self) -> bool:
        return self._running

    def set_pause(self, seconds: float) -> None:
        """Time between the panels' updates during a Run (0: as fast as it goes)."""
        self._pause_s = seconds
        if self._thread is not None:
            self._thread.worker.pause_s = seconds

    def _started_thread(self) -> CodeThread:
        if self._thread is None:
            self._thread = CodeThread()
            # a panel dropped without shutdown() (a window never closed) must still stop
            # its thread: Qt aborts the process if a running QThread is destroyed
            self._finalizer = weakref.finalize(self, self._thread.shutdown)
            w = self._thread.worker
            w.pause_s = self._pause_s
            self.runRequested.connect(w.run)
            w.loaded.connect(self._on_loaded)
            w.progress.connect(self._on_progress)
            w.finished.connect(self._on_finished)
        return self._thread

    def run(self, steps: int | None = None) -> bool:
        """Start a Run of the editor's code; False (with a message) if it cannot start."""
        if self._running:
            return False
        problem = compile_problem(self.source())
        if problem:
            self._say(f"Syntax error: {problem}")
            self.editor.mark_line(problem_line(problem))
            return False
        self._running = True
        self._last_result = None
        self.run_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self._say("Running your code…")
        self._started_thread()
        self.runRequested.emit(self.source(), int(steps if steps is not None else self.steps.value()))
        return True

    def stop(self) -> None:
        if self._running and self._thread is not None:
            self._thread.worker.cancel()

    def wait(self, timeout_s: float = 30.0) -> dict | None:
        """Process events until the Run ends; its result, or None on timeout."""
        from PySide6.QtCore import QCoreApplication

        end = time.monotonic() + timeout_s
        while self._running and time.monotonic() < end:
            QCoreApplication.processEvents()
            time.sleep(0.002)
        return None if self._running else self._last_result

    def messages_text(self) -> str:
        return self.messages.toPlainText()

    def shutdown(self) -> None:
        if self._thread is not None:
            self._finalizer()  # once: the thread's shutdown

    def thread_running(self) -> bool:
        return self._thread is not None and self._thread.thread.isRunning()

    def process_alive(self) -> bool:
        return self._thread is not None and self._thread.runner.alive

    # ----- from the worker --------------------------------------------------------------------
    def _on_loaded(self, info: dict) -> None:
        s = self.session
        changes = {k: v for k, v in (("model", "line"), ("loss", "l2")) if getattr(s.settings, k) != v}
        lr = info.get("learning_rate")
        if lr is not None and LR_ENTRY_MIN <= lr <= LR_MAX and lr != s.settings.lr:
            changes["lr"] = lr  # the readout's next step then uses the learner's rate
        if changes:
            s.update_settings(**changes)
        xy = np.asarray(info["data"], dtype=float).reshape(-1, 2)
        ds = s.dataset
        if not (np.array_equal(ds.x, xy[:, 0]) and np.array_equal(ds.y, xy[:, 1])):
            try:
                new = gc.Dataset(xy[:, 0], xy[:, 1], name="your code's data")
            except gc.DataError as exc:
                self._say(f"Your data cannot be shown: {exc}")
            else:
                note = f"Your code's data: {len(new)} points."
                if self.data_editor is not None:
                    self.data_editor.replace(new, "use your code's data", note=note)
                else:
                    s.set_dataset(new, note, new_run=True)
        s.set_start([info["w"], info["b"]])

    def _on_progress(self, result: dict) -> None:
        if result["finite"]:
            self.session.set_params([result["w"], result["b"]], result["taken"])

    def _on_finished(self, result: dict) -> None:
        self._running = False
        self._last_result = result
        self.run_button.setEnabled(True)
        self.stop_button.setEnabled(False)
        lines = [result["message"]] + result.get("problems", [])
        if result.get("output"):
            lines.append("Your code printed:\n" + result["output"].rstrip())
        self._say("\n".join(lines))
        self.editor.mark_line(None if result["ok"] else problem_line(result["message"]))
        n = len(result.get("problems", []))
        self.session.notify(result["message"] + (f" The Code panel names {n} problem{'s' * (n > 1)}." if n else ""))
        self.runFinished.emit(result)

    def _say(self, text: str) -> None:
        self.messages.setPlainText(text)

    def _show_position(self) -> None:
        c = self.editor.textCursor()
        self.position.setText(f"line {c.blockNumber() + 1}, column {c.positionInBlock() + 1}")
