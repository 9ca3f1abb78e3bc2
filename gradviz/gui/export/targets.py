"""What ``--export OUT`` can write, told by OUT's extension, and the check that OUT can be
written, made before any window opens. No Qt here."""

from __future__ import annotations

import os
from pathlib import Path

from gradviz.gui.export.encoders import ANIMATION_FORMATS, temp_beside

__all__ = ["EXPORT_FORMATS", "ANIMATIONS", "export_problem", "output_problem"]

EXPORT_FORMATS = {".gif": "GIF animation", ".mp4": "MP4 video", ".png": "PNG picture of the window",
                  ".csv": "the run's history (CSV)"}
ANIMATIONS = tuple(ANIMATION_FORMATS)


def export_problem(text: str) -> str | None:
    """Why ``text`` cannot be an export's output file, or None."""
    return output_problem(text, EXPORT_FORMATS)


def output_problem(text: str, formats) -> str | None:
    """Why ``text`` cannot be an output file of one of ``formats`` (extensions), or None.
    Nothing is left behind: the check creates and removes a file of its own, and opens an
    existing target without changing it."""
    allowed = ", ".join(formats)
    path = Path(text).expanduser()
    kind = path.suffix.lower()
    if kind not in formats:
        what = f"unknown extension '{path.suffix}'" if path.suffix else "no extension"
        return f"{text}: {what}; allowed: {allowed}"
    folder = path.parent
    if not folder.is_dir():
        return f"{text}: the folder {folder} does not exist (or is not a folder)"
    if path.is_dir():
        return f"{text}: is a folder; give a file name ending in {allowed}"
    try:
        os.unlink(temp_beside(path))
    except OSError as exc:
        return f"{text}: cannot be written (no new file can be made in {folder}: {exc.strerror or exc})"
    if path.exists():
        try:
            with open(path, "ab"):
                pass
        except OSError as exc:
            return f"{text}: cannot be written ({exc.strerror or exc})"
    return None
