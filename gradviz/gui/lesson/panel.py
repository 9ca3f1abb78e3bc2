"""The lesson panel: a chapter's title and text, Back/Next, its predict-then-reveal
question and the check of what the learner did."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup, QGroupBox, QHBoxLayout, QLabel, QPushButton, QRadioButton, QVBoxLayout, QWidget,
)

from gradviz.gui.lesson.checks import Verdict, evaluate
from gradviz.gui.lesson.lesson_file import Lesson
from gradviz.gui.lesson.setup import apply_setup, lesson_state

CHECK_EVERY_MS = 300  # the check follows the learner's moves while the panel shows
GOOD, BAD, ERROR = "#1a7f37", "#9a6700", "#c00"


def _label(bold: bool = False, size: float | None = None) -> QLabel:
    lab = QLabel()
    lab.setWordWrap(True)
    if bold or size:
        f = QFont(lab.font())
        f.setBold(bold)
        if size:
            f.setPointSizeF(f.pointSizeF() * size)
        lab.setFont(f)
    return lab


class _Choice(QWidget):
    """A radio button whose text wraps (a QRadioButton's own text never does, and a long
    choice would widen the dock); a click on the text picks it too."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.button = QRadioButton()
        self.button.setAccessibleName(text)
        self.label = _label()
        self.label.setText(text)
        self.label.mousePressEvent = lambda _ev: self.button.isEnabled() and self.button.setChecked(True)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        lay.addWidget(self.label, 1)


