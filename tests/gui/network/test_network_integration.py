"""The sigmoid network in the window: diagram, contributions, examples, slices, switching."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import QRectF

import gradviz.core as gc
from gradviz.gui.main_window import MainWindow
from gradviz.gui.state.session import Session, running_sessions
from gradviz.gui.state.settings import Settings


@pytest.fixture
def net_window(qtbot, config_dir):
    session = Session(gc.preset("sine"), Settings(model="network", hidden=8, optimizer="adam", lr=0.01,
                                                   loss="mse", speed=math.inf))
    win = MainWindow(session, restore_layout=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
    assert session not in running_sessions()


def train(qtbot, win, steps):
    s = win.session
    s.step_once(steps)
    qtbot.waitUntil(lambda: s.snapshot.step >= steps, timeout=30000)


def test_network_dock_shown_and_diagram_reflects_weights(qtbot, net_window):
    win = net_window
    assert win.docks["network"].isVisible()
    train(qtbot, win, 300)
    params = win.session.snapshot.params
    diagram = win.network.diagram
    assert diagram.hidden() == 8
    w, b, v, c = win.session.model.unpack(params)
    for i in range(8):
        tip = diagram.tooltip_text(("w", i)).replace("−", "-")
        assert tip.startswith(f"w{i + 1} = {w[i]:.3f}"), tip
        pen = diagram.edge_item("w", i).pen().color()
        positive = pen.red() > pen.blue()
        assert positive == (w[i] > 0)


def test_contributions_sum_to_the_curve(qtbot, net_window):
    win = net_window
    train(qtbot, win, 200)
    params = win.session.snapshot.params
    xs, ys = win.data_panel.curve.getData()
    total = np.zeros_like(xs)
    for item in win.data_panel.contribs[:8]:
        cx, cy = item.getData()
        np.testing.assert_allclose(cx, xs)
        total += cy
    _, _, _, c = win.session.model.unpack(params)
    np.testing.assert_allclose(total + c, ys, rtol=1e-10, atol=1e-10)


def test_seed001_examples_and_manual_edit(qtbot, net_window):
    win = net_window
    s = win.session
    for k in (1, 2, 4):
        win.network.examplePicked.emit(k)
        qtbot.waitUntil(lambda k=k: s.snapshot.params.shape == (3 * k + 1,) and s.snapshot.step == 0)
        np.testing.assert_allclose(s.snapshot.params, gc.SEED001_NETWORKS[k]["params"])
        assert s.model.hidden == k
        assert win.network.diagram.hidden() == k
    # one neuron, wi1 = 1, wo1 = 6.28, b1 = 0: the curve is 6.28·σ(x)
    win.network.examplePicked.emit(1)
    qtbot.waitUntil(lambda: s.snapshot.params.shape == (4,))
    xs, ys = win.data_panel.curve.getData()
    np.testing.assert_allclose(ys, 6.28 * gc.sigmoid(xs), rtol=1e-9)
    edited = s.snapshot.params.copy()
    edited[2] = 3.0  # v1
    win.network.paramsEdited.emit(edited)
    qtbot.waitUntil(lambda: s.snapshot.params[2] == 3.0)
    assert not s.running
    xs, ys = win.data_panel.curve.getData()
    np.testing.assert_allclose(ys, 3.0 * gc.sigmoid(xs), rtol=1e-9)


def test_reinitialise_gives_a_new_seeded_start(qtbot, net_window):
    s = net_window.session
    before = s.start.copy()
    net_window.network.reinitRequested.emit()
    qtbot.waitUntil(lambda: s.snapshot.step == 0 and not np.allclose(s.snapshot.params, before))
    np.testing.assert_allclose(s.snapshot.params, gc.make_model("network", hidden=8).init_params(s.settings.seed))


def test_slice_surface_equals_brute_force(qtbot, net_window):
    win = net_window
    train(qtbot, win, 100)
    ctrl = win.landscape
    win.pair_selector.v_combo.setCurrentIndex(2)  # (w1, v1)
    assert ctrl.pair == (0, 2)
    u, v, Z = ctrl.surface
    ds = win.session.dataset
    sub_u, sub_v = u[::8], v[::8]
    naive = gc.loss_surface_naive(win.session.model, ctrl.slice_params, 0, 2, sub_u, sub_v, ds.x, ds.y, "mse")
    np.testing.assert_allclose(Z[::8, ::8], naive, rtol=1e-9, atol=1e-12)


def test_switching_models_mid_run_is_safe(qtbot, net_window):
    win = net_window
    s = win.session
    s.play()
    qtbot.waitUntil(lambda: s.snapshot.step > 50, timeout=10000)
    for model, hidden in (("line", 8), ("network", 3), ("neuron", 3), ("network", 16), ("network", 1)):
        s.update_settings(model=model, hidden=hidden)
        s.play()
        qtbot.waitUntil(lambda: s.snapshot.params.shape == (s.model.n_params,) and s.snapshot.step > 5,
                        timeout=10000)
        assert np.all(np.isfinite(s.snapshot.params))
        assert win.readout.values["loss"] == pytest.approx(s.snapshot.loss)
    s.pause()
    assert win.docks["network"].isVisible()
    s.update_settings(model="line")
    assert not win.docks["network"].isVisible()


def test_network_trains_to_a_good_fit(qtbot, net_window):
    s = net_window.session
    train(qtbot, net_window, 8000)
    assert s.snapshot.loss < 0.05 * np.var(s.dataset.y)  # R² > 0.95


def test_ctrl_z_brings_back_the_network_an_example_replaced(qtbot, net_window):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    win = net_window
    s = win.session
    train(qtbot, win, 300)
    trained = s.snapshot.params.copy()
    win.network.editor.example_buttons[4].click()
    assert s.model.hidden == 4
    assert win.act_undo.text() == "&Undo load the 4-neuron example"
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=2000)
    win.data_panel.setFocus()
    QTest.keyClick(win.data_panel, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert s.model.hidden == 8
    qtbot.waitUntil(lambda: s.snapshot.step == 0 and s.snapshot.params.shape == trained.shape, timeout=5000)
    np.testing.assert_array_equal(s.snapshot.params, trained)
    assert win.network.diagram.hidden() == 8
    QTest.keyClick(win.data_panel, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert s.model.hidden == 4


@pytest.mark.parametrize("hidden", [8, 16])
def test_every_node_of_the_diagram_is_in_sight_in_the_window(qtbot, net_window, hidden):
    win = net_window
    win.session.update_settings(hidden=hidden)
    qtbot.wait(50)
    d = win.network.diagram
    view = d.viewport().rect()
    r = d.NODE_RADIUS
    rects = [d.node_item(i).sceneBoundingRect() for i in range(hidden)]
    for p in (d.node_positions()[0], d.node_positions()[-1]):
        rects.append(QRectF(p.x() - r, p.y() - r, 2 * r, 2 * r))
    for rect in rects:
        assert view.contains(d.mapFromScene(rect).boundingRect()), rect
    # the editor's table: one row per neuron, w, b and v side by side
    ed = win.network.editor
    assert ed.group_count() == hidden
    ys = {ed.control(n).mapTo(ed, ed.control(n).rect().center()).y() for n in ("w2", "b2", "v2")}
    assert len(ys) == 1
