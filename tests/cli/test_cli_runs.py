"""--run SPEC: each adds a run beside the main one; a bad SPEC gets one line and exit 2."""

from __future__ import annotations

import json
import textwrap

import pytest

from clirun import gradviz, refused

REPORT = textwrap.dedent("""
    import json, sys
    import gradviz.app as app
    from gradviz.__main__ import main
    from gradviz.gui.export.headless import settle, train_steps

    def report(qapp, window, session, args):
        train_steps(session, 5)
        target = session.request_sync()
        while session.frame.seq < target:
            qapp.processEvents()
        f = session.frame
        print("REPORT " + json.dumps({"main": [f.settings.optimizer, f.settings.lr, f.step],
            "runs": [[c.label, c.settings.optimizer, c.settings.lr, c.settings.batch_size, c.snapshot.step,
                      c.snapshot.path_params[0].tolist()] for c in f.companions]}))
        window.close()
        return 0

    app._screenshot = report
    sys.exit(main(sys.argv[1:] + ["--screenshot", "unused.png", "--no-gl", "--fresh"]))
""")


def test_each_run_adds_a_run_with_the_main_options_for_what_it_leaves_out(tmp_path):
    r = gradviz(["--preset", "lesson", "--lr", "0.002", "--run", "optimizer=momentum,lr=0.001",
                 "--run", "optimizer=sgd, batch-size=3, start=2 -1"],
                config_dir=tmp_path, cwd=tmp_path, display="offscreen", script=REPORT)
    assert r.returncode == 0, r.stderr
    got = json.loads(next(ln for ln in r.stdout.splitlines() if ln.startswith("REPORT "))[7:])
    assert got["main"] == ["gd", 0.002, 5]
    (b, opt_b, lr_b, _batch_b, step_b, _start_b), (c, opt_c, lr_c, batch_c, step_c, start_c) = got["runs"]
    assert (b, opt_b, lr_b, step_b) == ("B", "momentum", 0.001, 5)
    assert (c, opt_c, lr_c, batch_c, step_c, start_c) == ("C", "sgd", 0.002, 3, 5, [2.0, -1.0])


@pytest.mark.parametrize("spec, needles", [
    ("lr=0", ["--run 'lr=0'", "lr:"]),
    ("optimizer=newton", ["optimizer='newton'", "allowed: "]),
    ("speed=3", ["unknown key 'speed'", "allowed: optimizer, lr"]),
    ("lr", ["'lr' is not key=value"]),
    ("start=1", ["give two numbers"]),
    (",", ["is empty"]),
])
def test_a_bad_spec_gets_one_line_and_exit_2(tmp_path, spec, needles):
    refused(gradviz(["--run", spec], config_dir=tmp_path, cwd=tmp_path), *needles)


def test_more_than_three_runs_are_refused(tmp_path):
    refused(gradviz(["--run", "lr=0.001"] * 4, config_dir=tmp_path, cwd=tmp_path), "at most 3")


def test_each_key_is_read_by_the_command_lines_own_option():
    from gradviz.__main__ import build_parser
    from gradviz.gui.runs.cli import parse_spec

    spec = "optimizer=adam, lr=1e-3, batch-size=2, seed=7, weight-decay=0.1, schedule=exp:0.5, start=-1e6 0"
    assert parse_spec(spec, build_parser()) == ({"optimizer": "adam", "lr": 0.001, "batch_size": 2, "seed": 7,
                                                  "weight_decay": 0.1, "schedule": "exp:0.5"}, [-1e6, 0.0])
