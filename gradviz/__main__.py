"""Command line: ``gradviz [FILE.csv] [options]`` or ``python -m gradviz``.

Every option is checked here, before Qt starts (no display is needed to be told that a
value is wrong), against the limits the window's controls use: a value the controls
cannot show is refused, not clamped on screen while another one is used.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
from pathlib import Path

# The arrays here are small-to-medium and the GUI thread needs the second core: multi-
# threaded BLAS only adds contention (a 100k-point dot took 14 ms threaded, 20 us not).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from gradviz import __version__

FLAT_OUT = ("max", "inf", "flat-out")  # --speed words for "as fast as it goes"
STEPS_MAX = 1_000_000  # a screenshot's training finishes in seconds to a minute
SIZE_MIN, SIZE_MAX = (200, 150), (8192, 8192)  # a bigger window's picture runs to gigabytes
DEFAULT_SIZE = (1400, 900)  # of a screenshot
NUMBER = r"(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?|inf|infinity|nan"  # how a number is written, unsigned


def fmt(v: float) -> str:
    """A limit as the user would type it: 10, 0.5, 1e-12, 1000000."""
    return str(int(v)) if float(v).is_integer() and abs(v) < 1e16 else f"{v:g}"


class _Parser(argparse.ArgumentParser):
    def __init__(self, *a, **kw) -> None:
        super().__init__(*a, **kw)
        # argparse takes "-1e6" or "-inf" for an option (it knows only -12 and -1.5 as
        # numbers): then "--start -1e6 0" would fail. No option here looks like a number.
        self._negative_number_matcher = re.compile(rf"^-(?:{NUMBER})$", re.IGNORECASE)

    def error(self, message: str):
        # one line: what is wrong and what is allowed (argparse's usage block would bury it)
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _number(text: str, allowed: str, lo: float, hi: float, *, positive: bool = False,
            whole: bool = False) -> float | int:
    """``text`` as a number from ``lo`` to ``hi``, else an error saying what is allowed."""
    try:
        v = int(text) if whole else float(text)
    except ValueError:
        kind = "a whole number" if whole else "a number"
        raise argparse.ArgumentTypeError(f"'{text}' is not {kind}; allowed: {allowed}") from None
    if not math.isfinite(v):
        raise argparse.ArgumentTypeError(f"'{text}' is not a finite number; allowed: {allowed}")
    if positive and v <= 0:
        raise argparse.ArgumentTypeError(f"'{text}' must be greater than 0; allowed: {allowed}")
    if v < lo:
        raise argparse.ArgumentTypeError(f"'{text}' is too small; allowed: {allowed}")
    if v > hi:
        raise argparse.ArgumentTypeError(f"'{text}' is too large; allowed: {allowed}")
    return v


def _ranged(lo: float, hi: float, *, whole: bool = False, positive: bool = False, unit: str = ""):
    kind = "a whole number" if whole else "a number"
    allowed = f"{kind} between {fmt(lo)} and {fmt(hi)}{unit}"

    def parse(text: str):
        return _number(text, allowed, lo, hi, whole=whole, positive=positive)

    parse.allowed = allowed
    return parse


def _size(text: str) -> tuple[int, int]:
    allowed = f"WIDTHxHEIGHT in pixels, from {SIZE_MIN[0]}x{SIZE_MIN[1]} to {SIZE_MAX[0]}x{SIZE_MAX[1]}, e.g. 1400x900"
    parts = text.lower().split("x")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        raise argparse.ArgumentTypeError(f"'{text}' is not WIDTHxHEIGHT; allowed: {allowed}")
    w, h = (int(p) for p in parts)
    if w < SIZE_MIN[0] or h < SIZE_MIN[1]:
        raise argparse.ArgumentTypeError(f"'{text}' is too small; allowed: {allowed}")
    if w > SIZE_MAX[0] or h > SIZE_MAX[1]:
        raise argparse.ArgumentTypeError(f"'{text}' is too large; allowed: {allowed}")
    return w, h


def build_parser() -> argparse.ArgumentParser:
    import gradviz.core as gc
    from gradviz.gui.panels.controls import (
        BATCH_MAX, LR_ENTRY_MIN, LR_MAX, PARAM_ENTRY_LIMIT, SEED_MAX, SPEED_MAX_FINITE, SPEED_MIN,
    )
    from gradviz.gui.export.animation_dialog import FPS_MAX, FRAMES_MAX
    from gradviz.gui.export.headless import DEFAULT_FPS
    from gradviz.gui.export.targets import EXPORT_FORMATS
    from gradviz.gui.state.settings import Settings

    d = Settings()
    last = "default: as last time, else"  # the saved settings come back unless --fresh
    lr = _ranged(LR_ENTRY_MIN, LR_MAX, positive=True)
    speed = _ranged(SPEED_MIN, SPEED_MAX_FINITE, unit=" steps per second, or max")
    hidden = _ranged(gc.MIN_HIDDEN, gc.MAX_HIDDEN, whole=True)
    batch = _ranged(1, BATCH_MAX, whole=True)
    seed = _ranged(0, SEED_MAX, whole=True)
    start = _ranged(-PARAM_ENTRY_LIMIT, PARAM_ENTRY_LIMIT)
    steps = _ranged(0, STEPS_MAX, whole=True)
    frames = _ranged(1, FRAMES_MAX, whole=True)
    fps = _ranged(1, FPS_MAX, whole=True)

    def speed_or_max(text: str) -> float:
        return math.inf if text.lower() in FLAT_OUT else speed(text)

    p = _Parser(prog="gradviz", description="Watch a machine-learning model learn.")
    p.add_argument("file", nargs="?", metavar="FILE",
                   help="a CSV file of x, y points to open (header optional; of more than two numeric "
                        "columns, the ones chosen last time, else the first two), or a .gradviz session "
                        "file (data, settings, run and view as saved); a file that cannot be "
                        "loaded stops here with a message")
    p.add_argument("--version", action="version", version=f"gradviz {__version__}")
    p.add_argument("--preset", choices=tuple(gc.PRESETS) + tuple(gc.TWO_INPUT_PRESETS), metavar="NAME",
                   help=f"start with a built-in data set: {', '.join(gc.PRESETS)} ({last} lesson); "
                        f"with two inputs: {', '.join(gc.TWO_INPUT_PRESETS)}; not with FILE")
    p.add_argument("--model", choices=gc.MODEL_NAMES + ("plane",),
                   help=f"{', '.join(gc.MODEL_NAMES)}, or plane for two inputs ({last} {d.model})")
    p.add_argument("--hidden", type=hidden, metavar="H",
                   help=f"hidden neurons of the network: {hidden.allowed} ({last} {d.hidden})")
    p.add_argument("--loss", choices=gc.ALL_LOSSES,
                   help=f"l1 (Σ|e|), l2 (½Σe²), mse (mean e²) or bce (cross-entropy: the neuron or network "
                        f"on classes 0/1) ({last} {d.loss})")
    p.add_argument("--optimizer", choices=gc.OPTIMIZERS, help=f"{', '.join(gc.OPTIMIZERS)} ({last} {d.optimizer})")
    p.add_argument("--lr", type=lr, metavar="LR",
                   help=f"learning rate η: {lr.allowed}, e.g. 0.001 or 1e-4 ({last} {fmt(d.lr)})")
    p.add_argument("--batch-size", type=batch, metavar="B",
                   help=f"mini-batch size for sgd: {batch.allowed} ({last} {d.batch_size})")
    p.add_argument("--speed", type=speed_or_max, metavar="STEPS_PER_S",
                   help=f"training speed: {speed.allowed} (flat out) ({last} {fmt(d.speed)})")
    p.add_argument("--start", nargs=2, type=start, metavar=("W", "B"),
                   help=f"start point of the line or the neuron, two numbers: each {start.allowed} "
                        "(default: as last time, else the model's own); not for the network")
    p.add_argument("--seed", type=seed, metavar="N",
                   help=f"random seed (sgd's shuffling, the network's random start): {seed.allowed} "
                        f"({last} {d.seed})")
    p.add_argument("--autoplay", action="store_true",
                   help="start training at once (default: wait for Space); not with --screenshot")
    p.add_argument("--screenshot", metavar="OUT.png",
                   help="train --steps steps, save the window as a PNG, exit (default: open the window)")
    p.add_argument("--export", metavar="OUT",
                   help="train --steps steps and write OUT, then exit; the kind by the extension: "
                        f"{', '.join(EXPORT_FORMATS)} (an animation of those steps, a picture of the window, "
                        "the run's history); not with --screenshot")
    p.add_argument("--steps", type=steps, metavar="N",
                   help=f"steps to train before --screenshot or --save-session, or for --export: {steps.allowed} "
                        "(default 0); only with --screenshot, --export or --save-session")
    p.add_argument("--save-session", metavar="OUT.gradviz",
                   help="train --steps steps, save the session (data, settings, run, view) as OUT.gradviz, "
                        "exit; not with --screenshot or --export")
    p.add_argument("--frames", type=frames, metavar="F",
                   help=f"frames of a .gif or .mp4 --export, spread over the steps: {frames.allowed} "
                        "(default: one per step, at most 61 with the start)")
    p.add_argument("--fps", type=fps, metavar="FPS",
                   help=f"frames per second of a .gif or .mp4 --export: {fps.allowed} (default {DEFAULT_FPS})")
    p.add_argument("--size", type=_size, metavar="WxH",
                   help=f"window size in pixels, from {SIZE_MIN[0]}x{SIZE_MIN[1]} to {SIZE_MAX[0]}x{SIZE_MAX[1]} "
                        f"(default: as last time; with --screenshot {DEFAULT_SIZE[0]}x{DEFAULT_SIZE[1]})")
    _optimizer_options(p, last)
    p.add_argument("--no-gl", action="store_true", help="no 3D view, the contour view only (default: 3D when OpenGL works)")
    p.add_argument("--fresh", action="store_true",
                   help="ignore the layout, data and settings saved last time (default: restore them)")
    p.add_argument("--code", metavar="FILE.py",
                   help="a Python file with seed 001's functions (y, loss, gradient, update, train) to show "
                        "in the Code panel; it runs when you press Run (with --screenshot: --steps N steps); "
                        "a file that cannot be read or compiled stops here with a message")
    from gradviz.gui.held_out import cli as held_out_cli

    held_out_cli.add_arguments(p)  # --eval-fraction, --eval-file, --setup
    from gradviz.gui.theme import cli as theme_cli

    theme_cli.add_arguments(p)  # --theme
    from gradviz.gui.presenter import cli as presenter_cli

    presenter_cli.add_arguments(p)  # --zoom
    from gradviz.gui.lesson import cli as lesson_cli

    lesson_cli.add_arguments(p)  # --lesson, --chapter
    from gradviz.gui.runs import cli as runs_cli

    runs_cli.add_arguments(p)  # --run
    return p


def _optimizer_options(p, last: str) -> None:
    """The optimizers' hyperparameters and the learning-rate schedule."""
    import gradviz.core as gc
    from gradviz.gui.panels.optimizer_controls import BETA_DECIMALS, BETA_MAX, WEIGHT_DECAY_MAX, schedule_problem

    decay = _ranged(0, WEIGHT_DECAY_MAX)
    beta_allowed = f"a number between 0 and {fmt(BETA_MAX)} with at most {BETA_DECIMALS} decimals"

    def beta(text: str) -> float:
        v = _number(text, beta_allowed, 0, BETA_MAX)
        if round(v, BETA_DECIMALS) != v:  # the Controls panel shows that many
            raise argparse.ArgumentTypeError(f"'{text}' has more than {BETA_DECIMALS} decimals; allowed: {beta_allowed}")
        return v

    def schedule(text: str) -> str:
        try:
            sch = gc.schedules.parse(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
        problem = schedule_problem(sch)
        if problem:
            raise argparse.ArgumentTypeError(f"'{text}': {problem}; allowed: {gc.schedules.SPEC_HELP}")
        return gc.schedules.spec(sch)

    p.add_argument("--schedule", type=schedule, metavar="SPEC",
                   help=f"learning-rate schedule, as PyTorch's StepLR, ExponentialLR, CosineAnnealingLR: "
                        f"{gc.schedules.SPEC_HELP}, or constant ({last} constant)")
    p.add_argument("--weight-decay", type=decay, metavar="WD",
                   help=f"weight decay: {decay.allowed} (AdamW's is decoupled, the others' adds WD·p to the "
                        f"gradient; {last} each optimizer's PyTorch default: 0.01 for adamw, else 0)")
    p.add_argument("--betas", nargs=2, type=beta, metavar=("B1", "B2"),
                   help=f"Adam's and AdamW's betas, each {beta_allowed} ({last} 0.9 0.999)")


def check_combinations(args, parser) -> None:
    """Options that mean nothing alone or together: refused, never silently ignored."""
    if args.preset and args.file:
        parser.error("give either a FILE or --preset, not both")
    if args.export and args.screenshot:
        parser.error("argument --export: not with --screenshot (--export OUT.png writes the same picture)")
    if args.steps is not None and not (args.screenshot or args.export or args.save_session):
        parser.error("argument --steps: only works with --screenshot, --export or --save-session (the steps to train)")
    if args.autoplay and (args.screenshot or args.export or args.save_session):
        which = "--screenshot" if args.screenshot else "--export" if args.export else "--save-session"
        parser.error(f"argument --autoplay: not with {which} (use --steps N to train)")
    check_session_options(args, parser)
    from gradviz.gui.export.targets import ANIMATIONS, export_problem

    for name in ("frames", "fps"):
        if getattr(args, name) is not None and not (args.export and Path(args.export).suffix.lower() in ANIMATIONS):
            parser.error(f"argument --{name}: only works with --export of a .gif or .mp4 file")
    if args.export:
        problem = export_problem(args.export)
        if problem:
            parser.exit(2, f"gradviz: error: argument --export: {problem}\n")
    if args.start is not None and args.model == "network":
        parser.error("argument --start: applies to the line and the neuron, not the network")
    if args.file:
        check_file(args, parser)
    from gradviz.gui.held_out import cli as held_out_cli

    held_out_cli.check(args, parser)
    from gradviz.gui.lesson import cli as lesson_cli

    lesson_cli.check(args, parser)
    from gradviz.gui.runs import cli as runs_cli

    runs_cli.check(args, parser)


def check_session_options(args, parser) -> None:
    """--save-session OUT: a .gradviz file that can be written; a FILE.gradviz brings its own
    model and settings, so options that set them are refused rather than overridden."""
    from gradviz.gui.export.targets import output_problem
    from gradviz.gui.files.session_file import EXTENSION

    if args.save_session:
        if args.screenshot or args.export:
            which = "--screenshot" if args.screenshot else "--export"
            parser.error(f"argument --save-session: not with {which}")
        problem = output_problem(args.save_session, {EXTENSION: "session"})
        if problem:
            parser.exit(2, f"gradviz: error: argument --save-session: {problem}\n")
    if args.file and Path(args.file).suffix.lower() == EXTENSION:
        given = [f"--{name.replace('_', '-')}" for name in SESSION_SETS if getattr(args, name) is not None]
        if given:
            parser.error(f"{args.file}: a session file sets the model and settings; not with {', '.join(given)}")


SESSION_SETS = ("model", "hidden", "loss", "optimizer", "lr", "batch_size", "speed", "start", "seed")


def check_file(args, parser) -> None:
    """What can be told without reading the data: there is a readable file of that name.
    (Its content is checked by loading it, before the window opens: see app.run.)"""
    path = Path(args.file).expanduser()
    if path.is_dir():
        parser.exit(2, f"gradviz: error: {args.file}: is a folder, not a file\n")
    if not path.is_file():
        number = re.fullmatch(rf"[-+]?(?:{NUMBER})", args.file, re.IGNORECASE)
        hint = " (--start takes exactly two numbers, W B)" if number and args.start is not None else ""
        parser.exit(2, f"gradviz: error: {args.file}: no such file{hint}\n")
    try:
        with open(path, "rb") as f:
            f.read(1)
    except OSError as exc:
        parser.exit(2, f"gradviz: error: {args.file}: cannot be read ({exc.strerror or exc})\n")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    check_combinations(args, parser)
    from gradviz.gui.code.cli import check_code_arg

    check_code_arg(args, parser)
    if (args.screenshot or args.export) and args.size is None:
        args.size = DEFAULT_SIZE  # a picture's size must not depend on last time's window
    from gradviz.app import run  # Qt is imported only when a window is needed

    return run(args, parser)


if __name__ == "__main__":
    sys.exit(main())
