"""Partial derivatives as slices (seed 001, "Partial Derivatives"): the loss along each of
the landscape's two parameters with the other held where the run has it, each with the
current point's tangent. The tangent's slope is that component of the gradient, the same
number the readout shows as ∂L/∂w; together they are the gradient vector. Follows the run.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from gradviz.gui.landscape.slice_lines import COLOR_SLICE_U, COLOR_SLICE_V, SliceSource, slice_curves
from gradviz.gui.slopes.tangent_plot import TangentPlot, range_around, slope_words
from gradviz.gui.widgets.formatting import num


class SlicesView(QWidget):
    """Two slice plots side by side, the gradient they make written above them."""

    def __init__(self, session, landscape=None, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.landscape = landscape  # gives the pair and the window (None: first two, around the point)
        self._dirty = True
        self._pair = (0, 1)
        self._slopes: dict[str, float] = {}
        self._curves = SliceSource(self.refresh, self)
        self.gradient = QLabel()
        self.gradient.setTextFormat(Qt.TextFormat.RichText)
        self.gradient.setWordWrap(True)
        self.gradient.setToolTip("The two slopes together are the gradient vector ∇L; the readout shows the "
                                 "same numbers as ∂L/∂ (computed by the chain rule)")
        self.plots = [TangentPlot("u", "loss", COLOR_SLICE_U), TangentPlot("v", "loss", COLOR_SLICE_V)]
        self.labels = [QLabel(), QLabel()]
        grid = QGridLayout()
        for k, (plot, label) in enumerate(zip(self.plots, self.labels)):
            plot.setToolTip("The loss along this parameter with the other held where the run has it (a "
                            "slice through the landscape, drawn there as a line of the same colour). The "
                            "dashed tangent's slope is the partial derivative. It follows the run; to move "
                            "a point yourself, use the Derivative tab.")
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            grid.addWidget(plot, 0, k)
            grid.addWidget(label, 1, k)
            grid.setColumnStretch(k, 1)
        grid.setRowStretch(0, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.gradient)
        lay.addLayout(grid, 1)
        session.frameChanged.connect(self._on_frame)

    # ----- public --------------------------------------------------------------------------
    def pair(self) -> tuple[int, int]:
        """The indices of the two parameters sliced along (the landscape's pair)."""
        return self._pair

    def slopes(self) -> dict[str, float]:
        """{parameter name: slope of its slice's tangent} as drawn."""
        return dict(self._slopes)

    def refresh(self) -> None:
        """Draw the session's current frame now."""
        self._dirty = True
        if self.session.frame is not None:
            self._draw(self.session.frame)

    # ----- drawing -------------------------------------------------------------------------
    def _on_frame(self, frame) -> None:
        self._dirty = True
        if self.isVisible():
            self._draw(frame)

    def showEvent(self, ev) -> None:
        super().showEvent(ev)
        if self._dirty:
            self.refresh()

    def _draw(self, frame) -> None:
        model, snap, ds = frame.model, frame.snapshot, frame.dataset
        pair = self.landscape.pair if self.landscape is not None else (0, 1)
        window = self.landscape.window if self.landscape is not None else None
        if max(pair) >= model.n_params or model is not self.session.model:
            pair, window = (0, 1), None  # a frame of a model the landscape has left
        if window is None:
            window = tuple(range_around(float(snap.params[k])) for k in pair)
        self._dirty = False
        self._pair = pair
        loss = frame.settings.loss
        curves = self._curves.curves((model, ds, window, pair, loss),
                                     lambda: slice_curves(model, snap.params, pair, window, ds.x, ds.y, loss))
        names = model.param_names
        self._slopes = {}
        for k, (plot, label, xs, ys) in enumerate(zip(self.plots, self.labels, (curves.u, curves.v),
                                                      (curves.loss_u, curves.loss_v))):
            i, other = pair[k], pair[1 - k]
            name, held = names[i], names[other]
            slope = float(snap.grad[i])
            self._slopes[name] = slope
            plot.getPlotItem().setTitle(f"loss along {name}, {held} held at {num(float(snap.params[other]), 4)}",
                                        size="9pt")
            plot.getPlotItem().setLabel("bottom", name)
            plot.set_curve(xs, ys)
            plot.set_point(float(snap.params[i]), float(snap.loss), slope)
            label.setText(f"slope = <b>∂L/∂{name} = {num(slope)}</b>: "
                          f"{slope_words(slope, 'the loss')}")
        gx, gy = (self._slopes[names[k]] for k in pair)
        arrow = "" if not (math.isfinite(gx) and math.isfinite(gy)) else \
            f" &nbsp; gradient descent moves against it: −∇L = ({num(-gx)}, {num(-gy)})"
        self.gradient.setText(f"<b>∇L</b> = (∂L/∂{names[pair[0]]}, ∂L/∂{names[pair[1]]}) = "
                              f"(<b>{num(gx)}</b>, <b>{num(gy)}</b>){arrow}")
