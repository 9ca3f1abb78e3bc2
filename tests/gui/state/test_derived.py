"""Numbers computed once per frame for several panels: the Hessian, and its pace on large data."""

from __future__ import annotations

import numpy as np

import gradviz.core as gc
from gradviz.gui.state import derived
from gradviz.gui.state.frame import Frame
from gradviz.gui.state.settings import Settings


def frames(n, model, steps=(0, 1, 2)):
    rng = np.random.default_rng(0)
    x = rng.uniform(-3, 3, n)
    ds = gc.Dataset(x, np.sin(x))
    settings = Settings(model=model.name, loss="mse")
    tr = gc.Trainer(model, ds, loss="mse", optimizer="adam", lr=0.01)
    out = []
    for k in steps:
        snap = tr.step(k - tr.step_count)
        out.append(Frame(snap, model, settings, ds, k))
    return out


def test_small_data_gets_the_hessian_of_every_frame():
    for f in frames(200, gc.Network(3)):
        fh = derived.frame_hessian(f)
        assert fh.step == f.step
        np.testing.assert_array_equal(fh.matrix, gc.hessian(f.model, f.params, f.dataset.x, f.dataset.y, "mse"))
        assert derived.frame_hessian(f) is fh  # once per frame


def test_large_data_recomputes_at_most_hessian_hz_times_a_second(monkeypatch):
    f0, f1, f2 = frames(20_000, gc.Network(16))  # n·P² = 20,000 · 49² > HESSIAN_BUDGET
    assert len(f0.dataset) * 49 ** 2 > derived.HESSIAN_BUDGET
    monkeypatch.setattr(derived, "HESSIAN_HZ", 1e-6)  # a frame always comes "too soon"
    assert derived.frame_hessian(f0).step == 0
    assert derived.frame_hessian(f1).step == 0  # the last one, and it says from which step
    monkeypatch.setattr(derived, "HESSIAN_HZ", 1e12)  # due again
    fh = derived.frame_hessian(f2)
    assert fh.step == 2
    np.testing.assert_allclose(fh.matrix, gc.hessian(f2.model, f2.params, f2.dataset.x, f2.dataset.y, "mse"))
