"""gradviz.core's public names: what scripts, the GUI and the README use keeps working."""

import importlib.util
import re
from pathlib import Path

import gradviz.core as gc

# exported before the core was split into one module per topic: none may go
ORIGINAL = ("DataError Dataset MAX_ABS_VALUE PRESETS csv_header load_csv preset save_csv least_squares loss_surface "
            "loss_surface_naive marching_squares max_stable_lr suggest_window LOSSES loss_value SEED001_NETWORKS Line "
            "Model Network Neuron make_model sigmoid OPTIMIZERS Snapshot Trainer").split()
ADDED = ["MODEL_NAMES", "MIN_HIDDEN", "MAX_HIDDEN", "atomic_write_bytes", "csv_preview", "ADAM_BETAS", "ADAM_EPS",
         "RunStateError", "run_state_bytes", "run_state_from_bytes"]
ADDED += ["loss_slice", "roller_coaster", "roller_coaster_slope", "tangent_line", "ROLLER_COASTER",
          "ROLLER_COASTER_RANGE"]
ADDED += ["split", "turning_step", "EpochRow", "format_epoch_table", "SETUPS", "Setup", "setup"]
ADDED += ["per_point_gradients", "hessian", "quadratic_summary", "QuadraticSummary", "Standardization",
          "standardization"]
ADDED += ["schedules", "optimizer_defaults", "RMSPROP_ALPHA"]
ADDED += ["ALL_LOSSES", "accuracy", "Plane", "Neuron2", "FlexNetwork", "TWO_INPUT_PRESETS", "presets_for"]
ADDED += ["RunGroup", "RunGroupError", "MAX_RUNS"]


def test_every_public_name_is_exported():
    assert set(gc.__all__) == set(ORIGINAL) | set(ADDED)
    assert len(gc.__all__) == len(set(gc.__all__))
    for name in gc.__all__:
        assert getattr(gc, name) is not None, name


def test_the_readme_core_api_works():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    used = set(re.findall(r"\bgc\.([A-Za-z_]\w*)", readme))
    assert {"preset", "load_csv", "Trainer"} <= used
    assert not [name for name in used if not hasattr(gc, name)]


def test_one_module_per_topic_and_no_old_module_left():
    assert gc.Trainer.__module__ == "gradviz.core.trainer"
    assert gc.load_csv.__module__ == "gradviz.core.csv_io"
    assert gc.atomic_write_bytes.__module__ == "gradviz.core.atomic"
    for old in ("gradviz.core.data", "gradviz.core.landscape"):
        assert importlib.util.find_spec(old) is None, old
