"""Guards against a broken Qt binding: PySide6 6.12.0 releases a reference to None on every
Qt call that returns void, and one to True on every Signal.emit, so a running app aborts
with "Fatal Python error: none_dealloc" (or bool_dealloc)."""

import subprocess
import sys

CHECK = """
import sys
from PySide6.QtCore import QObject, QPointF, Signal
p = QPointF(1.0, 2.0)
before = sys.getrefcount(None)
for i in range(5000):
    p.setX(float(i))
print(sys.getrefcount(None) - before)

class Emitter(QObject):
    changed = Signal(object)

e = Emitter()
before = sys.getrefcount(True)
for i in range(5000):
    e.changed.emit(i)
print(sys.getrefcount(True) - before)
"""


def test_void_qt_calls_keep_none_alive():
    # in a subprocess: if the bug is there, the interpreter may abort on the way out
    r = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    none_delta, true_delta = (int(t) for t in r.stdout.split())
    assert abs(none_delta) < 100, f"None lost {none_delta} references over void calls: broken PySide6 build"
    assert abs(true_delta) < 100, f"True lost {true_delta} references over Signal.emit: broken PySide6 build"
