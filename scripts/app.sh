#!/usr/bin/env bash
# Set up (scripts/setup.sh) and launch gradviz; extra arguments go to `python -m gradviz`:
#   ./scripts/app.sh
#   ./scripts/app.sh --screenshot out.png --steps 200
# With no DISPLAY/WAYLAND_DISPLAY (a headless machine) the app runs on a virtual X server
# (xvfb-run, 1600x1000x24) and says so on stderr; the screenshot mode works that way.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"

PY="$ROOT/.venv/bin/python"
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    exec "$PY" -m gradviz "$@"
fi

printf '[app] no DISPLAY or WAYLAND_DISPLAY: running under xvfb-run (virtual screen 1600x1000x24, software OpenGL); nothing will appear on screen\n' >&2
export QT_QPA_PLATFORM=xcb
export LIBGL_ALWAYS_SOFTWARE=1
export LANG="${LANG:-C.UTF-8}"
unset DBUS_SESSION_BUS_ADDRESS
if [ -z "${XDG_RUNTIME_DIR:-}" ] || [ ! -d "$XDG_RUNTIME_DIR" ] || [ ! -O "$XDG_RUNTIME_DIR" ]; then
    XDG_RUNTIME_DIR="$(mktemp -d "${TMPDIR:-/tmp}/gradviz-xdg-XXXXXX")"
    export XDG_RUNTIME_DIR
    trap 'rm -rf "$XDG_RUNTIME_DIR"' EXIT
fi
chmod 700 "$XDG_RUNTIME_DIR"
# not exec: the trap above removes the temporary runtime dir afterwards
xvfb-run -a -s "-screen 0 1600x1000x24" "$PY" -m gradviz "$@"
