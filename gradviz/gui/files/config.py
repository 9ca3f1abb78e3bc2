"""Where gradviz keeps its settings and autosave.

``GRADVIZ_CONFIG_DIR`` overrides the folder (tests point it at a temporary folder so they
never read or write the user's real settings).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths


def config_dir() -> Path:
    env = os.environ.get("GRADVIZ_CONFIG_DIR")
    if env:
        path = Path(env)
    else:
        base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppConfigLocation)
        path = Path(base) if base else Path.home() / ".config" / "gradviz"
        if path.name.lower() != "gradviz":
            path = path / "gradviz"
    path.mkdir(parents=True, exist_ok=True)
    return path


def app_settings() -> QSettings:
    return QSettings(str(config_dir() / "gradviz.ini"), QSettings.Format.IniFormat)
