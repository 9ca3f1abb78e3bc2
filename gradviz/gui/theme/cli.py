"""The command line's ``--theme`` (no Qt import: the parser runs before Qt starts)."""

from __future__ import annotations

from gradviz.gui.theme.palette import MODES


def add_arguments(p) -> None:
    p.add_argument("--theme", choices=MODES,
                   help="colours of the window and plots: light, dark, or system (as the operating "
                        "system is set) (default: as chosen in View > Theme last time, else system)")
