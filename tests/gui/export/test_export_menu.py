"""File > Export and the run's history from the window."""

import csv

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
    table = np.array([[float(v) for v in r] for r in rows[1:]])
    # the same run in the core, from the window's start point, step by step
    st = s.settings
    tr = gc.Trainer(gc.make_model(st.model), s.dataset, loss=st.loss, optimizer=st.optimizer, lr=st.lr,
                    params=s.start, batch_size=st.effective_batch(len(s.dataset)), seed=st.seed)
    ref = [tr.snapshot()] + [tr.step(1) for _ in range(12)]
    np.testing.assert_array_equal(table[:, 0], [r.step for r in ref])
    np.testing.assert_array_equal(table[:, 1:3], [r.params for r in ref])
    np.testing.assert_array_equal(table[:, 3], [r.loss for r in ref])
    np.testing.assert_array_equal(table[:, 4:6], [r.grad for r in ref])
    np.testing.assert_array_equal(table[:, 6], st.lr)
