"""Themes: every panel renders in light and dark (screenshots checked pixel by pixel), the
View menu changes the theme live and the choice is remembered, --theme picks one for a launch."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QImage, QPalette
from PySide6.QtWidgets import QApplication

from gradviz.gui.state.settings import Settings
from gradviz.gui.theme.apply import resolve, themes
from gradviz.gui.theme.feature import saved_mode
from gradviz.gui.theme.palette import DARK, LIGHT, PALETTES
from gradviz.gui.theme.vision import hex_to_rgb
from windows import make_window


@pytest.fixture(autouse=True)
def _back_to_system():
    yield
    themes().set_mode("system")  # the next test starts as the application does


def pixels(widget) -> np.ndarray:
    img = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    w, h, bpl = img.width(), img.height(), img.bytesPerLine()
    # a copy: the image's memory goes with it
    return np.frombuffer(img.constBits(), np.uint8, h * bpl).reshape(h, bpl)[:, :3 * w].reshape(h, w, 3).copy()


def share_near(px: np.ndarray, colour: str, tol: int = 12) -> float:
    target = hex_to_rgb(colour) * 255
    return float((np.abs(px.astype(int) - target).max(axis=-1) <= tol).mean())


def panels(win) -> dict:
    """{name: (widget, its ground's palette name, the dock to raise first)}."""
    out = {"data view": (win.data_panel, "plot_background", None),
           "loss curve": (win.loss_curve.plot, "plot_background", None),
           "contour": (win.contour.plot_widget, "landscape_background", "contour"),
           "network": (win.network.diagram, "plot_background", "network")}
    for i, plot in enumerate(win.slopes.room.slices.plots):
        out[f"slice {i}"] = (plot, "plot_background", None)
    return out


@pytest.mark.parametrize("theme", sorted(PALETTES))
def test_every_panel_renders_in_the_theme(qtbot, config_dir, tmp_path, theme):
    win = make_window(qtbot, settings=Settings(model="network"))
    win.slopes.view_action.trigger()  # the Slopes room's plots too
    win.slopes.room.show_tab("slices")
    win.theme.choose(theme)
    win.session.step_once(20)
    qtbot.waitUntil(lambda: win.session.snapshot.step == 20)
    qtbot.wait(100)
    p = PALETTES[theme]
    win.render_image().save(str(tmp_path / f"{theme}.png"))
    window = QApplication.instance().palette().color(QPalette.ColorRole.Window)
    assert window.name() == p.window if p.dark else window.lightness() > 200  # light: the style's own
    for name, (widget, ground, dock) in panels(win).items():
        if dock:
            win.docks[dock].raise_()
            qtbot.wait(20)
        px = pixels(widget)
        # the ground is the theme's, and something else is drawn on it (axes, text, data)
        assert share_near(px, getattr(p, ground)) > 0.4, name
        assert share_near(px, getattr(p, ground)) < 0.995, name
    dv = pixels(win.data_panel)
    for meaning in ("points", "model_curve"):
        assert share_near(dv, getattr(p, meaning), tol=45) > 0.0005, meaning  # drawn with alpha


def test_the_menu_changes_the_theme_live_and_it_is_remembered(qtbot, config_dir):
    win = make_window(qtbot)
    assert win.theme.actions["system"].isChecked() and themes().palette() is resolve("system")
    before = pixels(win.data_panel)
    win.theme.actions["dark"].trigger()
    assert themes().palette() is DARK and win.theme.actions["dark"].isChecked()
    after = pixels(win.data_panel)
    assert share_near(after, DARK.plot_background) > 0.4 > share_near(before, DARK.plot_background)
    assert saved_mode() == "dark"
    win.close()
    themes().set_mode("light")
    again = make_window(qtbot)  # a new launch reads the choice
    assert themes().palette() is DARK and again.theme.actions["dark"].isChecked()
    again.theme.actions["light"].trigger()
    assert themes().palette() is LIGHT and saved_mode() == "light"
    assert share_near(pixels(again.data_panel), LIGHT.plot_background) > 0.4


def test_the_command_line_theme_is_for_this_launch_only(qtbot, config_dir):
    win = make_window(qtbot)

    class Args:
        theme = "dark"
    win.theme.apply_command_line(Args)
    assert themes().palette() is DARK and win.theme.actions["dark"].isChecked()
    assert saved_mode() == "system"


def test_system_follows_the_platforms_scheme(qtbot, config_dir, monkeypatch):
    import gradviz.gui.theme.apply as apply

    monkeypatch.setattr(apply, "system_is_dark", lambda: True)
    assert resolve("system") is DARK
    monkeypatch.setattr(apply, "system_is_dark", lambda: False)
    assert resolve("system") is LIGHT
    with pytest.raises(ValueError, match="'blue' is not a theme: one of system, light, dark"):
        resolve("blue")


def test_a_saved_theme_that_is_not_one_falls_back_to_system(config_dir):
    from gradviz.gui.files.config import app_settings

    s = app_settings()
    s.setValue("view/theme", "purple")
    s.sync()
    assert saved_mode() == "system"


def test_the_readouts_inline_greys_turn_readable_in_dark(qtbot, config_dir):
    from gradviz.gui.theme.apply import themed_html

    text = "<span style='color:#666'>(n = 8)</span> <span style='color:#c00'>diverged</span>"
    assert themed_html(text, LIGHT) == text
    assert themed_html(text, DARK) == (f"<span style='color:{DARK.muted_text}'>(n = 8)</span> "
                                       f"<span style='color:{DARK.warning_text}'>diverged</span>")
    win = make_window(qtbot)
    raw = win.readout.label.text()
    win.theme.actions["dark"].trigger()
    shown = win.readout.label.toHtml()
    assert win.readout.label.text() == raw and "#666" in raw  # the panel's text is unchanged
    assert DARK.muted_text.lower() in shown.lower() and "#666666" not in shown.lower()


def test_a_closed_plot_is_passed_over_by_a_theme_change(qtbot):
    from gradviz.gui.data_view.panel import DataPanel
    from gradviz.gui.state.session import Session

    session = Session()
    try:
        panel = DataPanel(session)
        panel.close()  # pyqtgraph drops the plot item; the widget lives on until deleted
        themes().set_mode("dark")
        themes().set_mode("light")
        panel.deleteLater()
    finally:
        session.shutdown()
