"""The theme in the window: View > Theme (system, light, dark), remembered between
launches; ``--theme`` chooses it for one launch."""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from gradviz.gui.files.config import app_settings
from gradviz.gui.theme.apply import themes
from gradviz.gui.theme.palette import MODES

SETTINGS_KEY = "view/theme"
LABELS = {"system": "Follow the &system", "light": "&Light", "dark": "&Dark"}


def saved_mode() -> str:
    mode = str(app_settings().value(SETTINGS_KEY, "system"))
    return mode if mode in MODES else "system"


class ThemeFeature:
    def __init__(self, window) -> None:
        self.window = window
        self.actions: dict[str, QAction] = {}
        self.group = QActionGroup(window)
        self.group.setExclusive(True)
        for mode in MODES:
            act = QAction(LABELS[mode], window, checkable=True)
            act.setToolTip({"system": "Light or dark as the operating system is set",
                            "light": "Dark text on light ground", "dark": "Light text on dark ground"}[mode])
            act.triggered.connect(lambda _c=False, m=mode: self.choose(m))
            self.group.addAction(act)
            self.actions[mode] = act
        self.set_mode(saved_mode())

    def install_menu(self, m_view: QMenu) -> None:
        menu = m_view.addMenu("&Theme")
        menu.setToolTipsVisible(True)
        for act in self.actions.values():
            menu.addAction(act)

    def set_mode(self, mode: str) -> None:
        """This launch only (``--theme``): not remembered."""
        themes().set_mode(mode)
        self.actions[mode].setChecked(True)

    def choose(self, mode: str) -> None:
        """The menu's choice: applied at once and remembered."""
        self.set_mode(mode)
        settings = app_settings()
        settings.setValue(SETTINGS_KEY, mode)
        settings.sync()

    def apply_command_line(self, args) -> None:
        if getattr(args, "theme", None):
            self.set_mode(args.theme)

