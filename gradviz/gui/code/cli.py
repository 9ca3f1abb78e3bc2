"""``--code FILE.py``: the learner's file in the Code dock (run with --screenshot --steps N)."""

from __future__ import annotations

from gradviz.gui.code.runner import CodeError, read_code


def check_code_arg(args, parser) -> None:
    """Read and compile the file before any window opens; a problem ends the program (exit 2)
    with a message naming the line."""
    if args.code is None:
        return
    if args.export:
        parser.error("argument --code: not with --export (use --screenshot --steps N to run your code)")
    try:
        args.code_source = read_code(args.code)
    except CodeError as exc:
        parser.exit(2, f"gradviz: error: argument --code: {exc}\n")


def show_code(window, args) -> None:
    """Put the file in the editor and show the dock; the code waits for Run."""
    window.code_panel.set_source(args.code_source, f"Loaded {args.code}. Press Run to train with it.")
    if not window.act_code.isChecked():
        window.act_code.trigger()  # shown in front of the tab it shares


def run_code(window, steps: int, timeout_s: float = 120.0) -> str | None:
    """Run the file's code ``steps`` steps and wait: None, or what went wrong."""
    panel = window.code_panel
    panel.set_pause(0)
    if not panel.run(steps):
        return panel.messages_text()
    result = panel.wait(timeout_s)
    if result is None:
        panel.stop()
        panel.wait(5.0)
        return f"your code did not finish {steps:,} steps in {timeout_s:g} s"
    if not result["ok"]:
        return result["message"].removeprefix("Error: ")
    window.session.wait_for_step(result["steps"])  # the picture shows the last step
    return None
