"""Held-out points and epochs: the evaluation set (split, load, draw by hand), its loss on
the curve and in the readout, the epoch table, seed 002's set-up in one click.

Modules are imported by name (``gradviz.gui.held_out.controller``, ...): the loss curve
and autosave use small parts of this room without pulling in the rest."""
