"""The built wheel ships gradviz's resources and works from a venv outside the checkout.

About 4 s in all, so not marked slow. Builds the wheel once per module (``python -m build --wheel --no-isolation`` with the
setuptools in the test venv: no download), from a copy of the sources so nothing is
written into the checkout, then installs it with ``--no-deps`` into a fresh venv.
That venv sees the test venv's site-packages *after* its own (a .pth file), so gradviz
itself must come from the wheel while numpy, Qt etc. are still importable.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

import gradviz

ROOT = Path(__file__).resolve().parents[1]
DATASETS = sorted(p.name for p in (ROOT / "resources" / "datasets").glob("*.csv"))


def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTHONPATH", None)
    try:
        proc = subprocess.run(
            [str(c) for c in cmd], capture_output=True, text=True, timeout=300, env=env, **kw
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"timed out: {' '.join(map(str, cmd))}\n{exc.stdout}\n{exc.stderr}")
    if proc.returncode != 0:
        pytest.fail(
            f"exit {proc.returncode}: {' '.join(map(str, cmd))}\n"
            f"--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}",
            pytrace=False,
        )
    return proc


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md", "LICENSE", "MANIFEST.in", "setup.cfg"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build", "dist")
    for pkg in ("gradviz", "resources"):
        shutil.copytree(ROOT / pkg, src / pkg, ignore=ignore)
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", out, src])
    wheels = sorted(out.glob("gradviz-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(python, site-packages) of a fresh venv holding only the wheel (no dependencies)."""
    venv = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", "--without-pip", venv])
    py = venv / "bin" / "python"
    # pip from the test venv installs into the new one (pip >= 22.3: --python)
    _run([sys.executable, "-m", "pip", "--python", py, "install", "--quiet", "--no-deps",
          "--no-index", "--disable-pip-version-check", wheel])
    site = Path(
        _run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip()
    )
    # dependencies come from the test venv, after the new venv's own site-packages
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "zz_gradviz_test_deps.pth").write_text("\n".join(sorted(deps)) + "\n")
    return py, site


def test_wheel_contains_resources(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "gradviz/__init__.py" in names
    assert "gradviz/paths.py" in names
    assert "gradviz/resources/__init__.py" in names
    prefix = "gradviz/resources/datasets/"
    wheel_csvs = sorted(n[len(prefix):] for n in names if n.startswith(prefix) and n.endswith(".csv"))
    assert wheel_csvs == DATASETS
    assert DATASETS, "resources/datasets/ holds no CSV: the app has no data sets to ship"


def test_resource_path_points_into_installed_venv(installed: tuple[Path, Path]) -> None:
    py, site = installed
    names = ["__init__.py"] + [f"datasets/{n}" for n in DATASETS]
    code = (
        "import sys, gradviz; from gradviz.paths import resource_path\n"
        "print(gradviz.__file__)\n"
        "for n in sys.argv[1:]: print(resource_path(*n.split('/')))\n"
    )
    out = _run([py, "-c", code, *names], cwd=site.parent).stdout.split()
    assert len(out) == 1 + len(names), out
    site = site.resolve()
    for line in out:
        path = Path(line).resolve()
        assert path.is_relative_to(site), f"{path} is not inside the installed venv ({site})"
        assert path.is_file()
    assert Path(out[1]).resolve().parent == site / "gradviz" / "resources"


def test_installed_entry_point_prints_version(installed: tuple[Path, Path]) -> None:
    py, site = installed
    script = py.parent / "gradviz"
    assert script.exists(), "the wheel installed no `gradviz` console script"
    out = _run([script, "--version"], cwd=site.parent)
    assert gradviz.__version__ in out.stdout + out.stderr


def test_every_subpackage_is_listed_in_pyproject():
    """setuptools' package list is explicit (resources/ is mapped to gradviz.resources, which
    find cannot do): a new room under gradviz/ must be listed or the wheel leaves it out."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "gradviz").rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    assert on_disk - listed == set(), f"add these to [tool.setuptools] packages: {sorted(on_disk - listed)}"


def test_the_built_in_lesson_ships_and_loads(wheel: Path, installed: tuple[Path, Path]) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "gradviz/resources/lessons/how-machines-learn.toml" in names
    py, site = installed
    code = ("from gradviz.gui.lesson.lesson_file import load_lesson, locate\n"
            "print(len(load_lesson('how-machines-learn').chapters), locate('how-machines-learn')[0])\n")
    count, path = _run([py, "-c", code], cwd=site.parent).stdout.split()
    assert count == "11" and Path(path).resolve().is_relative_to(site.resolve())
