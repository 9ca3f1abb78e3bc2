"""The optimizer and schedule options: the new optimizer names, --schedule, --weight-decay
and --betas. Bad values: one line naming the option and what is allowed, exit 2, before
Qt starts; good values reach the settings, the trainer and the Controls panel as given."""

from __future__ import annotations

import json
import textwrap

import pytest

from clirun import gradviz

SCHEDULE = "allowed: step:EVERY:GAMMA, exp:GAMMA or cosine:T_MAX[:LR_MIN]"
DECAY = "a number between 0 and 10"
BETA = "a number between 0 and 0.9999 with at most 4 decimals"

BAD = [
    *[(["--schedule", v], SCHEDULE) for v in ("linear", "step:10", "step:0:0.5", "step:1.5:0.5", "step:10:2",
                                               "exp:0", "exp:x", "exp:nan", "cosine:0", "cosine:10:-1",
                                               "cosine:10:inf", "cosine:1:2:3", "", "step:2000000:0.5",
                                               "cosine:10:11")],
    *[(["--weight-decay", v], DECAY) for v in ("-1", "11", "nan", "x", "inf")],
    *[(["--betas", *v], BETA) for v in (("1", "0.9"), ("0.9", "-0.1"), ("0.12345", "0.9"), ("x", "0.9"))],
    (["--betas", "0.9"], "expected 2 arguments"),
    (["--optimizer", "lbfgs"], "invalid choice"),
]


@pytest.mark.parametrize("args, allowed", BAD, ids=[" ".join(a) or "empty" for a, _w in BAD])
def test_a_bad_value_gets_one_line(args, allowed, config_dir, tmp_path):
    r = gradviz(args, config_dir=config_dir, cwd=tmp_path)  # no display: Qt must not start
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert "Traceback" not in r.stderr and not r.stdout
    lines = r.stderr.splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("gradviz: error: ") and args[0] in lines[0] and allowed in lines[0], lines[0]


SHOWN = textwrap.dedent("""
    import json, sys
    import gradviz.app as app
    from gradviz.__main__ import main

    def report(qapp, window, session, args):
        rows, s = window.controls.optimizer_rows, session.settings
        session.step_once(3)
        session.wait_for_step(3)
        snap = session.frame.snapshot
        print("REPORT " + json.dumps({
            "optimizer": [s.optimizer, window.controls.opt_combo.currentData()],
            "schedule": s.schedule, "combo": rows.schedule_combo.currentData(),
            "snap_schedule": None if snap.schedule is None else snap.schedule.to_dict(),
            "weight_decay": [s.weight_decay, rows.weight_decay_spin.value()],
            "betas": [[s.beta1, s.beta2], [rows.beta1_spin.value(), rows.beta2_spin.value()]],
            "gamma": rows.gamma_spin.value(), "every": rows.every_spin.value(), "t_max": rows.t_max_spin.value(),
            "lr_min": rows.lr_min_spin.value(), "next_lr": snap.next_lr, "lr": snap.lr,
        }))
        window.close()
        return 0

    app._screenshot = report
    sys.exit(main(sys.argv[1:] + ["--screenshot", "unused.png", "--no-gl", "--fresh"]))
""")


def _report(args, config_dir, tmp_path) -> dict:
    r = gradviz(args, config_dir=config_dir, cwd=tmp_path, display="offscreen", script=SHOWN)
    assert r.returncode == 0, r.stderr
    return json.loads(next(ln for ln in r.stdout.splitlines() if ln.startswith("REPORT "))[len("REPORT "):])


def test_step_schedule_decay_and_betas_reach_the_run_and_the_controls(config_dir, tmp_path):
    got = _report(["--optimizer", "adamw", "--lr", "0.08", "--schedule", "step:2:0.25", "--weight-decay", "0.125",
                   "--betas", "0.8", "0.9876"], config_dir, tmp_path)
    assert got["optimizer"] == ["adamw", "adamw"]
    assert got["schedule"] == "step:2:0.25" and got["combo"] == "step"
    assert got["snap_schedule"] == {"kind": "step", "every": 2, "gamma": 0.25}
    assert (got["every"], got["gamma"]) == (2, 0.25)
    assert got["weight_decay"] == [0.125, 0.125] and got["betas"] == [[0.8, 0.9876], [0.8, 0.9876]]
    assert got["lr"] == 0.08 and got["next_lr"] == 0.08 * 0.25  # step 3 is in the second period of 2


@pytest.mark.parametrize("optimizer", ["nesterov", "rmsprop", "adagrad"])
def test_cosine_with_each_new_optimizer(optimizer, config_dir, tmp_path):
    got = _report(["--optimizer", optimizer, "--schedule", "COSINE:10:1e-5"], config_dir, tmp_path)
    assert got["optimizer"] == [optimizer, optimizer]
    assert got["schedule"] == "cosine:10:1e-05" and got["combo"] == "cosine"
    assert (got["t_max"], got["lr_min"]) == (10, 1e-5)
    assert got["weight_decay"] == [None, 0.0]  # the optimizer's own default, shown
