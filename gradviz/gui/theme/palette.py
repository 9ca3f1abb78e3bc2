"""The named colours of the light and the dark theme (pure data, no Qt).

Meaning colours are the same in both themes and come from Okabe & Ito's colour-blind-safe set; each panel's set is listed
in PANEL_SETS so a test can check that its colours stay apart under simulated colour
blindness. Every meaning also has a second cue in the panels (a dash style, a marker, a
label): colour is never the only one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7",
}
O = OKABE_ITO

MODES = ("system", "light", "dark")


@dataclass(frozen=True)
class Palette:
    name: str
    dark: bool
    # the window and the 2D plots
    window: str
    base: str            # text fields, lists
    text: str
    muted_text: str      # hints, counts: rich text spans
    warning_text: str
    plot_background: str
    plot_foreground: str  # axes, tick labels, grid (the grid is this, faint)
    legend_background: str
    # data view and loss curve
    points: str          # training points (filled dots); the training loss (solid)
    held_out: str        # held-out points (hollow rings); the held-out loss (dashed)
    model_curve: str     # the model's prediction (thick solid)
    best_line: str       # least-squares line (dashed)
    residuals: str       # point-to-curve segments
    current: str         # the loss curve's current step (a dot)
    rate: str            # the learning rate on the loss curve's right axis (dashed)
    turn: str            # the held-out loss's lowest epoch (dotted)
    # the landscape: drawn on its own dark ground in both themes (the viridis map reads best there)
    landscape_background: str
    landscape_text: str
    landscape_grid_alpha: int
    path: str            # the way the point came (line)
    ball: str            # the current parameters (ball)
    arrow: str           # −gradient (arrow)
    optimum: str         # the minimum (star)
    slice_u: str         # slice along the pair's first parameter (dashed)
    slice_v: str         # slice along the second (dotted)
    per_point: str       # per-point gradient arrows (thin)
    batch: str           # the mini-batch's points (thick rings/arrows)
    lit: str             # the point under the mouse
    # the network diagram
    edge_positive: str   # solid
    edge_negative: str   # solid, with a minus in its label
    edge_zero: str       # dashed
    node_fill: str
    node_active: str
    node_border: str
    colormap: str = "viridis"


LIGHT = Palette(
    name="light", dark=False,
    window="#efefef", base="#ffffff", text="#202020", muted_text="#666666", warning_text="#aa3333",
    plot_background="#ffffff", plot_foreground="#505050", legend_background="#ffffffc8",
    points=O["blue"], held_out=O["reddish_purple"], model_curve=O["vermillion"], best_line="#5a5a5a",
    residuals=O["orange"], current=O["vermillion"], rate=O["orange"], turn=O["bluish_green"],
    landscape_background="#101014", landscape_text="#e1e1e1", landscape_grid_alpha=40,
    path="#f2f2f2", ball=O["orange"], arrow=O["vermillion"], optimum=O["yellow"],
    slice_u=O["sky_blue"], slice_v=O["reddish_purple"], per_point="#96a0be", batch=O["bluish_green"],
    lit=O["yellow"],
    edge_positive=O["orange"], edge_negative=O["blue"], edge_zero="#b0b0b0",
    node_fill="#ffffff", node_active=O["yellow"], node_border="#404040",
)

DARK = replace(
    LIGHT, name="dark", dark=True,
    window="#2b2b2f", base="#1e1e22", text="#e6e6e6", muted_text="#a8a8a8", warning_text="#ff8a80",
    plot_background="#1e1e22", plot_foreground="#b4b4b4", legend_background="#1e1e22c8",
    best_line="#e0e0e0",
    landscape_background="#1e1e22", landscape_grid_alpha=28,
    edge_zero="#707070",
    node_fill="#2b2b2f", node_border="#c0c0c0",
)

PALETTES = {"light": LIGHT, "dark": DARK}

# The colours that appear together in one panel, its ground included: each set must stay
# distinguishable (the palette test checks it under simulated colour blindness).
PANEL_SETS = {
    "data view": ("plot_background", "points", "held_out", "model_curve", "best_line", "residuals"),
    "loss curve": ("plot_background", "points", "held_out", "current", "rate", "turn"),
    "landscape": ("landscape_background", "path", "ball", "arrow", "optimum", "slice_u", "slice_v"),
    "per-point arrows": ("landscape_background", "per_point", "batch", "lit", "arrow"),
    "network": ("plot_background", "edge_positive", "edge_negative", "edge_zero"),
}


def panel_colours(palette: Palette, panel: str) -> dict[str, str]:
    """{name: '#rrggbb'} of one panel's set (an alpha suffix dropped)."""
    return {k: getattr(palette, k)[:7] for k in PANEL_SETS[panel]}
