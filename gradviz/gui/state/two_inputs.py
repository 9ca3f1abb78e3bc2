"""Which settings fit a data set of one or two inputs (x of shape (n,) or (n, 2)).

The settings name a model family ("line", "plane", "neuron", "network") and a loss; the
model itself also depends on the data (how many inputs) and on the loss (a network trained
with binary cross-entropy outputs a probability, σ of its sum). Settings that do not fit
the data are mended quietly: the line becomes the plane on two inputs and back, and "bce"
falls back to "l2" where the output is not a probability or the labels are not 0 and 1.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

import gradviz.core as gc

__all__ = ["BCE", "MODEL_FAMILIES", "models_for", "build_model", "is_classification", "bce_applies", "losses_for", "fit_settings",
           "first_settings", "limits_for", "new_kind"]

BCE = "bce"
ONE_INPUT_MODELS = gc.MODEL_NAMES
TWO_INPUT_MODELS = ("plane", "neuron", "network")
#: every model family a setting can name (the data decides how many inputs it has)
MODEL_FAMILIES = tuple(dict.fromkeys(ONE_INPUT_MODELS + TWO_INPUT_MODELS))
# the classification presets a single neuron cannot separate: a hidden layer from the start
_NEEDS_HIDDEN = {"xor": 4, "circle": 4, "moons": 8}


def models_for(n_inputs: int) -> tuple[str, ...]:
    """The model families offered for data of ``n_inputs`` inputs."""
    return TWO_INPUT_MODELS if n_inputs == 2 else ONE_INPUT_MODELS


def _family(name: str, n_inputs: int) -> str:
    if n_inputs == 2 and name == "line":
        return "plane"
    if n_inputs == 1 and name == "plane":
        return "line"
    return name


def build_model(settings, n_inputs: int) -> gc.Model:
    """The model the settings describe for data of ``n_inputs`` inputs."""
    name = _family(settings.model, n_inputs)
    if name == "plane":
        return gc.make_model("plane")
    output = "sigmoid" if name == "network" and settings.loss == BCE else None
    if n_inputs == 1 and output is None:
        return gc.make_model(name, hidden=settings.hidden)
    return gc.make_model(name, hidden=settings.hidden, inputs=n_inputs, output=output)


def is_classification(dataset) -> bool:
    """Whether every label is 0 or 1 (and there is at least one point)."""
    y = np.asarray(dataset.y)
    return y.size > 0 and bool(np.all((y == 0.0) | (y == 1.0)))


def bce_applies(model_name: str, dataset) -> bool:
    """Whether the loss "bce" can be chosen: a model whose output can be a probability
    (the neuron, the network) and labels 0 and 1."""
    return model_name in ("neuron", "network") and is_classification(dataset)


def losses_for(model_name: str, dataset) -> tuple[str, ...]:
    """The losses offered for the model family on ``dataset``."""
    return gc.LOSSES + ((BCE,) if bce_applies(model_name, dataset) else ())


def new_kind(old, new) -> bool:
    """Whether two-input data ``new`` is a task of another kind than ``old`` (classes
    against values): a first look's settings suit it better than the current ones."""
    return new.n_inputs == 2 and old.n_inputs == 2 and len(new) > 0 and is_classification(new) != is_classification(old)


def fit_settings(settings, dataset):
    """``settings`` mended to fit ``dataset`` (unchanged when they already do)."""
    n = dataset.n_inputs
    changes = {}
    family = _family(settings.model, n)
    if family != settings.model:
        changes["model"] = family
    if settings.loss == BCE and not bce_applies(family, dataset):
        changes["loss"] = "l2"
    return replace(settings, **changes) if changes else settings


def first_settings(settings, dataset):
    """Settings for a first look at ``dataset`` (speed and seed kept): the plane
    for a regression, one neuron with cross-entropy for two classes, a hidden layer with
    Adam for the classes no straight line separates; for one input, the line as at start."""
    if dataset.n_inputs == 1:
        d = type(settings)()
        return replace(settings, model=d.model, loss=d.loss, optimizer=d.optimizer, lr=d.lr)
    if not is_classification(dataset):
        return replace(settings, model="plane", loss="l2", optimizer="gd", lr=0.005, standardize=False)
    hidden = _NEEDS_HIDDEN.get(dataset.name)
    if hidden is None:
        return replace(settings, model="neuron", loss=BCE, optimizer="gd", lr=0.5, standardize=False)
    return replace(settings, model="network", hidden=hidden, loss=BCE, optimizer="adam", lr=0.05,
                   standardize=False)


def limits_for(dataset) -> str | None:
    """A calm sentence on what the window does not show yet for ``dataset``, or None."""
    if dataset.n_inputs != 2:
        return None
    return ("Two inputs: the data view shows the (x1, x2) plane; the slopes room's predictions are for "
            "one input only, for now.")
