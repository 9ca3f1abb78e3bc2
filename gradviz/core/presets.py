"""The built-in data sets, by name: :data:`PRESETS` lists those of one input,
:data:`TWO_INPUT_PRESETS` those of two (x of shape (n, 2)); :func:`preset` builds any of
them and :func:`presets_for` gives the list for a number of inputs."""

from __future__ import annotations

import dataclasses
import functools

import numpy as np

from .csv_io import load_csv
from .dataset import Dataset

__all__ = ["PRESETS", "TWO_INPUT_PRESETS", "preset", "presets_for"]

PRESETS: dict[str, str] = {
    "lesson": "Seed 001's eight points: x = 1..8, roughly y = 0.6x + 0.2",
    "seed-002": "Seed 002's set-up: 10,000 integer x in 0..99, y = 2x + 1 exactly",
    "noisy-line": "40 points on y = 0.6x + 2 with Gaussian noise (sd 1)",
    "deer": "Deer: weight (kg) against shoulder height (cm), 30 animals",
    "sine": "60 points of y = 2 sin(x) for x in [-3, 3], slight noise: needs a network",
    "plateau": "Ice-cream sales rise with temperature, then level off (seed 001)",
    "step": "A sharp step from y = 0 to y = 1 at x = 1: one sigmoid neuron fits it",
}

#: Data sets of two inputs (x1, x2): a regression plane and four classifications (y = 0 or 1).
TWO_INPUT_PRESETS: dict[str, str] = {
    "plane": "60 points on y = 0.5·x1 - 0.8·x2 + 1 with Gaussian noise (sd 0.3): the plane fits it",
    "blobs": "Two separable clouds of 40 points, class 0 and class 1: one neuron draws the line between",
    "xor": "XOR: class 1 where x1 and x2 have the same sign, 100 points: needs a hidden layer",
    "circle": "A circle of class 1 inside a ring of class 0, 120 points: needs a closed boundary",
    "moons": "Two interleaving half-moons, 50 points each, slight noise",
}

# Seeds of the random presets (numpy.random.default_rng(seed)), fixed so that every run
# and every machine shows the same points.
SEED_002 = 2
SEED_NOISY_LINE = 1
SEED_SINE = 3
SEED_PLATEAU = 4
SEED_PLANE = 5
SEED_BLOBS = 6
SEED_XOR = 7
SEED_CIRCLE = 8
SEED_MOONS = 9


def _lesson() -> Dataset:
    # Seed 001: data = [(1, 0.85), (2, 1.43), (3, 1.92), (4, 2.59), (5, 3.20), (6, 3.82), (7, 4.38), (8, 4.97)]
    x = np.arange(1.0, 9.0)
    y = np.array([0.85, 1.43, 1.92, 2.59, 3.20, 3.82, 4.38, 4.97])
    return Dataset(x, y, name="lesson")


def _seed_002() -> Dataset:
    # Seed 002 draws x = random.randrange(0, 100) 10,000 times and sets y = 2x + 1.
    rng = np.random.default_rng(SEED_002)
    x = rng.integers(0, 100, size=10_000).astype(np.float64)
    return Dataset(x, 2.0 * x + 1.0, name="seed-002")


def _noisy_line() -> Dataset:
    rng = np.random.default_rng(SEED_NOISY_LINE)
    x = np.sort(rng.uniform(-8.0, 8.0, size=40))
    y = 0.6 * x + 2.0 + rng.normal(0.0, 1.0, size=40)
    return Dataset(x, y, name="noisy-line")


def _deer() -> Dataset:
    from gradviz.paths import resource_path

    ds = load_csv(resource_path("datasets", "deer.csv"))
    return dataclasses.replace(ds, name="deer")


def _sine() -> Dataset:
    rng = np.random.default_rng(SEED_SINE)
    x = np.linspace(-3.0, 3.0, 60)
    y = 2.0 * np.sin(x) + rng.normal(0.0, 0.1, size=60)
    return Dataset(x, y, name="sine")


