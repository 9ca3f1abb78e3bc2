"""The lesson room: the lesson panel in a dock beside the controls, hidden until asked for
(View > Lesson, or --lesson), its View menu entry, and the progress kept between launches."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFrame, QScrollArea, QVBoxLayout, QWidget

from gradviz.gui.lesson.lesson_file import BUILT_IN, Lesson, LessonError, LessonUnreadable, load_lesson
from gradviz.gui.lesson.panel import LessonPanel
from gradviz.gui.lesson.progress import Progress

SHORTCUT = "G"  # a Guided lesson (D, H, L, F, R are taken)
TITLE = "Lesson"
WIDTH = 340  # of the dock when it first opens
LEARNER_KEY = "lesson"  # the lesson's part of a session file's learner section
MIN_WIDTH = 280  # the text reads as lines, not as a column of words


class LessonRoom:
    def __init__(self, window) -> None:
        self.window = window
        self.progress = Progress()
        self.panel = LessonPanel(window)
        area = QScrollArea()
        area.setWidget(self.panel)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the text wraps instead
        area.setMinimumWidth(MIN_WIDTH)
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(area, 1)
        lay.addWidget(self.panel.nav)
        self.dock = QDockWidget(TITLE, window)
        self.dock.setObjectName("dock_lesson")
        self.dock.setWidget(body)
        self.dock.hide()  # hidden before it joins the layout: the first launch looks as before
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)
        self._placed = False
        self._problem: str | None = None  # why the lesson asked for could not be opened
        self.view_action = QAction("Lesson (&guided path)", window)
        self.view_action.setProperty("help_text", "Lesson (guided path)")
        self.view_action.setShortcut(QKeySequence(SHORTCUT))
        self.view_action.setCheckable(True)
        tip = "Seed 001's lesson, chapter by chapter: what to try, a question, a check of what you did"
        self.view_action.setToolTip(tip)
        self.view_action.setStatusTip(tip)
        self.view_action.toggled.connect(self.set_open)
        self.dock.visibilityChanged.connect(lambda _v: self._follow())
        window.addAction(self.view_action)  # the shortcut works whichever dock has focus
        self.panel.chapterOpened.connect(self._on_chapter)
        self.panel.answered.connect(self._on_answer)

    def install_menu(self, m_view) -> None:
        """The View menu's entry, and the lesson's part of a saved session (the window's
        session files exist by now)."""
        m_view.addAction(self.view_action)
        sessions = self.window.sessions
        sessions.learner_parts[LEARNER_KEY] = self.learner_part
        sessions.learnerOpened.connect(self.open_learner_part)

    def learner_part(self) -> dict | None:
        """``{"lesson": key, "chapter": k, "answers": {...}}`` of the lesson shown, or None."""
        lesson = self.panel.lesson
        return self.progress.snapshot(lesson.key) if lesson is not None else None

    def open_learner_part(self, section: dict) -> None:
        """A session file's lesson progress: that lesson at that chapter, its answers kept."""
        part = section.get(LEARNER_KEY)
        if not isinstance(part, dict) or not isinstance(part.get("lesson"), str):
            return
        key = part["lesson"]
        answers = part.get("answers")
        for chapter, choice in (answers.items() if isinstance(answers, dict) else ()):
            if str(chapter).isdigit() and isinstance(choice, int) and not isinstance(choice, bool):
                self.progress.set_answer(key, int(chapter), choice)
        chapter = part.get("chapter")
        chapter = chapter if isinstance(chapter, int) and not isinstance(chapter, bool) else None
        try:
            lesson = load_lesson(key)
        except LessonError as exc:
            self.window.show_message(f"The session's lesson could not be opened: {exc}")
            return
        # the session's data, settings and run stay as saved: the chapter's set-up is not applied
        self.show_lesson(lesson, chapter if chapter and 1 <= chapter <= len(lesson.chapters) else None, apply=False)

    # ----- public -------------------------------------------------------------------------------
    def lesson(self) -> Lesson | None:
        return self.panel.lesson

    def load(self, name_or_file: str | None = None, chapter: int | None = None) -> str | None:
        """Open a lesson (a built-in NAME or a FILE; None: the one of last time, else the
        built-in) at ``chapter`` (None: where the learner was) and show the panel. Returns
        the problem (also shown in the panel), or None."""
        name = name_or_file or self.progress.current or BUILT_IN
        try:
            lesson = load_lesson(name)
        except LessonUnreadable:
            if name_or_file:
                raise
            lesson = load_lesson(BUILT_IN)  # the file of last time is gone: the built-in one
        except LessonError as exc:
            return self.show_problem(str(exc))
        self.show_lesson(lesson, chapter)
        return None

    def show_lesson(self, lesson: Lesson, chapter: int | None = None, apply: bool = True) -> None:
        self._problem = None
        self.panel.set_lesson(lesson)
        self.set_open(True)
        self.panel.open_chapter(chapter or self.progress.chapter(lesson.key, len(lesson.chapters)), apply)

    def show_problem(self, message: str) -> str:
        self._problem = message
        self.panel.show_error(message)
        self.set_open(True)
        self.window.show_message(message, 0)
        return message

    def set_open(self, on: bool) -> None:
        if on:
            controls = self.window.docks.get("controls")
            beside = controls is not None and not controls.isHidden()
            first = not self._placed and not self.dock.isFloating()
            widths = [controls.width(), WIDTH] if beside else None  # the lesson's room comes from the data view
            if first:
                self._placed = True
                if beside:
                    self.window.splitDockWidget(controls, self.dock, Qt.Orientation.Horizontal)
            self.dock.show()
            self.dock.raise_()
            if first and widths:
                # once the split is laid out: the lesson's width comes from the data view
                QTimer.singleShot(0, self.dock, lambda: self.window.resizeDocks(
                    [controls, self.dock], widths, Qt.Orientation.Horizontal))
            if self.panel.lesson is None and self._problem is None:
                self.load()
        else:
            self.dock.hide()
        self._follow()

    def is_open(self) -> bool:
        return not self.dock.isHidden()

    def apply_command_line(self, args, headless: bool = False) -> None:
        """``--lesson`` and ``--chapter``, checked by gui/lesson/cli.py before the window;
        without them the lesson comes back if it was open when the app last closed."""
        if getattr(args, "lesson_problem", None):
            self.show_problem(args.lesson_problem)
        elif getattr(args, "lesson_doc", None) is not None:
            self.show_lesson(args.lesson_doc, args.chapter)
        elif not headless and not getattr(args, "fresh", False) and self.progress.was_open:
            self.load()

    # ----- progress -----------------------------------------------------------------------------
    def _follow(self) -> None:
        shown = self.is_open()
        lesson = self.panel.lesson
        if lesson is not None and (self.progress.was_open, self.progress.current) != (shown, lesson.key):
            self.progress.set_open(lesson.key, shown)
            self._save()
        if self.view_action.isChecked() != shown:
            self.view_action.blockSignals(True)
            self.view_action.setChecked(shown)
            self.view_action.blockSignals(False)

    def _on_chapter(self, k: int) -> None:
        key = self.panel.lesson.key
        self.progress.set_chapter(key, k)
        self.panel.restore_answer(self.progress.answer(key, k))
        self._save()

    def _on_answer(self, chapter: int, choice: int) -> None:
        self.progress.set_answer(self.panel.lesson.key, chapter, choice)
        self._save()

    def _save(self) -> None:
        if not self.window.autosave.enabled:
            return  # a headless picture leaves the learner's progress alone
        problem = self.progress.save()
        if problem:
            self.window.show_message(problem)
