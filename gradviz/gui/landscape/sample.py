"""The points a large data set's neuron/network landscape is computed on.

The neuron's and network's surfaces cost G^2 x n sigmoids (the line's are closed forms
over a few sums, independent of n). Above SAMPLE_ABOVE points they are computed on a fixed,
seeded, evenly spread sample of SAMPLE_SIZE points, with sum losses (L1, L2) scaled by
n / SAMPLE_SIZE so the values match the full data's loss; the panel says so. Training
always uses every point.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Neuron/network landscapes on more points than this use a sample of SAMPLE_SIZE points:
# 100,000 points took ~1.8 s per network slice (64 x 64) and ~3.8 s for the neuron (97 x 97)
SAMPLE_ABOVE = 20_000
SAMPLE_SIZE = 20_000
SAMPLE_SEED = 20_250_101
SUM_LOSSES = ("l1", "l2")  # sums over the points (MSE is a mean): scaled by n / m


def sample_indices(n: int, m: int, seed: int = SAMPLE_SEED) -> np.ndarray:
    """m sorted indices into range(n), one drawn at random from each of m equal runs of
    consecutive indices: evenly spread over the data, the same for the same n and seed."""
    k = np.arange(m + 1, dtype=np.int64)
    edges = k * n // m
    starts, widths = edges[:-1], np.diff(edges)
    u = np.random.default_rng(seed).random(m)
    return starts + np.minimum((u * widths).astype(np.int64), widths - 1)


@dataclass(frozen=True)
class LandscapeSample:
    """The points a large data set's neuron/network landscape is computed on."""

    dataset: object  # the gc.Dataset it was drawn from (compared by identity)
    index: np.ndarray
    x: np.ndarray
    y: np.ndarray

    @property
    def n(self) -> int:
        return len(self.dataset)

    @property
    def m(self) -> int:
        return self.index.size

    def scale(self, loss: str) -> float:
        """Factor putting the sample's loss on the full data's scale."""
        return self.n / self.m if loss in SUM_LOSSES else 1.0

    def note(self) -> str:
        return f"Approximate: landscape from a {self.m:,}-point sample of {self.n:,} points"


SAMPLE_TOOLTIP = ("With this many points the neuron's and network's landscapes are computed on an "
                  "evenly spread random sample of the data (the same one until the data change), "
                  "scaled to the whole data set's loss, so the window stays responsive. "
                  "Training uses every point; the loss curve and readout are exact.")


def sample_for(ds, model, cached: LandscapeSample | None) -> LandscapeSample | None:
    """The sample to compute ``model``'s surface on, or None for all the points: only the
    sigmoid models on more than SAMPLE_ABOVE points. ``cached`` is reused for the same data
    set object, so the surface does not flicker between recomputes."""
    if model.name not in ("neuron", "network") or len(ds) <= SAMPLE_ABOVE:
        return None
    if cached is not None and cached.dataset is ds:
        return cached
    idx = sample_indices(len(ds), SAMPLE_SIZE)
    return LandscapeSample(ds, idx, ds.x[idx], ds.y[idx])
