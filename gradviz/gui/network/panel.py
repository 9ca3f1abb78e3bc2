"""The network panel: a diagram of x -> H sigmoid neurons -> y, and a manual editor.

Seed 001's universal-approximator picture: hidden neuron i computes
``h_i = sigmoid(w_i * x + b_i)`` and the output is ``y = sum_i v_i * h_i + c``.

Parameter order (the ``gradviz.core.models.Network`` contract)::

    params = [w1, b1, v1, w2, b2, v2, ..., wH, bH, vH, c]

so ``params[3*i : 3*i + 3] == (w_i, b_i, v_i)`` and ``params[-1] == c``. This module
unpacks that itself (``unpack_params``) and does not import the core.

Classes:

* ``NetworkDiagram``  -- a QGraphicsView. Items are built once per hidden size; ``set_params``
  only changes pens, brushes and label texts (cheap enough for 60 calls a second).
  Edge colour = sign (Okabe-Ito orange positive, blue negative), width grows with
  log(1 + |weight|), clamped. Hovering any node or edge shows its name and value.
  ``set_probe_x(x)`` fills each hidden neuron by its activation at that x.
* ``NetworkParamsEditor`` -- sliders (-10..10) with exact-entry spin boxes, one row per neuron
  (w_i, b_i, v_i) plus c; emits ``paramsEdited`` live; example and re-initialise buttons.
* ``NetworkPanel`` -- diagram above, editor below, in a vertical splitter; forwards signals.

Indices in the Python API (``node_activation(i)``, ``edge_item("w", i)``...) are 0-based;
everything the user reads (h1, w1, ...) is 1-based.
"""

from __future__ import annotations

import math
import time

import numpy as np
from PySide6.QtCore import QEvent, QLineF, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QBoxLayout,
    QDoubleSpinBox,
    QFrame,
    QGraphicsEllipseItem,
    QGraphicsLineItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsTextItem,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSlider,
    QSplitter,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

__all__ = [
    "NEGATIVE_COLOR",
    "POSITIVE_COLOR",
    "NetworkDiagram",
    "NetworkPanel",
    "NetworkParamsEditor",
    "edge_width",
    "unpack_params",
]

# Okabe-Ito colour-blind-safe pair for the sign of a weight.
POSITIVE_COLOR = QColor("#E69F00")  # orange
NEGATIVE_COLOR = QColor("#0072B2")  # blue
ZERO_COLOR = QColor("#B0B0B0")  # a weight that is exactly 0
ACTIVE_COLOR = QColor("#F0E442")  # a fully switched-on neuron (activation 1); 0 is white
NODE_BORDER = QColor("#404040")
TEXT_COLOR = QColor("#202020")
MUTED_TEXT = QColor("#606060")

MIN_EDGE_WIDTH = 1.0  # px, for |w| -> 0
MAX_EDGE_WIDTH = 8.0  # px, for |w| >= WIDTH_REF
WIDTH_REF = 10.0  # |weight| that gets the full width (the sliders' range)

SLIDER_RANGE = 10.0  # sliders go -10..10, like seed 001's
SLIDER_STEPS_PER_UNIT = 100  # slider resolution 0.01
SPIN_RANGE = 1000.0  # spin boxes accept -1000..1000 (widened if a parameter goes beyond)

DASH = "\u2014"  # shown for a non-finite value


