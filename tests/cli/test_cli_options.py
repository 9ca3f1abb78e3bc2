"""Every option's bad values: one line naming the option and what is allowed, exit 2,
no traceback, and before Qt starts (these runs have no display at all: had Qt started,
it would abort). Values the window's controls cannot show are refused too: every value
the command line accepts is shown as is in the Controls panel."""

from __future__ import annotations

import json
import math
import textwrap

import pytest

import gradviz.core as gc
from gradviz.__main__ import build_parser
from gradviz.gui.panels.controls import (
    BATCH_MAX, LR_ENTRY_MIN, LR_MAX, PARAM_ENTRY_LIMIT, SEED_MAX, SPEED_MAX_FINITE, SPEED_MIN,
)
from clirun import gradviz

LR = "a number between 1e-12 and 10"
SEED = "a whole number between 0 and 2147483647"
BATCH = "a whole number between 1 and 1000000"
HIDDEN = "a whole number between 1 and 16"
SPEED = "a number between 0.5 and 5000 steps per second, or max"
START = "a number between -1000000 and 1000000"
STEPS = "a whole number between 0 and 1000000"
SIZE = "WIDTHxHEIGHT in pixels, from 200x150 to 8192x8192"
CHOICE = "invalid choice"

BAD = [
    *[(["--lr", v], "--lr", LR) for v in ("abc", "1,5", "nan", "inf", "-inf", "1e400", "0", "-1", "1e-13", "10.5", "100")],
    *[(["--seed", v], "--seed", SEED) for v in ("-5", "99999999999", "2147483648", "1.5", "abc", "nan")],
    *[(["--batch-size", v], "--batch-size", BATCH) for v in ("0", "-1", "1000001", "2.5", "x", "1e400")],
    *[(["--hidden", v], "--hidden", HIDDEN) for v in ("0", "17", "40", "x", "nan", "-3")],
    *[(["--speed", v], "--speed", SPEED) for v in ("0", "-1", "nan", "abc", "0.1", "5001", "1e400", "-inf")],
    *[(["--start", *v], "--start", START) for v in (("nan", "1"), ("1", "inf"), ("1e7", "0"), ("0", "-1e7"), ("a", "b"), ("-1.5e6", "0"))],
    (["--start", "1"], "--start", "expected 2 arguments"),
    *[(["--size", v], "--size", SIZE) for v in ("0x0", "abc", "1e3x900", "100x100", "9000x900", "1400x",
                                                "x900", "1400x900x2", "1400x-900", "1400X9000")],
    *[(["--screenshot", "out.png", "--steps", v], "--steps", STEPS) for v in ("-1", "x", "1.5", "1000001", "nan")],
    (["--preset", "nope"], "--preset", CHOICE),
    (["--model", "foo"], "--model", CHOICE),
    (["--loss", "l3"], "--loss", CHOICE),
    (["--optimizer", "sgd2"], "--optimizer", CHOICE),
    (["--lr"], "--lr", "expected one argument"),
    (["--frobnicate"], "--frobnicate", "unrecognized arguments"),
]


@pytest.mark.parametrize("args, option, allowed", BAD, ids=[" ".join(a) for a, _o, _w in BAD])
def test_a_bad_value_gets_one_line_naming_the_option_and_what_is_allowed(args, option, allowed, config_dir,
                                                                          tmp_path):
    r = gradviz(args, config_dir=config_dir, cwd=tmp_path)  # no display: Qt must not start
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert "Traceback" not in r.stderr and not r.stdout
    lines = r.stderr.splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("gradviz: error: ") and option in lines[0] and allowed in lines[0], lines[0]
    assert not (tmp_path / "out.png").exists()


def test_the_limits_are_the_controls_limits():
    """The command line's limits are the window's, not copies that could drift apart."""
    p = build_parser()
    for args in (["--lr", str(LR_ENTRY_MIN)], ["--lr", str(LR_MAX)], ["--speed", str(SPEED_MIN)],
                 ["--speed", str(SPEED_MAX_FINITE)], ["--seed", str(SEED_MAX)], ["--seed", "0"],
                 ["--batch-size", str(BATCH_MAX)], ["--hidden", str(gc.MAX_HIDDEN)],
                 ["--start", str(-PARAM_ENTRY_LIMIT), str(PARAM_ENTRY_LIMIT)], ["--size", "200x150"],
                 ["--size", "8192x8192"], ["--speed", "max"], ["--speed", "MAX"]):
        p.parse_args(args)  # accepted (a refusal exits)
    assert math.isinf(p.parse_args(["--speed", "max"]).speed)


SHOWN = textwrap.dedent("""
    import json, sys
    import gradviz.app as app
    from gradviz.__main__ import main

    def report(qapp, window, session, args):
        c, s = window.controls, session.settings
        shown = {
            "lr": [s.lr, c.lr_spin.value()], "seed": [s.seed, c.seed_spin.value()],
            "batch_size": [s.batch_size, c.batch_spin.value()], "hidden": [s.hidden, c.hidden_spin.value()],
            "speed": [s.speed, c.pos_to_speed(c.speed_slider.value())],
        }
        if session.model.name != "network":  # the network's weights are in their own panel
            shown["start"] = [session.start.tolist(), [sl.value() for sl in c.param_sliders]]
        print("REPORT " + json.dumps(shown))
        window.close()
        return 0

    app._screenshot = report
    sys.exit(main(sys.argv[1:] + ["--screenshot", "unused.png", "--no-gl", "--fresh"]))
""")


@pytest.mark.parametrize("args", [
    ["--lr", "10", "--seed", "2147483647", "--batch-size", "1000000", "--speed", "0.5", "--start", "-1e6", "1e6"],
    ["--lr", "1e-12", "--seed", "0", "--batch-size", "1", "--speed", "5000", "--model", "network", "--hidden", "16"],
])
def test_every_accepted_value_is_shown_as_is_in_the_controls(args, config_dir, tmp_path):
    r = gradviz(args, config_dir=config_dir, cwd=tmp_path, display="offscreen", script=SHOWN)
    assert r.returncode == 0, r.stderr
    shown = json.loads(next(ln for ln in r.stdout.splitlines() if ln.startswith("REPORT "))[len("REPORT "):])
    for name, (used, on_screen) in shown.items():
        assert used == on_screen, f"{name}: {used} is used, the controls show {on_screen}"


def test_the_readme_gives_the_same_limits():
    from pathlib import Path

    from gradviz.__main__ import fmt

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Command line"):readme.index("## Core API")]
    for lo, hi in ((LR_ENTRY_MIN, LR_MAX), (SPEED_MIN, SPEED_MAX_FINITE), (gc.MIN_HIDDEN, gc.MAX_HIDDEN),
                   (1, BATCH_MAX), (0, SEED_MAX), (-PARAM_ENTRY_LIMIT, PARAM_ENTRY_LIMIT)):
        assert f"{fmt(lo)} to {fmt(hi)}" in section, f"README's Command line section lacks '{fmt(lo)} to {fmt(hi)}'"
