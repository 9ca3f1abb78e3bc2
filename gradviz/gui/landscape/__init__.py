"""The loss landscape: the controller, the pair selector, the contour and 3D views."""
