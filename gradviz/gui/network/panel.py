"""The network panel: the diagram above, the weight editor below, kept in step with the session.

The panel subscribes to the session itself: it draws each frame of a network run (a hidden
panel skips frames and catches up when shown), and sends the user's weights, seed 001's
examples and re-initialisation back to the session; the last two are undoable steps on the
data editor's stack, as they replace the run.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from gradviz.gui.network.diagram import NetworkDiagram
from gradviz.gui.network.run_history import run_undoably
from gradviz.gui.network.shape import NetShape
from gradviz.gui.network.weight_editor import NetworkParamsEditor
from gradviz.gui.state.edit_history import DataEditor


class NetworkPanel(QWidget):
    """Diagram on top, editor below (in a vertical splitter; either can be collapsed)."""

    paramsEdited = Signal(object)  # the user's new start point (all parameters)
    examplePicked = Signal(int)  # 1, 2 or 4: seed 001's example networks
    reinitRequested = Signal()

    def __init__(self, session, history: DataEditor | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.history = history if history is not None else DataEditor(session, self)
        self.diagram = NetworkDiagram()
        self.editor = NetworkParamsEditor()
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.diagram)
        self.splitter.addWidget(self.editor)
        self.splitter.setChildrenCollapsible(True)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.splitter)
        self._behind = False  # a frame came while the panel was hidden
        self.editor.paramsEdited.connect(self.paramsEdited)
        self.editor.examplePicked.connect(self.examplePicked)
        self.editor.reinitRequested.connect(self.reinitRequested)
        self.paramsEdited.connect(session.set_start)  # manual mode: pause, move the curves live
        self.examplePicked.connect(self.load_example)
        self.reinitRequested.connect(self.reinitialize)
        session.frameChanged.connect(self._on_frame)
        session.modelChanged.connect(self._on_model)
        self._on_model(session.model)

    def set_params(self, params, hidden: int, inputs: int = 1, sigmoid: bool = False) -> None:
        """Show a network of this shape (one or two inputs, a linear or sigmoid output)."""
        self.diagram.set_params(params, hidden, inputs, sigmoid)
        self.editor.set_params(params, hidden, inputs, sigmoid)

    def show_model(self, model, params) -> None:
        """Show the session's network model with these parameters."""
        shape = NetShape.of(model)
        self.set_params(params, shape.hidden, shape.inputs, shape.sigmoid)

    def set_probe_x(self, x: float | None) -> None:
        """Shade the neurons by their activation at this x (None: no shading); the x of
        the one-input data view, so a network of two inputs is not shaded."""
        model = self.session.model
        if self.isVisible() and model.name == "network" and model.n_inputs == 1:
            self.diagram.set_probe_x(x)

    def load_example(self, k: int) -> None:
        """Seed 001's example with k hidden neurons as the start point (undoable)."""
        run_undoably(self.session, self.history, f"load the {k}-neuron example",
                     lambda: self.session.load_network_example(k))

    def reinitialize(self) -> None:
        """A fresh random start (undoable)."""
        run_undoably(self.session, self.history, "re-initialise the network", self.session.reinitialize)

    def _on_model(self, model) -> None:
        if model.name == "network":
            self.show_model(model, self.session.start)

    def _on_frame(self, frame) -> None:
        # a frame of a model the session has already left is skipped: the next one fits
        if frame.model.name != "network" or frame.model != self.session.model:
            return
        if not self.isVisible():
            self._behind = True
            return
        self._behind = False
        self.show_model(frame.model, frame.params)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        frame = self.session.frame
        if self._behind and frame is not None:
            self._on_frame(frame)
