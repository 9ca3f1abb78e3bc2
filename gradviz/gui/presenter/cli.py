"""The command line's ``--zoom`` (no Qt import: the parser runs before Qt starts)."""

from __future__ import annotations

import argparse

from gradviz.gui.presenter.levels import check_percent


def _percent(text: str) -> int:
    try:
        return check_percent(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def add_arguments(p) -> None:
    p.add_argument("--zoom", type=_percent, metavar="PERCENT",
                   help="size of text, lines and points, in percent from 75 to 300, for this launch "
                        "(default: as set with View > Zoom last time, else 100)")