# --------------------------------------------------------------------------- helpers
def unpack_params(params, hidden: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Split ``[w1, b1, v1, ..., wH, bH, vH, c]`` into ``(w, b, v, c)``."""
    hidden = int(hidden)
    p = np.asarray(params, dtype=float).ravel()
    if hidden < 0 or p.size != 3 * hidden + 1:
        raise ValueError(
            f"a network with {hidden} hidden neurons has {3 * hidden + 1} parameters "
            f"(w_i, b_i, v_i for each neuron, then c); got {p.size}"
        )
    t = p[:-1].reshape(hidden, 3)
    return t[:, 0].copy(), t[:, 1].copy(), t[:, 2].copy(), float(p[-1])


def _sigmoid(z):
    # tanh form: no overflow warning for large |z|; nan stays nan
    with np.errstate(all="ignore"):
        return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))


def edge_width(weight: float) -> float:
    """Pen width in px for a weight: log-ish in |w| and clamped, so one huge weight
    does not make the others invisible."""
    a = abs(float(weight))
    if not math.isfinite(a):
        return MAX_EDGE_WIDTH
    f = min(1.0, math.log1p(a) / math.log1p(WIDTH_REF))
    return MIN_EDGE_WIDTH + (MAX_EDGE_WIDTH - MIN_EDGE_WIDTH) * f


def _fmt(v: float, decimals: int = 3) -> str:
    """Value for tooltips: '-0.512', '1.23e+05', or a dash if not finite."""
    if not math.isfinite(v):
        return DASH
    if abs(v) >= 1e5:
        return f"{v:.3g}"
    s = f"{v:.{decimals}f}"
    return s[1:] if s.startswith("-") and float(s) == 0.0 else s


def _fmt_short(v: float) -> str:
    """Value for labels in the diagram: at most ~6 characters."""
    if not math.isfinite(v):
        return DASH
    a = abs(v)
    if a < 100:
        s = f"{v:.2f}"
    elif a < 1000:
        s = f"{v:.1f}"
    elif a < 1e5:
        s = f"{v:.0f}"
    else:
        s = f"{v:.0e}"
    return s[1:] if s.startswith("-") and float(s) == 0.0 else s


def _lerp_color(a: QColor, b: QColor, t: float) -> QColor:
    t = min(1.0, max(0.0, t))
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


def _dist_to_segment(p: QPointF, a: QPointF, b: QPointF) -> float:
    ax, ay, bx, by, px, py = a.x(), a.y(), b.x(), b.y(), p.x(), p.y()
    dx, dy = bx - ax, by - ay
    L2 = dx * dx + dy * dy
    t = 0.0 if L2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / L2))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


class _Label:
    """A small text on a translucent white plate (for values written on edges)."""

    def __init__(self, scene: QGraphicsScene, font: QFont, z: float):
        self.plate = QGraphicsRectItem()
        self.plate.setPen(Qt.PenStyle.NoPen)
        self.plate.setBrush(QColor(255, 255, 255, 215))
        self.plate.setZValue(z)
        self.text = QGraphicsSimpleTextItem(self.plate)
        self.text.setFont(font)
        self.text.setBrush(TEXT_COLOR)
        scene.addItem(self.plate)
        self._s = None
        self._center = QPointF()

    def set_text(self, s: str) -> None:
        if s != self._s:
            self._s = s
            self.text.setText(s)
            self._place()

    def set_center(self, p: QPointF) -> None:
        self._center = QPointF(p)
        self._place()

    def _place(self) -> None:
        r = self.text.boundingRect()
        self.plate.setRect(QRectF(0, 0, r.width() + 4, r.height()))
        self.text.setPos(2, 0)
        self.plate.setPos(self._center.x() - r.width() / 2 - 2, self._center.y() - r.height() / 2)

    def setVisible(self, on: bool) -> None:
        self.plate.setVisible(on)

    def isVisible(self) -> bool:
        return self.plate.isVisible()


class _Neuron:
    """The scene items of one hidden neuron."""

    def __init__(self, scene: QGraphicsScene, i: int, fonts: dict):
        self.pill = QGraphicsPathItem()
        self.pill.setPen(QPen(NODE_BORDER, 1.3))
        self.pill.setBrush(QColor("white"))
        self.pill.setZValue(10)
        self.name = QGraphicsSimpleTextItem(f"h{i + 1}", self.pill)
        self.name.setFont(fonts["node"])
        self.name.setBrush(TEXT_COLOR)
        self.bias = QGraphicsSimpleTextItem("", self.pill)
        self.bias.setFont(fonts["small"])
        self.bias.setBrush(TEXT_COLOR)
        scene.addItem(self.pill)
        self.edge_in = QGraphicsLineItem()
        self.edge_out = QGraphicsLineItem()
        for e in (self.edge_in, self.edge_out):
            e.setZValue(1)
            scene.addItem(e)
        self.label_in = _Label(scene, fonts["small"], 5)
        self.label_out = _Label(scene, fonts["small"], 5)
        self.rect = QRectF()
        self.bias_s = None
        self.brush_key = None

    def items(self):
        return [self.pill, self.edge_in, self.edge_out, self.label_in.plate, self.label_out.plate]


# --------------------------------------------------------------------------- diagram
class NetworkDiagram(QGraphicsView):
    """x -> H sigmoid neurons -> y.

    ``set_params(params, hidden)`` is cheap after the first call for a given ``hidden``;
    ``set_probe_x(x)`` shades each hidden neuron by ``sigmoid(w_i x + b_i)`` (None = off).
    """

    NODE_RADIUS = 18.0
    MIN_SPACING = 22.0  # px between hidden neurons; below that the view scrolls
    MAX_SPACING = 84.0
    EDGE_LABEL_MIN_SPACING = 40.0  # weights are written on edges only when there is room
    MARGIN = 10.0

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._scene = QGraphicsScene(self)
        # ~100 items that change every frame: a BSP index would only cost (Qt's advice)
        self._scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.setScene(self._scene)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setBackgroundBrush(QColor("white"))
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        base = QFont(self.font())
        node = QFont(base)
        node.setBold(True)
        node.setPointSizeF(max(9.0, base.pointSizeF()))
        small = QFont(base)
        small.setPointSizeF(max(8.0, base.pointSizeF() - 1))
        self._fonts = {"node": node, "small": small, "base": base}

        self._hidden: int | None = None
        self._w = self._b = self._v = np.zeros(0)
        self._c = math.nan
        self._probe: float | None = None
        self._act = np.zeros(0)
        self._neurons: list[_Neuron] = []
        self._pen_cache_w: np.ndarray | None = None  # last _edge_keys per edge, to skip setPen
        self._pen_cache_v: np.ndarray | None = None
        self._show_edge_labels = False
        self._labels_synced = False
        self._x_center = QPointF()
        self._y_center = QPointF()

        sc = self._scene
        self._legend = QGraphicsTextItem()
        self._legend.setFont(small)
        self._legend.setDefaultTextColor(TEXT_COLOR)
        sc.addItem(self._legend)
        self._formula = QGraphicsSimpleTextItem("h\u1d62 = \u03c3(w\u1d62\u00b7x + b\u1d62)      "
                                                "y = \u03a3 v\u1d62\u00b7h\u1d62 + c")
        self._formula.setFont(base)
        self._formula.setBrush(MUTED_TEXT)
        sc.addItem(self._formula)
        self._placeholder = QGraphicsSimpleTextItem("No network yet.")
        self._placeholder.setFont(base)
        self._placeholder.setBrush(MUTED_TEXT)
        sc.addItem(self._placeholder)

        r = self.NODE_RADIUS
        self._x_node = QGraphicsEllipseItem(-r, -r, 2 * r, 2 * r)
        self._y_node = QGraphicsEllipseItem(-r, -r, 2 * r, 2 * r)
        for item, name in ((self._x_node, "x"), (self._y_node, "y")):
            item.setPen(QPen(NODE_BORDER, 1.5))
            item.setBrush(QColor("#EFEFEF"))
            item.setZValue(10)
            t = QGraphicsSimpleTextItem(name, item)
            f = QFont(node)
            f.setItalic(True)
            f.setPointSizeF(node.pointSizeF() + 2)
            t.setFont(f)
            t.setBrush(TEXT_COLOR)
            br = t.boundingRect()
            t.setPos(-br.width() / 2, -br.height() / 2 - 1)
            sc.addItem(item)
        self._x_caption = QGraphicsSimpleTextItem("input")
        self._y_caption = QGraphicsSimpleTextItem("output")
        for t in (self._x_caption, self._y_caption):
            t.setFont(small)
            t.setBrush(MUTED_TEXT)
            sc.addItem(t)
        self._x_value = QGraphicsSimpleTextItem("")
        self._y_value = QGraphicsSimpleTextItem("")  # "c = ..." and, with a probe, "y = ..."
        for t in (self._x_value, self._y_value):
            t.setFont(small)
            t.setBrush(TEXT_COLOR)
            sc.addItem(t)

        # pill width: room for the longest name and bias text
        fm_node = QFontMetricsF(node)
        fm_small = QFontMetricsF(small)
        self._bias_x = fm_node.horizontalAdvance("h16") + 18  # bias text's x inside the pill
        self._pill_w = self._bias_x + fm_small.horizontalAdvance("b = -888.8") + 10

        self._update_legend()
        self._set_network_visible(False)
        self._relayout()

    # ---------------------------------------------------------------- public API
    def set_params(self, params, hidden: int) -> None:
        """Show these parameters (order w1, b1, v1, ..., c). Non-finite values are
        shown as a dash and their edge is not drawn."""
        w, b, v, c = unpack_params(params, hidden)
        self._w, self._b, self._v, self._c = w, b, v, c  # before a rebuild: its relayout reads them
        if hidden != self._hidden:
            self._rebuild(int(hidden))
        self._refresh_values()
        if self._probe is not None:
            self._refresh_activation()

    def set_probe_x(self, x: float | None) -> None:
        """Shade hidden neuron i by sigmoid(w_i x + b_i) at this x; None turns shading off."""
        was = self._probe
        self._probe = None if x is None else float(x)
        self._refresh_activation()
        if (was is None) != (self._probe is None) or self._probe is not None:
            self._update_legend()
            self._refresh_io_labels()
        if (was is None) != (self._probe is None):
            self._relayout()

    # ---------------------------------------------------------------- introspection
    def hidden(self) -> int | None:
        return self._hidden

    def probe_x(self) -> float | None:
        return self._probe

    def node_activation(self, i: int) -> float | None:
        """Activation of hidden neuron i (0-based) at the probe x; None without a probe."""
        if self._probe is None or not (0 <= i < len(self._act)):
            return None
        return float(self._act[i])

    def node_positions(self) -> list[QPointF]:
        """Scene centres of x, h1..hH, y (in that order)."""
        return [QPointF(self._x_center)] + [n.rect.center() for n in self._neurons] + [
            QPointF(self._y_center)]

    def node_item(self, i: int) -> QGraphicsPathItem:
        """The shape of hidden neuron i (0-based); its brush shows the activation."""
        return self._neurons[i].pill

    def edge_item(self, kind: str, i: int) -> QGraphicsLineItem:
        """``edge_item("w", i)``: input -> h_{i+1}; ``edge_item("v", i)``: h_{i+1} -> output."""
        n = self._neurons[i]
        return {"w": n.edge_in, "v": n.edge_out}[kind]

    def edge_label_text(self, kind: str, i: int) -> str:
        n = self._neurons[i]
        return {"w": n.label_in, "v": n.label_out}[kind].text.text()

    def edge_labels_visible(self) -> bool:
        return self._show_edge_labels

    def tooltip_text(self, key: tuple) -> str:
        """Tooltip for ("w", i), ("v", i), ("h", i), ("x",) or ("y",)."""
        kind = key[0]
        px = self._probe
        at = f"x = {_fmt(px)}" if px is not None else ""
        if kind == "x":
            s = "x: the input"
            return s + (f"\nprobe {at}" if px is not None else "")
        if kind == "y":
            s = (f"y: the output, y = \u03a3 v\u1d62\u00b7h\u1d62 + c\n"
                 f"c = {_fmt(self._c)} (output bias)")
            if px is not None:
                s += f"\ny({_fmt(px)}) = {_fmt(self._output_at_probe())}"
            return s
        i = int(key[1])
        k = i + 1
        if kind == "w":
            return (f"w{k} = {_fmt(self._w[i])} (input \u2192 h{k})\n"
                    f"input weight: how steeply h{k} switches as x grows (sign = direction)")
        if kind == "v":
            return (f"v{k} = {_fmt(self._v[i])} (h{k} \u2192 output)\n"
                    f"output weight: h{k}'s 0..1 step is scaled by v{k} and added to y")
        if kind == "h":
            w, b = self._w[i], self._b[i]
            s = (f"h{k} = \u03c3(w{k}\u00b7x + b{k})\n"
                 f"b{k} = {_fmt(b)} (bias of h{k})")
            if math.isfinite(w) and math.isfinite(b) and w != 0:
                s += f"\nswitches on around x = -b{k}/w{k} = {_fmt(-b / w)}"
            if px is not None:
                s += f"\nactivation at {at}: {_fmt(self._act[i])}"
            return s
        raise KeyError(key)

    def key_at(self, scene_pos: QPointF) -> tuple | None:
        """What is under this scene point: a node, else the nearest edge within a few px."""
        if self._hidden is None:
            return None
        r = self.NODE_RADIUS
        if QLineF(scene_pos, self._x_center).length() <= r + 1:
            return ("x",)
        if QLineF(scene_pos, self._y_center).length() <= r + 1:
            return ("y",)
        for i, n in enumerate(self._neurons):
            if n.rect.adjusted(-1, -1, 1, 1).contains(scene_pos):
                return ("h", i)
        best, best_d = None, math.inf
        for i, n in enumerate(self._neurons):
            for kind, e, lab in (("w", n.edge_in, n.label_in), ("v", n.edge_out, n.label_out)):
                if lab.isVisible() and lab.plate.sceneBoundingRect().contains(scene_pos):
                    return (kind, i)
                if not e.isVisible():
                    continue
                line = e.line()
                d = _dist_to_segment(scene_pos, line.p1(), line.p2())
                if d <= max(5.0, e.pen().widthF() / 2 + 3) and d < best_d:
                    best, best_d = (kind, i), d
        return best

    def tooltip_at(self, scene_pos: QPointF) -> str | None:
        key = self.key_at(scene_pos)
        return None if key is None else self.tooltip_text(key)

    # ---------------------------------------------------------------- Qt overrides
    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            text = self.tooltip_at(self.mapToScene(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._relayout()

    def sizeHint(self) -> QSize:
        return QSize(520, 340)

    def minimumSizeHint(self) -> QSize:
        return QSize(300, 160)

    # ---------------------------------------------------------------- building
    def _set_network_visible(self, on: bool) -> None:
        for item in (self._x_node, self._y_node, self._x_caption, self._y_caption,
                     self._x_value, self._y_value, self._formula):
            item.setVisible(on)
        self._placeholder.setVisible(not on)

    def _rebuild(self, hidden: int) -> None:
        for n in self._neurons:
            for item in n.items():
                self._scene.removeItem(item)
        self._neurons = [_Neuron(self._scene, i, self._fonts) for i in range(hidden)]
        self._hidden = hidden
        self._pen_cache_w = self._pen_cache_v = None
        self._act = np.full(hidden, math.nan)
        self._set_network_visible(True)
        self._relayout()

    def _relayout(self) -> None:
        """Place everything for the current viewport size (positions only)."""
        vp = self.viewport().size()
        W = max(float(vp.width()), 320.0)
        m = self.MARGIN
        self._legend.setTextWidth(max(100.0, W - 2 * m))
        self._legend.setPos(m, 4)
        top = 4 + self._legend.boundingRect().height() + 8
        fb = self._formula.boundingRect()
        H = self._hidden or 0
        r = self.NODE_RADIUS
        avail = max(float(vp.height()) - top - fb.height() - 2 * m, 2 * r + 40)
        spacing = min(self.MAX_SPACING, max(self.MIN_SPACING, avail / max(H, 1)))
        col_h = max(spacing * max(H, 1), 2 * r + 40)
        y0 = top + max(0.0, (avail - col_h) / 2)
        cy = y0 + col_h / 2
        total_h = max(float(vp.height()), y0 + col_h + fb.height() + 2 * m)

        self._placeholder.setPos(m, top)
        self._formula.setPos((W - fb.width()) / 2, y0 + col_h + m)

        ph = min(34.0, max(18.0, spacing * 0.75))
        pw = self._pill_w
        xc = QPointF(m + r + 12, cy)
        yc = QPointF(W - m - r - 24, cy)
        self._x_center, self._y_center = xc, yc
        self._x_node.setPos(xc)
        self._y_node.setPos(yc)
        for cap, c in ((self._x_caption, xc), (self._y_caption, yc)):
            br = cap.boundingRect()
            cap.setPos(c.x() - br.width() / 2, c.y() - r - br.height() - 2)
        hx = (xc.x() + yc.x()) / 2

        self._show_edge_labels = spacing >= self.EDGE_LABEL_MIN_SPACING
        for i, n in enumerate(self._neurons):
            ny = y0 + spacing * (i + 0.5)
            rect = QRectF(hx - pw / 2, ny - ph / 2, pw, ph)
            n.rect = rect
            path = QPainterPath()
            path.addRoundedRect(rect, ph / 2, ph / 2)
            n.pill.setPath(path)
            nb = n.name.boundingRect()
            n.name.setPos(rect.left() + 10, ny - nb.height() / 2)
            self._place_bias(n)
            a_in, b_in = QPointF(xc.x() + r, xc.y()), QPointF(rect.left(), ny)
            a_out, b_out = QPointF(rect.right(), ny), QPointF(yc.x() - r, yc.y())
            n.edge_in.setLine(QLineF(a_in, b_in))
            n.edge_out.setLine(QLineF(a_out, b_out))
            n.label_in.set_center(a_in + (b_in - a_in) * 0.68)
            n.label_out.set_center(a_out + (b_out - a_out) * 0.32)
        self._refresh_label_visibility()
        self._refresh_io_labels()
        self._scene.setSceneRect(QRectF(0, 0, W, total_h))

    def _place_bias(self, n: _Neuron) -> None:
        # left-aligned at a fixed x, so a new value needs no re-positioning
        h = QFontMetricsF(self._fonts["small"]).height()
        n.bias.setPos(n.rect.left() + self._bias_x, n.rect.center().y() - h / 2)

    def _update_legend(self) -> None:
        pos = POSITIVE_COLOR.name()
        neg = NEGATIVE_COLOR.name()
        line1 = (f'<span style="color:{pos}">\u2501\u2501</span> positive weight &nbsp; '
                 f'<span style="color:{neg}">\u2501\u2501</span> negative weight &nbsp;\u00b7&nbsp; '
                 f'thicker = larger |weight|')
        if self._probe is None:
            line2 = ('<span style="color:#606060">Hover over a neuron or an edge to read its '
                     'value.</span>')
        else:
            line2 = (f'<span style="background:{ACTIVE_COLOR.name()}">&nbsp;&nbsp;&nbsp;&nbsp;'
                     f'</span> neuron fill = its activation \u03c3(w\u00b7x + b) at '
                     f'x = {_fmt_short(self._probe)} (white = 0, yellow = 1)')
        self._legend.setHtml(f"{line1}<br>{line2}")

    # ---------------------------------------------------------------- per-frame updates
    def _refresh_values(self) -> None:
        # Pens: work out (visible, sign, rounded width) for all 2H edges with numpy, then
        # touch only the edges whose key changed since the last frame.
        for arr, attr, cache_name in ((self._w, "edge_in", "_pen_cache_w"),
                                      (self._v, "edge_out", "_pen_cache_v")):
            keys = self._edge_keys(arr)
            old = getattr(self, cache_name)
            changed = range(len(arr)) if old is None or old.shape != keys.shape else \
                np.flatnonzero(np.any(keys != old, axis=1))
            for i in changed:
                self._apply_edge(getattr(self._neurons[i], attr), keys[i])
            setattr(self, cache_name, keys)
        show_labels = self._show_edge_labels
        for i, n in enumerate(self._neurons):
            bs = f"b = {_fmt_short(self._b[i])}"
            if bs != n.bias_s:
                n.bias_s = bs
                n.bias.setText(bs)
            if show_labels:
                n.label_in.set_text(f"w{i + 1} = {_fmt_short(self._w[i])}")
                n.label_out.set_text(f"v{i + 1} = {_fmt_short(self._v[i])}")
        if not self._labels_synced:
            self._refresh_label_visibility()
        self._refresh_io_labels()

    @staticmethod
    def _edge_keys(w: np.ndarray) -> np.ndarray:
        """Per weight: [state, width] with state 0 = not drawn (non-finite),
        1 = positive, -1 = negative, 2 = exactly zero; width rounded to 0.1 px."""
        w = np.asarray(w, dtype=float)
        finite = np.isfinite(w)
        a = np.where(finite, np.abs(w), 0.0)
        f = np.minimum(1.0, np.log1p(a) / math.log1p(WIDTH_REF))
        width = np.round(MIN_EDGE_WIDTH + (MAX_EDGE_WIDTH - MIN_EDGE_WIDTH) * f, 1)
        state = np.where(~finite, 0.0, np.where(w > 0, 1.0, np.where(w < 0, -1.0, 2.0)))
        return np.stack([state, width], axis=1) if w.size else np.zeros((0, 2))

    @staticmethod
    def _apply_edge(edge: QGraphicsLineItem, key) -> None:
        state, width = float(key[0]), float(key[1])
        if state == 0:
            edge.setVisible(False)
            return
        if state == 2:
            pen = QPen(ZERO_COLOR, MIN_EDGE_WIDTH, Qt.PenStyle.DashLine)
        else:
            pen = QPen(POSITIVE_COLOR if state > 0 else NEGATIVE_COLOR, width)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        edge.setPen(pen)
        if not edge.isVisible():
            edge.setVisible(True)

    def _refresh_label_visibility(self) -> None:
        on = self._show_edge_labels
        self._labels_synced = bool(self._neurons) and len(self._w) == len(self._neurons)
        for i, n in enumerate(self._neurons):
            for lab, val, kind in ((n.label_in, self._w, "w"), (n.label_out, self._v, "v")):
                want = on and i < len(val)
                if want and lab._s is None:
                    lab.set_text(f"{kind}{i + 1} = {_fmt_short(val[i])}")
                if lab.isVisible() != want:
                    lab.setVisible(want)

    def _refresh_io_labels(self) -> None:
        if self._hidden is None:
            return
        r = self.NODE_RADIUS
        px = self._probe
        xs = "" if px is None else f"x = {_fmt_short(px)}"
        ys = f"c = {_fmt_short(self._c)}"
        if px is not None:
            ys += f"\ny = {_fmt_short(self._output_at_probe())}"
        for item, s, c in ((self._x_value, xs, self._x_center), (self._y_value, ys, self._y_center)):
            if item.text() != s:
                item.setText(s)
            br = item.boundingRect()
            item.setPos(c.x() - br.width() / 2, c.y() + r + 3)

    def _output_at_probe(self) -> float:
        if self._probe is None:
            return math.nan
        with np.errstate(all="ignore"):
            return float(np.sum(self._v * self._act) + self._c)

    def _refresh_activation(self) -> None:
        if self._probe is None:
            for n in self._neurons:
                if n.brush_key is not None:
                    n.brush_key = None
                    n.pill.setBrush(QColor("white"))
                    n.pill.setPen(QPen(NODE_BORDER, 1.3))
            return
        with np.errstate(all="ignore"):
            self._act = _sigmoid(self._w * self._probe + self._b)
        for n, a in zip(self._neurons, self._act):
            key = round(float(a), 3) if math.isfinite(a) else "nan"
            if key == n.brush_key:
                continue
            n.brush_key = key
            if key == "nan":
                n.pill.setBrush(QBrush(QColor("#DDDDDD"), Qt.BrushStyle.BDiagPattern))
                n.pill.setPen(QPen(NODE_BORDER, 1.3, Qt.PenStyle.DashLine))
            else:
                n.pill.setBrush(_lerp_color(QColor("white"), ACTIVE_COLOR, key))
                n.pill.setPen(QPen(NODE_BORDER, 1.3))
        self._refresh_io_labels()


# --------------------------------------------------------------------------- editor
class _ValueSpin(QDoubleSpinBox):
    """Exact entry; shows a dash for a non-finite value."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setDecimals(3)
        self.setRange(-SPIN_RANGE, SPIN_RANGE)
        self.setSingleStep(0.1)
        self.setKeyboardTracking(False)  # typing commits on Enter / focus-out
        self.setAccelerated(True)
        self.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.UpDownArrows)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        # room for "-88.888"; longer values still show (the text scrolls) and the tooltip helps
        self.setFixedWidth(round(QFontMetricsF(self.font()).horizontalAdvance("-888.888")) + 30)
        self._nonfinite = False

    def show_value(self, v: float) -> None:
        """Set without emitting (caller blocks signals)."""
        if not math.isfinite(v):
            self._nonfinite = True
            self.setSpecialValueText(DASH)
            self.setValue(self.minimum())
            return
        if self._nonfinite:
            self._nonfinite = False
            self.setSpecialValueText("")
        if abs(v) > self.maximum():
            lim = 10.0 ** math.ceil(math.log10(abs(v)) + 1e-12)
            self.setRange(-lim, lim)
        self.setValue(v)

    def clear_nonfinite(self) -> None:
        if self._nonfinite:
            self._nonfinite = False
            self.setSpecialValueText("")