def _plateau() -> Dataset:
    rng = np.random.default_rng(SEED_PLATEAU)
    x = np.linspace(0.0, 10.0, 41)  # temperature, in units of 3 degC
    y = 4.0 / (1.0 + np.exp(-1.2 * (x - 4.0))) + rng.normal(0.0, 0.1, size=41)
    return Dataset(x, y, name="plateau", x_name="temperature", y_name="sales")


def _step() -> Dataset:
    x = np.linspace(-5.0, 5.0, 40)
    y = (x > 1.0).astype(np.float64)
    return Dataset(x, y, name="step")


def _plane() -> Dataset:
    rng = np.random.default_rng(SEED_PLANE)
    x = rng.uniform(-3.0, 3.0, size=(60, 2))
    y = 0.5 * x[:, 0] - 0.8 * x[:, 1] + 1.0 + rng.normal(0.0, 0.3, size=60)
    return Dataset(x, y, name="plane")


def _classes(name, x0, x1) -> Dataset:
    """Class 0 at the points x0, then class 1 at x1."""
    y = np.concatenate([np.zeros(len(x0)), np.ones(len(x1))])
    return Dataset(np.vstack([x0, x1]), y, name=name, y_name="class")


def _blobs() -> Dataset:
    rng = np.random.default_rng(SEED_BLOBS)
    return _classes("blobs", rng.normal([-1.5, -1.0], 0.7, size=(20, 2)), rng.normal([1.5, 1.0], 0.7, size=(20, 2)))


def _xor() -> Dataset:
    rng = np.random.default_rng(SEED_XOR)
    x = rng.uniform(-2.0, 2.0, size=(100, 2))
    x += 0.3 * np.sign(x)  # a gap along both axes keeps the four quadrants apart
    same = x[:, 0] * x[:, 1] > 0
    return _classes("xor", x[~same], x[same])


def _circle() -> Dataset:
    rng = np.random.default_rng(SEED_CIRCLE)

    def ring(k, r_lo, r_hi):
        r = rng.uniform(r_lo, r_hi, k)
        t = rng.uniform(0.0, 2.0 * np.pi, k)
        return np.column_stack([r * np.cos(t), r * np.sin(t)])

    return _classes("circle", ring(70, 2.0, 3.0), ring(50, 0.0, 1.2))


def _moons() -> Dataset:
    rng = np.random.default_rng(SEED_MOONS)
    t = np.linspace(0.0, np.pi, 50)
    upper = np.column_stack([np.cos(t), np.sin(t)])
    lower = np.column_stack([1.0 - np.cos(t), 0.5 - np.sin(t)])
    return _classes("moons", upper + rng.normal(0.0, 0.1, (50, 2)), lower + rng.normal(0.0, 0.1, (50, 2)))


_BUILDERS = {
    "lesson": _lesson,
    "seed-002": _seed_002,
    "noisy-line": _noisy_line,
    "deer": _deer,
    "sine": _sine,
    "plateau": _plateau,
    "step": _step,
    "plane": _plane,
    "blobs": _blobs,
    "xor": _xor,
    "circle": _circle,
    "moons": _moons,
}


@functools.lru_cache(maxsize=None)
def _build(name: str) -> Dataset:
    return _BUILDERS[name]()


def preset(name: str) -> Dataset:
    """The built-in data set ``name`` (see :data:`PRESETS`). Deterministic; data sets are
    immutable, so the same object may be returned each time. Unknown -> ValueError."""
    if name not in _BUILDERS:
        raise ValueError(f"unknown preset {name!r}; choose one of: {', '.join(PRESETS)} "
                         f"or, with two inputs, {', '.join(TWO_INPUT_PRESETS)}")
    return _build(name)


def presets_for(n_inputs: int) -> dict[str, str]:
    """The presets of ``n_inputs`` inputs (1 or 2), name -> description (a copy)."""
    if n_inputs not in (1, 2) or isinstance(n_inputs, bool):
        raise ValueError(f"a data set has 1 or 2 inputs, got n_inputs={n_inputs!r}")
    return dict(PRESETS if n_inputs == 1 else TWO_INPUT_PRESETS)
