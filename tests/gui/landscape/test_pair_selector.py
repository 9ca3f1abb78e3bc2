"""The pair selector: never one parameter twice, names never clipped."""

from __future__ import annotations

from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

from gradviz.gui.landscape import PairSelector
from gradviz.gui.state.settings import Settings

from windows import make_window

NETWORK_NAMES = [f"{p}{k}" for p in ("w", "b", "v") for k in range(1, 17)] + ["c"]


def test_picking_the_other_axis_parameter_swaps_the_two(qtbot):
    sel = PairSelector()
    qtbot.addWidget(sel)
    sel.set_names(["w1", "w2", "b1", "b2", "c"], 0, 2)
    with qtbot.waitSignal(sel.pairChanged) as blocker:
        sel.u_combo.setCurrentIndex(2)                 # b1, the second axis's
    assert blocker.args == [2, 0]
    assert (sel.u_combo.currentText(), sel.v_combo.currentText()) == ("b1", "w1") and sel.pair() == (2, 0)
    with qtbot.waitSignal(sel.pairChanged) as blocker:
        sel.v_combo.setCurrentIndex(2)                 # b1 again, now on the second axis
    assert blocker.args == [0, 2] and sel.pair() == (0, 2)
    with qtbot.waitSignal(sel.pairChanged) as blocker:
        sel.v_combo.setCurrentIndex(4)
    assert blocker.args == [0, 4]


def test_the_views_draw_the_pair_the_selector_shows(qtbot, config_dir):
    win = make_window(qtbot, settings=Settings(model="network", hidden=2), use_gl=False)
    sel, ctrl = win.pair_selector, win.landscape
    names = win.session.model.param_names
    sel.u_combo.setCurrentIndex(ctrl.pair[1])
    assert ctrl.pair == sel.pair() and ctrl.pair[0] != ctrl.pair[1]
    assert (sel.u_combo.currentText(), sel.v_combo.currentText()) == (names[ctrl.pair[0]], names[ctrl.pair[1]])
    axis = win.contour.plot_item.getAxis
    assert (axis("bottom").labelText, axis("left").labelText) == (names[ctrl.pair[0]], names[ctrl.pair[1]])


def test_the_combos_are_wide_enough_for_every_name(qtbot):
    sel = PairSelector()
    qtbot.addWidget(sel)
    sel.set_names(["w", "b"])
    sel.show()
    qtbot.waitExposed(sel)
    sel.set_names(NETWORK_NAMES, 0, 16)
    qtbot.wait(20)
    for combo in (sel.u_combo, sel.v_combo):
        opt = QStyleOptionComboBox()
        combo.initStyleOption(opt)
        text_rect = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, opt,
                                                 QStyle.SubControl.SC_ComboBoxEditField, combo)
        widest = max(combo.fontMetrics().horizontalAdvance(n) for n in NETWORK_NAMES)
        assert text_rect.width() >= widest, (combo.width(), text_rect.width(), widest)
