"""The current theme: resolves light/dark/system, sets Qt's and pyqtgraph's colours, and
tells every panel that follows it to restyle (live, no restart)."""

from __future__ import annotations

from typing import Callable

import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from gradviz.gui.theme.palette import LIGHT, MODES, PALETTES, Palette


def qcolor(colour: str) -> QColor:
    """'#rrggbb' or '#rrggbbaa' -> QColor (Qt reads an 8-digit hex as #aarrggbb)."""
    c = QColor(colour[:7])
    if len(colour) == 9:
        c.setAlpha(int(colour[7:], 16))
    return c


def system_is_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def resolve(mode: str) -> Palette:
    if mode not in MODES:
        raise ValueError(f"{mode!r} is not a theme: one of {', '.join(MODES)}")
    if mode == "system":
        mode = "dark" if system_is_dark() else "light"
    return PALETTES[mode]


def qt_palette(p: Palette, light: QPalette) -> QPalette:
    """The window palette: the style's own in the light theme (today's look), else built."""
    if not p.dark:
        return QPalette(light)
    R = QPalette.ColorRole
    q = QPalette(light)
    roles = {R.Window: p.window, R.WindowText: p.text, R.Base: p.base, R.AlternateBase: p.window,
             R.Text: p.text, R.Button: p.window, R.ButtonText: p.text, R.ToolTipBase: p.base,
             R.ToolTipText: p.text, R.PlaceholderText: p.muted_text, R.BrightText: "#ffffff",
             R.Highlight: "#3d6fa8", R.HighlightedText: "#ffffff", R.Link: "#56b4e9",
             R.Light: "#4a4a50", R.Midlight: "#3c3c42", R.Mid: "#2f2f34", R.Dark: "#1a1a1d",
             R.Shadow: "#000000"}
    for role, colour in roles.items():
        q.setColor(role, QColor(colour))
    for role in (R.WindowText, R.Text, R.ButtonText):
        q.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    return q


def style_plot(plot, p: Palette, background: str | None = None, axes=("left", "bottom")) -> None:
    """A PlotWidget's ground, axes, tick labels, grid, axis labels and title in this theme."""
    plot.setBackground(background or p.plot_background)
    pi = plot.getPlotItem()
    fg = qcolor(p.plot_foreground)
    for name in axes:
        axis = pi.getAxis(name)
        axis.setPen(pg.mkPen(fg))
        axis.setTextPen(pg.mkPen(fg))
    title = pi.titleLabel
    title.opts["color"] = p.text
    title.setText(title.text)


def style_legend(legend, p: Palette, framed: bool = False) -> None:
    """A pyqtgraph legend's text (existing entries redrawn) and, if framed, its plate."""
    legend.setLabelTextColor(p.plot_foreground)
    for _sample, label in legend.items:
        label.setText(label.text, color=p.plot_foreground)
    if framed:
        legend.setBrush(pg.mkBrush(qcolor(p.legend_background)))


# the grey and red that rich text in the panels spells inline, and their dark-theme readable kin
_INLINE = {"color:#666": "muted_text", "color:#c00": "warning_text", "color:#a33": "warning_text"}


def themed_html(text: str, p: Palette) -> str:
    """Rich text with the panels' inline greys and reds readable on this theme's ground."""
    if not p.dark:
        return text
    for spelled, name in _INLINE.items():
        text = text.replace(spelled, "color:" + getattr(p, name))
    return text


class Themes(QObject):
    """The one theme of the application; ``follow`` a panel's restyle function to it."""

    changed = Signal(object)  # Palette

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self._light = QPalette(app.palette())  # the style's own: the light theme's window colours
        self._mode = "system"
        self._palette = resolve("system")
        self._followers: list[tuple[QObject, Callable[[Palette], None]]] = []
        QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _s: self._refresh())
        self._apply()

    def mode(self) -> str:
        return self._mode

    def palette(self) -> Palette:
        return self._palette

    def set_mode(self, mode: str) -> None:
        palette = resolve(mode)  # refuses an unknown mode before anything changes
        self._mode = mode
        if palette is not self._palette:
            self._palette = palette
            self._apply()

    def follow(self, owner: QObject, restyle: Callable[[Palette], None]) -> None:
        """Call restyle(palette) now and at every change while owner lives."""
        self._followers.append((owner, restyle))
        restyle(self._palette)

    def _refresh(self) -> None:
        if self._mode == "system":
            self.set_mode("system")

    def _apply(self) -> None:
        p = self._palette
        self._app.setPalette(qt_palette(p, self._light))
        pg.setConfigOptions(background=qcolor(p.plot_background), foreground=qcolor(p.plot_foreground))
        self._followers = [(o, f) for o, f in self._followers if _alive(o)]
        for _owner, restyle in list(self._followers):
            restyle(p)
        self.changed.emit(p)


def _alive(owner: QObject) -> bool:
    """Whether ``owner`` still shows something to restyle: not deleted, and not a closed
    PlotWidget (closing one drops its plot item while the widget itself lives on)."""
    if not shiboken6.isValid(owner):
        return False
    plot_item = getattr(owner, "getPlotItem", None)
    return plot_item is None or plot_item() is not None


def themes() -> Themes:
    """The application's Themes (made with the first call; needs a QApplication)."""
    app = QApplication.instance()
    found = app.findChild(Themes)
    return found if found is not None else Themes(app)


def palette() -> Palette:
    """The current palette, LIGHT before a QApplication exists."""
    return themes().palette() if QApplication.instance() is not None else LIGHT
