"""Save Session and Open Session in the window: a fresh window shows the same state and the
same picture; a bad file changes nothing; the menus, drag-and-drop and Recent Files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from gradviz.gui.state.settings import Settings
from session_pictures import reopened, same_picture_but_the_loss_curve, same_run
from windows import make_window


@pytest.fixture
def warnings_shown(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append((a[1], a[2])))
    return shown


def _state(win) -> dict:
    return win.session.request_run_state().result(timeout=10)


def _train(qtbot, win, steps: int) -> None:
    target = win.session.snapshot.step + steps
    win.session.step_once(steps)
    qtbot.waitUntil(lambda: win.session.frame is not None and win.session.frame.snapshot.step == target, timeout=20000)


def test_a_saved_session_reopens_in_a_fresh_window_with_the_same_state_and_picture(qtbot, config_dir, tmp_path):
    settings = Settings(optimizer="momentum", lr=0.004, momentum=0.8, seed=3)
    first = make_window(qtbot, settings=settings)
    first.autosave.set_enabled(False)
    first.resize(1400, 900)
    _train(qtbot, first, 120)
    first.loss_curve.set_log(True)
    first.view3d is not None and first.view3d.gl_view.setCameraParams(azimuth=10.0, elevation=45.0, distance=18.0)
    first.landscape.set_window(((-0.5, 2.0), (-1.5, 1.0)))
    path = tmp_path / "lesson.gradviz"
    assert first.sessions.save_to(path)
    assert "Saved the session to lesson.gradviz (step 120)" in first.statusBar().currentMessage()
    saved_state = _state(first)

    second = reopened(qtbot, path)
    assert "Opened the session lesson.gradviz: 8 points, step 120." in second.statusBar().currentMessage()
    s1, s2 = first.session, second.session
    assert s2.dataset == s1.dataset and s2.dataset.x.tobytes() == s1.dataset.x.tobytes()
    assert s2.settings == s1.settings and s2.start.tobytes() == s1.start.tobytes()
    assert s2.snapshot.step == 120 and s2.snapshot.params.tobytes() == s1.snapshot.params.tobytes()
    same_run(saved_state, _state(second))  # optimizer state, shuffle order, path: all of it
    assert second.landscape.window == ((-0.5, 2.0), (-1.5, 1.0)) and second.loss_curve.is_log()
    assert (second.width(), second.height()) == (1400, 900)
    same_picture_but_the_loss_curve(first, second)
    # and both runs carry on with the very same steps
    _train(qtbot, first, 15)
    _train(qtbot, second, 15)
    assert s1.snapshot.params.tobytes() == s2.snapshot.params.tobytes() and s2.snapshot.step == 135
    for w in (first, second):
        w.close()


def test_the_network_and_its_view_round_trip(qtbot, config_dir, tmp_path):
    win = make_window(qtbot, settings=Settings(model="network", hidden=2, optimizer="adam", lr=0.05, seed=4))
    win.autosave.set_enabled(False)
    _train(qtbot, win, 40)
    win.landscape.set_pair(2, 4)
    win.act_resid.setChecked(False)
    path = tmp_path / "net.gradviz"
    assert win.sessions.save_to(path)
    before = _state(win)
    win.session.update_settings(model="line")
    win.act_resid.setChecked(True)
    assert win.sessions.open_path(path, interactive=False)
    assert win.session.settings.model == "network" and win.session.model.n_params == 7
    assert win.landscape.pair == (2, 4) and not win.act_resid.isChecked()
    assert not win.docks["network"].isHidden()
    same_run(before, _state(win))
    win.close()


def _snapshot_of(win):
    s = win.session
    return s.dataset, s.settings, s.start.copy(), s.snapshot.step, s.snapshot.params.copy(), win.landscape.window


@pytest.mark.parametrize("edit, needle", [
    (lambda raw: raw["runs"][0].update(lr="fast"), "runs[0].lr: must be a number > 0, got 'fast'"),
    (lambda raw: raw.update(version=3), "made by a newer gradviz (format 3); this one reads up to 1"),
    (lambda raw: raw["data"]["x"].append(9.0), "data.y: has 8 values but data.x has 9"),
    (lambda raw: raw["model"].update(name="tree"), "model.name: must be one of line, neuron, network"),
    (lambda raw: raw["view"]["landscape"].update(window=[[0, 1], [1, 1 + 1e-12]]),
     "view.landscape.window: b: the range is too narrow to draw"),
])
def test_a_bad_file_changes_nothing_and_says_what_and_where(qtbot, config_dir, tmp_path, warnings_shown, edit, needle):
    win = make_window(qtbot)
    win.autosave.set_enabled(False)
    good = tmp_path / "good.gradviz"
    assert win.sessions.save_to(good)
    raw = json.loads(good.read_text())
    edit(raw)
    bad = tmp_path / "bad.gradviz"
    bad.write_text(json.dumps(raw))
    _train(qtbot, win, 5)
    win.session.update_settings(lr=0.002)
    before = _snapshot_of(win)
    assert not win.sessions.open_path(bad)
    after = _snapshot_of(win)
    assert after[0] is before[0] and after[1] == before[1] and after[3] == before[3] and after[5] == before[5]
    assert after[2].tobytes() == before[2].tobytes() and after[4].tobytes() == before[4].tobytes()
    assert needle in win.statusBar().currentMessage() and "Your current work is unchanged" in win.statusBar().currentMessage()
    assert len(warnings_shown) == 1 and needle in warnings_shown[0][1]
    win.close()


def test_truncated_and_foreign_files(qtbot, config_dir, tmp_path, warnings_shown):
    win = make_window(qtbot)
    win.autosave.set_enabled(False)
    good = tmp_path / "good.gradviz"
    assert win.sessions.save_to(good)
    cut = tmp_path / "cut.gradviz"
    cut.write_bytes(good.read_bytes()[:300])
    csv = tmp_path / "data.gradviz"
    csv.write_text("x,y\n1,2\n")
    ds = win.session.dataset
    assert not win.sessions.open_path(cut) and not win.sessions.open_path(csv)
    assert [t for t, _ in warnings_shown] == ["Could not open the session"] * 2
    assert "the file ends too early" in warnings_shown[0][1] and "not a JSON object" in warnings_shown[1][1]
    assert win.session.dataset is ds
    win.close()


def test_a_session_that_cannot_be_written_leaves_no_file(qtbot, config_dir, tmp_path, warnings_shown):
    win = make_window(qtbot)
    win.autosave.set_enabled(False)
    target = tmp_path / "nowhere" / "s.gradviz"
    assert not win.sessions.save_to(target, interactive=True)
    assert not target.exists() and not (tmp_path / "nowhere").exists()
    assert "Nothing was written" in warnings_shown[0][1]
    assert "Could not save the session to s.gradviz; nothing was written." == win.statusBar().currentMessage()
    win.close()


def test_file_menu_entries_shortcuts_and_dialogs(qtbot, config_dir, tmp_path, monkeypatch):
    win = make_window(qtbot)
    win.autosave.set_enabled(False)
    file_menu = win.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]
    assert "Open Sessio&n…" in texts and "Save Sess&ion…" in texts
    assert win.sessions.act_open.shortcut() == QKeySequence("Ctrl+Shift+O")
    assert win.sessions.act_save.shortcut() == QKeySequence("Ctrl+Alt+S")
    keys = [s.toString() for a in win.actions() for s in a.shortcuts()]
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
    target = tmp_path / "from-dialog"  # no extension: .gradviz is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    win.sessions.act_save.trigger()
    assert Path(f"{target}.gradviz").is_file()
    win.session.update_settings(lr=0.0005)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (f"{target}.gradviz", ""))
    win.sessions.act_open.trigger()
    assert win.session.settings.lr == 0.001
    win.close()


def _drop(target, path: Path) -> QDropEvent:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPoint(40, 40), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(40, 40), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, drop)
    assert drop.isAccepted()
    return drop


def test_dropping_a_session_and_recent_files(qtbot, config_dir, tmp_path):
    win = make_window(qtbot)
    win.autosave.set_enabled(False)
    _train(qtbot, win, 12)
    path = tmp_path / "drop.gradviz"
    assert win.sessions.save_to(path)
    win.session.reset()
    qtbot.waitUntil(lambda: win.session.snapshot.step == 0)
    for target in (win, win.data_panel.viewport()):
        _drop(target, path)
        qtbot.waitUntil(lambda: win.session.snapshot.step == 12, timeout=5000)
        win.session.reset()
        qtbot.waitUntil(lambda: win.session.snapshot.step == 0)
    win.m_recent.aboutToShow.emit()
    acts = [a for a in win.m_recent.actions() if a.data()]
    assert Path(acts[0].data()).name == "drop.gradviz"
    acts[0].trigger()
    qtbot.waitUntil(lambda: win.session.snapshot.step == 12, timeout=5000)
    win.close()


def test_the_learners_code_is_kept_and_never_run(qtbot, config_dir, tmp_path):
    win = make_window(qtbot)
    win.autosave.set_enabled(False)
    path = tmp_path / "lesson.gradviz"
    assert win.sessions.save_to(path)
    assert "learner" not in json.loads(path.read_text())  # absent until there is something to keep
    marker = tmp_path / "ran.txt"
    raw = json.loads(path.read_text())
    raw["learner"] = {"code": f"open({str(marker)!r}, 'w').write('ran')", "lessons": {"derivative": 2}}
    path.write_text(json.dumps(raw))
    assert win.sessions.open_path(path, interactive=False)
    again = tmp_path / "again.gradviz"
    assert win.sessions.save_to(again)
    assert json.loads(again.read_text())["learner"] == raw["learner"]
    assert not marker.exists()
    win.close()


def test_held_out_points_and_the_epoch_table_reopen_with_the_session(qtbot, config_dir, tmp_path):
    first = make_window(qtbot, settings=Settings(optimizer="sgd", lr=0.002, batch_size=2, seed=5))
    first.autosave.set_enabled(False)
    assert first.held_out.held.split(0.25, seed=1)
    qtbot.waitUntil(lambda: first.session.frame.snapshot.eval_loss is not None, timeout=10000)
    _train(qtbot, first, 14)
    path = tmp_path / "held.gradviz"
    assert first.sessions.save_to(path)
    second = make_window(qtbot)
    second.autosave.set_enabled(False)
    assert second.sessions.open_path(path, interactive=False), second.sessions.last_error
    s1, s2 = first.session, second.session
    assert s2.eval_dataset == s1.eval_dataset and len(s2.eval_dataset) == 2
    assert s2.dataset == s1.dataset and len(s2.dataset) == 6
    qtbot.waitUntil(lambda: second.session.frame is not None and second.session.frame.snapshot.step == 14)
    assert s2.frame.snapshot.eval_loss == s1.frame.snapshot.eval_loss
    assert second.held_out.layer.shown_count() == 2  # drawn hollow in the data view
    assert len(s2.frame.snapshot.epochs) == len(s1.frame.snapshot.epochs) >= 4
    _train(qtbot, first, 6)
    _train(qtbot, second, 6)
    assert s1.snapshot.params.tobytes() == s2.snapshot.params.tobytes()
    assert s1.snapshot.eval_loss == s2.snapshot.eval_loss
    for w in (first, second):
        w.close()
