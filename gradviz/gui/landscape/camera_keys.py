"""The 3D view without a mouse: it takes the keyboard focus (Tab or a click), shows a frame
in the theme's highlight colour while it has it, and its keys turn and zoom the camera.

With the 3D view focused: the arrows turn the view (left/right around the box, up/down
higher or lower), + and - zoom the camera in and out, Home puts it back (the window's
"Reset 3D view"), Tab and Shift+Tab go on to the next control. Shift+arrows and every other
key keep their window-wide meaning.

The scene is a native window in a container widget: the keys reach the window, the focus
belongs to the container, and a plain widget drawn over the scene would lie under it, so
the frame's four sides are native strips of their own.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QWidget

FRAME_WIDTH = 3
TURN_DEGREES = 5.0  # one arrow press
ZOOM_STEP = 0.85    # one + press brings the camera this much closer
# (keys, what they do) with the 3D view focused, for the shortcuts table
CAMERA_KEYS = [
    ("Arrows", "Turn the 3D view"),
    ("+ / −", "Zoom the 3D camera in / out"),
]
_TURNS = {Qt.Key.Key_Left: (TURN_DEGREES, 0.0), Qt.Key.Key_Right: (-TURN_DEGREES, 0.0),
          Qt.Key.Key_Up: (0.0, TURN_DEGREES), Qt.Key.Key_Down: (0.0, -TURN_DEGREES)}
_ZOOMS = {Qt.Key.Key_Plus: ZOOM_STEP, Qt.Key.Key_Equal: ZOOM_STEP, Qt.Key.Key_Minus: 1.0 / ZOOM_STEP}


def _own(ev) -> bool:
    """A key the 3D view takes: an arrow, + or - without Ctrl, Alt or Shift (+ may need Shift)."""
    mods = ev.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    if ev.key() in _TURNS:
        return mods == Qt.KeyboardModifier.NoModifier
    if ev.key() in _ZOOMS:
        return mods in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier)
    return False


class _Edge(QWidget):
    """One side of the frame: a native strip (a plain widget would lie under the scene)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DontCreateNativeAncestors)  # (the panels stay raster)
        self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hide()

    def paintEvent(self, _ev) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Highlight))
        painter.end()


class FocusFrame3D(QObject):
    """A frame in the highlight colour over the edges of ``target`` (the scene's container)
    while it has the focus; the scene keeps its whole size."""

    def __init__(self, target: QWidget) -> None:
        super().__init__(target)
        self._target = target
        # made at the first focus: a native strip changes how the window is composed, which
        # a view that never has the focus does without
        self.edges: list[QWidget] = []
        target.installEventFilter(self)

    def shown(self) -> bool:
        """The frame is drawn (its target has the focus)."""
        return bool(self.edges) and self.edges[0].isVisible()

    def _place(self) -> None:
        g, w = self._target.geometry(), FRAME_WIDTH
        rects = [(g.left(), g.top(), g.width(), w), (g.left(), g.bottom() - w + 1, g.width(), w),
                 (g.left(), g.top(), w, g.height()), (g.right() - w + 1, g.top(), w, g.height())]
        for edge, rect in zip(self.edges, rects):
            edge.setGeometry(*rect)

    def eventFilter(self, obj, ev) -> bool:
        t = ev.type()
        if t in (QEvent.Type.Move, QEvent.Type.Resize):
            self._place()
        elif t == QEvent.Type.FocusIn:
            if not self.edges:
                self.edges = [_Edge(self._target.parentWidget()) for _ in range(4)]
            self._place()
            for edge in self.edges:
                edge.show()
                edge.raise_()
        elif t == QEvent.Type.FocusOut:
            for edge in self.edges:
                edge.hide()
        return False


class CameraKeys(QObject):
    """The keys of the 3D view ``view`` (a GLView) shown in ``container``."""

    def __init__(self, view, container: QWidget) -> None:
        super().__init__(container)
        self._view = view
        self._container = container
        view.installEventFilter(self)

    def turn(self, azimuth: float, elevation: float) -> None:
        """Turn the camera around the box by these degrees (elevation kept within ±90°)."""
        opts = self._view.cameraParams()
        self._view.setCameraParams(azimuth=opts["azimuth"] + azimuth,
                                   elevation=max(-90.0, min(90.0, opts["elevation"] + elevation)))

    def zoom(self, factor: float) -> None:
        """Bring the camera ``factor`` times as far from the box's centre."""
        self._view.setCameraParams(distance=self._view.cameraParams()["distance"] * factor)

    def eventFilter(self, obj, ev) -> bool:
        t = ev.type()
        if t == QEvent.Type.FocusIn and not self._container.hasFocus():
            self._container.setFocus(Qt.FocusReason.MouseFocusReason)  # a click into the scene
        elif t == QEvent.Type.ShortcutOverride and _own(ev):
            ev.accept()  # an arrow turns the view here, not a step of training
            return True
        elif t in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            return self._key(ev, t == QEvent.Type.KeyPress)
        return False

    def _key(self, ev, press: bool) -> bool:
        if ev.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            if press:  # on through the window's controls, as from any widget
                QApplication.sendEvent(self._container, QKeyEvent(ev.type(), ev.key(), ev.modifiers()))
            return True
        if not _own(ev):
            return False
        if press:  # (pyqtgraph's own arrow handling, a timer that spins on, never runs)
            if ev.key() in _TURNS:
                self.turn(*_TURNS[ev.key()])
            else:
                self.zoom(_ZOOMS[ev.key()])
        return True
