"""The model and loss menus list what fits the data: the line or the plane by the number of
inputs, binary cross-entropy only for a probability model on labels 0 and 1."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker

from gradviz.gui.state import two_inputs

MODEL_LABELS_MORE = {"plane": "Plane  w1·x1 + w2·x2 + b"}
LOSS_LABELS_MORE = {"bce": "BCE  (cross-entropy, classes 0/1)"}


def offer(combo, keys, labels) -> None:
    """Make ``combo`` list exactly ``keys`` (texts from ``labels``), without signals."""
    if tuple(combo.itemData(i) for i in range(combo.count())) == tuple(keys):
        return
    blocker = QSignalBlocker(combo)
    combo.clear()
    for key in keys:
        combo.addItem(labels[key], key)
    del blocker


def offer_for(model_combo, loss_combo, settings, dataset, model_labels, loss_labels) -> None:
    """The model and loss menus for ``dataset`` and the chosen model family."""
    offer(model_combo, two_inputs.models_for(dataset.n_inputs), {**model_labels, **MODEL_LABELS_MORE})
    offer(loss_combo, two_inputs.losses_for(settings.model, dataset), {**loss_labels, **LOSS_LABELS_MORE})
