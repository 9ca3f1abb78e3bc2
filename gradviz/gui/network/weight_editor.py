"""The network's weight editor: every neuron's input weights (one per input), bias and
output weight in a compact table, and the output bias c.

One row per hidden neuron, one column per kind of weight, in a scroll area; each cell has a
slider (-10..10) and a spin box for exact entry, named by its parameter (w3, or w3_1 and
w3_2 with two inputs); a narrow editor shows only the spin boxes. The editor emits
``paramsEdited`` with the whole parameter vector as the user moves one. Buttons load seed
001's example networks or a fresh random start.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget
from superqt.utils import QSignalThrottler

from gradviz.gui.network.shape import NetShape
from gradviz.gui.widgets.param_slider import ParamSlider

COLUMNS = (  # (column heading, tooltip) for one input
    ("input weight w\u1d62", "input weight (x \u2192 h{k}); how steeply h{k} switches on as x grows"),
    ("bias b\u1d62", "bias of h{k}; shifts where it switches on (at x = -b{k}/w{k})"),
    ("output weight v\u1d62", "output weight (h{k} \u2192 y); the height of h{k}'s step in y"),
)
COLUMNS_TWO = (  # for two inputs
    ("x1 weight w\u1d62\u2081", "weight from x1 to h{k}; how steeply h{k} switches on as x1 grows"),
    ("x2 weight w\u1d62\u2082", "weight from x2 to h{k}; how steeply h{k} switches on as x2 grows"),
    ("bias b\u1d62", "bias of h{k}; shifts the line w{k}_1\u00b7x1 + w{k}_2\u00b7x2 + b{k} = 0 where it switches on"),
    COLUMNS[2],
)
TIP_TAIL = ". Slider -10..10; type any value in the box."
C_TIPS = ("The output neuron y (no activation): y = \u03a3 v\u1d62\u00b7h\u1d62 + c",
          "The output neuron: y = \u03c3(\u03a3 v\u1d62\u00b7h\u1d62 + c), the probability of class 1")


class NetworkParamsEditor(QWidget):
    """Manual mode: a table of each neuron's parameters (one row per hidden neuron) plus the
    output bias c."""

    paramsEdited = Signal(object)  # np.ndarray of all params (a fresh copy each time)
    examplePicked = Signal(int)  # 1, 2 or 4: seed 001's example networks
    reinitRequested = Signal()

    EXAMPLES = (1, 2, 4)
    MAX_REFRESH_HZ = 20.0  # widget refreshes per second while set_params streams in
    SLIDERS_MIN_WIDTH = 600  # px of editor width below which only the exact entries show
    SLIDERS_MIN_WIDTH_TWO = 780  # the same with a fourth column (two inputs)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._hidden: int | None = None
        self._shape = NetShape(1)
        self._params = np.zeros(0)
        self._dirty = False
        self._active: int | None = None  # index of the parameter the user touched last
        # the first change shows at once, then at most MAX_REFRESH_HZ a second; the last lands
        self._refresh = QSignalThrottler(parent=self)
        self._refresh.setTimeout(round(1000 / self.MAX_REFRESH_HZ))
        self._refresh.triggered.connect(self._show_params)
        self._groups: list[QFrame] = []
        self._controls: list[ParamSlider] = []  # index == parameter index
        self._title_width = round(QFontMetricsF(self.font()).horizontalAdvance("output")) + 10

        outer = self._outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.setSpacing(3)
        outer.addLayout(self._build_buttons())
        self._headings = self._headings_row(COLUMNS)
        outer.addWidget(self._headings)

        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scroll.setFrameShape(QFrame.Shape.StyledPanel)
        self._rows = QWidget()
        self._rows_layout = QVBoxLayout(self._rows)
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self._rows_layout.setSpacing(0)
        self._rows_layout.addStretch(1)
        self._scroll.setWidget(self._rows)
        outer.addWidget(self._scroll, 1)

        self._c_title = QLabel("<b>output</b>")
        self._c_title.setToolTip(C_TIPS[0])
        c_cell = QWidget()  # c sits in the table's first column
        self._c_layout = QHBoxLayout(c_cell)
        self._c_layout.setContentsMargins(0, 0, 0, 0)
        self._c_row = QFrame()
        self._c_row.setObjectName("outputGroup")
        self._c_filler = QWidget()  # the other columns' width
        outer.addWidget(self._row(self._c_title, [c_cell, self._c_filler], self._c_row))
        self._c_row.layout().setStretchFactor(self._c_filler, len(COLUMNS) - 1)
        self._built_inputs = 1  # the inputs the headings are for
        self._c_control: ParamSlider | None = None

    def _build_buttons(self) -> QHBoxLayout:
        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        lab = QLabel("Seed 001:")
        lab.setToolTip("Load the example networks of seed 001 (the universal-approximator demo).")
        buttons.addWidget(lab)
        self.example_buttons: dict[int, QPushButton] = {}
        for k in self.EXAMPLES:
            btn = QPushButton(f"{k} neuron" + ("" if k == 1 else "s"))
            btn.setToolTip(f"Load seed 001's example with {k} hidden neuron" + ("" if k == 1 else "s")
                           + " (one input x)")
            btn.clicked.connect(lambda _=False, k=k: self.examplePicked.emit(k))
            buttons.addWidget(btn)
            self.example_buttons[k] = btn
        buttons.addStretch(1)
        self.reinit_button = QPushButton("Re-initialise")
        self.reinit_button.setToolTip("Start again from new random parameters (Ctrl+Z brings the old ones back).")
        self.reinit_button.clicked.connect(self.reinitRequested.emit)
        buttons.addWidget(self.reinit_button)
        return buttons

    def _row(self, title: QLabel, cells: list[QWidget], frame: QFrame | None = None) -> QWidget:
        """A table row: the neuron's name, then one equal column per kind of weight."""
        row = frame if frame is not None else QWidget()
        lay = QHBoxLayout(row)
        lay.setContentsMargins(4, 1, 4, 1)
        lay.setSpacing(10)
        title.setFixedWidth(self._title_width)
        lay.addWidget(title)
        for cell in cells:
            lay.addWidget(cell, 1)
        return row

    def _headings_row(self, columns) -> QWidget:
        """The headings name the columns; the diagram above shows the formulas."""
        headings = []
        for heading, tip in columns:
            lab = QLabel(f"<b>{heading}</b>")
            lab.setToolTip(tip.format(k="\u1d62") + TIP_TAIL)
            lab.setWordWrap(len(columns) > len(COLUMNS))  # four headings wrap in a narrow dock
            headings.append(lab)
        return self._row(QLabel(""), headings)

    # ---------------------------------------------------------------- public API
    def set_params(self, params, hidden: int, inputs: int = 1, sigmoid: bool = False) -> None:
        """Show these parameters (in the order of the network of this shape) without emitting
        ``paramsEdited``; rebuilds the neuron rows only if ``hidden`` or ``inputs`` changed.

        Cheap at 60 calls/s: the values are stored at once (so the next ``paramsEdited``
        carries them), but the widgets are refreshed at most ``MAX_REFRESH_HZ`` times a
        second (the last call always lands, via a timer) and not at all while the editor
        is hidden (it catches up when shown). ``flush()`` refreshes now. The control the
        user is dragging or typing in keeps the user's value."""
        shape = NetShape(int(hidden), int(inputs), bool(sigmoid))
        p = shape.model.as_params(params).copy()  # checks the length
        old, self._shape = self._shape, shape
        if self._hidden is None or (shape.hidden, shape.inputs) != (old.hidden, old.inputs):
            self._rebuild(shape)
        self._c_title.setToolTip(C_TIPS[shape.sigmoid])
        for btn in self.example_buttons.values():  # seed 001's examples have one input
            btn.setEnabled(shape.inputs == 1)
        if self._active is not None and self._controls[self._active].busy():
            p[self._active] = self._controls[self._active].value()
        self._params = p
        self._dirty = True
        if self.isVisible():
            self._refresh.throttle()

    def flush(self) -> None:
        """Bring the widgets up to date with the last ``set_params`` now."""
        self._refresh.cancel()
        self._show_params()

    def _show_params(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        p = self._params
        for k, ctl in enumerate(self._controls):
            v = p[k]
            if ctl.value() == v or (math.isnan(v) and math.isnan(ctl.value())):
                continue
            if k == self._active and ctl.busy():
                continue
            ctl.set_value(v)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self.flush()

    def params(self) -> np.ndarray:
        return self._params.copy()

    def hidden(self) -> int | None:
        return self._hidden

    def names(self) -> list[str]:
        """The names of the parameters the controls edit, in the model's order."""
        return [ctl.name for ctl in self._controls]

    def group_count(self) -> int:
        return len(self._groups)

    def groups(self) -> list[QFrame]:
        """The table's rows, one per hidden neuron."""
        return list(self._groups)

    def control(self, name: str) -> ParamSlider:
        """The control of a parameter by its name: 'w1' (or 'w1_2'), 'b3', 'v2', 'c'."""
        for ctl in self._controls:
            if ctl.name == name:
                return ctl
        raise KeyError(name)

    def sliders_shown(self) -> bool:
        need = self.SLIDERS_MIN_WIDTH if self._shape.inputs == 1 else self.SLIDERS_MIN_WIDTH_TWO
        return self.width() >= need

    # ---------------------------------------------------------------- building
    def _rebuild(self, shape: NetShape) -> None:
        for g in self._groups:
            self._rows_layout.removeWidget(g)
            g.setParent(None)
            g.deleteLater()
        self._groups = []
        self._controls = []
        columns = COLUMNS if shape.inputs == 1 else COLUMNS_TWO
        if shape.inputs != self._built_inputs:
            headings = self._headings_row(columns)
            self._outer.replaceWidget(self._headings, headings)
            self._headings.deleteLater()
            self._headings = headings
            self._c_row.layout().setStretchFactor(self._c_filler, len(columns) - 1)
        names, stride = shape.names, shape.stride
        for i in range(shape.hidden):
            k = i + 1
            cells = []
            for j, (_heading, tip) in enumerate(columns):
                index = stride * i + j
                name = names[index]
                ctl = self._new_control(index, name, f"{name}: {tip.format(k=k)}{TIP_TAIL}")
                cells.append(ctl)
            title = QLabel(f"<b>h{k}</b>")
            terms = " + ".join(f"{names[stride * i + j]}\u00b7{x}" for j, x in enumerate(shape.input_names()))
            title.setToolTip(f"Hidden neuron h{k} = \u03c3({terms} + b{k})")
            g = QFrame()
            g.setObjectName("neuronGroup")
            self._row(title, cells, g)
            if i % 2:  # banded rows: the eye follows a neuron across the table
                g.setStyleSheet("QFrame#neuronGroup { background: rgba(0, 0, 0, 14); }")
            self._rows_layout.insertWidget(self._rows_layout.count() - 1, g)
            self._groups.append(g)
        if self._c_control is not None:
            self._c_layout.removeWidget(self._c_control)
            self._c_control.setParent(None)
            self._c_control.deleteLater()
        self._c_control = self._new_control(len(names) - 1, "c", f"c: output bias, added to y{TIP_TAIL}")
        self._c_layout.addWidget(self._c_control, 1)
        self._hidden = shape.hidden
        self._built_inputs = shape.inputs
        self._active = None
        self._params = np.zeros(len(names))
        for ctl in self._controls:
            ctl.set_value(0.0)
        self._apply_width()

    def _new_control(self, index: int, name: str, tip: str) -> ParamSlider:
        ctl = ParamSlider(name, resolution=0.01, decimals=3, entry_limit=1000.0, tip=tip)
        ctl.valueEdited.connect(lambda v, i=index: self._on_edited(i, v))
        ctl.touched.connect(lambda i=index: self._on_touched(i))
        self._controls.append(ctl)
        return ctl

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._apply_width()

    def _apply_width(self) -> None:
        show = self.sliders_shown()
        for ctl in self._controls:
            ctl.set_compact(not show)

    def _on_touched(self, index: int) -> None:
        self._active = index

    def _on_edited(self, index: int, value: float) -> None:
        self._active = index
        p = self._params.copy()
        p[index] = value
        self._params = p
        self.paramsEdited.emit(p.copy())
