#!/usr/bin/env bash
# Shared, idempotent set-up for gradviz; scripts/app.sh, test.sh and bench.sh run it first.
#
#   1. system packages Qt's xcb platform plugin, Xvfb and Mesa's software OpenGL need
#      (Debian/Ubuntu: checked with dpkg-query, apt-get install only when one is missing),
#      then `ldd` on PySide6's xcb plugins to prove nothing is left "not found";
#   2. a virtualenv at .venv in the repository (created if missing);
#   3. `pip install -e '.[test]'` into it, only when pyproject.toml changed since the last
#      install (a stamp file lives inside .venv) or a required module is missing.
#
# Environment knobs:
#   PYTHON=python3.11          interpreter used to create .venv (default: python3)
#   GRADVIZ_SKIP_APT=1         don't check or install system packages (ldd check still runs)
#   GRADVIZ_FORCE_INSTALL=1    run pip install even if the stamp says it's up to date
#
# Progress goes to stderr so that a caller's stdout stays clean.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
VPY="$VENV/bin/python"
STAMP="$VENV/.gradviz-setup.stamp"
PYTHON="${PYTHON:-python3}"

log() { printf '[setup] %s\n' "$*" >&2; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

# Two scripts started at once in the same checkout (say app.sh and test.sh) must not run
# pip into the same venv together: serialise on a lock named after the checkout's path.
LOCK="${TMPDIR:-/tmp}/gradviz-setup-$(id -u)-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1).lock"
if command -v flock >/dev/null 2>&1 && { exec 9>>"$LOCK"; } 2>/dev/null; then
    flock 9
fi

# --------------------------------------------------------------------------- system packages
APT_PACKAGES=(
    # virtual X server for headless runs (xvfb-run needs xauth)
    xvfb xauth
    # what Qt 6's xcb platform plugin links against (see the ldd check below)
    libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
    libxcb-xinerama0 libxcb-randr0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libxcb-shm0
    libxcb-sync1 libxcb-render0 libxcb-util1 libx11-xcb1 libxkbcommon0 libxkbcommon-x11-0
    # OpenGL through Mesa (llvmpipe software rendering): GLX for Qt/PyOpenGL, the DRI driver
    libgl1 libegl1 libopengl0 libglx-mesa0 libegl-mesa0 libgl1-mesa-dri
    # fonts, D-Bus, GLib, freetype: QtGui/QtDBus need them at load time
    libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0 fonts-dejavu-core
)

run_as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo -n "$@"
    else
        return 99
    fi
}

apt_install() {  # apt_install PKG...  (runs apt-get update first)
    local q=(-o Dpkg::Use-Pty=0 -o DPkg::Lock::Timeout=300) aptlog
    if ! run_as_root true 2>/dev/null; then
        die "need root to install system packages; run this, then re-run:
    sudo apt-get update && sudo apt-get install -y --no-install-recommends $*"
    fi
    aptlog="$(mktemp "${TMPDIR:-/tmp}/gradviz-apt-XXXXXX.log")"
    log "apt-get update"
    if ! run_as_root env DEBIAN_FRONTEND=noninteractive apt-get "${q[@]}" update -q >"$aptlog" 2>&1; then
        tail -n 30 "$aptlog" >&2; die "apt-get update failed (log: $aptlog)"
    fi
    log "apt-get install --no-install-recommends $*"
    if ! run_as_root env DEBIAN_FRONTEND=noninteractive apt-get "${q[@]}" install -y -q \
            --no-install-recommends "$@" >>"$aptlog" 2>&1; then
        tail -n 30 "$aptlog" >&2; die "apt-get install failed (log: $aptlog)"
    fi
    rm -f "$aptlog"
}