class _ParamControl(QWidget):
    """label, slider (-10..10) and spin box for one parameter."""

    edited = Signal(int, float)  # param index, value
    touched = Signal(int)  # the user grabbed the slider or started typing

    def __init__(self, index: int, name: str, tip: str, parent=None):
        super().__init__(parent)
        self.index = index
        self.name = name
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        self.label = QLabel(name)
        self.label.setMinimumWidth(QFontMetricsF(self.label.font()).horizontalAdvance("w16") + 4)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        n = int(SLIDER_RANGE * SLIDER_STEPS_PER_UNIT)
        self.slider.setRange(-n, n)
        self.slider.setSingleStep(10)  # 0.1
        self.slider.setPageStep(100)  # 1.0
        self.slider.setMinimumWidth(50)
        self.spin = _ValueSpin()
        for wdg in (self.label, self.slider, self.spin):
            wdg.setToolTip(tip)
        lay.addWidget(self.label)
        lay.addWidget(self.slider, 1)
        lay.addWidget(self.spin)
        self.value = 0.0
        self.slider.valueChanged.connect(self._on_slider)
        self.spin.valueChanged.connect(self._on_spin)
        self.slider.sliderPressed.connect(lambda: self.touched.emit(self.index))
        self.spin.lineEdit().textEdited.connect(lambda _t: self.touched.emit(self.index))

    def busy(self) -> bool:
        """The user is dragging the slider or typing in the box: don't overwrite."""
        return self.slider.isSliderDown() or (self.spin.hasFocus() and self.spin.lineEdit().isModified())

    def show_value(self, v: float) -> None:
        self.value = float(v)
        self.slider.blockSignals(True)
        self.spin.blockSignals(True)
        try:
            if math.isfinite(v):
                lim = SLIDER_RANGE * SLIDER_STEPS_PER_UNIT
                self.slider.setValue(int(round(max(-lim, min(lim, v * SLIDER_STEPS_PER_UNIT)))))
            self.spin.show_value(v)
        finally:
            self.slider.blockSignals(False)
            self.spin.blockSignals(False)

    def _on_slider(self, s: int) -> None:
        v = s / SLIDER_STEPS_PER_UNIT
        self.value = v
        self.spin.blockSignals(True)
        self.spin.show_value(v)
        self.spin.blockSignals(False)
        self.edited.emit(self.index, v)

    def _on_spin(self, v: float) -> None:
        self.spin.clear_nonfinite()
        self.value = float(v)
        lim = SLIDER_RANGE * SLIDER_STEPS_PER_UNIT
        self.slider.blockSignals(True)
        self.slider.setValue(int(round(max(-lim, min(lim, v * SLIDER_STEPS_PER_UNIT)))))
        self.slider.blockSignals(False)
        self.edited.emit(self.index, float(v))


