"""The loss landscape: the loss over two parameters as a 3D surface and as a 2D map.

* ``controller``: feeds both views from the session's frames; picks the window shown.
* ``pair_selector``, ``range_dialog``: the row above the views (pair, fit, ranges).
* ``contour_view``, ``surface_view``: the two views, one contract:
  ``set_surface(u, v, Z, u_label, v_label)`` when the surface changes (``Z[a, b]`` is the
  loss at ``(u[a], v[b])``); ``set_state(LandscapeState)`` up to ~60 times a second, which
  only moves items built once; ``clear_state()`` hides the ball, path, arrow and star;
  ``clear_surface(hint)`` empties the view with a hint saying why.
* ``state``, ``grid``, ``scales``, ``style``, ``framing``, ``sample``: the pieces they share.
"""

from gradviz.gui.landscape.contour_view import ContourView
from gradviz.gui.landscape.controller import LandscapeController
from gradviz.gui.landscape.pair_selector import PairSelector
from gradviz.gui.landscape.state import LandscapeState
from gradviz.gui.landscape.surface_view import Landscape3DView

__all__ = ["ContourView", "Landscape3DView", "LandscapeController", "LandscapeState", "PairSelector"]
