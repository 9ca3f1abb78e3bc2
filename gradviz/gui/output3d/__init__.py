"""The model's output over the (x1, x2) plane in 3D, beside the 2D map: the page that
switches between them (``page``), the box's mapping (``box``) and the GL view (``view``,
imported only when OpenGL works)."""

from gradviz.gui.output3d.page import TwoInputPage

__all__ = ["TwoInputPage"]
