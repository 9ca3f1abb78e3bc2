"""The training settings a user chooses: model, loss, optimizer, rate, speed, seed."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    model: str = "line"
    hidden: int = 4
    loss: str = "l2"
    optimizer: str = "gd"
    lr: float = 0.001
    batch_size: int = 1
    momentum: float = 0.9
    speed: float = 20.0  # steps per second; inf = flat out
    seed: int = 0
    # what the landscape draws over the surface (no effect on training)
    curvature: bool = False  # the local quadratic model's ellipse; eigenvalues in the readout
    point_arrows: bool = False  # each point's share of the gradient; the mini-batch's gradient
    standardize: bool = False  # train on (x - mean) / std; the data view stays in x's units

    def effective_batch(self, n: int) -> int | None:
        # mini-batch size only matters for SGD; the other optimizers use the whole data
        return self.batch_size if self.optimizer == "sgd" else None
