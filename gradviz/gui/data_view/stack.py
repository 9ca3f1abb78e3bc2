"""The window's centre: the one-input data view, or the (x1, x2) plane view for data of
two inputs, whichever fits the session's data."""

from __future__ import annotations

from PySide6.QtWidgets import QStackedWidget


class DataStack(QStackedWidget):
    def __init__(self, session, data_panel, plane_view, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.data_panel = data_panel
        self.plane_view = plane_view
        self.addWidget(data_panel)
        self.addWidget(plane_view)
        session.datasetChanged.connect(self._follow)
        self._follow(session.dataset)

    def _follow(self, ds) -> None:
        self.setCurrentWidget(self.plane_view if ds.n_inputs == 2 else self.data_panel)

    def shown_view(self):
        """The data view on show."""
        return self.currentWidget()
