"""Find files under resources/ both in a source checkout and in an installed wheel.

The wheel maps the top-level ``resources/`` folder to the package ``gradviz.resources``
(see pyproject.toml); a plain source checkout that was never installed falls back to the
folder beside the package.
"""

from __future__ import annotations

from importlib import resources as _ir
from pathlib import Path


def resource_root() -> Path:
    try:
        root = Path(str(_ir.files("gradviz.resources")))
        if root.is_dir():
            return root
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a shipped resource, e.g. ``resource_path("datasets", "deer.csv")``."""
    path = resource_root().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"gradviz resource not found: {'/'.join(parts)} (looked in {resource_root()})")
    return path