class LessonPanel(QWidget):
    chapterOpened = Signal(int)  # 1-based
    answered = Signal(int, int)  # chapter, choice (1-based)

    def __init__(self, window, parent=None) -> None:
        super().__init__(parent)
        self.window = window
        self.lesson: Lesson | None = None
        self._k = 0  # 0-based
        self._start = np.zeros(2)
        self._revealed = False
        self.progress_label = _label()
        self.title_label = _label(bold=True, size=1.3)
        self.text_label = _label()
        self.note_label = _label()
        self.question_box = QGroupBox("Predict, then reveal")
        self.ask_label = _label()
        self.choices = QButtonGroup(self)
        self._choice_layout = QVBoxLayout()
        self.reveal_button = QPushButton("Reveal")
        self.reveal_button.setToolTip("Show the answer and why (choose first)")
        self.reveal_button.clicked.connect(self.reveal)
        self.explain_label = _label()
        q = QVBoxLayout(self.question_box)
        q.addWidget(self.ask_label)
        q.addLayout(self._choice_layout)
        q.addWidget(self.reveal_button)
        q.addWidget(self.explain_label)
        self.check_box = QGroupBox("Your turn")
        self.check_label = _label()
        self.check_button = QPushButton("Check")
        self.check_button.clicked.connect(self.check)
        c = QVBoxLayout(self.check_box)
        c.addWidget(self.check_label)
        c.addWidget(self.check_button, 0, Qt.AlignmentFlag.AlignRight)
        self.back_button = QPushButton("◀ Back")
        self.again_button = QPushButton("Set up again")
        self.again_button.setToolTip("Put the panels back as this chapter began")
        self.next_button = QPushButton("Next ▶")
        self.back_button.clicked.connect(lambda: self.open_chapter(self._k))
        self.again_button.clicked.connect(lambda: self.open_chapter(self._k + 1))
        self.next_button.clicked.connect(lambda: self.open_chapter(self._k + 2))
        self.nav = QWidget()  # the room keeps it below the scrolling text, always in sight
        nav = QHBoxLayout(self.nav)
        nav.setContentsMargins(6, 2, 6, 4)
        for b in (self.back_button, self.again_button, self.next_button):
            nav.addWidget(b)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        for w in (self.progress_label, self.title_label, self.text_label, self.note_label,
                  self.question_box, self.check_box):
            lay.addWidget(w)
        lay.addStretch(1)
        self._timer = QTimer(self)
        self._timer.timeout.connect(lambda: self.check() if self.isVisible() else None)
        self._timer.start(CHECK_EVERY_MS)
        self.show_error("No lesson loaded.")

    # ----- public -------------------------------------------------------------------------------
    def set_lesson(self, lesson: Lesson) -> None:
        self.lesson = lesson

    def show_error(self, message: str) -> None:
        """A lesson that could not be loaded: the message, nothing else."""
        self.lesson = None
        self.progress_label.setText("")
        self.title_label.setText("This lesson could not be opened")
        self.text_label.setText(message)
        self.text_label.setStyleSheet(f"color: {ERROR}")
        for w in (self.note_label, self.question_box, self.check_box):
            w.hide()
        for b in (self.back_button, self.again_button, self.next_button):
            b.setEnabled(False)

    def count(self) -> int:
        return len(self.lesson.chapters) if self.lesson else 0

    def chapter_number(self) -> int:
        """The chapter shown, from 1 (0 with no lesson)."""
        return self._k + 1 if self.lesson else 0

    def open_chapter(self, k: int, apply: bool = True) -> None:
        """Show chapter ``k`` (from 1) and apply its set-up (not with ``apply`` False: the
        window is as a session file left it)."""
        if not self.lesson or not 1 <= k <= self.count():
            return
        self._k = k - 1
        ch = self.lesson.chapters[self._k]
        self.text_label.setStyleSheet("")
        self.progress_label.setText(f"{self.lesson.title} · chapter {k} of {self.count()}")
        self.title_label.setText(ch.title)
        self.text_label.setText(ch.text)
        note = apply_setup(self.window, ch) if apply else ""
        self._start = self.window.session.current_params()
        self.note_label.setText(note)
        self.note_label.setVisible(bool(note))
        self._show_question(ch.question)
        self.check_box.setVisible(ch.check is not None)
        self.check_label.setText("")
        self.back_button.setEnabled(k > 1)
        self.again_button.setEnabled(True)
        self.next_button.setEnabled(k < self.count())
        self.chapterOpened.emit(k)
        self.window.show_message(f"Lesson, chapter {k} of {self.count()}: {ch.title}.")
        self.check()

    def choose(self, i: int) -> None:
        """Pick choice ``i`` (from 1) of the question."""
        b = self.choices.button(i)
        if b is not None:
            b.setChecked(True)

    def chosen(self) -> int | None:
        i = self.choices.checkedId()
        return i if i > 0 else None

    def reveal(self) -> None:
        ch = self.lesson.chapters[self._k] if self.lesson else None
        if ch is None or ch.question is None:
            return
        q = ch.question
        mine = self.chosen()
        if mine is None:
            self.explain_label.setText("Choose an answer first: predict, then reveal.")
            self.explain_label.show()
            return
        self._revealed = True
        right = mine == q.answer
        verdict = "Right!" if right else f"Not quite: the answer is “{q.choices[q.answer - 1]}”."
        self.explain_label.setText(f"<b style='color:{GOOD if right else BAD}'>{verdict}</b> {q.explain}")
        self.explain_label.show()
        for b in self.choices.buttons():
            b.setEnabled(False)
        self.reveal_button.setEnabled(False)
        self.answered.emit(self._k + 1, mine)

    def revealed(self) -> bool:
        return self._revealed

    def explanation(self) -> str:
        return self.explain_label.text() if self.explain_label.isVisible() else ""

    def check(self) -> Verdict | None:
        """Evaluate the chapter's check now and show the verdict (None: no check)."""
        ch = self.lesson.chapters[self._k] if self.lesson else None
        if ch is None or ch.check is None:
            return None
        v = evaluate(ch.check, lesson_state(self.window, self._start))
        text = f"<b style='color:{GOOD if v.passed else BAD}'>{'✔' if v.passed else '…'}</b> {v.text}"
        if self.check_label.text() != text:
            self.check_label.setText(text)
        return v

    def check_text(self) -> str:
        return self.check_label.text()

    # ----- the question -------------------------------------------------------------------------
    def _show_question(self, q, answer: int | None = None) -> None:
        for b in self.choices.buttons():
            self.choices.removeButton(b)
        while self._choice_layout.count():
            row = self._choice_layout.takeAt(0).widget()
            row.hide()
            row.deleteLater()
        self._revealed = False
        self.question_box.setVisible(q is not None)
        self.explain_label.hide()
        self.reveal_button.setEnabled(True)
        if q is None:
            return
        self.ask_label.setText(q.ask)
        for i, text in enumerate(q.choices, start=1):
            row = _Choice(text)
            self.choices.addButton(row.button, i)
            self._choice_layout.addWidget(row)

    def restore_answer(self, choice: int | None) -> None:
        """An answer given on an earlier visit: chosen and revealed again."""
        if choice is not None and self.choices.button(choice) is not None:
            self.choose(choice)
            self.reveal()
