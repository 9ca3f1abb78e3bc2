"""Parameter vectors for the network tests (order w1, b1, v1, ..., wH, bH, vH, c)."""

from __future__ import annotations

import math

import numpy as np

# Qt's offscreen platform (QT_QPA_PLATFORM=offscreen) says these when a widget with a layout
# or a tooltip is shown; harmless, and not said under xcb/Xvfb, where the suite normally runs.
OFFSCREEN_NOISE = r"This plugin does not support (propagateSizeHints|raise)\(\)"

# seed 001's four-neuron example: w_i, b_i, v_i per neuron, then c
SEED4 = np.array([0.2, 1.0, 7.2, -0.5, -5.7, 9.7, 1.9, 0.0, -6.3, -0.8, 7.1, -6.3, 0.0])


def sigmoid(z):
    """The logistic function written out, as an independent reference."""
    return 1.0 / (1.0 + math.exp(-z))


def make_params(w, b, v, c=0.0):
    return np.column_stack([w, b, v]).ravel().tolist() + [c]
