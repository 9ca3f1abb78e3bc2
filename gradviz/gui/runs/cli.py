"""``--run SPEC`` (repeatable): each adds a run beside the main one. SPEC is
``key=value,key=value`` with the command line's own option names as keys; unspecified keys
come from the main options. A bad SPEC ends the program with one line and exit 2."""

from __future__ import annotations

import argparse
import re

import gradviz.core as gc

# option name -> Settings field (start: the run's own start point, "W B")
KEYS = {"optimizer": "optimizer", "lr": "lr", "batch-size": "batch_size", "seed": "seed",
        "schedule": "schedule", "weight-decay": "weight_decay", "start": None}
EXAMPLE = 'e.g. --run "optimizer=momentum,lr=0.001"'


def add_arguments(p) -> None:
    p.add_argument("--run", action="append", metavar="SPEC",
                   help=f"add a run beside the main one (up to {gc.MAX_RUNS - 1}), {EXAMPLE}; keys: "
                        f"{', '.join(KEYS)} (start: 'W B'); the rest as the main options")


def parse_spec(text: str, parser) -> tuple[dict, list | None]:
    """(Settings changes, start or None) of one SPEC; ValueError with what is wrong. Each
    value is read by the command line's own option (its type and choices)."""
    # the command line's options, in a parser that raises instead of ending the program
    options = type(parser)(prog=parser.prog, parents=[parser], add_help=False, exit_on_error=False)
    changes, start = {}, None
    items = [i.strip() for i in text.split(",") if i.strip()]
    if not items:
        raise ValueError(f"{text!r} is empty; {EXAMPLE}")
    for item in items:
        key, eq, value = (s.strip() for s in item.partition("="))
        if not eq or not value:
            raise ValueError(f"{item!r} is not key=value; {EXAMPLE}")
        if key not in KEYS:
            raise ValueError(f"unknown key {key!r}; allowed: {', '.join(KEYS)}")
        parts = value.split() if key == "start" else [value]
        if key == "start" and len(parts) != 2:
            raise ValueError(f"start={value!r}: give two numbers, W and B, e.g. start=1 0")
        # "--key=value": a value that starts with "-" is still the option's value
        argv = [f"--{key}", *parts] if key == "start" else [f"--{key}={value}"]
        try:
            got = getattr(options.parse_args(argv), key.replace("-", "_"))
        except argparse.ArgumentError as exc:
            raise ValueError(_problem(key, value, exc.message)) from None
        if key == "start":
            start = list(got)
        else:
            changes[KEYS[key]] = got
    return changes, start


def _problem(key: str, value: str, message: str) -> str:
    # argparse names a wrong choice as "invalid choice: 'x' (choose from 'a', 'b')"
    choice = re.fullmatch(r"invalid choice: .* \(choose from (.*)\)", message)
    if choice:
        return f"{key}={value!r}; allowed: {choice[1]}"
    return f"{key}: {message}"


def check(args, parser) -> None:
    """Parse every --run now (into ``args.run_specs``): a bad one ends with one line, exit 2."""
    args.run_specs = []
    specs = args.run or []
    if len(specs) > gc.MAX_RUNS - 1:
        parser.error(f"argument --run: at most {gc.MAX_RUNS - 1} (with the main run, {gc.MAX_RUNS} runs at once)")
    for text in specs:
        try:
            args.run_specs.append(parse_spec(text, parser))
        except ValueError as exc:
            parser.error(f"argument --run {text!r}: {exc}")
    if args.run_specs and args.model == "network" and any(s is not None for _c, s in args.run_specs):
        parser.error("argument --run: start applies to the line and the neuron, not the network")


def apply_command_line(session, args) -> None:
    """Add the runs of --run beside the session's run (its settings for every key not given)."""
    from dataclasses import replace

    for changes, start in getattr(args, "run_specs", []):
        session.runs.add(replace(session.settings, **changes), start)
