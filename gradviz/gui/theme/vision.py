"""Colour-vision deficiency simulation and colour difference, in pure numpy.

``simulate`` applies Machado, Oliveira & Fernandes (2009) at severity 1.0 (the matrices of
their table, on linear sRGB); ``ciede2000`` is the CIE colour difference of Sharma, Wu &
Dalal (2005). Together they say whether two colours stay apart for a viewer with
deuteranopia, protanopia or tritanopia.
"""

from __future__ import annotations

import itertools

import numpy as np

MACHADO_2009 = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779],
                            [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
VISIONS = ("normal",) + tuple(MACHADO_2009)

_SRGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375],
                         [0.2126729, 0.7151522, 0.0721750],
                         [0.0193339, 0.1191920, 0.9503041]])
_D65 = np.array([0.95047, 1.0, 1.08883])


def hex_to_rgb(colour: str) -> np.ndarray:
    """'#rrggbb' -> sRGB in 0..1."""
    h = colour.lstrip("#")
    return np.array([int(h[i:i + 2], 16) for i in (0, 2, 4)], dtype=float) / 255.0


def to_linear(srgb) -> np.ndarray:
    c = np.asarray(srgb, dtype=float)
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def to_srgb(linear) -> np.ndarray:
    c = np.clip(np.asarray(linear, dtype=float), 0.0, 1.0)
    return np.where(c <= 0.0031308, c * 12.92, 1.055 * c ** (1 / 2.4) - 0.055)


def simulate(srgb, vision: str) -> np.ndarray:
    """sRGB colours (..., 3) in 0..1 as a viewer with this vision sees them ('normal' or a
    key of MACHADO_2009); works on a whole image too."""
    srgb = np.asarray(srgb, dtype=float)
    if vision == "normal":
        return srgb
    return to_srgb(to_linear(srgb) @ MACHADO_2009[vision].T)


def to_lab(srgb) -> np.ndarray:
    xyz = (to_linear(srgb) @ _SRGB_TO_XYZ.T) / _D65
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], axis=-1)


def ciede2000(lab1, lab2) -> float:
    """CIEDE2000 difference of two CIELAB colours (kL = kC = kH = 1)."""
    L1, a1, b1 = (float(v) for v in lab1)
    L2, a2, b2 = (float(v) for v in lab2)
    C = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    G = 0.5 * (1 - np.sqrt(C ** 7 / (C ** 7 + 25.0 ** 7)))
    a1p, a2p = a1 * (1 + G), a2 * (1 + G)
    C1p, C2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360 if C1p else 0.0
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360 if C2p else 0.0
    dLp, dCp = L2 - L1, C2p - C1p
    dh = 0.0 if C1p * C2p == 0 else h2p - h1p
    if dh > 180:
        dh -= 360
    elif dh < -180:
        dh += 360
    dHp = 2 * np.sqrt(C1p * C2p) * np.sin(np.radians(dh / 2))
    Lbar, Cbar = (L1 + L2) / 2, (C1p + C2p) / 2
    if C1p * C2p == 0:
        hbar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hbar = (h1p + h2p) / 2
    else:
        hbar = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    T = (1 - 0.17 * np.cos(np.radians(hbar - 30)) + 0.24 * np.cos(np.radians(2 * hbar))
         + 0.32 * np.cos(np.radians(3 * hbar + 6)) - 0.20 * np.cos(np.radians(4 * hbar - 63)))
    dtheta = 30 * np.exp(-(((hbar - 275) / 25) ** 2))
    Rc = 2 * np.sqrt(Cbar ** 7 / (Cbar ** 7 + 25.0 ** 7))
    Sl = 1 + 0.015 * (Lbar - 50) ** 2 / np.sqrt(20 + (Lbar - 50) ** 2)
    Sc, Sh = 1 + 0.045 * Cbar, 1 + 0.015 * Cbar * T
    Rt = -np.sin(np.radians(2 * dtheta)) * Rc
    return float(np.sqrt((dLp / Sl) ** 2 + (dCp / Sc) ** 2 + (dHp / Sh) ** 2
                         + Rt * (dCp / Sc) * (dHp / Sh)))


def min_distance(colours: dict[str, str], vision: str) -> tuple[float, tuple[str, str]]:
    """The smallest CIEDE2000 difference between any two of these named '#rrggbb' colours
    as this vision sees them, and which pair it is."""
    labs = {k: to_lab(simulate(hex_to_rgb(c), vision)) for k, c in colours.items()}
    return min((ciede2000(labs[a], labs[b]), (a, b)) for a, b in itertools.combinations(labs, 2))
