"""The landscape views' colours and their shared legend bar."""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

COLOR_BALL = "#ff8c1a"
COLOR_PATH = "#f2f2f2"
COLOR_ARROW = "#ff3b6b"
COLOR_OPTIMUM = "#ffd700"
CONTOUR_PEN = (255, 255, 255, 120)
COLORMAP_NAME = "viridis"


def legend_label(parent: QtWidgets.QWidget) -> QtWidgets.QLabel:
    label = QtWidgets.QLabel(parent)
    label.setTextFormat(QtCore.Qt.TextFormat.RichText)
    label.setText(
        f'<span style="color:{COLOR_BALL}; font-size:14pt">●</span> current point&nbsp;&nbsp; '
        f'<span style="color:{COLOR_PATH}; font-weight:bold">—</span> path&nbsp;&nbsp; '
        f'<span style="color:{COLOR_ARROW}; font-size:14pt">→</span> −gradient (step direction)&nbsp;&nbsp; '
        f'<span style="color:{COLOR_OPTIMUM}; font-size:14pt">★</span> optimum'
    )
    label.setToolTip(
        "The ball is the current parameters; the line behind it is the way it came.\n"
        "The arrow points where gradient descent moves the point next (−gradient);\n"
        "its length grows with |gradient| on a log scale. The star is the known minimum.")
    return label


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
