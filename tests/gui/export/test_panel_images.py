"""Pictures of one panel (PNG, SVG) and "Save image…" in the plots' right-click menu."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from gradviz.gui.export.panel_images import save_panel_image
from windows import window_closed_after


@pytest.fixture
def window(qtbot):
    yield from window_closed_after(qtbot, use_gl=False)


def _plots(window):
    return {"data view": window.data_panel, "loss curve": window.loss_curve.plot,
            "contour map": window.contour.plot_widget}


def test_each_plot_menu_has_save_image_once_and_no_second_export_entry(window):
    for name, plot in _plots(window).items():
        texts = [a.text() for a in plot.getPlotItem().getViewBox().menu.actions()]
        assert texts.count("Save image…") == 1, name
        visible = [a.text() for a in plot.scene().contextMenu if a.isVisible()]
        assert "Export..." not in visible, name


@pytest.mark.parametrize("attr", ["data_panel", "loss_curve", "contour"])
def test_png_of_a_panel_is_its_picture(window, tmp_path, attr):
    widget = getattr(window, attr)
    out = save_panel_image(widget, tmp_path / "panel.png")
    image = QImage(str(out))
    ratio = widget.devicePixelRatioF()
    assert (image.width(), image.height()) == (round(widget.width() * ratio), round(widget.height() * ratio))
    assert len({image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}) > 5
    assert [p.name for p in tmp_path.iterdir()] == ["panel.png"]


def test_svg_of_the_loss_curve(window, tmp_path):
    window.session.step_once(5)
    assert window.session.wait_for_step(5)
    out = save_panel_image(window.loss_curve, tmp_path / "curve.svg", window.loss_curve.plot)
    text = out.read_text()
    assert text.lstrip().startswith("<?xml") and "<svg" in text and "<path" in text


def test_the_3d_view_is_refused_as_svg_and_nothing_is_written(window, tmp_path):
    with pytest.raises(ValueError, match="allowed: .png$"):
        save_panel_image(window.contour, tmp_path / "x.svg")
    with pytest.raises(ValueError, match="allowed: .png or .svg"):
        save_panel_image(window.loss_curve, tmp_path / "x.jpg", window.loss_curve.plot)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.gl
def test_png_of_the_3d_view_has_the_gl_scene(qtbot, tmp_path):
    gen = window_closed_after(qtbot, use_gl=True)
    win = next(gen)
    try:
        if win.view3d is None:
            pytest.skip(f"no OpenGL here: {win.gl_reason}")
        qtbot.wait(300)
        # right-click on the GL scene: a menu with "Save image…"
        from PySide6.QtCore import QPointF
        from PySide6.QtGui import QMouseEvent
        from PySide6.QtWidgets import QApplication

        gl = win.view3d.gl_view
        at = QPointF(40, 40)
        release = QMouseEvent(QMouseEvent.Type.MouseButtonRelease, at, gl.mapToGlobal(at), Qt.MouseButton.RightButton,
                              Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(gl, release)
        qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
        popup = QApplication.activePopupWidget()
        assert [a.text() for a in popup.actions()] == ["Save image…"]
        popup.close()
        out = save_panel_image(win.view3d, tmp_path / "3d.png")
        image = QImage(str(out))
        # the scene is drawn (grab() alone leaves the GL window blank): many colours
        colours = {image.pixel(x, y) for x in range(0, image.width(), 5) for y in range(0, image.height(), 5)}
        assert len(colours) > 50
    finally:
        gen.close()
