"""The network diagram: x (or x1, x2) -> H sigmoid neurons -> y, drawn in a QGraphicsView.

Hidden neuron i computes ``h_i = sigmoid(w_i * x + b_i)`` (with two inputs
``sigmoid(w_i1 * x1 + w_i2 * x2 + b_i)``) and the output is ``y = sum_i v_i * h_i + c``, or
its sigmoid for a network whose output is a probability (drawn as σ in the output node);
the parameters come in the order of the core network model of that shape
(``w1, b1, v1, ..., c`` or ``w1_1, w1_2, b1, v1, ..., c``, see :class:`NetShape`).

Items are built once per hidden size; ``set_params`` only changes pens, brushes and label
texts (cheap enough for 60 calls a second). Edge colour = sign (orange positive, blue
negative), width grows with log(1 + |weight|), clamped. Hovering any node or edge shows its
name and value. ``set_probe_x(x)`` fills each hidden neuron by its activation at that x.

Indices in the Python API (``node_activation(i)``, ``edge_item("w", i, j)``...) are 0-based;
everything the user reads (h1, w1, ...) is 1-based. ``edge_weights()`` gives every edge's
weight by its parameter name.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QEvent, QLineF, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QTransform
from PySide6.QtWidgets import (
    QFrame, QGraphicsLineItem, QGraphicsPathItem, QGraphicsScene,
    QGraphicsSimpleTextItem, QGraphicsTextItem, QGraphicsView, QSizePolicy, QToolTip, QWidget,
)

import gradviz.core as gc

from gradviz.gui.theme.apply import qcolor, themes
from gradviz.gui.network.diagram_items import IoNode, Neuron, apply_edge_pen, edge_keys
from gradviz.gui.network.diagram_text import Weights, formula, tooltip
from gradviz.gui.network.shape import NetShape
from gradviz.gui.network.style import (
    ACTIVE_COLOR, MUTED_TEXT, NEGATIVE_COLOR, NODE_BORDER, POSITIVE_COLOR, TEXT_COLOR, dist_to_segment, lerp_color,
)
from gradviz.gui.widgets.formatting import short


class NetworkDiagram(QGraphicsView):
    """x (or x1, x2) -> H sigmoid neurons -> y.

    ``set_params(params, hidden, inputs, sigmoid)`` is cheap after the first call for a given
    shape; ``set_probe_x(x)`` shades each hidden neuron by ``sigmoid(w_i x + b_i)`` (None =
    off; one input only).
    """

    NODE_RADIUS = 18.0
    MIN_SPACING = 22.0  # px between hidden neurons; below that the view is scaled down
    MIN_LAYOUT_WIDTH = 320.0  # px; a narrower panel scales the view down
    MAX_SPACING = 84.0
    EDGE_LABEL_MIN_SPACING = 40.0  # weights are written on edges only when there is room
    # two inputs put two weight labels beside each neuron: they need more room
    EDGE_LABEL_MIN_SPACING_TWO = 52.0
    MARGIN = 10.0

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._scene = QGraphicsScene(self)
        # ~100 items that change every frame: a BSP index would only cost (Qt's advice)
        self._scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.setScene(self._scene)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scale = 1.0
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
        self._shape = NetShape(1)
        self._W = np.zeros((0, 1))
        self._b = self._v = np.zeros(0)
        self._c = math.nan
        self._probe: float | None = None
        self._act = np.zeros(0)
        self._neurons: list[Neuron] = []
        self._pen_cache_w: np.ndarray | None = None  # last edge_keys per edge, to skip setPen
        self._pen_cache_v: np.ndarray | None = None
        self._show_edge_labels = False
        self._labels_synced = False
        self._in_centers = [QPointF(), QPointF()]
        self._y_center = QPointF()

        sc = self._scene
        self._legend = QGraphicsTextItem()
        self._legend.setFont(small)
        self._legend.setDefaultTextColor(TEXT_COLOR)
        sc.addItem(self._legend)
        self._formula = QGraphicsSimpleTextItem(formula(self._shape))
        self._formula.setFont(base)
        self._formula.setBrush(MUTED_TEXT)
        sc.addItem(self._formula)
        self._placeholder = QGraphicsSimpleTextItem("No network yet.")
        self._placeholder.setFont(base)
        self._placeholder.setBrush(MUTED_TEXT)
        sc.addItem(self._placeholder)

        r = self.NODE_RADIUS
        self._in_nodes = [IoNode(sc, r, node) for _ in range(2)]  # the second for two inputs
        self._y_node = IoNode(sc, r, node)
        self._y_node.set_name("y")
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

        themes().follow(self, self._restyle)
        self._name_nodes()
        self._set_network_visible(False)
        self._relayout()

    # ---------------------------------------------------------------- public API
    def set_params(self, params, hidden: int, inputs: int = 1, sigmoid: bool = False) -> None:
        """Show these parameters (in the order of the network of this shape: w1, b1, v1, ...,
        c for one input). Non-finite values are shown as a dash and their edge is not drawn."""
        shape = NetShape(int(hidden), int(inputs), bool(sigmoid))
        self._W, self._b, self._v, self._c = shape.unpack(params)  # before a rebuild: its relayout reads them
        old = self._shape
        self._shape = shape
        if self._hidden is None or (shape.hidden, shape.inputs) != (old.hidden, old.inputs):
            self._rebuild(shape)
        elif shape.sigmoid != old.sigmoid:
            self._name_nodes()
        if shape.inputs != 1:
            self._probe = None  # the probe is an x of the one-input data view
        self._refresh_values()
        if self._probe is not None:
            self._refresh_activation()

    def show_message(self, text: str) -> None:
        """No diagram, ``text`` in its place (a network it cannot draw); the next
        set_params draws one again."""
        for n in self._neurons:
            for item in n.items():
                item.setVisible(False)
        self._hidden = None
        self._placeholder.setText(text)
        self._set_network_visible(False)

    def placeholder_text(self) -> str:
        """The text shown in place of a diagram ("" while a diagram is shown)."""
        return self._placeholder.text() if self._placeholder.isVisible() else ""

    def set_probe_x(self, x: float | None) -> None:
        """Shade hidden neuron i by sigmoid(w_i x + b_i) at this x; None turns shading off
        (and so does a network of two inputs: one x is not a point of its plane)."""
        was = self._probe
        self._probe = None if x is None or self._shape.inputs != 1 else float(x)
        self._refresh_activation()
        if (was is None) != (self._probe is None) or self._probe is not None:
            self._update_legend()
            self._refresh_io_labels()
        if (was is None) != (self._probe is None):
            self._relayout()

    # ---------------------------------------------------------------- introspection
    def hidden(self) -> int | None:
        return self._hidden

    def shape(self) -> NetShape:
        """The shape of the network drawn (or last drawn)."""
        return self._shape

    def probe_x(self) -> float | None:
        return self._probe

    def node_activation(self, i: int) -> float | None:
        """Activation of hidden neuron i (0-based) at the probe x; None without a probe."""
        if self._probe is None or not (0 <= i < len(self._act)):
            return None
        return float(self._act[i])

    def node_positions(self) -> list[QPointF]:
        """Scene centres of the inputs (x, or x1 and x2), h1..hH and y (in that order)."""
        return [QPointF(c) for c in self._in_centers[:self._shape.inputs]] + [
            n.rect.center() for n in self._neurons] + [QPointF(self._y_center)]

    def node_names(self) -> list[str]:
        """What the input and output nodes say, inputs first: ['x1', 'x2', 'σ']."""
        return [node.name() for node in self._in_nodes[:self._shape.inputs]] + [self._y_node.name()]

    def node_item(self, i: int) -> QGraphicsPathItem:
        """The shape of hidden neuron i (0-based); its brush shows the activation."""
        return self._neurons[i].pill

    def edge_item(self, kind: str, i: int, j: int = 0) -> QGraphicsLineItem:
        """``edge_item("w", i, j)``: input j -> h_{i+1}; ``edge_item("v", i)``: h_{i+1} -> output."""
        n = self._neurons[i]
        return n.edges_in[j] if kind == "w" else {"v": n.edge_out}[kind]

    def edge_label_text(self, kind: str, i: int, j: int = 0) -> str:
        n = self._neurons[i]
        return (n.labels_in[j] if kind == "w" else {"v": n.label_out}[kind]).text.text()

    def edge_weights(self) -> dict[str, float]:
        """Every edge's weight by its parameter name: {'w1_1': ..., 'w1_2': ..., 'v1': ...}."""
        out = {}
        for i in range(len(self._neurons)):
            for j in range(self._shape.inputs):
                out[self._shape.weight_name(i, j)] = float(self._W[i, j])
            out[f"v{i + 1}"] = float(self._v[i])
        return out

    def edge_by_name(self, name: str) -> QGraphicsLineItem:
        """The edge that draws the weight ``name`` (KeyError for a name that is not an edge's)."""
        for i in range(len(self._neurons)):
            if name == f"v{i + 1}":
                return self._neurons[i].edge_out
            for j in range(self._shape.inputs):
                if name == self._shape.weight_name(i, j):
                    return self._neurons[i].edges_in[j]
        raise KeyError(name)

    def bias_text(self, i: int) -> str:
        """The bias written in hidden neuron i (0-based), e.g. 'b = -0.25'."""
        return self._neurons[i].bias.text()

    def edge_labels_visible(self) -> bool:
        return self._show_edge_labels

    def formula_text(self) -> str:
        return self._formula.text()

    def tooltip_text(self, key: tuple) -> str:
        """Tooltip for ("w", i[, j]), ("v", i), ("h", i), ("x"[, j]) or ("y",)."""
        values = Weights(self._shape, self._W, self._b, self._v, self._c)
        return tooltip(values, key, self._probe, self._act, self._output_at_probe())

    def key_at(self, scene_pos: QPointF) -> tuple | None:
        """What is under this scene point: a node, else the nearest edge within a few px."""
        if self._hidden is None:
            return None
        r = self.NODE_RADIUS
        one = self._shape.inputs == 1
        for j, c in enumerate(self._in_centers[:self._shape.inputs]):
            if QLineF(scene_pos, c).length() <= r + 1:
                return ("x",) if one else ("x", j)
        if QLineF(scene_pos, self._y_center).length() <= r + 1:
            return ("y",)
        for i, n in enumerate(self._neurons):
            if n.rect.adjusted(-1, -1, 1, 1).contains(scene_pos):
                return ("h", i)
        best, best_d = None, math.inf
        for i, n in enumerate(self._neurons):
            for kind, j, e, lab in n.edges():
                key = (kind, i) if kind == "v" or one else (kind, i, j)
                if lab.isVisible() and lab.plate.sceneBoundingRect().contains(scene_pos):
                    return key
                if not e.isVisible():
                    continue
                line = e.line()
                d = dist_to_segment(scene_pos, line.p1(), line.p2())
                if d <= max(5.0, e.pen().widthF() / 2 + 3) and d < best_d:
                    best, best_d = key, d
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
    def _io_items(self) -> list:
        return [node.circle for node in self._in_nodes[:self._shape.inputs]] + [
            self._y_node.circle, self._x_caption, self._y_caption, self._x_value, self._y_value, self._formula]

    def _set_network_visible(self, on: bool) -> None:
        for item in self._io_items():
            item.setVisible(on)
        for node in self._in_nodes[self._shape.inputs:]:
            node.circle.setVisible(False)
        self._placeholder.setVisible(not on)

    def _name_nodes(self) -> None:
        for node, name in zip(self._in_nodes, self._shape.input_names()):
            node.set_name(name)
        self._y_node.set_name("\u03c3" if self._shape.sigmoid else "y")
        self._x_caption.setText("input" if self._shape.inputs == 1 else "inputs")
        self._formula.setText(formula(self._shape))

    def _rebuild(self, shape: NetShape) -> None:
        for n in self._neurons:
            for item in n.items():
                self._scene.removeItem(item)
        self._neurons = [Neuron(self._scene, i, self._fonts, shape.inputs) for i in range(shape.hidden)]
        self._hidden = shape.hidden
        self._pen_cache_w = self._pen_cache_v = None
        self._act = np.full(shape.hidden, math.nan)
        self._name_nodes()
        self._set_network_visible(True)
        self._relayout()

    def _relayout(self) -> None:
        """Place everything for the current viewport size, and scale the view down as far as
        needed for every node to be in sight (the layout keeps a readable spacing, the
        scale keeps the aspect ratio)."""
        vp = self.viewport().size()
        vw, vh = max(float(vp.width()), 1.0), max(float(vp.height()), 1.0)
        top_scale = min(1.0, vw / self.MIN_LAYOUT_WIDTH)
        scale = top_scale
        for _ in range(3):  # the legend wraps less on a wider layout: settle in a few passes
            scale = min(top_scale, vh / self._place(vw / scale, vh / scale))
        scale = min(scale, vh / self._place(vw / scale, vh / scale))  # never more than fits
        self.setTransform(QTransform.fromScale(scale, scale))
        self._scale = scale

    def view_scale(self) -> float:
        """How far the diagram is scaled down to fit its panel (1 = not at all)."""
        return self._scale

    def _place(self, W: float, view_h: float) -> float:
        """Lay out for a scene of width W and visible height view_h; returns the height needed."""
        m = self.MARGIN
        self._legend.setTextWidth(max(100.0, W - 2 * m))
        self._legend.setPos(m, 4)
        top = 4 + self._legend.boundingRect().height() + 8
        fb = self._formula.boundingRect()
        H = self._hidden or 0
        r = self.NODE_RADIUS
        inputs = self._shape.inputs
        avail = max(view_h - top - fb.height() - 2 * m, 2 * r + 40)
        spacing = min(self.MAX_SPACING, max(self.MIN_SPACING, avail / max(H, 1)))
        # two inputs half a spacing above and below the middle (never overlapping)
        half = 0.0 if inputs == 1 else max(spacing / 2, r + 4)
        col_h = max(spacing * max(H, 1), 2 * r + 40, 2 * half + 2 * r + 24)
        y0 = top + max(0.0, (avail - col_h) / 2)
        cy = y0 + col_h / 2
        need_h = y0 + col_h + fb.height() + 2 * m

        self._placeholder.setPos(m, top)
        self._formula.setPos((W - fb.width()) / 2, y0 + col_h + m)

        ph = min(34.0, max(18.0, spacing * 0.75))
        pw = self._pill_w
        x_left = m + r + 12
        ins = [QPointF(x_left, cy)] if inputs == 1 else [QPointF(x_left, cy - half), QPointF(x_left, cy + half)]
        yc = QPointF(W - m - r - 24, cy)
        self._in_centers[:inputs] = ins
        self._y_center = yc
        for node, c in zip(self._in_nodes, ins):
            node.circle.setPos(c)
        self._y_node.circle.setPos(yc)
        for cap, c in ((self._x_caption, ins[0]), (self._y_caption, yc)):
            br = cap.boundingRect()
            cap.setPos(c.x() - br.width() / 2, c.y() - r - br.height() - 2)
        hx = (x_left + yc.x()) / 2

        need = self.EDGE_LABEL_MIN_SPACING if inputs == 1 else self.EDGE_LABEL_MIN_SPACING_TWO
        self._show_edge_labels = spacing >= need
        y_first = cy - spacing * max(H, 1) / 2
        for i, n in enumerate(self._neurons):
            ny = y_first + spacing * (i + 0.5)
            rect = QRectF(hx - pw / 2, ny - ph / 2, pw, ph)
            n.rect = rect
            path = QPainterPath()
            path.addRoundedRect(rect, ph / 2, ph / 2)
            n.pill.setPath(path)
            nb = n.name.boundingRect()
            n.name.setPos(rect.left() + 10, ny - nb.height() / 2)
            self._place_bias(n)
            b_in = QPointF(rect.left(), ny)
            for e, lab, c in zip(n.edges_in, n.labels_in, ins):
                a_in = QPointF(c.x() + r, c.y())
                e.setLine(QLineF(a_in, b_in))
                lab.set_center(a_in + (b_in - a_in) * 0.68)
            a_out, b_out = QPointF(rect.right(), ny), QPointF(yc.x() - r, yc.y())
            n.edge_out.setLine(QLineF(a_out, b_out))
            n.label_out.set_center(a_out + (b_out - a_out) * 0.32)
        self._refresh_label_visibility()
        self._refresh_io_labels()
        self._scene.setSceneRect(QRectF(0, 0, W, max(view_h, need_h)))
        return need_h

    def _place_bias(self, n: Neuron) -> None:
        # left-aligned at a fixed x, so a new value needs no re-positioning
        h = QFontMetricsF(self._fonts["small"]).height()
        n.bias.setPos(n.rect.left() + self._bias_x, n.rect.center().y() - h / 2)

    def _restyle(self, p) -> None:
        """The ground and the text drawn on it; neurons and weight labels keep their own plates."""
        self.setBackgroundBrush(qcolor(p.plot_background))
        self._legend.setDefaultTextColor(qcolor(p.text))
        for t in (self._formula, self._placeholder, self._x_caption, self._y_caption):
            t.setBrush(qcolor(p.muted_text))
        for t in (self._x_value, self._y_value):
            t.setBrush(qcolor(p.text))
        self._update_legend()

    def _update_legend(self) -> None:
        pos = POSITIVE_COLOR.name()
        neg = NEGATIVE_COLOR.name()
        line1 = (f'<span style="color:{pos}">\u2501\u2501</span> positive weight &nbsp; '
                 f'<span style="color:{neg}">\u2501\u2501</span> negative weight &nbsp;\u00b7&nbsp; '
                 f'thicker = larger |weight|')
        if self._probe is None:
            line2 = (f'<span style="color:{themes().palette().muted_text}">Hover over a neuron or an edge '
                     'to read its value.</span>')
        else:
            line2 = (f'<span style="background:{ACTIVE_COLOR.name()}">&nbsp;&nbsp;&nbsp;&nbsp;'
                     f'</span> neuron fill = its activation \u03c3(w\u00b7x + b) at '
                     f'x = {short(self._probe)} (white = 0, yellow = 1)')
        self._legend.setHtml(f"{line1}<br>{line2}")

    # ---------------------------------------------------------------- per-frame updates
    def _refresh_values(self) -> None:
        # Pens: work out (visible, sign, rounded width) for all edges with numpy, then
        # touch only the edges whose key changed since the last frame.
        k = self._shape.inputs
        edges_w = [e for n in self._neurons for e in n.edges_in]  # in W.ravel()'s order
        edges_v = [n.edge_out for n in self._neurons]
        for arr, edges, cache_name in ((self._W.ravel(), edges_w, "_pen_cache_w"),
                                       (self._v, edges_v, "_pen_cache_v")):
            keys = edge_keys(arr)
            old = getattr(self, cache_name)
            changed = range(len(arr)) if old is None or old.shape != keys.shape else \
                np.flatnonzero(np.any(keys != old, axis=1))
            for f in changed:
                apply_edge_pen(edges[f], keys[f])
            setattr(self, cache_name, keys)
        show_labels = self._show_edge_labels
        for i, n in enumerate(self._neurons):
            bs = f"b = {short(self._b[i])}"
            if bs != n.bias_s:
                n.bias_s = bs
                n.bias.setText(bs)
            if show_labels:
                for j in range(k):
                    n.labels_in[j].set_text(f"{self._shape.weight_name(i, j)} = {short(self._W[i, j])}")
                n.label_out.set_text(f"v{i + 1} = {short(self._v[i])}")
        if not self._labels_synced:
            self._refresh_label_visibility()
        self._refresh_io_labels()

    def _refresh_label_visibility(self) -> None:
        on = self._show_edge_labels
        self._labels_synced = bool(self._neurons) and len(self._W) == len(self._neurons)
        for i, n in enumerate(self._neurons):
            for kind, j, _e, lab in n.edges():
                val = self._W[:, j] if kind == "w" else self._v
                want = on and i < len(val)
                if want and not lab.has_text():
                    name = self._shape.weight_name(i, j) if kind == "w" else f"v{i + 1}"
                    lab.set_text(f"{name} = {short(val[i])}")
                if lab.isVisible() != want:
                    lab.setVisible(want)

    def _refresh_io_labels(self) -> None:
        if self._hidden is None:
            return
        r = self.NODE_RADIUS
        px = self._probe
        xs = "" if px is None else f"x = {short(px)}"
        ys = f"c = {short(self._c)}"
        if px is not None:
            ys += f"\ny = {short(self._output_at_probe())}"
        for item, s, c in ((self._x_value, xs, self._in_centers[0]), (self._y_value, ys, self._y_center)):
            if item.text() != s:
                item.setText(s)
            br = item.boundingRect()
            item.setPos(c.x() - br.width() / 2, c.y() + r + 3)

    def _output_at_probe(self) -> float:
        if self._probe is None:
            return math.nan
        with np.errstate(all="ignore"):
            z = float(np.sum(self._v * self._act) + self._c)
        return gc.sigmoid(z) if self._shape.sigmoid else z

    def _refresh_activation(self) -> None:
        if self._probe is None:
            for n in self._neurons:
                if n.brush_key is not None:
                    n.brush_key = None
                    n.pill.setBrush(QColor("white"))
                    n.pill.setPen(QPen(NODE_BORDER, 1.3))
            return
        with np.errstate(all="ignore"):
            self._act = gc.sigmoid(self._W[:, 0] * self._probe + self._b)
        for n, a in zip(self._neurons, self._act):
            key = round(float(a), 3) if math.isfinite(a) else "nan"
            if key == n.brush_key:
                continue
            n.brush_key = key
            if key == "nan":
                n.pill.setBrush(QBrush(QColor("#DDDDDD"), Qt.BrushStyle.BDiagPattern))
                n.pill.setPen(QPen(NODE_BORDER, 1.3, Qt.PenStyle.DashLine))
            else:
                n.pill.setBrush(lerp_color(QColor("white"), ACTIVE_COLOR, key))
                n.pill.setPen(QPen(NODE_BORDER, 1.3))
        self._refresh_io_labels()
