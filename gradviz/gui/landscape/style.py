"""The landscape views' colours and their shared legend bar."""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from gradviz.gui.presenter.zoom import zoom
from gradviz.gui.theme.palette import LIGHT

COLOR_BALL = LIGHT.ball
COLOR_PATH = LIGHT.path
COLOR_ARROW = LIGHT.arrow
COLOR_OPTIMUM = LIGHT.optimum
_path = QtGui.QColor(LIGHT.path)
COLOR_GHOST = (_path.red(), _path.green(), _path.blue(), 140)  # the path a branch left behind: faded
CONTOUR_PEN = (255, 255, 255, 120)
COLORMAP_NAME = LIGHT.colormap
SYMBOL_POINTS = 14  # the legend's symbols at 100 % zoom


STAR_EXACT = "optimum"
STAR_SLICE = "lowest point of this slice"
STAR_TIPS = {
    True: "The star is the true minimum of the loss (least squares).",
    False: "The star is the lowest point of the surface drawn: this slice through the parameters, "
           "in this window. The true minimum may lie elsewhere.",
}


class Legend(QtWidgets.QLabel):
    """What the ball, path, arrow and star mean; the star says whether it is the true
    minimum or only the lowest point of the slice drawn."""

    def __init__(self, parent: QtWidgets.QWidget) -> None:
        super().__init__(parent)
        self.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self._exact: bool | None = None
        self._zoom = 1.0
        self.set_optimum_exact(True)
        zoom().follow(self, self._on_zoom)  # the symbols grow with the text around them
        self._fit_min_width()
        self.setWordWrap(True)

    def _fit_min_width(self) -> None:
        # It asks for one line (the dock's width as it always was) but can shrink to its
        # widest entry: in a narrow dock (a lesson or room open beside it) it wraps onto a
        # second line instead of running under the controls beside it.
        wrap = self.wordWrap()
        self.setWordWrap(False)
        self._one_line = super().sizeHint().width()
        self.setWordWrap(wrap)
        fm = self.fontMetrics()
        self.setMinimumWidth(fm.horizontalAdvance("→ −gradient (step direction)") + 2 * fm.averageCharWidth())

    def sizeHint(self) -> QtCore.QSize:
        w = max(self._one_line, self.minimumWidth())
        return QtCore.QSize(w, self.heightForWidth(w))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # the bar's layout gives a wrapped label the height of one line: ask for its lines
        # (so the panel's minimum counts them and the 3D scene never covers the first)
        need = self.heightForWidth(self.width())
        if need > 0 and self.minimumHeight() != need:
            self.setMinimumHeight(need)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QtCore.QEvent.Type.FontChange:  # a zoom: the widest entry's width follows
            self._fit_min_width()

    def _on_zoom(self, factor: float) -> None:
        if factor != self._zoom:
            self._zoom = factor
            self._show()
            self._fit_min_width()

    def symbol_points(self) -> float:
        """The size of the ball, arrow and star symbols, in points."""
        return SYMBOL_POINTS * self._zoom

    def set_optimum_exact(self, exact: bool) -> None:
        if exact == self._exact:
            return
        self._exact = exact
        self._show()

    def _show(self) -> None:
        star = STAR_EXACT if self._exact else STAR_SLICE
        size = f"font-size:{self.symbol_points():g}pt"
        self.setText(
            f'<span style="color:{COLOR_BALL}; {size}">●</span> current point&nbsp;&nbsp; '
            f'<span style="color:{COLOR_PATH}; font-weight:bold">—</span> path&nbsp;&nbsp; '
            f'<span style="color:{COLOR_ARROW}; {size}">→</span> −gradient (step direction)&nbsp;&nbsp; '
            f'<span style="color:{COLOR_OPTIMUM}; {size}">★</span> {star}'
        )
        self.setToolTip(
            "The ball is the current parameters; the line behind it is the way it came.\n"
            "The arrow points where gradient descent moves the point next (−gradient);\n"
            "its length grows with |gradient| on a log scale. " + STAR_TIPS[self._exact])

    def star_text(self) -> str:
        return STAR_EXACT if self._exact else STAR_SLICE


def legend_bar(parent: QtWidgets.QWidget, label: QtWidgets.QLabel, *extra: QtWidgets.QWidget) -> QtWidgets.QWidget:
    bar = QtWidgets.QWidget(parent)
    bar.setObjectName("legendBar")
    bar.setAutoFillBackground(True)
    pal = bar.palette()
    pal.setColor(QtGui.QPalette.ColorRole.Window, QtGui.QColor(24, 24, 28))
    pal.setColor(QtGui.QPalette.ColorRole.WindowText, QtGui.QColor(225, 225, 225))
    bar.setPalette(pal)
    lay = QtWidgets.QHBoxLayout(bar)
    lay.setContentsMargins(6, 2, 6, 2)
    lay.addWidget(label, 1)
    for w in extra:
        lay.addWidget(w)
    return bar
