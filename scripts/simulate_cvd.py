"""See a screenshot as a colour-blind viewer would: writes OUT_<kind>.png for protanopia,
deuteranopia and tritanopia (Machado et al. 2009, severity 1.0), with the same
simulation the palette test uses.

    .venv/bin/python scripts/simulate_cvd.py shot.png /tmp/shot
"""

from __future__ import annotations

import sys

import numpy as np
from PIL import Image

from gradviz.gui.theme.vision import MACHADO_2009, simulate


def main(src: str, out_prefix: str) -> None:
    rgb = np.asarray(Image.open(src).convert("RGB"), dtype=float) / 255.0
    for kind in MACHADO_2009:
        seen = np.round(simulate(rgb, kind) * 255).astype(np.uint8)
        Image.fromarray(seen).save(f"{out_prefix}_{kind}.png")
        print(f"{out_prefix}_{kind}.png")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
