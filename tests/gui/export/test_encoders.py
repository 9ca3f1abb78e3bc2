"""GIF and MP4 encoders: frames written and read back; no file unless finished."""

import numpy as np
import pytest

from animations import all_differ, read_frames
from gradviz.gui.export.encoders import FrameEncoder


def _frames(n, h=90, w=120):
    out = []
    for i in range(n):
        f = np.full((h, w, 3), 250, np.uint8)
        f[20:50, 10 + 15 * i:40 + 15 * i] = (200, 30, 30)  # a square that moves
        out.append(f)
    return out


@pytest.mark.parametrize("ext", [".gif", ".mp4"])
def test_written_and_read_back(tmp_path, ext):
    out = tmp_path / f"run{ext}"
    enc = FrameEncoder(out, fps=10)
    frames = _frames(5)
    for f in frames:
        enc.append(f)
    assert not out.exists()  # nothing under the target's name until finished
    assert enc.finish() == out
    back = read_frames(out)
    assert back.shape == (5, 90, 120, 3)
    assert all_differ(back)
    # the moving square is where it was drawn (lossy MP4: roughly)
    assert back[2, 35, 45 + 0].tolist() == pytest.approx([200, 30, 30], abs=40)
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_gif_colours_and_timing_are_kept(tmp_path):
    import imageio.v3 as iio

    out = tmp_path / "run.gif"
    enc = FrameEncoder(out, fps=20)
    for f in _frames(3):
        enc.append(f)
    enc.finish()
    np.testing.assert_array_equal(read_frames(out)[1], _frames(3)[1])  # few colours: exact
    meta = iio.immeta(out, index=0, plugin="pillow")
    assert meta["duration"] == 50 and meta["loop"] == 0


def test_mp4_of_an_odd_size_drops_the_last_row_and_column(tmp_path):
    out = tmp_path / "odd.mp4"
    enc = FrameEncoder(out, fps=10)
    for f in _frames(2, h=91, w=121):
        enc.append(f)
    enc.finish()
    assert read_frames(out).shape == (2, 90, 120, 3)


@pytest.mark.parametrize("ext", [".gif", ".mp4"])
def test_abort_leaves_no_file_and_the_old_one_untouched(tmp_path, ext):
    out = tmp_path / f"run{ext}"
    out.write_bytes(b"old")
    enc = FrameEncoder(out, fps=10)
    for f in _frames(3):
        enc.append(f)
    enc.abort()
    enc.abort()  # again: nothing happens
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_bad_input_is_refused_without_a_file(tmp_path):
    with pytest.raises(ValueError, match="allowed: .gif, .mp4"):
        FrameEncoder(tmp_path / "run.avi", fps=10)
    enc = FrameEncoder(tmp_path / "run.gif", fps=10)
    enc.append(_frames(1)[0])
    with pytest.raises(ValueError, match="frame of 60x50 pixels in an animation of 120x90"):
        enc.append(np.zeros((50, 60, 3), np.uint8))
    enc.abort()
    with pytest.raises(ValueError, match="at least one frame"):
        FrameEncoder(tmp_path / "empty.gif", fps=10).finish()
    assert list(tmp_path.iterdir()) == []


def _encoder_threads():
    import threading

    return [t for t in threading.enumerate() if t.name == "gradviz-export-encoder"]


def _finish(bg):
    import time

    bg.request_finish()
    end = time.perf_counter() + 30
    while not bg.poll():
        assert time.perf_counter() < end
        time.sleep(0.01)


@pytest.mark.parametrize("ext", [".gif", ".mp4"])
def test_background_encoder_writes_the_same_file_in_its_thread(tmp_path, ext):
    from gradviz.gui.export.encoders import BackgroundEncoder

    out = tmp_path / f"run{ext}"
    bg = BackgroundEncoder(FrameEncoder(out, fps=10))
    for f in _frames(6):
        bg.append(f)
    assert bg.frames == 6
    _finish(bg)
    assert read_frames(out).shape == (6, 90, 120, 3)
    assert bg.size == (120, 90)
    assert _encoder_threads() == []


def test_background_encoder_abort_and_errors_leave_no_file_and_no_thread(tmp_path):
    from gradviz.gui.export.encoders import BackgroundEncoder

    bg = BackgroundEncoder(FrameEncoder(tmp_path / "a.gif", fps=10))
    for f in _frames(3):
        bg.append(f)
    bg.abort()
    bad = BackgroundEncoder(FrameEncoder(tmp_path / "b.mp4", fps=10))
    bad.append(_frames(1)[0])
    bad.append(np.zeros((50, 60, 3), np.uint8))  # another size: fails in the thread
    with pytest.raises(ValueError, match="frame of 60x50 pixels"):
        _finish(bad)
    bad.abort()
    assert list(tmp_path.iterdir()) == []
    assert _encoder_threads() == []
