"""The training settings a user chooses: model, loss, optimizer and its hyperparameters,
rate and its schedule, speed, seed."""

from __future__ import annotations

from dataclasses import dataclass

import gradviz.core as gc


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
    beta1: float = 0.9  # Adam's and AdamW's betas
    beta2: float = 0.999
    eps: float | None = None  # None: the optimizer's own default (gc.optimizer_defaults)
    weight_decay: float | None = None  # None: the optimizer's own default (0; AdamW 0.01)
    schedule: str = "constant"  # a learning-rate schedule, as gc.schedules.parse reads it
    # what the landscape draws over the surface (no effect on training)
    curvature: bool = False  # the local quadratic model's ellipse; eigenvalues in the readout
    point_arrows: bool = False  # each point's share of the gradient; the mini-batch's gradient
    standardize: bool = False  # train on (x - mean) / std; the data view stays in x's units

    def effective_batch(self, n: int) -> int | None:
        # mini-batch size only matters for SGD; the other optimizers use the whole data
        return self.batch_size if self.optimizer == "sgd" else None

    def optimizer_options(self) -> dict:
        """The trainer's keyword arguments for the optimizer's hyperparameters and the
        schedule (ValueError if the schedule's text is not one)."""
        return {"momentum": self.momentum, "betas": (self.beta1, self.beta2), "eps": self.eps,
                "weight_decay": self.weight_decay, "schedule": gc.schedules.parse(self.schedule)}
