"""The lesson room in the window: every chapter of the built-in lesson opens, applies its
set-up and renders; questions reveal; checks follow the learner; progress persists."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QKeySequence

import gradviz.core as gc
from gradviz.gui.lesson.lesson_file import BUILT_IN, load_lesson
from gradviz.gui.lesson.progress import Progress
from gradviz.gui.shortcuts_dialog import shortcut_rows
from windows import make_window

LESSON = load_lesson(BUILT_IN)


@pytest.fixture
def window(qtbot, config_dir):
    win = make_window(qtbot)
    yield win
    win.close()
    assert not win.session.thread_running()


def _settle(qtbot, win):
    seq = win.session.request_sync()
    qtbot.waitUntil(lambda: win.session.frame is not None and win.session.frame.seq >= seq, timeout=5000)
    qtbot.wait(50)


def _colours(image) -> int:
    small = image.scaled(200, 130)
    return len({small.pixel(x, y) for x in range(0, 200, 2) for y in range(0, 130, 2)})


def test_hidden_at_first_launch_with_its_own_shortcut(window):
    assert not window.lesson.is_open() and window.lesson.lesson() is None
    act = window.lesson.view_action
    assert act.shortcut() == QKeySequence("G")
    keys = [k for k, _what in shortcut_rows(window)]
    assert keys.count(act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)) == 1
    assert len(keys) == len(set(keys))  # no two actions share a key
    act.trigger()
    assert window.lesson.is_open() and window.lesson.lesson().key == BUILT_IN
    assert window.lesson.panel.chapter_number() == 1
    act.trigger()
    assert not window.lesson.is_open()


def test_every_chapter_opens_applies_its_setup_and_renders(qtbot, window, tmp_path):
    window.lesson.load(BUILT_IN)
    panel = window.lesson.panel
    for k, ch in enumerate(LESSON.chapters, start=1):
        panel.open_chapter(k)
        _settle(qtbot, window)
        s, setup = window.session.settings, ch.setup
        assert panel.title_label.text() == ch.title
        assert f"chapter {k} of {len(LESSON.chapters)}" in panel.progress_label.text()
        for key in ("model", "loss", "optimizer", "lr", "speed"):
            if key in setup:
                assert getattr(s, key) == setup[key], (k, key)
        snap = window.session.frame.snapshot  # the trainer took them too, not only the settings
        assert (snap.lr, window.session.frame.model.name) == (s.lr, s.model), k
        if "preset" in setup:
            ds = window.session.dataset
            assert np.array_equal(ds.x, gc.preset(setup["preset"]).x), k
        if "start" in setup:
            assert np.allclose(window.session.current_params(), setup["start"]), k
        if "network_example" in setup:
            assert np.allclose(window.session.current_params(), gc.SEED001_NETWORKS[setup["network_example"]]["params"])
        assert window.slopes.is_open() == ("slopes" in setup), k
        if "slopes" in setup:
            assert window.slopes.room.currentIndex() == window.slopes.room.TABS.index(setup["slopes"])
        assert window.act_lsq.isChecked() == setup.get("least_squares", True)
        assert panel.question_box.isVisibleTo(panel) == (ch.question is not None)
        assert panel.check_box.isVisibleTo(panel) == (ch.check is not None)
        if ch.check is not None:
            assert not panel.check().passed, k  # nothing done yet: every check waits for the learner
        image = window.render_image()
        assert image.save(str(tmp_path / f"chapter{k:02d}.png"))
        assert _colours(image) > 40, k
    assert not panel.next_button.isEnabled() and panel.back_button.isEnabled()


def test_the_derivative_chapter_sets_the_seeds_slope(qtbot, window):
    window.lesson.load(BUILT_IN, chapter=6)
    d = window.slopes.room.derivative
    assert d.x() == 0 and d.value_and_slope()[1] == pytest.approx(1.3)
    for _ in range(200):
        d.step_downhill()
    assert window.lesson.panel.check().passed


def test_a_question_reveals_its_answer(window):
    window.lesson.load(BUILT_IN, chapter=8)
    panel = window.lesson.panel
    panel.reveal()
    assert "Choose an answer first" in panel.explanation() and not panel.revealed()
    panel.choose(1)
    panel.reveal()
    assert panel.revealed() and "Not quite" in panel.explanation() and "0.0095" in panel.explanation()
    panel.open_chapter(1)
    panel.choose(2)
    panel.reveal()
    assert "Right!" in panel.explanation()


def test_checks_pass_for_the_right_move_and_fail_for_a_wrong_one(qtbot, window):
    window.lesson.load(BUILT_IN, chapter=2)  # fitting by hand
    panel = window.lesson.panel
    window.session.set_start(np.array([0.7, 0.0]))
    _settle(qtbot, window)
    assert not panel.check().passed
    window.session.set_start(np.array([0.6, 0.2]))  # the seed's own fit
    _settle(qtbot, window)
    v = panel.check()
    assert v.passed and "within 50 % of the best" in panel.check_text()
    panel.open_chapter(8)  # the learning rate
    assert not panel.check().passed
    window.session.update_settings(lr=0.005)
    assert panel.check().passed
    panel.open_chapter(4)
    assert not panel.check().passed
    combo = window.controls.loss_combo  # as the learner does it: the Controls' Loss box
    combo.setCurrentIndex(combo.findData("l2"))
    assert panel.check().passed


def test_gradient_descent_chapter_passes_once_trained(qtbot, window):
    window.lesson.load(BUILT_IN, chapter=9)
    window.session.step_once(3000)
    qtbot.waitUntil(lambda: window.session.snapshot.step >= 3000, timeout=20000)
    assert window.lesson.panel.check().passed


def test_progress_persists_across_launches(qtbot, config_dir):
    win = make_window(qtbot)
    win.lesson.load(BUILT_IN, chapter=3)
    win.lesson.panel.choose(2)
    win.lesson.panel.reveal()
    win.lesson.panel.open_chapter(5)
    win.close()
    saved = Progress()
    assert saved.current == BUILT_IN and saved.chapter(BUILT_IN, 11) == 5 and saved.answer(BUILT_IN, 3) == 2
    assert saved.was_open
    again = make_window(qtbot)
    again.lesson.load()  # no name: the lesson of last time, where the learner was
    assert again.lesson.panel.chapter_number() == 5
    again.lesson.panel.open_chapter(3)
    assert again.lesson.panel.revealed() and "Right!" in again.lesson.panel.explanation()
    again.close()


def test_a_broken_progress_file_is_no_progress(config_dir):
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "lesson_progress.json").write_text("{not json")
    p = Progress()
    assert p.current is None and p.chapter(BUILT_IN, 11) == 1


def test_a_malformed_lesson_shows_its_message(window, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('title = "T"\n[[chapters]]\ntitle = "a"\ntext = "b"\n[chapters.setup]\nlr = "x"\n')
    problem = window.lesson.load(str(bad))
    assert problem == "bad.toml, chapters[1].setup.lr: must be a number from 1e-12 to 10 and > 0, got 'x'"
    panel = window.lesson.panel
    assert window.lesson.is_open() and panel.text_label.text() == problem
    assert not panel.next_button.isEnabled() and panel.chapter_number() == 0


def test_the_session_file_keeps_the_lesson_and_its_chapter(qtbot, window, tmp_path):
    window.lesson.load(BUILT_IN, chapter=4)
    window.lesson.panel.choose(2)
    window.lesson.panel.reveal()
    path = tmp_path / "s.gradviz"
    assert window.sessions.save_to(path)
    from gradviz.gui.files.session_file import read_session

    learner = read_session(path).learner
    assert learner["lesson"] == {"lesson": BUILT_IN, "chapter": 4, "answers": {"4": 2}}
    window.session.update_settings(loss="l2")  # the learner's own change, saved with the run
    assert window.sessions.save_to(path)
    window.lesson.panel.open_chapter(9)
    assert window.sessions.open_path(path, interactive=False)
    assert window.lesson.panel.chapter_number() == 4 and window.lesson.panel.revealed()
    assert window.session.settings.loss == "l2"  # the run as saved, not the chapter's set-up (l1)


def test_the_gradient_descent_chapter_opens_the_code_panel_without_running_it(qtbot, window):
    assert not window.docks["code"].isVisible()
    window.lesson.load(BUILT_IN, chapter=9)
    qtbot.waitUntil(lambda: window.docks["code"].isVisible(), timeout=5000)
    assert "not in this build" not in window.lesson.panel.note_label.text()
    assert "call update() in this loop!" in window.code_panel.source()
    assert not window.code_panel.is_running()
