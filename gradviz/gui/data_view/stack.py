"""The window's centre: the one-input data view, or the page for data of two inputs (the
(x1, x2) plane view or the 3D output), whichever fits the session's data."""

from __future__ import annotations

from PySide6.QtWidgets import QStackedWidget


class DataStack(QStackedWidget):
    def __init__(self, session, data_panel, two_inputs, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.data_panel = data_panel
        self.two_inputs = two_inputs
        self.addWidget(data_panel)
        self.addWidget(two_inputs)
        session.datasetChanged.connect(self._follow)
        self._follow(session.dataset)

    def _follow(self, ds) -> None:
        self.setCurrentWidget(self.two_inputs if ds.n_inputs == 2 else self.data_panel)

    def shown_view(self):
        """The data view on show (the two-input page's own, when it shows)."""
        shown = self.currentWidget()
        return shown.shown_view() if shown is self.two_inputs else shown
