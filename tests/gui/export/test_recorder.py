"""Recording an animation of the window: the run is driven frame by frame, the frames
are those of the steps asked for, Cancel and failures leave no file."""

import threading

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QPushButton

from animations import all_differ, read_frames
from gradviz.gui.export.recorder import AnimationRecorder, frame_steps, image_to_rgb
from windows import window_closed_after


@pytest.fixture
def window(qtbot):
    yield from window_closed_after(qtbot, use_gl=False)


def _wait_done(qtbot, rec, timeout=60_000):
    qtbot.waitUntil(lambda: rec.done, timeout=timeout)


def test_frame_steps_spread_evenly_from_the_current_step():
    assert frame_steps(0, 8, 5) == [0, 2, 4, 6, 8]
    assert frame_steps(10, 3, 7) == [10, 11, 12, 13]  # no step twice
    assert frame_steps(4, 0, 5) == [4]
    assert frame_steps(0, 100, 1) == [0]


@pytest.mark.parametrize("ext", [".gif", ".mp4"])
def test_the_window_recorded_frame_by_frame(qtbot, window, tmp_path, ext):
    out = tmp_path / f"run{ext}"
    seen = []
    window.session.frameChanged.connect(lambda f: seen.append(f.step))
    rec = window.export.record(out, steps=8, frames=5, fps=10)
    progress = window.findChildren(QProgressDialog)
    assert progress and progress[-1].isVisible()
    _wait_done(qtbot, rec)
    assert rec.error is None
    assert window.session.snapshot.step == 8 and not window.session.running
    frames = read_frames(out)
    w, h = image_to_rgb(window.render_image()).shape[1::-1]
    assert frames.shape[0] == 5
    assert frames.shape[1:3] == ((h, w) if ext == ".gif" else (h - h % 2, w - w % 2))
    assert all_differ(frames)
    assert {0, 2, 4, 6, 8} <= set(seen) | {0}
    assert [p.name for p in tmp_path.iterdir()] == [out.name]
    assert not any(d.isVisible() for d in window.findChildren(QProgressDialog))


def test_the_gif_shows_the_window_as_it_was_at_each_step(qtbot, window, tmp_path):
    out = tmp_path / "run.gif"
    grabs = []

    def grab():
        image = window.export.window_image()
        grabs.append(image_to_rgb(image))
        return image

    rec = AnimationRecorder(window.session, grab, out, steps=4, frames=3, fps=5)
    rec.start()
    _wait_done(qtbot, rec)
    assert rec.error is None
    frames = read_frames(out)
    assert len(frames) == len(grabs) == 3
    for f, g in zip(frames, grabs):  # GIF: 256 colours a frame; the window uses few
        assert np.mean(np.abs(f.astype(int) - g)) < 2.0


def test_one_panel_can_be_recorded(qtbot, window, tmp_path):
    out = tmp_path / "curve.gif"
    rec = window.export.record(out, steps=4, frames=3, fps=5, target="Loss curve")
    _wait_done(qtbot, rec)
    assert rec.error is None
    frames = read_frames(out)
    assert frames.shape[1:3] == (window.loss_curve.height(), window.loss_curve.width())


def test_cancel_mid_export_leaves_no_file(qtbot, window, tmp_path):
    out = tmp_path / "run.mp4"
    rec = window.export.record(out, steps=200, frames=50, fps=10)
    qtbot.waitUntil(lambda: rec.encoder is not None and rec.encoder.frames >= 2, timeout=60_000)
    [dialog] = [d for d in window.findChildren(QProgressDialog) if d.isVisible()]
    [button] = [b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel"]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert rec.done and rec.error == "cancelled"
    assert list(tmp_path.iterdir()) == []
    assert not [t for t in threading.enumerate() if t.name == "gradviz-export-encoder"]
    assert window.session.snapshot.step < 200


def test_closing_the_window_mid_export_leaves_no_file(qtbot, window, tmp_path):
    out = tmp_path / "run.gif"
    rec = window.export.record(out, steps=200, frames=50, fps=10)
    qtbot.waitUntil(lambda: rec.encoder is not None and rec.encoder.frames >= 1, timeout=60_000)
    window.close()
    assert rec.done
    assert list(tmp_path.iterdir()) == []
    assert not [t for t in threading.enumerate() if t.name == "gradviz-export-encoder"]


def test_an_unwritable_folder_fails_with_a_message_and_no_file(qtbot, window, tmp_path):
    messages = []
    window.statusBar().messageChanged.connect(messages.append)
    rec = window.export.record(tmp_path / "missing" / "run.gif", steps=4, frames=3, fps=5)
    assert rec.done and "run.gif" in rec.error
    assert any("Could not export the animation" in m for m in messages)
    assert list(tmp_path.iterdir()) == []


def test_recording_a_running_session_starts_from_where_it_paused(qtbot, window, tmp_path):
    s = window.session
    s.update_settings(speed=200.0)
    s.play()
    qtbot.waitUntil(lambda: s.snapshot is not None and s.snapshot.step >= 5, timeout=20_000)
    rec = window.export.record(tmp_path / "run.gif", steps=4, frames=5, fps=5)
    _wait_done(qtbot, rec)
    assert rec.error is None and not s.running
    first = rec.steps_of_frames[0]
    assert first >= 5 and rec.steps_of_frames == list(range(first, first + 5))
    assert s.snapshot.step == first + 4
    assert len(read_frames(tmp_path / "run.gif")) == rec.total == 5
