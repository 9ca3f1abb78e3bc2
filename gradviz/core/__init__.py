"""The learning core: pure numpy, no Qt. Usable from a script or a notebook.

    import gradviz.core as gc
    ds = gc.preset("lesson")
    model = gc.make_model("line")
    tr = gc.Trainer(model, ds, loss="l2", optimizer="gd", lr=0.001, params=[1.0, 0.0])
    snap = tr.step(1000)
    print(snap.step, snap.params, snap.loss)

The names below are the API; the modules behind them (one per topic) are not.
"""

from .atomic import atomic_write_bytes
from .bce import ALL_LOSSES, accuracy
from .contours import marching_squares
from .curvature import QuadraticSummary, hessian, per_point_gradients, quadratic_summary
from .csv_io import csv_header, csv_preview, load_csv, save_csv
from .dataset import MAX_ABS_VALUE, DataError, Dataset
from .epochs import EpochRow, format_epoch_table
from .evaluation import split, turning_step
from .linefit import least_squares, max_stable_lr
from .losses import LOSSES, loss_value
from .models import (
    MAX_HIDDEN, MIN_HIDDEN, MODEL_NAMES, SEED001_NETWORKS, Line, Model, Network, Neuron, make_model, sigmoid,
)
from . import schedules
from .optimizers import ADAM_BETAS, ADAM_EPS, OPTIMIZERS, RMSPROP_ALPHA, optimizer_defaults
from .more_models import FlexNetwork, Neuron2, Plane
from .presets import PRESETS, TWO_INPUT_PRESETS, preset, presets_for
from .run_group import MAX_RUNS, RunGroup, RunGroupError
from .run_state import RunStateError, run_state_bytes, run_state_from_bytes
from .slices import ROLLER_COASTER, ROLLER_COASTER_RANGE, loss_slice, roller_coaster, roller_coaster_slope, tangent_line
from .setups import SETUPS, Setup, setup
from .scaling import Standardization, standardization
from .snapshot import Snapshot
from .surface import loss_surface, loss_surface_naive
from .trainer import Trainer
from .window import suggest_window

__all__ = [
    "DataError", "Dataset", "MAX_ABS_VALUE", "PRESETS", "csv_header", "csv_preview", "load_csv", "preset",
    "save_csv", "atomic_write_bytes",
    "least_squares", "loss_surface", "loss_surface_naive", "marching_squares", "max_stable_lr", "suggest_window",
    "LOSSES", "loss_value",
    "MODEL_NAMES", "MIN_HIDDEN", "MAX_HIDDEN",
    "SEED001_NETWORKS", "Line", "Model", "Network", "Neuron", "make_model", "sigmoid",
    "OPTIMIZERS", "ADAM_BETAS", "ADAM_EPS", "Snapshot", "Trainer",
    "schedules", "optimizer_defaults", "RMSPROP_ALPHA",
    "RunStateError", "run_state_bytes", "run_state_from_bytes",
    "loss_slice", "roller_coaster", "roller_coaster_slope", "tangent_line", "ROLLER_COASTER", "ROLLER_COASTER_RANGE",
    "split", "turning_step", "EpochRow", "format_epoch_table", "SETUPS", "Setup", "setup",
    "per_point_gradients", "hessian", "quadratic_summary", "QuadraticSummary", "Standardization", "standardization",
    "ALL_LOSSES", "accuracy", "Plane", "Neuron2", "FlexNetwork", "TWO_INPUT_PRESETS", "presets_for",
    "RunGroup", "RunGroupError", "MAX_RUNS",
]
