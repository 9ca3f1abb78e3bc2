"""The held-out points as the autosave writes them: one or two inputs, read back bit for bit."""

from __future__ import annotations

import json

import numpy as np

import gradviz.core as gc
from gradviz.gui.held_out.saved import held_out_from_json, held_out_json


def _round_trip(ds):
    return held_out_from_json(json.loads(json.dumps(held_out_json(ds))))


def test_one_input_held_out_points_read_back_exactly():
    ds = gc.Dataset(np.array([0.1, 2.0 / 3.0, -1e-300]), np.array([1.0, np.pi, 7.0]))
    back, problem = _round_trip(ds)
    assert problem is None
    assert back.x.tobytes() == ds.x.tobytes() and back.y.tobytes() == ds.y.tobytes()


def test_two_input_held_out_points_read_back_exactly():
    rng = np.random.default_rng(3)
    ds = gc.Dataset(rng.normal(size=(5, 2)), rng.integers(0, 2, 5).astype(float))
    back, problem = _round_trip(ds)
    assert problem is None and back.n_inputs == 2
    assert back.x.tobytes() == ds.x.tobytes() and back.y.tobytes() == ds.y.tobytes()


def test_a_value_too_large_is_dropped_with_a_message():
    back, problem = held_out_from_json({"x": [[1.0, 1e300]], "y": [0.0]})
    assert back is None and "beyond" in problem
