"""Files through the GUI: open (dialog path, drop, recent, large files in the background),
bad files (the dialog appears, the data is unchanged), the multi-column chooser, save and
save as, presets, and the Edit menu."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

import gradviz.core as gc
from gradviz.gui.files.column_dialog import ColumnDialog
from gradviz.gui.files.data_files import error_text
from windows import make_window, window_closed_after
from gradviz.gui.state.settings import Settings

CORPUS = Path(__file__).resolve().parents[2] / "data" / "csv"  # tests/data/csv


@pytest.fixture
def window(qtbot, config_dir):
    yield from window_closed_after(qtbot)


@pytest.fixture
def warnings_shown(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append((a[1], a[2])))
    return shown


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def status(win) -> str:
    return win.statusBar().currentMessage()


def answer_column_dialog(qtbot, x=None, y=None, accept=True, seen=None):
    """When the column dialog opens, pick x/y (header names) and press OK or Cancel."""
    def act():
        dlg = QApplication.activeModalWidget()
        if not isinstance(dlg, ColumnDialog):
            QTimer.singleShot(20, act)
            return
        if seen is not None:
            seen.append({"choice": dlg.choice(), "names": dlg.peek.names, "numeric": dlg.peek.numeric,
                         "rows": len(dlg.peek.rows)})
        if x is not None:
            dlg.set_choice(x, y)
        dlg.accept() if accept else dlg.reject()
    QTimer.singleShot(0, act)


# ----- open -----------------------------------------------------------------------------------

def test_open_good_file_replaces_data_as_one_undoable_step(qtbot, window, tmp_path):
    s = window.session
    before = s.dataset
    path = write(tmp_path / "heights.csv", "height,weight\n150,50\n160,56\n170,64\n180,70\n")
    assert window.open_file(path) is True
    np.testing.assert_array_equal(s.dataset.x, [150, 160, 170, 180])
    assert (s.dataset.x_name, s.dataset.y_name) == ("height", "weight")
    assert status(window).startswith("Opened heights.csv: 4 points")
    assert window.status_points.text() == "4 points"
    assert window.files.current_path == path
    # the view and the landscape were framed on the new data
    (x0, x1), _ = window.data_panel.getPlotItem().vb.viewRange()
    assert x0 < 150 and x1 > 180 and x1 - x0 < 100
    w, b = gc.least_squares(s.dataset.x, s.dataset.y)
    assert window.landscape.optimum[:2] == pytest.approx((w, b))
    assert window.act_undo.text() == "&Undo open heights.csv"
    window.act_undo.trigger()
    assert s.dataset is before
    window.act_redo.trigger()
    assert len(s.dataset) == 4


@pytest.mark.parametrize("name, line, column", [
    ("not_a_number.csv", 7, 2),
    ("ragged_too_many.csv", None, None),
    ("binary_nul.csv", None, None),
    ("utf16.csv", 1, 1),
    ("empty.csv", None, None),
    ("header_only.csv", None, None),
    ("decimal_comma.csv", None, None),
    ("nan.csv", None, None),
    ("one_column.csv", None, None),
])
def test_bad_file_gets_a_dialog_and_the_data_stays_exactly(qtbot, window, warnings_shown, name, line, column):
    s = window.session
    window.editor.add_point(10, 10)  # some unsaved work
    before, history = s.dataset, window.editor.history
    path = CORPUS / name
    with pytest.raises(gc.DataError) as core:
        gc.load_csv(path)
    assert window.open_file(path) is False
    assert s.dataset is before
    assert window.editor.history == history
    assert len(warnings_shown) == 1
    title, text = warnings_shown[0]
    assert title == "Could not open the file"
    assert text.startswith(str(core.value))  # the core's message: file, line, column, what
    assert name in text and "Your current data is unchanged." in text
    if line is not None:
        assert f"Line: {line}" in text and f"line {line}" in text
    if column is not None:
        assert f"Column: {column}" in text
    assert f"Problem: {core.value.what}" in text
    assert status(window) == f"Could not open {name}; your data is unchanged."


def test_error_text_names_file_line_column_and_problem(tmp_path):
    exc = gc.DataError("'abc' is not a number", tmp_path / "pts.csv", 7, 2, "height")
    text = error_text(exc, tmp_path / "pts.csv")
    assert text.splitlines()[0] == "pts.csv, line 7, column 2 ('height'): 'abc' is not a number"
    assert "Line: 7" in text and "Column: 2 ('height')" in text and "Problem: 'abc' is not a number" in text


def test_missing_file(qtbot, window, warnings_shown, tmp_path):
    before = window.session.dataset
    assert window.open_file(tmp_path / "nope.csv") is False
    assert window.session.dataset is before
    assert "nope.csv" in warnings_shown[0][1] and "no such file" in warnings_shown[0][1]


def test_multi_column_file_asks_for_x_and_y_and_remembers(qtbot, window, tmp_path):
    s = window.session
    path = write(tmp_path / "deer.csv", "id,name,height,weight,age\n"
                                        "1,ann,100,60,3\n2,bob,110,66,4\n3,cid,120,75,5\n")
    seen = []
    answer_column_dialog(qtbot, "height", "weight", seen=seen)
    assert window.open_file(path) is True
    assert seen[0]["names"] == ["id", "name", "height", "weight", "age"]
    assert seen[0]["numeric"] == [True, False, True, True, True]
    assert seen[0]["choice"] == (0, 2)  # first time: the first two numeric columns
    assert seen[0]["rows"] == 3
    np.testing.assert_array_equal(s.dataset.x, [100, 110, 120])
    np.testing.assert_array_equal(s.dataset.y, [60, 66, 75])
    assert "(x = 'height', y = 'weight')" in status(window)
    # the second time the dialog opens with last time's choice
    seen.clear()
    answer_column_dialog(qtbot, seen=seen)
    assert window.open_file(path) is True
    assert seen[0]["choice"] == (2, 3)
    np.testing.assert_array_equal(s.dataset.y, [60, 66, 75])
    # cancelling the dialog changes nothing
    before = s.dataset
    answer_column_dialog(qtbot, accept=False)
    assert window.open_file(path) is False
    assert s.dataset is before
    assert "no columns chosen" in status(window)


def test_column_dialog_refuses_the_same_column_twice(qtbot, tmp_path):
    from gradviz.gui.files.column_dialog import peek
    path = write(tmp_path / "abc.csv", "a,b,c\n1,2,3\n4,5,6\n")
    pk = peek(path, gc.csv_header(path))
    dlg = ColumnDialog(path, pk)
    qtbot.addWidget(dlg)
    dlg.set_choice("b", "b")
    from PySide6.QtWidgets import QDialogButtonBox
    assert not dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert "different" in dlg.warning.text()
    dlg.set_choice("c", "a")
    assert dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert dlg.choice() == (2, 0)


def test_two_numeric_columns_among_others_need_no_dialog(qtbot, window, tmp_path):
    path = write(tmp_path / "labelled.csv", "x,label,y\n1,a,2\n2,b,4.5\n")
    assert window.open_file(path) is True  # no dialog (it would block this test)
    np.testing.assert_array_equal(window.session.dataset.y, [2, 4.5])


def test_drop_a_csv_on_the_window_or_on_the_plot(qtbot, window, tmp_path):
    s = window.session
    path = write(tmp_path / "dropped.csv", "x,y\n0,1\n1,2\n2,3.5\n")
    for target in (window, window.data_panel.viewport()):
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(path))])
        pos = QPointF(50, 50)
        enter = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(target, enter)
        assert enter.isAccepted()
        drop = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                          Qt.KeyboardModifier.NoModifier)
        window.editor.replace(gc.preset("lesson"), "back to the lesson")
        QApplication.sendEvent(target, drop)
        assert drop.isAccepted()
        qtbot.waitUntil(lambda: len(s.dataset) == 3 and not window.files.loader.busy, timeout=5000)
        assert s.dataset.y.tolist() == [1, 2, 3.5]
    # the plot views do not take file drops for themselves (they would swallow them)
    assert not window.data_panel.viewport().acceptDrops() or window.data_panel.viewport() in window.files.drop_targets()


def test_recent_files_menu(qtbot, window, tmp_path):
    a = write(tmp_path / "a.csv", "x,y\n0,0\n1,1\n")
    b = write(tmp_path / "b.csv", "x,y\n0,5\n1,6\n")
    assert window.open_file(a) and window.open_file(b)
    window.m_recent.aboutToShow.emit()
    acts = [act for act in window.m_recent.actions() if act.data()]
    assert [Path(act.data()).name for act in acts] == ["b.csv", "a.csv"]
    acts[1].trigger()  # reopen a.csv
    qtbot.waitUntil(lambda: window.session.dataset.y.tolist() == [0, 1] and not window.files.loader.busy)
    a.unlink()
    window.m_recent.aboutToShow.emit()
    [act for act in window.m_recent.actions() if act.data() and act.data().endswith("a.csv")][0].trigger()
    assert "no longer there" in status(window)
    window.m_recent.aboutToShow.emit()
    assert [Path(act.data()).name for act in window.m_recent.actions() if act.data()] == ["b.csv"]


# ----- large files ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def million_rows(tmp_path_factory):
    path = tmp_path_factory.mktemp("big") / "million.csv"
    rng = np.random.default_rng(7)
    x = rng.uniform(0, 10, size=1_000_000)
    y = 0.6 * x + 2 + rng.normal(size=x.size)
    gc.save_csv(gc.Dataset(x, y), path)
    return path, x, y


@pytest.mark.slow
def test_million_rows_load_in_the_background_and_all_take_part(qtbot, config_dir, million_rows):
    path, x, y = million_rows
    win = make_window(qtbot, settings=Settings(speed=math.inf, lr=1e-7))
    try:
        s = win.session
        ticks = []
        timer = QTimer()
        timer.timeout.connect(lambda: ticks.append(1))
        timer.start(10)
        assert win.files.open_path(path) is None  # returns at once: the load runs in a thread
        assert win.files.loader.busy
        # a slow load shows a busy strip once its timer fires; fire it now instead of
        # racing it (when it fires on a loaded machine is not this test's business)
        progress = win.files.progress
        assert progress.pending() and not progress.isVisible()
        progress.show_now()
        assert progress.isVisible() and progress.label.text().startswith("Loading million.csv (")
        qtbot.waitUntil(lambda: not win.files.loader.busy, timeout=30000)
        timer.stop()
        # the event loop kept running while it loaded (how smoothly is measured by
        # benchmarks/bench_large_data.py: a tick count here would be a timing assertion)
        assert ticks
        assert len(s.dataset) == 1_000_000
        np.testing.assert_array_equal(s.dataset.x, x)
        assert win.status_points.text() == "1,000,000 points"
        assert win.data_panel.density.isVisible()
        assert not progress.isVisible()  # gone once the load is done
        # all points take part in the math: the least-squares line is over all of them
        w, b = gc.least_squares(x, y)
        xs, ys = win.data_panel.lsq.getData()
        np.testing.assert_allclose(ys, w * xs + b, rtol=1e-9, atol=1e-9)
        s.step_once(1)
        qtbot.waitUntil(lambda: s.snapshot.step >= 1, timeout=10000)
        expected = s.model.loss(win.session.start, x, y, s.settings.loss)
        assert s.snapshot.path_losses[0] == pytest.approx(expected, rel=1e-9)
    finally:
        win.close()


@pytest.mark.slow
def test_cancel_a_load_keeps_the_data(qtbot, window, million_rows):
    path, _x, _y = million_rows
    before = window.session.dataset
    window.files.open_path(path)
    assert window.files.loader.busy
    window.files.progress.cancel_button.click()
    assert not window.files.loader.busy
    assert "Cancelled" in status(window)
    qtbot.wait(2500)  # the abandoned load finishes in its thread; its result is dropped
    assert window.session.dataset is before
    assert window.editor.history == []


# ----- save -----------------------------------------------------------------------------------

def test_save_as_and_save_in_place(qtbot, window, tmp_path, monkeypatch):
    s = window.session
    out = tmp_path / "mine.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "mine"), ""))
    window.act_save.trigger()  # Save As: ".csv" is added
    back = gc.load_csv(out)
    assert np.array_equal(back.x, s.dataset.x) and np.array_equal(back.y, s.dataset.y)
    window.editor.add_point(9, 9)
    window.act_save_data.trigger()  # Ctrl+S: back to the same file, no dialog
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: pytest.fail("no dialog expected"))
    window.act_save_data.trigger()
    assert len(gc.load_csv(out)) == 9
    assert window.save_file(tmp_path / "copy.csv") is True
    assert status(window) == "Saved 9 points to copy.csv."


def test_title_names_the_data_and_marks_unsaved_edits(qtbot, window, tmp_path):
    assert window.windowTitle().startswith("lesson[*] — gradviz") and not window.isWindowModified()
    window.editor.add_point(9, 9)
    assert window.isWindowModified()                          # "lesson* — gradviz ..." on screen
    window.act_undo.trigger()
    assert not window.isWindowModified()                      # back to what was loaded
    window.editor.add_point(9, 9)
    assert window.save_file(tmp_path / "mine.csv") is True
    assert window.windowTitle().startswith("mine.csv[*]") and not window.isWindowModified()
    window.editor.add_point(10, 10)
    assert window.isWindowModified()
    window.load_preset("sine")                                # new data: Save asks where again
    assert window.windowTitle().startswith("sine[*]") and not window.isWindowModified()
    assert window.files.current_path is None
    path = write(tmp_path / "two.csv", "x,y\n1,2\n3,4\n")
    window.open_file(path)
    assert window.windowTitle().startswith("two.csv[*]") and not window.isWindowModified()
    window.files.set_source(tmp_path / "restored.csv")        # as the launch does after a restore
    assert window.windowTitle().startswith("restored.csv[*]")


def test_save_never_overwrites_a_file_with_more_columns(qtbot, window, tmp_path, monkeypatch):
    path = write(tmp_path / "wide.csv", "x,label,y\n1,a,2\n2,b,4\n")
    original = path.read_text()
    assert window.open_file(path)
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(a[2]) or ("", ""))
    window.act_save_data.trigger()
    assert asked and asked[0].endswith("wide-xy.csv")
    assert path.read_text() == original


def test_save_error_gets_a_dialog(qtbot, window, warnings_shown, tmp_path):
    before = window.session.dataset
    assert window.save_file(tmp_path / "no" / "such" / "folder.csv") is False
    assert "does not exist" in warnings_shown[0][1]
    assert window.session.dataset is before


# ----- presets and the Edit menu ----------------------------------------------------------------

def test_presets_menu_lists_every_preset_with_its_description(qtbot, window):
    menu = [m for m in window.menuBar().actions() if m.text() == "&Data"][0].menu()
    presets = [a for a in menu.actions() if a.menu() is not None][0].menu()
    texts = [a.text() for a in presets.actions()]
    assert texts == ([f"{n} — {d}" for n, d in gc.PRESETS.items()] + ["Two inputs (x1, x2)"]
                     + [f"{n} — {d}" for n, d in gc.TWO_INPUT_PRESETS.items()])
    before = window.session.dataset
    presets.actions()[4].trigger()  # sine
    assert window.session.dataset is gc.preset("sine")
    window.act_undo.trigger()
    assert window.session.dataset is before


def test_edit_menu_undo_redo_delete_clear(qtbot, window):
    s, ed = window.session, window.editor
    assert not window.act_undo.isEnabled() and not window.act_redo.isEnabled()
    original = s.dataset
    ed.add_point(2.5, 3.1)
    assert window.act_undo.isEnabled() and window.act_undo.text() == "&Undo add point (2.5, 3.1)"
    assert status(window) == "Added point (2.5, 3.1): 9 points."
    window.data_panel.set_selection([0, 1, 2])
    window.act_delete.trigger()
    assert len(s.dataset) == 6
    window.act_clear.trigger()
    assert len(s.dataset) == 0 and not s.running
    window.act_undo.trigger()
    assert len(s.dataset) == 6
    assert status(window) == "Undid: clear all (6 points)."
    window.act_undo.trigger()
    window.act_undo.trigger()
    assert s.dataset is original
    assert window.act_redo.text() == "&Redo add point (2.5, 3.1)"
    assert [k.toString() for k in window.act_redo.shortcuts()] == ["Ctrl+Shift+Z", "Ctrl+Y"]
    assert window.act_undo.shortcut().toString() == "Ctrl+Z"
    window.act_select_all.trigger()
    assert len(window.data_panel.selected) == 8


def test_edits_update_landscape_optimum_and_stable_rate(qtbot, window):
    s = window.session
    stable_before = s.stable_lr()
    window.editor.replace(gc.Dataset.from_points([(0, 1), (1, 3), (2, 5), (3, 7)]), "four points")
    window.editor.add_point(4, 12)
    w, b = gc.least_squares(s.dataset.x, s.dataset.y)
    # edits reach the landscape through its rate limiter (a drag edits ~30 times a second)
    qtbot.waitUntil(lambda: window.landscape.optimum[:2] == pytest.approx((w, b)), timeout=3000)
    assert s.stable_lr() != stable_before
    assert f"{s.stable_lr():.2g}" in window.controls.stable_label.text()


def test_modified_has_one_owner_the_files_and_the_title_follows_it(qtbot, window, tmp_path):
    files = window.files
    changes = []
    files.modifiedChanged.connect(changes.append)
    assert not files.modified
    window.editor.add_point(9, 9)
    assert files.modified and window.isWindowModified()
    window.act_undo.trigger()
    assert not files.modified and not window.isWindowModified()
    window.editor.add_point(9, 9)
    assert window.save_file(tmp_path / "mine.csv")
    assert not files.modified and not window.isWindowModified()
    assert changes == [True, False, True, False]
