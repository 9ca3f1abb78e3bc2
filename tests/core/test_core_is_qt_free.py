"""The wall between core and GUI: importing and using gradviz.core loads no Qt."""

import subprocess
import sys
import textwrap

FORBIDDEN = ("PySide6", "shiboken6", "pyqtgraph", "OpenGL")

SCRIPT = textwrap.dedent(f"""
    import sys
    import numpy as np
    import gradviz.core as gc

    x = np.arange(1.0, 9.0)
    y = np.array([0.85, 1.43, 1.92, 2.59, 3.20, 3.82, 4.38, 4.97])
    ds = type("DS", (), {{"x": x, "y": y}})()
    for model in (gc.make_model("line"), gc.make_model("network", hidden=3)):
        tr = gc.Trainer(model, ds, loss="l2", optimizer="adam", lr=0.01)
        snap = tr.step(50)
        assert snap.step == 50 and snap.diverged is None
        gc.loss_surface(model, snap.params, 0, 1, np.linspace(-1, 1, 5), np.linspace(-1, 1, 4), x, y, "l1")
    gc.suggest_window(model, snap.params, 0, 1, x, y, "l2", path=snap.path_params)
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in {FORBIDDEN!r})
    print("LOADED:" + ",".join(loaded))
""")


def test_core_imports_and_trains_without_qt():
    proc = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    line = [ln for ln in proc.stdout.splitlines() if ln.startswith("LOADED:")]
    assert line, proc.stdout
    loaded = line[-1][len("LOADED:"):]
    assert loaded == "", f"gradviz.core pulled in GUI modules: {loaded}"


def test_core_sources_do_not_mention_qt_imports():
    from pathlib import Path

    import gradviz.core

    root = Path(gradviz.core.__file__).parent
    for path in root.glob("*.py"):
        for ln, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            s = line.strip()
            if s.startswith(("import ", "from ")):
                assert not any(name in s for name in FORBIDDEN), f"{path.name}:{ln}: {s}"


def test_data_module_imports_no_gui_toolkit():
    """Building a preset from a shipped file (gradviz.paths) loads no GUI toolkit either."""
    code = (
        "import sys, gradviz.core.presets as d; d.preset('deer'); "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'OpenGL', 'PyQt5', 'PyQt6')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
