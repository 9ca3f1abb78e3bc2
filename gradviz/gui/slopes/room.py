"""The Slopes room: seed 001's derivative, partial derivatives and predictions, in one dock
that stays hidden until asked for (View > Slopes room).

While the room is open the landscape draws the two slices through the current point and
the data view marks the predictions; closed, both go away and the window is as before.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QCheckBox, QDockWidget, QTabWidget, QVBoxLayout, QWidget

from gradviz.gui.slopes.derivative_view import DerivativeView
from gradviz.gui.window_layout import shrinkable
from gradviz.gui.slopes.prediction import PredictView
from gradviz.gui.slopes.slices_view import SlicesView

SHORTCUT = "D"
OPEN_SHARE = 0.34  # of the window's height, the room's row when it opens
TITLE = "Slopes: derivative, partial derivatives, predictions"
HELLO = ("Slopes room: drag the point on the curve (or click the plot and use ←/→) and press Step "
         "downhill; the Partial derivatives tab follows the run.")


class SlopesRoom(QTabWidget):
    """Three tabs: the derivative as a slope, partial derivatives as slices, predicting new x."""

    TABS = ("derivative", "slices", "predict")

    def __init__(self, session, landscape, data_panel, parent=None) -> None:
        super().__init__(parent)
        self.landscape = landscape
        self._active = False
        self.derivative = DerivativeView(session)
        self.slices = SlicesView(session, landscape)
        self.predict = PredictView(session, data_panel)
        self.on_landscape = QCheckBox("Draw the two slices on the 3D surface and the contour map")
        self.on_landscape.setChecked(True)
        self.on_landscape.setToolTip("Each slice is the loss along one parameter with the other held: a line "
                                     "through the ball on the landscape, in the colour of its plot here")
        self.on_landscape.toggled.connect(lambda _on: self._sync())
        slices_tab = QWidget()
        lay = QVBoxLayout(slices_tab)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.slices, 1)
        lay.addWidget(self.on_landscape)
        self.addTab(self.derivative, "Derivative")
        self.addTab(slices_tab, "Partial derivatives")
        self.addTab(self.predict, "Predict new x")
        self.setTabToolTip(0, "The derivative as the slope of a tangent, and stepping against it")
        self.setTabToolTip(1, "The loss along each parameter with the other held; the slopes make the gradient")
        self.setTabToolTip(2, "The model's prediction for an x that is not in the data")
        if landscape is not None:
            landscape.surfaceComputed.connect(lambda _s: self.slices.refresh() if self.slices.isVisible() else None)
        self.set_active(False)

    def show_tab(self, name: str) -> None:
        """Raise one tab: "derivative", "slices" or "predict"."""
        if name not in self.TABS:
            raise ValueError(f"no tab {name!r}: choose one of {', '.join(self.TABS)}")
        self.setCurrentIndex(self.TABS.index(name))

    def set_active(self, on: bool) -> None:
        """The room is open (its dock shown): the landscape lines and prediction marks show."""
        self._active = bool(on)
        self._sync()

    def active(self) -> bool:
        return self._active

    def _sync(self) -> None:
        if self.landscape is not None:
            self.landscape.set_slice_lines(self._active and self.on_landscape.isChecked())
        self.predict.marks.set_shown(self._active)


class SlopesDock(QDockWidget):
    """The room's dock, tabbed with ``beside`` and hidden at first, and its View menu action."""

    def __init__(self, window, room: SlopesRoom, beside: QDockWidget) -> None:
        super().__init__(TITLE, window)
        self.setObjectName("dock_slopes")
        self.room = room
        self.setWidget(shrinkable(room))  # a small window scrolls the room instead of squeezing the data
        self._beside = beside
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self)
        self.hide()
        self.view_action = QAction("&Slopes room", window)
        self.view_action.setShortcut(QKeySequence(SHORTCUT))
        self.view_action.setCheckable(True)
        tip = "Show the derivative, partial-derivative slices and predictions (seed 001's lesson views)"
        self.view_action.setToolTip(tip)
        self.view_action.setStatusTip(tip)
        self.view_action.toggled.connect(self.set_open)
        window.addAction(self.view_action)  # the shortcut works whichever dock has focus
        self._window = window
        self.visibilityChanged.connect(lambda _v: self._follow())

    def set_open(self, on: bool) -> None:
        """Show the room (raised over its neighbour) or hide it."""
        if on:
            # tabbed with its neighbour when first opened: tabbed while hidden in a window not
            # yet shown, Qt kept a second, stray tab bar over the status bar
            if not self.isFloating() and not self._window.tabifiedDockWidgets(self) and not self._beside.isHidden():
                self._window.tabifyDockWidget(self._beside, self)
            self.show()
            self.raise_()
            # the bottom row is low by default: give the plots room to show their curves
            want = round(OPEN_SHARE * self._window.height())
            if self.height() < want:
                self._window.resizeDocks([self], [want], Qt.Orientation.Vertical)
            if hasattr(self._window, "show_message"):
                self._window.show_message(HELLO)
        else:
            self.hide()
        self._follow()  # (a window not on screen sends no visibilityChanged)

    def is_open(self) -> bool:
        return not self.isHidden()

    def _follow(self) -> None:
        # closed with its own button, or by a layout reset: the action and the views follow
        shown = self.is_open()
        if self.view_action.isChecked() != shown:
            self.view_action.blockSignals(True)
            self.view_action.setChecked(shown)
            self.view_action.blockSignals(False)
        self.room.set_active(shown)
