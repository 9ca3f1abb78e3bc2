"""The window's centre for data of two inputs: the model's output as the 2D map or as a 3D
surface, switched by a bar above it ("2D map | 3D surface", or the key 3); T looks at the
surface from the top. One-input data never shows the bar.

The 3D view is built the first time it is asked for, so a window that never shows it
spends nothing on it. While training it is redrawn at most UPDATE_HZ times a second, and
only while shown; the last frame always lands.
"""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QStackedWidget, QToolButton, QVBoxLayout, QWidget
from superqt.utils import QSignalThrottler

from gradviz.gui.data_view.plane_view import grid_extent
from gradviz.gui.output3d.box import MESH, OutputBox
from gradviz.gui.state.two_inputs import is_classification
from gradviz.gui.widgets.subscriptions import disconnect_all

__all__ = ["TwoInputPage", "UPDATE_HZ"]

UPDATE_HZ = 15  # redraws a second at most while training: smooth, and the 3D page costs no more than the 2D map


class TwoInputPage(QWidget):
    """The 2D map (``plane_view``) or the 3D surface of the model's output. ``gl_reason``:
    why OpenGL cannot be used here ("" when it can); the 3D choice then says so."""

    def __init__(self, session, editor, plane_view, gl_reason: str = "", parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.plane_view = plane_view
        self.gl_reason = gl_reason
        self._view3d = None          # OutputSurfaceView, or a QLabel saying why there is none
        self._surface = None         # the OutputSurfaceView, once built
        self._extent = None
        self._refit = True
        self.draw_seconds = 0.0      # the last 3D redraw's cost (benchmark)
        self.button_2d = QToolButton(self)
        self.button_2d.setText("2D map")
        self.button_2d.setToolTip("The model's output as colours over the (x1, x2) plane")
        self.button_3d = QToolButton(self)
        self.button_3d.setText("3D surface")
        self.button_3d.setToolTip("The model's output as a height over the (x1, x2) plane, the data as points (3)")
        group = QButtonGroup(self)
        for b in (self.button_2d, self.button_3d):
            b.setCheckable(True)
            b.setAutoRaise(True)
            group.addButton(b)
        self.button_2d.setChecked(True)
        self.button_3d.toggled.connect(self.show_3d)
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 2, 6, 0)
        bar.addWidget(QLabel("Model output:", self))
        bar.addWidget(self.button_2d)
        bar.addWidget(self.button_3d)
        bar.addStretch(1)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(plane_view)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addLayout(bar)
        lay.addWidget(self.stack, 1)
        self._throttle = QSignalThrottler(QSignalThrottler.EmissionPolicy.Trailing, parent=self)
        self._throttle.setTimeout(int(1000 / UPDATE_HZ))
        self._throttle.triggered.connect(self._draw_frame)
        self.act_3d = self.act_top = None
        self._subscriptions = [(session.datasetChanged, self._on_dataset), (session.frameChanged, self._on_frame),
                               (editor.replacing, self._on_replacing)]
        for signal, slot in self._subscriptions:
            signal.connect(slot)

    def close(self) -> bool:
        self._subscriptions = disconnect_all(self._subscriptions)
        self._throttle.cancel()
        return super().close()

    # ----- public --------------------------------------------------------------------------
    def install_actions(self, window, menu) -> None:
        """View > "Model output in 3D" (3) and "Top view of the output" (T), enabled for
        two-input data only."""
        self.act_3d = window.add_action("Model output in &3D", self.show_3d, "3",
                                        "Two inputs: the model's output as a 3D surface over (x1, x2), "
                                        "the data as points", True, self.showing_3d())
        self.act_top = window.add_action("&Top view of the output", self.top_view, "T",
                                         "Two inputs: look at the 3D output from the top (the boundary "
                                         "is where the colours meet)")
        menu.addAction(self.act_3d)
        menu.addAction(self.act_top)
        self._enable_actions()

    def show_3d(self, on: bool = True) -> None:
        """The 3D surface (on) or the 2D map."""
        on = bool(on)
        for widget, state in ((self.button_3d, on), (self.button_2d, not on), (self.act_3d, on)):
            if widget is not None and widget.isChecked() != state:
                widget.blockSignals(True)
                widget.setChecked(state)
                widget.blockSignals(False)
        if on:
            self.stack.setCurrentWidget(self._ensure_view())
            self._feed_data()
            self._draw_frame()
        else:
            self._throttle.cancel()
            self.stack.setCurrentWidget(self.plane_view)

    def showing_3d(self) -> bool:
        return self._view3d is not None and self.stack.currentWidget() is self._view3d

    def top_view(self) -> None:
        """The 3D surface, seen straight from the top."""
        self.show_3d(True)
        if self.view3d() is not None:
            self.view3d().top_view()

    def view3d(self):
        """The OutputSurfaceView once built (None without OpenGL or before it is shown)."""
        return self._surface

    def shown_view(self):
        """The view on show: the 2D map, the 3D view, or the note saying why there is none."""
        return self.stack.currentWidget()

    def unavailable_text(self) -> str:
        return f"3D view unavailable ({self.gl_reason}); the 2D map shows the same output."

    # ----- internals -----------------------------------------------------------------------
    def _ensure_view(self) -> QWidget:
        if self._view3d is None:
            if self.gl_reason:
                self._view3d = QLabel(self.unavailable_text(), self)
                self._view3d.setAlignment(Qt.AlignmentFlag.AlignCenter)
                self._view3d.setWordWrap(True)
            else:
                from gradviz.gui.output3d.view import OutputSurfaceView  # (needs OpenGL: imported late)

                self._view3d = self._surface = OutputSurfaceView(self)
            self.stack.addWidget(self._view3d)
        return self._view3d

    def _enable_actions(self) -> None:
        two = self.session.dataset.n_inputs == 2
        for act in (self.act_3d, self.act_top):
            if act is not None:
                act.setEnabled(two)

    def _on_replacing(self, _ds) -> None:
        self._refit = True

    def _on_dataset(self, ds) -> None:
        self._enable_actions()
        if ds.n_inputs != 2:
            return
        if len(ds) and self._extent is not None and not self._refit:
            a0, a1, b0, b1 = self._extent
            x = ds.x
            if x[:, 0].min() < a0 or x[:, 0].max() > a1 or x[:, 1].min() < b0 or x[:, 1].max() > b1:
                self._refit = True  # a point beyond the box: the box grows to hold it
        if self._refit or self._extent is None:
            self._refit = not len(ds)
            self._extent = grid_extent(ds.x)
        if self.showing_3d():
            self._feed_data()
            self._draw_frame()

    def _feed_data(self) -> None:
        view = self.view3d()
        ds = self.session.dataset
        if view is None or ds.n_inputs != 2:
            return
        if self._extent is None:
            self._extent = grid_extent(ds.x)
        view.set_data(OutputBox.for_data(self._extent, ds.y, is_classification(ds)), ds.x, ds.y)

    def _on_frame(self, _frame) -> None:
        if self.showing_3d() and self.isVisible():
            self._throttle.throttle()

    def _draw_frame(self) -> None:
        view, frame = self.view3d(), self.session.frame
        if view is None or frame is None or frame.model.n_inputs != 2 or view.box() is None:
            return
        t0 = time.perf_counter()
        _u, _v, pts = view.box().grid(MESH)
        with np.errstate(all="ignore"):
            out = frame.model.predict(frame.params, pts)
        view.set_output(out)
        self.draw_seconds = time.perf_counter() - t0
