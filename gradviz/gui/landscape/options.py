"""The landscape's options, off at first: the curvature (the local quadratic model's ellipse,
the eigenvalues in the readout), each point's share of the gradient (with the mini-batch's
gradient) and training on standardized x. A note below says what the overlays show."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from gradviz.gui.theme.apply import themes
from gradviz.gui.widgets.flow_layout import FlowLayout

CURVATURE_TIP = ("The local quadratic model of the loss at the current point: its level set through the "
                 "ball (an ellipse where the loss curves up in every direction), centred where that model "
                 "is lowest, with its two principal directions. The readout lists the Hessian's eigenvalues, "
                 "the condition number and the largest stable rate 2/λmax.")
ARROWS_TIP = ("Each data point's own share of the step, −(its gradient), as a faint arrow from the current "
              "point; the white arrow is their sum, the gradient. With SGD the green arrow is the next "
              "mini-batch's gradient and the data view rings its points. Hover a point or an arrow to "
              "link the two.")

STANDARDIZE_TIP = ("Train on u = (x − mean)/std instead of x: a new run from the same curve. The landscape, "
                   "the parameters and the readout are then on u (a long valley becomes round); the data "
                   "view keeps x's units and draws the same fit there.")


class LandscapeOptions(QWidget):
    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 0, 4, 0)
        outer.setSpacing(2)
        row = FlowLayout()  # wraps when zoomed text needs more than the dock's width
        row.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(row)
        self.curvature_button = self._toggle("Curvature", CURVATURE_TIP, "curvature")
        self.arrows_button = self._toggle("Per-point gradients", ARROWS_TIP, "point_arrows")
        self.standardize_button = self._toggle("Standardize x", STANDARDIZE_TIP, "standardize")
        row.addWidget(self.curvature_button)
        row.addWidget(self.arrows_button)
        row.addWidget(self.standardize_button)
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)  # never widens the dock
        themes().follow(self.note_label, lambda p: self.note_label.setStyleSheet(f"color:{p.muted_text}"))
        self.note_label.hide()
        outer.addWidget(self.note_label)
        session.settingsChanged.connect(self._sync)
        self._sync(session.settings)

    def _toggle(self, text: str, tip: str, field: str) -> QCheckBox:
        b = QCheckBox(text)
        b.setToolTip(tip)
        b.toggled.connect(lambda on: self.session.update_settings(**{field: on}))
        return b

    def _sync(self, s) -> None:
        for b, on in ((self.curvature_button, s.curvature), (self.arrows_button, s.point_arrows),
                      (self.standardize_button, s.standardize)):
            b.blockSignals(True)
            b.setChecked(on)
            b.blockSignals(False)

    def set_note(self, note: str | None) -> None:
        """A line below the toggles (None: hidden)."""
        if (note or "") != self.note_label.text():
            self.note_label.setText(note or "")
        self.note_label.setVisible(bool(note))

    def note(self) -> str:
        return "" if self.note_label.isHidden() else self.note_label.text()
