"""The command line's held-out options (``--eval-fraction``, ``--eval-file``, ``--setup``):
checked before Qt starts, so a bad value or file ends with one line and exit 2."""

from __future__ import annotations

import argparse

import gradviz.core as gc


def eval_fraction(text: str) -> float:
    try:
        f = float(text)
    except ValueError:
        f = float("nan")
    if not 0.0 < f < 1.0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a fraction: a number above 0 and below 1, e.g. 0.2")
    return f


def add_arguments(p) -> None:
    p.add_argument("--eval-fraction", type=eval_fraction, metavar="F",
                   help="hold out this fraction of the points (above 0, below 1), drawn with --seed: "
                        "drawn hollow, measured, never trained on")
    p.add_argument("--eval-file", metavar="FILE.csv",
                   help="held-out points from their own CSV file (the first two numeric columns); "
                        "not with --eval-fraction")
    p.add_argument("--setup", choices=tuple(gc.SETUPS), metavar="NAME",
                   help="a ready-made run: " + "; ".join(f"{k}: {v}" for k, v in gc.SETUPS.items())
                        + "; it trains its epochs at once; not with FILE, --preset or --eval-*")


def check(args, parser) -> None:
    """Refuse what cannot work together; load --eval-file now (into ``args.eval_dataset``)."""
    args.eval_dataset = None
    if args.eval_fraction is not None and args.eval_file:
        parser.error("argument --eval-file: not with --eval-fraction (give one way to hold points out)")
    if args.setup and (args.file or args.preset or args.eval_fraction is not None or args.eval_file):
        parser.error("argument --setup: brings its own data and held-out points; not with FILE, --preset or --eval-*")
    if args.eval_file:
        try:
            args.eval_dataset = gc.load_csv(args.eval_file, max_abs=gc.MAX_ABS_VALUE)
        except gc.DataError as exc:
            parser.exit(2, f"gradviz: error: argument --eval-file: {exc}\n")
        except (OSError, ValueError) as exc:
            parser.exit(2, f"gradviz: error: argument --eval-file: {args.eval_file}: {exc}\n")