class NetworkParamsEditor(QWidget):
    """Manual mode: one row per hidden neuron (w_i, b_i, v_i) plus the output bias c."""

    paramsEdited = Signal(object)  # np.ndarray of all params (a fresh copy each time)
    examplePicked = Signal(int)  # 1, 2 or 4: seed 001's example networks
    reinitRequested = Signal()

    EXAMPLES = (1, 2, 4)
    MAX_REFRESH_HZ = 20.0  # widget refreshes per second while set_params streams in

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._hidden: int | None = None
        self._params = np.zeros(0)
        self._dirty = False
        self._last_refresh = -math.inf
        self._active: _ParamControl | None = None  # the control the user touched last
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)
        self._groups: list[QFrame] = []
        self._boxes: list[QBoxLayout] = []
        self._titles: list[tuple[QHBoxLayout, QLabel]] = []
        self._controls: list[_ParamControl] = []  # index == parameter index

        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.setSpacing(4)

        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        lab = QLabel("Seed 001 examples:")
        lab.setToolTip("Load the example networks of seed 001 (the universal-approximator demo).")
        buttons.addWidget(lab)
        self.example_buttons: dict[int, QPushButton] = {}
        for k in self.EXAMPLES:
            btn = QPushButton(f"{k} neuron" + ("" if k == 1 else "s"))
            btn.setToolTip(f"Load seed 001's example with {k} hidden neuron" + ("" if k == 1 else "s"))
            btn.clicked.connect(lambda _=False, k=k: self.examplePicked.emit(k))
            buttons.addWidget(btn)
            self.example_buttons[k] = btn
        buttons.addStretch(1)
        self.reinit_button = QPushButton("Re-initialise (random)")
        self.reinit_button.setToolTip("Start again from new random parameters.")
        self.reinit_button.clicked.connect(self.reinitRequested.emit)
        buttons.addWidget(self.reinit_button)
        outer.addLayout(buttons)

        hint = QLabel("Each neuron: h\u1d62 = \u03c3(w\u1d62\u00b7x + b\u1d62). Output: "
                      "y = \u03a3 v\u1d62\u00b7h\u1d62 + c. Sliders go from -10 to 10; type "
                      "any value in a box and press Enter.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #505050;")
        outer.addWidget(hint)

        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self._scroll.setFrameShape(QFrame.Shape.StyledPanel)
        self._rows = QWidget()
        self._rows_layout = QVBoxLayout(self._rows)
        self._rows_layout.setContentsMargins(2, 2, 2, 2)
        self._rows_layout.setSpacing(2)
        self._rows_layout.addStretch(1)
        self._scroll.setWidget(self._rows)
        outer.addWidget(self._scroll, 1)

        self._c_row = QFrame()
        self._c_row.setObjectName("outputGroup")
        self._c_layout = QHBoxLayout(self._c_row)
        self._c_layout.setContentsMargins(6, 2, 6, 2)
        c_title = QLabel("<b>output</b>")
        c_title.setToolTip("The output neuron y (no activation): y = \u03a3 v\u1d62\u00b7h\u1d62 + c")
        self._c_layout.addWidget(c_title)
        outer.addWidget(self._c_row)
        self._c_control: _ParamControl | None = None

    # ---------------------------------------------------------------- public API
    def set_params(self, params, hidden: int) -> None:
        """Show these parameters without emitting ``paramsEdited``; rebuilds the neuron
        rows only if ``hidden`` changed.

        Cheap at 60 calls/s: the values are stored at once (so the next ``paramsEdited``
        carries them), but the widgets are refreshed at most ``MAX_REFRESH_HZ`` times a
        second (the last call always lands, via a timer) and not at all while the editor
        is hidden (it catches up when shown). ``flush()`` refreshes now. The control the
        user is dragging or typing in keeps the user's value."""
        unpack_params(params, hidden)  # validates the length
        p = np.array(params, dtype=float).ravel()
        if hidden != self._hidden:
            self._rebuild(int(hidden))
        ctl = self._active
        if ctl is not None and ctl.busy():
            p[ctl.index] = ctl.value
        self._params = p
        self._dirty = True
        if not self.isVisible():
            return
        wait = self._last_refresh + 1.0 / self.MAX_REFRESH_HZ - time.monotonic()
        if wait <= 0:
            self.flush()
        elif not self._timer.isActive():
            self._timer.start(max(1, int(wait * 1000)))

    def flush(self) -> None:
        """Bring the widgets up to date with the last ``set_params`` now."""
        self._timer.stop()
        self._last_refresh = time.monotonic()
        if not self._dirty:
            return
        self._dirty = False
        p = self._params
        for k, ctl in enumerate(self._controls):
            v = p[k]
            if ctl.value == v or (math.isnan(v) and math.isnan(ctl.value)):
                continue
            if ctl is self._active and ctl.busy():
                continue
            ctl.show_value(v)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self.flush()

    def params(self) -> np.ndarray:
        return self._params.copy()

    def hidden(self) -> int | None:
        return self._hidden

    def group_count(self) -> int:
        return len(self._groups)

    def groups(self) -> list[QFrame]:
        return list(self._groups)

    def control(self, name: str) -> _ParamControl:
        """The control of a parameter by its display name: 'w1', 'b3', 'v2', 'c'."""
        for ctl in self._controls:
            if ctl.name == name:
                return ctl
        raise KeyError(name)

    # ---------------------------------------------------------------- building
    def _rebuild(self, hidden: int) -> None:
        for g in self._groups:
            self._rows_layout.removeWidget(g)
            g.setParent(None)
            g.deleteLater()
        self._groups = []
        self._boxes: list[QBoxLayout] = []
        self._titles: list[tuple[QHBoxLayout, QLabel]] = []
        self._controls = []
        for i in range(hidden):
            k = i + 1
            g = QFrame()
            g.setObjectName("neuronGroup")
            g.setFrameShape(QFrame.Shape.StyledPanel)
            lay = QHBoxLayout(g)
            lay.setContentsMargins(6, 2, 6, 2)
            lay.setSpacing(10)
            title = QLabel(f"<b>h{k}</b>")
            title.setMinimumWidth(QFontMetricsF(title.font()).horizontalAdvance("h16") + 8)
            title.setToolTip(f"Hidden neuron h{k} = \u03c3(w{k}\u00b7x + b{k})")
            lay.addWidget(title)
            self._titles.append((lay, title))
            box = QBoxLayout(self._direction())
            box.setSpacing(8)
            lay.addLayout(box, 1)
            self._boxes.append(box)
            tips = (
                f"w{k}: input weight (x \u2192 h{k}); how steeply h{k} switches on as x grows",
                f"b{k}: bias of h{k}; shifts where it switches on (at x = -b{k}/w{k})",
                f"v{k}: output weight (h{k} \u2192 y); the height of h{k}'s step in y",
            )
            for j, (name, tip) in enumerate(zip((f"w{k}", f"b{k}", f"v{k}"), tips)):
                ctl = _ParamControl(3 * i + j, name, tip + ". Slider -10..10; type any value in the box.")
                ctl.edited.connect(self._on_edited)
                ctl.touched.connect(self._on_touched)
                box.addWidget(ctl, 1)
                self._controls.append(ctl)
            self._rows_layout.insertWidget(self._rows_layout.count() - 1, g)
            self._groups.append(g)
        self._apply_direction()
        if self._c_control is not None:
            self._c_layout.removeWidget(self._c_control)
            self._c_control.setParent(None)
            self._c_control.deleteLater()
        self._c_control = _ParamControl(
            3 * hidden, "c", "c: output bias, added to y. Slider -10..10; type any value in the box.")
        self._c_control.edited.connect(self._on_edited)
        self._c_control.touched.connect(self._on_touched)
        self._c_layout.addWidget(self._c_control, 1)
        self._controls.append(self._c_control)
        self._hidden = hidden
        self._active = None
        self._params = np.zeros(3 * hidden + 1)
        for ctl in self._controls:
            ctl.show_value(0.0)

    # one line per neuron when there is room, else w, b, v stacked under each other
    WIDE_MIN_WIDTH = 640  # px of editor width for the one-line layout

    def _direction(self) -> QBoxLayout.Direction:
        wide = self.width() >= self.WIDE_MIN_WIDTH
        return QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._apply_direction()

    def _apply_direction(self) -> None:
        d = self._direction()
        align = (Qt.AlignmentFlag.AlignVCenter if d == QBoxLayout.Direction.LeftToRight
                 else Qt.AlignmentFlag.AlignTop)
        for box, (lay, title) in zip(self._boxes, self._titles):
            if box.direction() != d:
                box.setDirection(d)
            lay.setAlignment(title, align)

    def _on_touched(self, index: int) -> None:
        self._active = self._controls[index]

    def _on_edited(self, index: int, value: float) -> None:
        self._active = self._controls[index]
        p = self._params.copy()
        p[index] = value
        self._params = p
        self.paramsEdited.emit(p.copy())


# --------------------------------------------------------------------------- panel
class NetworkPanel(QWidget):
    """Diagram on top, editor below (in a vertical splitter; either can be collapsed)."""

    paramsEdited = Signal(object)
    examplePicked = Signal(int)
    reinitRequested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
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
        self.editor.paramsEdited.connect(self.paramsEdited)
        self.editor.examplePicked.connect(self.examplePicked)
        self.editor.reinitRequested.connect(self.reinitRequested)

    def set_params(self, params, hidden: int) -> None:
        self.diagram.set_params(params, hidden)
        self.editor.set_params(params, hidden)

    def set_probe_x(self, x: float | None) -> None:
        self.diagram.set_probe_x(x)
