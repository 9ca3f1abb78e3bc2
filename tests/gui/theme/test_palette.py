"""The palette stays readable for colour-blind viewers: in every panel's set of colours
(its ground included), every two colours differ by at least MIN_DE00 (CIEDE2000) under
normal vision and under Machado et al. (2009) severity-1.0 protanopia, deuteranopia and
tritanopia. For scale: 2.3 is a just-noticeable difference; the Okabe-Ito set's own
minimum under deuteranopia is 11.6 (orange/yellow)."""

from __future__ import annotations

import numpy as np
import pytest

from gradviz.gui.theme import vision
from gradviz.gui.theme.palette import LIGHT, OKABE_ITO, PALETTES, PANEL_SETS, panel_colours

MIN_DE00 = 10.0


@pytest.mark.parametrize("theme", sorted(PALETTES))
@pytest.mark.parametrize("panel", sorted(PANEL_SETS))
@pytest.mark.parametrize("seen_as", vision.VISIONS)
def test_panel_colours_stay_apart(theme, panel, seen_as):
    d, pair = vision.min_distance(panel_colours(PALETTES[theme], panel), seen_as)
    assert d >= MIN_DE00, f"{theme} {panel} under {seen_as}: {pair} only ΔE00 {d:.1f} apart"


def test_ciede2000_matches_sharma_reference_pairs():
    # Sharma, Wu & Dalal (2005), table 1: pairs 1, 7, 17, 25
    for lab1, lab2, expected in (((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425),
                                 ((50, 0, 0), (50, -1, 2), 2.3669),
                                 ((50, 2.5, 0), (73, 25, -18), 27.1492),
                                 ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644)):
        assert vision.ciede2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)


def test_lab_of_known_colours():
    # CIELAB (D65) of sRGB white and pure red, as published by Bruce Lindbloom's calculator
    assert vision.to_lab(np.ones(3)) == pytest.approx([100, 0, 0], abs=1e-3)
    assert vision.to_lab(np.array([1.0, 0, 0])) == pytest.approx([53.2408, 80.0925, 67.2032], abs=1e-3)


@pytest.mark.parametrize("kind", sorted(vision.MACHADO_2009))
def test_simulation_keeps_greys_and_confuses_what_it_should(kind):
    grey = np.array([0.5, 0.5, 0.5])
    assert vision.simulate(grey, kind) == pytest.approx(grey, abs=2e-3)  # each row sums to 1
    red, green = np.array([1.0, 0, 0]), np.array([0, 0.6, 0])
    lab = lambda c: vision.to_lab(vision.simulate(c, kind))  # noqa: E731
    apart = vision.ciede2000(lab(red), lab(green))
    # red and green collapse for the red-green deficiencies, not for tritanopia
    assert (apart < 25) == (kind != "tritanopia"), apart


def test_simulation_works_on_an_image():
    img = np.random.default_rng(0).random((4, 5, 3))
    out = vision.simulate(img, "deuteranopia")
    assert out.shape == img.shape and out.min() >= 0 and out.max() <= 1


def test_meaning_colours_are_okabe_ito():
    okabe = set(OKABE_ITO.values())
    for name in ("points", "held_out", "model_curve", "residuals", "arrow", "ball", "optimum",
                 "edge_positive", "edge_negative", "slice_u", "slice_v", "batch"):
        assert getattr(LIGHT, name) in okabe, name
