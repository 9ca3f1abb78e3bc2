"""The data view: points, the model's curve, residuals, and editing with the mouse."""

from gradviz.gui.data_view.density import MAX_DRAWN_POINTS, density_image
from gradviz.gui.data_view.editing import HIT_RADIUS_PX
from gradviz.gui.data_view.panel import DataPanel

__all__ = ["HIT_RADIUS_PX", "MAX_DRAWN_POINTS", "DataPanel", "density_image"]
