"""The readout's accuracy: for a model whose output is a probability on labels 0 and 1,
the share of points on the right side of 0.5."""

from __future__ import annotations

import numpy as np

import gradviz.core as gc

from gradviz.gui.state.two_inputs import is_classification


def accuracy_row(frame, values: dict) -> str | None:
    """'Accuracy 97 % (97 of 100 points on the right side of 0.5)', recorded in
    ``values["accuracy"]`` (0..1); None where it does not apply."""
    model, ds = frame.model, frame.dataset
    if not getattr(model, "probability", False) or not is_classification(ds):
        return None
    with np.errstate(all="ignore"):
        acc = gc.accuracy(model, frame.params, ds.x, ds.y)
    values["accuracy"] = acc
    right = int(round(acc * len(ds)))
    return (f"<b>Accuracy</b> {100 * acc:.1f} % &nbsp; ({right:,} of {len(ds):,} points on the right side "
            f"of 0.5)")
