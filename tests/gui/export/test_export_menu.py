"""File > Export and the run's history from the window."""

import csv
from dataclasses import replace

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.gui.export.menu import save_run_history
from windows import window_closed_after


@pytest.fixture
def window(qtbot):
    yield from window_closed_after(qtbot, use_gl=False)


def test_file_menu_has_the_export_submenu(window):
    [m_file] = [a.menu() for a in window.menuBar().actions() if a.text() == "&File"]
    [export] = [a.menu() for a in m_file.actions() if a.menu() is not None and a.text() == "&Export"]
    texts = [a.text() for a in export.actions()]
    assert texts == ["&Animation (GIF or MP4)…", "Run &history (CSV)…", "&Image of a panel"]
    images = [a.menu() for a in export.actions() if a.menu() is not None][0]
    assert [a.text() for a in images.actions()] == ["Data view…", "Loss curve…", "Contour map…"]


def test_history_of_the_shown_run_equals_a_core_trainer_run(window, tmp_path):
    s = window.session
    s.step_once(12)
    assert s.wait_for_step(12)
    out = save_run_history(s, tmp_path / "history.csv")
    with open(out, newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["step", "w", "b", "loss", "dL/dw", "dL/db", "lr"]
    _same_as_a_core_run(rows[1:], s.settings, s.start, s.dataset)


def _same_as_a_core_run(rows, st, start, dataset) -> None:
    """``rows`` (step, w, b, loss, dL/dw, dL/db, lr) are those of the run of ``st`` from
    ``start`` in the core, step by step, to full precision."""
    table = np.array([[float(v) for v in r] for r in rows])
    tr = gc.Trainer(gc.make_model(st.model), dataset, loss=st.loss, optimizer=st.optimizer, lr=st.lr,
                    params=start, batch_size=st.effective_batch(len(dataset)), seed=st.seed, **st.optimizer_options())
    ref = [tr.snapshot()] + [tr.step(1) for _ in range(len(rows) - 1)]
    np.testing.assert_array_equal(table[:, 0], [r.step for r in ref])
    np.testing.assert_array_equal(table[:, 1:3], [r.params for r in ref])
    np.testing.assert_array_equal(table[:, 3], [r.loss for r in ref])
    np.testing.assert_array_equal(table[:, 4:6], [r.grad for r in ref])
    np.testing.assert_array_equal(table[:, 6], st.lr)


def test_the_animation_dialog_records_what_was_chosen(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from gradviz.gui.export import menu
    from gradviz.gui.export.animation_dialog import AnimationOptions

    chosen = {}

    def fill_in(dialog):
        assert [dialog.target.itemText(i) for i in range(dialog.target.count())] == \
            ["Whole window", "Data view", "Loss curve", "Contour map"]
        dialog.steps.setValue(6)
        dialog.frames.setValue(3)
        dialog.fps.setValue(12)
        dialog.target.setCurrentText("Data view")
        chosen["ok"] = True
        return QDialog.DialogCode.Accepted

    out = tmp_path / "view.gif"
    monkeypatch.setattr(AnimationOptions, "exec", fill_in)
    monkeypatch.setattr(menu, "ask_animation_path", lambda parent: out)
    window.export.act_animation.trigger()
    rec = window.export.recorder
    qtbot.waitUntil(lambda: rec.done, timeout=60_000)
    assert chosen and rec.error is None
    assert (rec.steps, rec.total, rec.fps) == (6, 3, 12)
    assert window.session.snapshot.step == 6
    from animations import read_frames

    assert read_frames(out).shape[:3] == (3, window.data_panel.height(), window.data_panel.width())


def test_history_of_runs_side_by_side_has_their_labels_and_each_runs_own_numbers(window, tmp_path):
    s = window.session
    momentum = replace(s.settings, optimizer="momentum", lr=0.002)
    adam = replace(s.settings, optimizer="adam", lr=0.05)
    s.runs.add(momentum)
    s.runs.add(adam, start=[2.0, -1.0])
    s.step_once(12)
    assert s.wait_for_step(12)
    out = save_run_history(s, tmp_path / "history.csv")
    with open(out, newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["run", "step", "w", "b", "loss", "dL/dw", "dL/db", "lr"]
    assert [r[0] for r in rows[1:]] == ["A"] * 13 + ["B"] * 13 + ["C"] * 13
    for label, st, start in (("A", s.settings, s.start), ("B", momentum, s.start), ("C", adam, [2.0, -1.0])):
        _same_as_a_core_run([r[1:] for r in rows[1:] if r[0] == label], st, start, s.dataset)
