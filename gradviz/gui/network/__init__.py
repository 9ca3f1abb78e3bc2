"""The sigmoid network's panel: the diagram and the weight editor."""
