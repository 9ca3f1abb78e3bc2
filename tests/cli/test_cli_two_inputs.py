"""--preset with the data sets of two inputs: a first look's settings, the options on top."""

from __future__ import annotations

import json
import textwrap

import pytest

from clirun import gradviz

REPORT = textwrap.dedent("""
    import json, sys
    import gradviz.app as app
    from gradviz.__main__ import main

    def report(qapp, window, session, args):
        s, m = session.settings, session.model
        shown = window.centralWidget().shown_view() is window.plane_view
        print("REPORT " + json.dumps([s.model, s.hidden, s.loss, m.n_inputs, m.probability, shown]))
        window.close()
        return 0

    app._screenshot = report
    sys.exit(main(sys.argv[1:] + ["--screenshot", "unused.png", "--no-gl", "--fresh"]))
""")


@pytest.mark.parametrize("args, want", [
    (["--preset", "xor", "--hidden", "6"], ["network", 6, "bce", 2, True, True]),
    (["--preset", "blobs"], ["neuron", 4, "bce", 2, True, True]),
    (["--preset", "plane"], ["plane", 4, "l2", 2, False, True]),
    (["--preset", "moons", "--model", "neuron", "--loss", "mse"], ["neuron", 8, "mse", 2, True, True]),
    (["--preset", "lesson"], ["line", 4, "l2", 1, False, False]),
])
def test_two_input_presets_start_with_settings_that_fit(args, want, config_dir, tmp_path):
    r = gradviz(args, config_dir=config_dir, cwd=tmp_path, display="offscreen", script=REPORT)
    assert r.returncode == 0, r.stderr
    line = next(ln for ln in r.stdout.splitlines() if ln.startswith("REPORT "))
    assert json.loads(line[len("REPORT "):]) == want
