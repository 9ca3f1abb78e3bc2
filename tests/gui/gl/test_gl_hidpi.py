"""The 3D view and the window's screenshot at fractional and integer device pixel ratios.

Qt's scale factor can only be set before the application exists, so each ratio runs in a
child process (the display and GL settings of scripts/test.sh carry over) that prints what
it measured as one JSON line; the parent checks it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

CHILD = r"""
import json, sys, time
import numpy as np
from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QApplication
import gradviz.gui.gl  # shares GL contexts: before the application
app = QApplication([])
from gradviz.gui.main_window import MainWindow
from gradviz.gui.state.session import Session

def pixels(img):
    img = img.convertToFormat(QImage.Format.Format_RGB32)
    h, w = img.height(), img.width()
    buf = np.frombuffer(img.constBits(), dtype=np.uint8).reshape(h, img.bytesPerLine() // 4, 4)
    return buf[:, :w, 2::-1].astype(int)  # BGRA in memory -> RGB

def changed(a, b):
    if a.shape != b.shape:
        return -1
    return int((np.abs(a - b).max(axis=-1) > 40).sum())

def settle(seconds):
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.01)

win = MainWindow(Session(), restore_layout=False)
scale = win.screen().devicePixelRatio()  # as much of it on the 1600 x 1000 screen as fits
win.resize(min(1400, int(1600 / scale)), min(900, int(1000 / scale)))
win.move(0, 0)
win.show()
settle(1.0)
view, glv = win.view3d, win.view3d.gl_view
glv.setBackgroundColor((90, 30, 30))  # the backdrop is drawn afresh: it must fill the frame
cached_img = glv.render_image()
cached = pixels(cached_img)
glv.update()
settle(0.5)
live = pixels(QGuiApplication.primaryScreen().grabWindow(glv.winId()).toImage())
# only the part on the screen can be grabbed (at a ratio of 2 the window is wider than it)
screen = win.screen().geometry()
corner = glv.mapToGlobal(glv.position() * 0)
on_w = min(glv.width(), screen.right() + 1 - corner.x())
on_h = min(glv.height(), screen.bottom() + 1 - corner.y())
dpr = glv.devicePixelRatio()
on = (slice(0, int(on_h * dpr)), slice(0, int(on_w * dpr)))
win.screenshot(sys.argv[1])
view.grab_image().save(sys.argv[2])
top_left = view.mapTo(win, view.rect().topLeft())
print("RESULT " + json.dumps({
    "dpr": win.devicePixelRatioF(), "window": [win.width(), win.height()],
    "view3d": [top_left.x(), top_left.y(), view.width(), view.height()],
    "frame": [cached_img.width(), cached_img.height()], "gl_size": [glv.width(), glv.height()],
    "corners": [cached[y, x].tolist() for y in (2, -3) for x in (2, -3)],
    "live_vs_frame": changed(live[on], cached[on]), "live_pixels": int(live[on].size // 3),
    "pixels": int(cached.shape[0] * cached.shape[1]),
}), flush=True)
win.close()
app.processEvents()
"""


def image_pixels(img: QImage):
    import numpy as np

    img = img.convertToFormat(QImage.Format.Format_RGB32)
    h, w = img.height(), img.width()
    buf = np.frombuffer(img.constBits(), dtype=np.uint8).reshape(h, img.bytesPerLine() // 4, 4)
    return buf[:, :w, 2::-1].astype(int)  # BGRA in memory -> RGB


@pytest.mark.gl
@pytest.mark.slow
@pytest.mark.parametrize("scale", ["1.5", "2"])
def test_3d_view_and_screenshot_fill_their_place_at_a_device_pixel_ratio(tmp_path, scale):
    import numpy as np

    shot, grab = tmp_path / "window.png", tmp_path / "view3d.png"
    env = dict(os.environ, QT_SCALE_FACTOR=scale, GRADVIZ_CONFIG_DIR=str(tmp_path / "config"))
    proc = subprocess.run([sys.executable, "-c", CHILD, str(shot), str(grab)], env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    line = next(ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT "))
    got = json.loads(line[len("RESULT "):])
    s = float(scale)
    assert got["dpr"] == pytest.approx(s)
    # the GL frame has a pixel per device pixel, and the backdrop fills it (its top corners
    # are the new background, not what the frame before left there)
    gw, gh = got["gl_size"]
    assert got["frame"] == [int(gw * s + 0.5), int(gh * s + 0.5)]
    assert got["corners"][:2] == [[90, 30, 30]] * 2, got
    # what the window shows live is that frame (not a frame drawn into two thirds of it)
    assert got["live_pixels"] > 0.15 * got["pixels"], got   # enough of it on the screen to tell
    assert 0 <= got["live_vs_frame"] < 0.01 * got["live_pixels"], got
    # the screenshot: device pixels, the 3D view's own image exactly where the view is
    image = QImage(str(shot))
    w, h = got["window"]
    assert (image.width(), image.height()) == (int(w * s + 0.5), int(h * s + 0.5))
    x, y = (int(k * s + 0.5) for k in got["view3d"][:2])
    view = image_pixels(QImage(str(grab)))
    vh, vw = view.shape[:2]
    assert abs(vw - got["view3d"][2] * s) <= 1 and abs(vh - got["view3d"][3] * s) <= 1
    pasted = image_pixels(image)[y:y + vh, x:x + vw]
    # a view at the window's edge: rounding its position and size up can pass the edge by a pixel
    assert vh - pasted.shape[0] <= 1 and vw - pasted.shape[1] <= 1
    view = view[:pasted.shape[0], :pasted.shape[1]]
    assert (np.abs(pasted - view).max(axis=-1) > 40).mean() < 0.01
