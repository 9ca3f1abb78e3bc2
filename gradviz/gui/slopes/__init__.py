"""The Slopes room: seed 001's one-variable views.

* ``tangent_plot``: a function, a movable point and its tangent (one plot, reused).
* ``derivative_view``: the derivative as a slope, on the roller-coaster polynomial or the
  loss along one parameter, and the "move against the slope" game.
* ``slices_view``: partial derivatives as slices of the loss through the current point.
* ``prediction``: the model's prediction at new x, marked on the data view.
* ``room``: the three as tabs in a dock, hidden until View > Slopes room.
"""

from gradviz.gui.slopes.room import SlopesDock, SlopesRoom

__all__ = ["SlopesDock", "SlopesRoom"]
