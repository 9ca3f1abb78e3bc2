"""The readout's curvature section: its numbers against the Hessian written out by hand and
numpy's eigenvalues, and the stable rate against the red tick on the rate slider."""

from __future__ import annotations

import math

import numpy as np
import pytest

import gradviz.core as gc
from gradviz.gui.panels.controls import LR_MAX, LR_MIN, ControlPanel, log_to_pos
from gradviz.gui.panels.readout import ReadoutPanel
from panel_session import advance, session_for, wait_current

X = np.arange(1.0, 9.0)


def _panel(qtbot, session):
    panel = ReadoutPanel(session)
    qtbot.addWidget(panel)
    return panel


def test_no_curvature_section_by_default(qtbot):
    with session_for() as s:
        panel = _panel(qtbot, s)
        assert panel.curvature_label.isHidden() and "stable_lr" not in panel.values


@pytest.mark.parametrize("loss", ["l2", "mse"])
def test_the_lines_eigenvalues_and_stable_rate_match_the_red_tick(qtbot, loss):
    with session_for(loss=loss, curvature=True) as s:
        panel = _panel(qtbot, s)
        controls = ControlPanel(s)
        qtbot.addWidget(controls)
        advance(qtbot, s, 5)
        k = 1.0 if loss == "l2" else 2.0 / X.size
        H = k * np.array([[np.sum(X * X), np.sum(X)], [np.sum(X), X.size]])  # by hand
        lo, hi = np.linalg.eigvalsh(H)
        v = panel.values
        assert (v["lambda_min"], v["lambda_max"]) == pytest.approx((lo, hi), rel=1e-12)
        assert v["condition"] == pytest.approx(hi / lo, rel=1e-12)
        assert v["stable_lr"] == pytest.approx(2.0 / hi, rel=1e-12)
        # the red tick marks the same rate
        assert v["stable_lr"] == pytest.approx(s.stable_lr(), rel=1e-12)
        assert controls.lr_slider.mark() == log_to_pos(v["stable_lr"], LR_MIN, LR_MAX)
        text = panel.curvature_label.toPlainText()
        assert "Curvature" in text and "red tick" in text and "long valley" in text
        before = panel.curvature_label.text()
        advance(qtbot, s, 5)  # the line's curvature is the same everywhere: the view is not re-laid out
        assert panel.curvature_label.text() == before


def test_l1_says_why_the_lines_hessian_is_zero(qtbot):
    with session_for(loss="l1", curvature=True) as s:
        panel = _panel(qtbot, s)
        assert panel.values["lambda_max"] == 0.0 and math.isinf(panel.values["stable_lr"])
        text = panel.curvature_label.toPlainText()
        assert "no second derivative" in text and "Hessian is zero" in text
        assert "no step size overshoots" in text


def test_the_networks_numbers_come_from_its_whole_hessian(qtbot):
    with session_for(start=None, model="network", hidden=3, loss="mse", optimizer="adam", lr=0.01,
                     curvature=True) as s:
        panel = _panel(qtbot, s)
        advance(qtbot, s, 3)
        wait_current(qtbot, s)
        snap = s.frame.snapshot
        H = gc.hessian(s.model, snap.params, s.dataset.x, s.dataset.y, "mse")
        lam = np.linalg.eigvalsh(H)
        assert (panel.values["lambda_min"], panel.values["lambda_max"]) == pytest.approx((lam[0], lam[-1]), rel=1e-9)
        assert "10 × 10" in panel.curvature_label.toPlainText()


def test_turning_it_on_while_paused_shows_it_at_once(qtbot):
    with session_for() as s:
        panel = _panel(qtbot, s)
        s.update_settings(curvature=True)
        qtbot.waitUntil(lambda: not panel.curvature_label.isHidden(), timeout=5000)
        assert "Curvature" in panel.curvature_label.toPlainText()
        s.update_settings(curvature=False)
        qtbot.waitUntil(lambda: panel.curvature_label.isHidden(), timeout=5000)
