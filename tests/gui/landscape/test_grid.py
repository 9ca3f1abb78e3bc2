"""The surface grid: the 3D mesh's resampling."""

from __future__ import annotations

import numpy as np

from gradviz.gui.landscape.grid import resample_grid


def test_resample_grid_keeps_corners_and_grid_points():
    u, v = np.linspace(-1, 3, 97), np.linspace(0, 2, 30)
    Zf = np.add.outer(u ** 2, np.sin(v))
    uc, vc, Zc = resample_grid(u, v, Zf, 49)
    assert Zc.shape == (49, 30) and uc[0] == u[0] and uc[-1] == u[-1]
    np.testing.assert_array_equal(vc, v)                  # an axis within the limit is left alone
    np.testing.assert_array_equal(Zc, Zf[::2])            # 97 -> 49: every other point, exactly
    u2, v2, Z2 = resample_grid(u, v, Zf, 20)              # a general ratio interpolates
    np.testing.assert_allclose(Z2[[0, -1]][:, [0, -1]], Zf[[0, -1]][:, [0, -1]])
    np.testing.assert_allclose(Z2, np.add.outer(u2 ** 2, np.sin(v2)), atol=0.01)
    Zn = Zf.copy()
    Zn[10, :] = np.nan                                     # a hole stays a hole, nowhere else
    _, _, Zc = resample_grid(u, v, Zn, 49)
    assert np.isnan(Zc[5]).all() and np.isfinite(np.delete(Zc, 5, axis=0)).all()
