"""Command line: ``gradviz [FILE.csv] [options]`` or ``python -m gradviz``."""

from __future__ import annotations

import argparse
import math
import os
import sys

# The arrays here are small-to-medium and the GUI thread needs the second core: multi-
# threaded BLAS only adds contention (a 100k-point dot took 14 ms threaded, 20 us not).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from gradviz import __version__

MODELS = ("line", "neuron", "network")
LOSSES = ("l1", "l2", "mse")
OPTIMIZERS = ("gd", "sgd", "momentum", "adam")


def _positive(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not (v > 0) or math.isnan(v):
        raise argparse.ArgumentTypeError(f"{text!r} must be greater than 0")
    return v


def _speed(text: str) -> float:
    if text.lower() in ("max", "inf", "flat-out"):
        return math.inf
    return _positive(text)


def _finite(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(v):
        raise argparse.ArgumentTypeError(f"{text!r} must be a finite number")
    return v


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(t) for t in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not WIDTHxHEIGHT, e.g. 1400x900") from None
    if w < 200 or h < 150:
        raise argparse.ArgumentTypeError("the window must be at least 200x150")
    return w, h


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="gradviz", description="Watch a machine-learning model learn.")
    p.add_argument("file", nargs="?", help="a CSV file of x, y points to open")
    p.add_argument("--version", action="version", version=f"gradviz {__version__}")
    p.add_argument("--preset", help="start with a preset data set (e.g. lesson, sine)")
    p.add_argument("--model", choices=MODELS, help="line, neuron or network")
    p.add_argument("--hidden", type=int, help="hidden neurons for the network (1 to 16)")
    p.add_argument("--loss", choices=LOSSES)
    p.add_argument("--optimizer", choices=OPTIMIZERS)
    p.add_argument("--lr", type=_positive, help="learning rate, e.g. 0.001")
    p.add_argument("--batch-size", type=int, help="mini-batch size for sgd")
    p.add_argument("--speed", type=_speed, help="steps per second, or 'max'")
    p.add_argument("--start", nargs=2, type=_finite, metavar=("W", "B"), help="start point (line and neuron)")
    p.add_argument("--seed", type=int)
    p.add_argument("--autoplay", action="store_true", help="start training at once")
    p.add_argument("--screenshot", metavar="OUT.png", help="train --steps steps, save the window as PNG, exit")
    p.add_argument("--steps", type=int, default=0, help="steps to train before --screenshot (default 0)")
    p.add_argument("--size", type=_size, help="window size (default: as last time, else 1400x900)")
    p.add_argument("--no-gl", action="store_true", help="no 3D view (contour view only)")
    p.add_argument("--fresh", action="store_true", help="ignore the saved layout and data from last time")
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.hidden is not None and not 1 <= args.hidden <= 16:
        parser.error("--hidden must be between 1 and 16")
    if args.batch_size is not None and args.batch_size < 1:
        parser.error("--batch-size must be at least 1")
    if args.steps < 0:
        parser.error("--steps must be 0 or more")
    if args.preset and args.file:
        parser.error("give either a FILE or --preset, not both")
    from gradviz.app import run  # Qt is imported only when a window is needed

    return run(args, parser)


if __name__ == "__main__":
    sys.exit(main())
