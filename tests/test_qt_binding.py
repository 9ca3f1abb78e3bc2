"""Guards against a broken Qt binding: PySide6 6.12.0 releases a reference to None on every
Qt call that returns void, so a running app aborts with "Fatal Python error: none_dealloc"."""

import subprocess
import sys

CHECK = """
import sys
from PySide6.QtCore import QPointF
p = QPointF(1.0, 2.0)
before = sys.getrefcount(None)
for i in range(5000):
    p.setX(float(i))
print(sys.getrefcount(None) - before)
"""


def test_void_qt_calls_keep_none_alive():
    # in a subprocess: if the bug is there, the interpreter may abort on the way out
    r = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert abs(int(r.stdout.strip())) < 100, f"None lost {r.stdout.strip()} references: broken PySide6 build"
