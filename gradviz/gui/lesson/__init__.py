"""The guided path: lesson files (lesson_file), their checks, the lesson panel and its room."""

from gradviz.gui.lesson.room import LessonRoom

__all__ = ["LessonRoom"]
