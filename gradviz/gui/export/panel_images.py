"""Pictures of one panel: PNG of any panel, SVG of the 2D (pyqtgraph) plots; and the
"Save image…" entry of a plot's right-click menu."""

from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QObject, Qt
from PySide6.QtGui import QAction, QImage
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

import gradviz.core as gc

__all__ = ["IMAGE_FORMATS", "panel_image", "png_bytes", "svg_bytes", "save_panel_image", "add_save_image_action",
           "add_window_save_image_menu", "save_image_dialog"]

IMAGE_FORMATS = (".png", ".svg")


def panel_image(widget: QWidget) -> QImage:
    """The panel as it is on screen. A view with its own ``grab_image`` (the 3D view: its
    GL scene is a native window that ``QWidget.grab`` leaves blank) draws itself."""
    grab = getattr(widget, "grab_image", None)
    return grab() if callable(grab) else widget.grab().toImage()


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buf, "PNG"):
        raise OSError("the image could not be encoded as PNG")
    buf.close()
    return bytes(data.data())


def svg_bytes(plot: pg.PlotWidget, title: str) -> bytes:
    """The plot drawn as SVG by Qt's own generator: the curves, axes and text stay vector.
    (pyqtgraph's SVGExporter fails on the closed paths Qt 6 writes, pyqtgraph issue 3495.)"""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgGenerator

    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    gen = QSvgGenerator()
    gen.setOutputDevice(buf)
    gen.setSize(plot.size())
    gen.setViewBox(QRect(0, 0, plot.width(), plot.height()))
    gen.setTitle(title)
    painter = QPainter(gen)
    try:
        plot.render(painter)
    finally:
        painter.end()
    buf.close()
    return bytes(data.data())


def save_panel_image(widget: QWidget, path, plot: pg.PlotWidget | None = None) -> Path:
    """Write a picture of ``widget`` to ``path`` atomically: PNG, or SVG of ``plot`` (the
    pyqtgraph plot the panel draws in). Raises ValueError for any other extension."""
    path = Path(path)
    kind = path.suffix.lower()
    if kind == ".png":
        data = png_bytes(panel_image(widget))
    elif kind == ".svg" and plot is not None:
        data = svg_bytes(plot, path.stem)
    else:
        allowed = ".png or .svg" if plot is not None else ".png"
        raise ValueError(f"{path.name}: cannot save this picture as '{kind or 'no extension'}'; allowed: {allowed}")
    return gc.atomic_write_bytes(path, bytes(data))


def save_image_dialog(parent: QWidget, widget: QWidget, name: str, plot: pg.PlotWidget | None = None,
                      notify=None) -> Path | None:
    """Ask where, save, and say what happened through ``notify(text)``."""
    filters = "PNG image (*.png)" + (";;SVG drawing (*.svg)" if plot is not None else "")
    path, chosen = QFileDialog.getSaveFileName(parent, f"Save image of the {name}",
                                               f"gradviz-{name.replace(' ', '-')}.png", filters)
    if not path:
        return None
    if not Path(path).suffix:
        path += ".svg" if chosen.startswith("SVG") else ".png"
    try:
        out = save_panel_image(widget, path, plot)
    except (OSError, ValueError) as exc:
        if notify:
            notify(f"Could not save the image: {getattr(exc, 'strerror', None) or exc}")
        return None
    if notify:
        notify(f"Saved the {name} to {out}.")
    return out


def add_save_image_action(plot: pg.PlotWidget, widget: QWidget, name: str, notify=None) -> QAction:
    """"Save image…" in the right-click menu of ``plot`` (its view box menu), in place of
    pyqtgraph's own "Export..." (a second, different way to the same thing)."""
    scene = plot.scene()
    for act in getattr(scene, "contextMenu", []):
        if act.text() == "Export...":
            act.setVisible(False)
    menu = plot.getPlotItem().getViewBox().menu
    act = QAction("Save image…", menu)
    act.setStatusTip(f"Save a PNG or SVG picture of the {name}")
    act.triggered.connect(lambda: save_image_dialog(plot, widget, name, plot, notify))
    menu.addSeparator()
    menu.addAction(act)
    return act


class _RightClickMenu(QObject):
    """Pops ``menu`` up where the right button is released over a native window (a GL
    view is a QWindow: it gets no QContextMenuEvent, and uses only the left and middle
    buttons itself)."""

    def __init__(self, menu: QMenu, parent: QObject) -> None:
        super().__init__(parent)
        self.menu = menu

    def eventFilter(self, obj, ev) -> bool:
        if ev.type() == QEvent.Type.MouseButtonRelease and ev.button() == Qt.MouseButton.RightButton:
            self.menu.popup(ev.globalPosition().toPoint())
            return True
        return False


def add_window_save_image_menu(window, widget: QWidget, name: str, notify=None) -> QMenu:
    """A right-click menu with "Save image…" (PNG of ``widget``) on the native ``window``
    inside it."""
    menu = QMenu(widget)
    act = menu.addAction("Save image…")
    act.setStatusTip(f"Save a PNG picture of the {name}")
    act.triggered.connect(lambda: save_image_dialog(widget, widget, name, None, notify))
    window.installEventFilter(_RightClickMenu(menu, widget))
    return menu