missing_debs() {  # prints the packages among "$@" that aren't installed
    local p
    for p in "$@"; do
        if [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" != "installed" ]; then
            printf '%s\n' "$p"
        fi
    done
}

if [ "${GRADVIZ_SKIP_APT:-0}" = 1 ]; then
    log "system packages: skipped (GRADVIZ_SKIP_APT=1)"
elif ! command -v dpkg-query >/dev/null 2>&1; then
    log "system packages: no dpkg here, not a Debian-like system; skipping (the ldd check below still runs)"
else
    mapfile -t MISSING < <(missing_debs "${APT_PACKAGES[@]}")
    if [ "${#MISSING[@]}" -gt 0 ]; then
        log "system packages missing: ${MISSING[*]}"
        apt_install "${MISSING[@]}"
    else
        log "system packages: all ${#APT_PACKAGES[@]} present"
    fi
fi

# --------------------------------------------------------------------------- venv
command -v "$PYTHON" >/dev/null 2>&1 || die "'$PYTHON' not found; install Python >= 3.10 (or set PYTHON=...)"

if [ ! -x "$VPY" ]; then
    # Debian's own python3 ships venv/ensurepip separately (python3-venv).
    if ! "$PYTHON" -c 'import venv, ensurepip' >/dev/null 2>&1; then
        if command -v dpkg-query >/dev/null 2>&1 && [ "${GRADVIZ_SKIP_APT:-0}" != 1 ]; then
            pyver="$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
            log "$PYTHON has no working venv/ensurepip module; installing python3-venv"
            apt_install python3-venv "python$pyver-venv"
        else
            die "$PYTHON has no venv/ensurepip module; install your distribution's python3-venv"
        fi
    fi
    log "creating .venv with $("$PYTHON" --version 2>&1)"
    "$PYTHON" -m venv "$VENV" || die "'$PYTHON -m venv .venv' failed"
fi
"$VPY" -c 'pass' 2>/dev/null \
    || die ".venv exists but its python does not run (moved checkout? removed interpreter?); remove .venv and re-run"
if ! "$VPY" -m pip --version >/dev/null 2>&1; then
    log "bootstrapping pip into .venv"
    "$VPY" -m ensurepip --upgrade >/dev/null || die "ensurepip failed in .venv"
fi

# --------------------------------------------------------------------------- pip install
want="$( { cat pyproject.toml; "$VPY" -c 'import sys; print(sys.version)'; echo "extras=test"; } | sha256sum | cut -d' ' -f1)"
have="$(cat "$STAMP" 2>/dev/null || true)"
modules_ok() {
    "$VPY" - "$ROOT" <<'PY' 2>/dev/null
import importlib.util, os, sys
root = sys.argv[1]
for name in ("gradviz", "PySide6", "pyqtgraph", "OpenGL", "numpy", "superqt", "imageio", "imageio_ffmpeg",
             "PIL", "pytest", "pytestqt",
             "pytest_xvfb", "hypothesis", "build", "setuptools", "wheel"):
    if importlib.util.find_spec(name) is None:
        sys.exit(1)
# the editable install must point at *this* checkout
origin = importlib.util.find_spec("gradviz").origin or ""
sys.exit(0 if os.path.realpath(origin).startswith(os.path.realpath(root) + os.sep) else 1)
PY
}
if [ "${GRADVIZ_FORCE_INSTALL:-0}" != 1 ] && [ "$want" = "$have" ] && modules_ok; then
    log "python packages: up to date (.venv)"
else
    log "pip install -e '.[test]' into .venv (first time or pyproject.toml changed)"
    start=$SECONDS
    piplog="$(mktemp "${TMPDIR:-/tmp}/gradviz-pip-XXXXXX.log")"
    if ! "$VPY" -m pip install --disable-pip-version-check --progress-bar off -e ".[test]" \
            >"$piplog" 2>&1; then
        # drop the noise a local mirror in pip's config makes ("Location ... is ignored")
        grep -v 'is ignored: it is neither a file nor a directory' "$piplog" | tail -n 40 >&2
        die "pip install -e '.[test]' failed (full log: $piplog)"
    fi
    rm -f "$piplog"
    modules_ok || die "pip install finished but some required modules are still missing in .venv"
    printf '%s\n' "$want" >"$STAMP"
    log "python packages installed in $((SECONDS - start)) s"
fi

# --------------------------------------------------------------------------- ldd check
# Everything Qt loads lazily (the xcb platform plugin, its GLX/EGL integrations) must
# resolve; a missing library here otherwise shows up as Qt's unhelpful
# "could not load the Qt platform plugin xcb" at the first QApplication.
QTDIR="$("$VPY" -c 'import os, PySide6; print(os.path.join(os.path.dirname(PySide6.__file__), "Qt"))')"
LIBS=(
    "$QTDIR/plugins/platforms/libqxcb.so"
    "$QTDIR"/plugins/xcbglintegrations/*.so
    "$QTDIR"/lib/libQt6{Core,Gui,Widgets,OpenGL,OpenGLWidgets,XcbQpa,DBus}.so.6
)
notfound=""
for lib in "${LIBS[@]}"; do
    [ -e "$lib" ] || { notfound+="  $lib: file missing"$'\n'; continue; }
    miss="$(ldd "$lib" 2>&1 | awk '/not found/ {print $1}' | sort -u | tr '\n' ' ')"
    [ -z "$miss" ] || notfound+="  ${lib#"$QTDIR"/}: $miss"$'\n'
done
if [ -n "$notfound" ]; then
    first="$(printf '%s' "$notfound" | awk -F': ' '{split($2, a, " "); print a[1]; exit}')"
    die "shared libraries Qt needs are not found; install the packages that provide them
(find one with: apt-get install apt-file && apt-file update && apt-file search $first):
$notfound"
fi
log "Qt xcb plugin libraries: all resolve"
