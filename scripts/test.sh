#!/usr/bin/env bash
# Set up (scripts/setup.sh) and run the whole test suite; extra arguments go to pytest:
#   ./scripts/test.sh                    # everything
#   ./scripts/test.sh tests/core -x -q   # a subset
#
# The suite runs under a virtual X server (Xvfb, 1600x1000x24) with Mesa's software
# OpenGL (llvmpipe), so the 3D pyqtgraph.opengl tests get a real GL context and run
# instead of being skipped, with or without a real display on this machine.
#
# Why xvfb-run and not pytest-xvfb: xvfb-run starts the server (and waits until it's
# ready) before Python starts, so DISPLAY is already set when conftest files are
# imported and in every subprocess a test starts; it's also what app.sh and bench.sh use,
# so there is one way of getting a display. pytest-xvfb would start a *second* server
# (it ignores an existing DISPLAY), so it gets --no-xvfb; we keep the plugin loaded,
# rather than -p no:xvfb, so its ini keys and its no_xvfb marker stay registered
# (pyproject.toml sets its screen to the same size for anyone running bare pytest).
#
# pytest's exit code is this script's exit code; "no tests collected" (5) is an error.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/setup.sh"

export QT_QPA_PLATFORM=xcb               # xcb under Xvfb: GLX through Mesa works there
export LIBGL_ALWAYS_SOFTWARE=1           # llvmpipe, never a (missing) hardware driver
export QT_XCB_GL_INTEGRATION="${QT_XCB_GL_INTEGRATION:-xcb_glx}"   # PyOpenGL talks GLX
export LANG="${LANG:-C.UTF-8}"           # Qt warns on a non-UTF-8 locale
# Qt warns (and pytest-qt's qt_log_level_fail turns that into a failure) when
# XDG_RUNTIME_DIR is unset or not a 0700 directory owned by us.
if [ -z "${XDG_RUNTIME_DIR:-}" ] || [ ! -d "$XDG_RUNTIME_DIR" ] || [ ! -O "$XDG_RUNTIME_DIR" ]; then
    XDG_RUNTIME_DIR="$(mktemp -d "${TMPDIR:-/tmp}/gradviz-xdg-XXXXXX")"
    export XDG_RUNTIME_DIR
    trap 'rm -rf "$XDG_RUNTIME_DIR"' EXIT
fi
chmod 700 "$XDG_RUNTIME_DIR"
export PYTHONFAULTHANDLER=1              # a crash in Qt/GL prints a Python traceback
# The virtual display has no desktop session: don't let Qt reach the caller's session bus.
unset DBUS_SESSION_BUS_ADDRESS

# --capture=sys (not pytest's default fd capture): a hard crash in Qt/C code
# ("Fatal Python error: ...", written to file descriptor 2, followed by abort) then reaches
# the terminal instead of vanishing with the capture file. Qt's own messages still go to
# pytest-qt's handler, Python output is still captured per test. `-s` overrides it.
printf '[test] pytest under xvfb-run (Xvfb 1600x1000x24, Mesa llvmpipe)\n' >&2
set +e
xvfb-run -a -s "-screen 0 1600x1000x24" \
    "$ROOT/.venv/bin/python" -m pytest --no-xvfb --capture=sys "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
    printf '[test] ERROR: pytest collected no tests (exit code 5)\n' >&2
elif [ "$rc" -gt 128 ]; then
    printf '[test] ERROR: pytest was killed by signal %d (a crash in Qt, OpenGL or another C extension: see the "Fatal Python error" above)\n' $((rc - 128)) >&2
fi
exit "$rc"
