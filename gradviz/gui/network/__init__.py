"""The sigmoid network's panel: the diagram and the weight editor."""

from gradviz.gui.network.diagram import NetworkDiagram
from gradviz.gui.network.panel import NetworkPanel
from gradviz.gui.network.weight_editor import NetworkParamsEditor

__all__ = ["NetworkDiagram", "NetworkPanel", "NetworkParamsEditor"]
