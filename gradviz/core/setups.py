"""Ready-made set-ups: data, a held-out evaluation set and the training settings of a seed,
by name (:data:`SETUPS`, :func:`setup`).

    s = gc.setup("seed-002")
    tr = gc.Trainer(gc.make_model(s.model), s.dataset, loss=s.loss, optimizer=s.optimizer,
                    lr=s.lr, params=s.start, batch_size=s.batch_size, eval_dataset=s.eval_dataset)
    tr.step(s.steps)          # ten epochs
    print(gc.format_epoch_table(tr.epoch_table()))
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from .dataset import Dataset
from .presets import preset

__all__ = ["SETUPS", "Setup", "setup"]

SETUPS: dict[str, str] = {
    "seed-002": "Seed 002's run: y = 2x + 1 on 10,000 points, 100 held out; per-sample SGD, MSE, "
                "rate 1e-4, from (0, 0), ten epochs",
}

SEED_002_EVAL = 20  # numpy.random.default_rng seed of seed 002's 100 evaluation points


@dataclass(frozen=True)
class Setup:
    """A data set, its evaluation set and how to train on them, for ``epochs`` epochs."""

    name: str
    dataset: Dataset
    eval_dataset: Dataset | None
    model: str
    loss: str
    optimizer: str
    lr: float
    batch_size: int | None
    start: tuple
    epochs: int

    @property
    def steps(self) -> int:
        """Steps of ``epochs`` passes over the training data."""
        per_epoch = len(self.dataset) if self.batch_size is None else -(-len(self.dataset) // self.batch_size)
        return self.epochs * per_epoch


def _seed_002() -> Setup:
    # Seed 002 draws its 100 evaluation points apart from the 10,000 it trains on, the same
    # way: x = random.randrange(0, 100), y = 2x + 1.
    x = np.random.default_rng(SEED_002_EVAL).integers(0, 100, size=100).astype(np.float64)
    held = Dataset(x, 2.0 * x + 1.0, name="seed-002 (held out)")
    return Setup("seed-002", preset("seed-002"), held, model="line", loss="mse", optimizer="sgd", lr=1e-4,
                 batch_size=1, start=(0.0, 0.0), epochs=10)


_BUILDERS = {"seed-002": _seed_002}


@functools.lru_cache(maxsize=None)
def setup(name: str) -> Setup:
    """The ready-made set-up ``name`` (see :data:`SETUPS`); unknown -> ValueError."""
    if name not in _BUILDERS:
        raise ValueError(f"unknown set-up {name!r}; choose one of: {', '.join(SETUPS)}")
    return _BUILDERS[name]()
