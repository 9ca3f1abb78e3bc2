"""The learner's code in its own process: the seed's correct code trains to the built-in
trainer's numbers; errors name the line; an endless loop and a huge allocation are stopped."""

from __future__ import annotations

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.gui.code.feedback import check_probe, gradient_problems, loss_problem, true_loss_and_gradient
from gradviz.gui.code.runner import CodeError, LearnerProcess, compile_problem, read_code
from gradviz.gui.code.templates import SEED_GAP, SEED_TEMPLATE, seed_solution

SEED_DATA = [(1, 0.85), (2, 1.43), (3, 1.92), (4, 2.59), (5, 3.20), (6, 3.82), (7, 4.38), (8, 4.97)]


@pytest.fixture
def learner():
    lp = LearnerProcess()
    yield lp
    lp.close()
    assert not lp.alive


def test_the_seeds_code_trains_like_the_built_in_trainer(learner):
    info = learner.load(seed_solution())
    assert info["data"] == [list(map(float, p)) for p in SEED_DATA]
    assert (info["w"], info["b"], info["learning_rate"]) == (1.0, 0.0, 0.001)
    tr = gc.Trainer(gc.make_model("line"), gc.preset("lesson"), loss="l2", optimizer="gd", lr=0.001,
                    params=[1.0, 0.0])
    for k in (1, 9, 90, 900):  # 1, 10, 100, 1000 steps
        mine = learner.train(k)
        snap = tr.step(k)
        np.testing.assert_allclose([mine["w"], mine["b"]], snap.params, rtol=1e-12, atol=1e-12)
        assert mine["loss"] == pytest.approx(snap.loss, rel=1e-12)
    assert snap.step == 1000


def test_the_template_has_the_seeds_gap_and_does_not_move(learner):
    assert SEED_GAP in SEED_TEMPLATE
    learner.load(SEED_TEMPLATE)
    r = learner.train(50)
    assert (r["w"], r["b"]) == (1.0, 0.0)


def test_update_alone_is_called_k_times(learner):
    learner.load("data = [(0, 0)]\nw = 0\nb = 0\ndef update():\n  global w\n  w += 1\n")
    assert learner.train(7)["w"] == 7.0


def test_syntax_error_names_the_line():
    problem = compile_problem("w = 1\nb = 0\n\ndef y(x, w, b)\n  return w * x + b\n")
    assert problem.startswith("line 4: ") and "expected ':'" in problem and "def y(x, w, b)" in problem


def test_runtime_error_names_the_line_and_the_exception(learner):
    src = "data = [(1, 2)]\nw = 1\nb = 0\ndef gradient():\n  return 1, 2\ndef update():\n  global w\n  w = w / 0\n"
    learner.load(src)
    with pytest.raises(CodeError, match=r"^line 8: ZeroDivisionError: (float )?division by zero$"):
        learner.train(1)
    with pytest.raises(CodeError, match=r"^line 3: NameError: name 'q' is not defined$"):
        learner.load("w = 1\nb = 0\nprint(q)\n")


def test_bad_globals_are_named(learner):
    with pytest.raises(CodeError, match="data must be a list of \\(x, y\\) pairs"):
        learner.load("data = 5\nw = 1\nb = 0\n")
    with pytest.raises(CodeError, match="w must be a number, but it is 'one'"):
        learner.load("data = []\nw = 'one'\nb = 0\n")


def test_an_endless_loop_is_stopped_within_the_time_limit(learner):
    learner.load("data = [(1, 2)]\nw = 1\nb = 0\ndef update():\n  while True:\n    pass\n")
    with pytest.raises(CodeError, match="more than 1 s and was stopped"):  # the limit per request
        learner.train(1)
    assert not learner.alive  # killed and reaped
    with pytest.raises(CodeError, match="not loaded"):
        learner.train(1)


def test_a_huge_allocation_is_stopped(learner):
    with pytest.raises(CodeError, match="line 4: MemoryError"):  # 80 GB asked: refused by the limit at once
        learner.load("data = [(1, 2)]\nw = 1\nb = 0\nbig = [0] * 10**10\n")
    assert learner.load("data = [(1, 2)]\nw = 1\nb = 0\n")["w"] == 1.0  # a fresh process works


def test_stop_ends_a_request_in_flight(learner):
    import threading

    learner.load("data = [(1, 2)]\nw = 1\nb = 0\ndef update():\n  while True:\n    pass\n")
    threading.Timer(0.2, learner.stop).start()
    with pytest.raises(CodeError, match="^stopped$"):
        learner.train(1)


def test_printed_output_comes_back_without_garbling_the_answers(learner):
    learner.load("data = [(1, 2)]\nw = 1\nb = 0\ndef update():\n  print('step', w)\n")
    assert learner.train(2)["w"] == 1.0
    assert learner.output == "step 1\nstep 1\n"


def test_read_code_names_the_file_and_the_line(tmp_path):
    good = tmp_path / "good.py"
    good.write_text(seed_solution())
    assert read_code(good) == seed_solution()
    bad = tmp_path / "bad.py"
    bad.write_text("w = 1\nb = (\n")
    with pytest.raises(CodeError, match=r"bad.py: line 2: '\(' was never closed"):
        read_code(bad)
    with pytest.raises(CodeError, match=r"missing.py: cannot be read"):
        read_code(tmp_path / "missing.py")


# ----- feedback ---------------------------------------------------------------------------------

def _by_hand(data, w, b):
    """Seed 001's formulas, written out: L = ½Σe², dL/dw = Σ e x, dL/db = Σ e."""
    e = [w * x + b - y for x, y in data]
    return 0.5 * sum(v * v for v in e), sum(v * x for v, (x, _) in zip(e, data)), sum(e)


def test_true_gradient_is_seed_001s():
    L, g = true_loss_and_gradient(SEED_DATA, 1.0, 0.0)
    ref = _by_hand(SEED_DATA, 1.0, 0.0)
    assert L == pytest.approx(ref[0]) and list(g) == pytest.approx(ref[1:])


def test_a_wrong_gradient_component_is_named_with_how_far_off():
    _, dw, db = _by_hand(SEED_DATA, 1.0, 0.0)
    problems = gradient_problems(SEED_DATA, 1.0, 0.0, (dw, db + 3.0))
    assert len(problems) == 1
    assert problems[0].startswith("gradient(): db is ") and "off by 3" in problems[0]
    (twice,) = gradient_problems(SEED_DATA, 1.0, 0.0, (2 * dw, db))
    assert "dw is" in twice and "twice the true value" in twice
    (flipped,) = gradient_problems(SEED_DATA, 1.0, 0.0, (dw, -db))
    assert "db is" in flipped and "sign is flipped" in flipped
    assert gradient_problems(SEED_DATA, 1.0, 0.0, (dw, db)) == []


def test_a_loss_without_the_half_is_named():
    L = _by_hand(SEED_DATA, 1.0, 0.0)[0]
    assert loss_problem(SEED_DATA, 1.0, 0.0, L) is None
    problem = loss_problem(SEED_DATA, 1.0, 0.0, 2 * L)
    assert problem.startswith("loss() is ") and "twice the true value" in problem


def test_probe_of_code_with_a_wrong_gradient(learner):
    wrong = seed_solution().replace("db += y(xi, w, b) - yi", "db += (y(xi, w, b) - yi) * xi")
    info = learner.load(wrong)
    problems = check_probe(info["data"], learner.probe())
    assert len(problems) == 1 and problems[0].startswith("gradient(): db is ")
    assert check_probe(info["data"], learner.load(seed_solution()) and learner.probe()) == []
