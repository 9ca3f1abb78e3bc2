"""Lesson progress between launches: which lesson, which chapter, the answers given, in
``lesson_progress.json`` of the config folder (GRADVIZ_CONFIG_DIR in tests).

A progress file that cannot be read or makes no sense is treated as none: progress is a
convenience, never a reason for the app not to start.
"""

from __future__ import annotations

import json
from pathlib import Path

import gradviz.core as gc
from gradviz.gui.files.config import config_dir

FILE_NAME = "lesson_progress.json"


class Progress:
    """``{"current": key, "open": bool, "lessons": {key: {"chapter": k, "answers": {"3": 2}}}}``;
    chapters and choices count from 1, as the lesson file does."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config_dir() / FILE_NAME
        self.data = self._read()

    def _read(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {"lessons": {}}
        if not isinstance(data, dict) or not isinstance(data.get("lessons"), dict):
            return {"lessons": {}}
        return data

    def save(self) -> str | None:
        """Write the file; the reason it failed, or None."""
        try:
            gc.atomic_write_bytes(self.path, json.dumps(self.data, indent=1).encode("utf-8"))
        except OSError as exc:
            return f"Could not save the lesson progress to {self.path}: {exc.strerror or exc}"
        return None

    def _entry(self, key: str) -> dict:
        entry = self.data["lessons"].setdefault(key, {})
        if not isinstance(entry, dict):
            entry = self.data["lessons"][key] = {}
        return entry

    @property
    def current(self) -> str | None:
        v = self.data.get("current")
        return v if isinstance(v, str) else None

    @property
    def was_open(self) -> bool:
        return self.data.get("open") is True

    def set_open(self, key: str, on: bool) -> None:
        self.data["current"], self.data["open"] = key, bool(on)

    def chapter(self, key: str, count: int) -> int:
        """The chapter (1-based) the learner was on, within 1..count."""
        k = self._entry(key).get("chapter", 1)
        return min(max(k, 1), count) if isinstance(k, int) and not isinstance(k, bool) else 1

    def set_chapter(self, key: str, k: int) -> None:
        self._entry(key)["chapter"] = int(k)
        self.data["current"] = key

    def answer(self, key: str, chapter: int) -> int | None:
        answers = self._entry(key).get("answers", {})
        v = answers.get(str(chapter)) if isinstance(answers, dict) else None
        return v if isinstance(v, int) and not isinstance(v, bool) else None

    def set_answer(self, key: str, chapter: int, choice: int) -> None:
        entry = self._entry(key)
        if not isinstance(entry.get("answers"), dict):
            entry["answers"] = {}
        entry["answers"][str(chapter)] = int(choice)

    def snapshot(self, key: str) -> dict:
        """This lesson's progress, for a session file's learner section."""
        return {"lesson": key, **json.loads(json.dumps(self._entry(key)))}
