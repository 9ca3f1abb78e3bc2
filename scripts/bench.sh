#!/usr/bin/env bash
# Set up (scripts/setup.sh), then run every benchmarks/bench_*.py, each in its own Python
# process, on one virtual X server (the GUI benchmarks need a display), printing their
# figures as they come. Arguments go to every benchmark:
#   ./scripts/bench.sh            ./scripts/bench.sh --quick
# A benchmark that defines main() at top level is loaded and main(argv) (or main()) is
# called; one without main() runs as a script. Exit code: 0 if every benchmark succeeded
# (or there is none yet), 1 if any failed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/setup.sh"

shopt -s nullglob
BENCHES=("$ROOT"/benchmarks/bench_*.py)
if [ "${#BENCHES[@]}" -eq 0 ]; then
    printf '[bench] no benchmarks/bench_*.py yet: nothing to run\n' >&2
    exit 0
fi

export QT_QPA_PLATFORM=xcb
export LIBGL_ALWAYS_SOFTWARE=1
export LANG="${LANG:-C.UTF-8}"
export PYTHONPATH="$ROOT/benchmarks:$ROOT${PYTHONPATH:+:$PYTHONPATH}"   # helpers kept beside them
export PYTHONUNBUFFERED=1                                            # figures appear as they come
unset DBUS_SESSION_BUS_ADDRESS
TMPFILES=()
trap 'rm -rf "${TMPFILES[@]}"' EXIT
if [ -z "${XDG_RUNTIME_DIR:-}" ] || [ ! -d "$XDG_RUNTIME_DIR" ] || [ ! -O "$XDG_RUNTIME_DIR" ]; then
    XDG_RUNTIME_DIR="$(mktemp -d "${TMPDIR:-/tmp}/gradviz-xdg-XXXXXX")"
    export XDG_RUNTIME_DIR
    TMPFILES+=("$XDG_RUNTIME_DIR")
fi
chmod 700 "$XDG_RUNTIME_DIR"

RUNNER="$(mktemp "${TMPDIR:-/tmp}/gradviz-bench-XXXXXX.py")"
TMPFILES+=("$RUNNER")
cat >"$RUNNER" <<'PY'
"""bench runner: run_all BENCH.py... -- ARGS...  |  one BENCH.py ARGS..."""
import ast, inspect, os, runpy, subprocess, sys, time


def one(path, args):
    sys.argv = [path, *args]
    tree = ast.parse(open(path, encoding="utf-8").read(), path)
    if not any(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == "main"
               for n in tree.body):
        runpy.run_path(path, run_name="__main__")  # a plain script
        return 0
    main = runpy.run_path(path, run_name="__bench__")["main"]
    takes_args = any(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)
                     for p in inspect.signature(main).parameters.values())
    rc = main(args) if takes_args else main()
    return rc if isinstance(rc, int) else 0


def run_all(paths, args):
    root = os.getcwd()
    failed = []
    for path in paths:
        name = os.path.relpath(path, root)
        print(f"\n[bench] === {name} {' '.join(args)}".rstrip(), flush=True)
        t0 = time.monotonic()
        rc = subprocess.call([sys.executable, __file__, "one", path, *args])
        dt = time.monotonic() - t0
        print(f"[bench] --- {name}: {'ok' if rc == 0 else f'FAILED (exit {rc})'} in {dt:.1f} s",
              flush=True)
        if rc:
            failed.append(name)
    if failed:
        print(f"\n[bench] {len(failed)} of {len(paths)} failed: {', '.join(failed)}")
        return 1
    print(f"\n[bench] all {len(paths)} benchmark(s) ran")
    return 0


if sys.argv[1] == "one":
    sys.exit(one(sys.argv[2], sys.argv[3:]))
sep = sys.argv.index("--")
sys.exit(run_all(sys.argv[2:sep], sys.argv[sep + 1:]))
PY

printf '[bench] %d benchmark(s) under xvfb-run (Xvfb 1600x1000x24, Mesa llvmpipe)\n' "${#BENCHES[@]}" >&2
xvfb-run -a -s "-screen 0 1600x1000x24" \
    "$ROOT/.venv/bin/python" "$RUNNER" run_all "${BENCHES[@]}" -- "$@"
