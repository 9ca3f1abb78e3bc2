"""Build the application and the window from parsed command-line arguments."""

from __future__ import annotations

import dataclasses
import os
import signal
import sys
from pathlib import Path

import gradviz.core as gc


def _initial_dataset(args):
    """The data set to start with, or None for "the autosaved one, else the default". A
    FILE is loaded later, through the window's own path for File > Open."""
    if args.preset:
        return gc.preset(args.preset), f"Loaded preset '{args.preset}'."
    return None, None


def _settings_from_args(args, base=None):
    from gradviz.gui.state.settings import Settings

    changes = {k: v for k, v in {
        "model": args.model, "hidden": args.hidden, "loss": args.loss, "optimizer": args.optimizer,
        "lr": args.lr, "batch_size": args.batch_size, "speed": args.speed, "seed": args.seed,
    }.items() if v is not None}
    changes.update({k: v for k, v in {"schedule": args.schedule, "weight_decay": args.weight_decay}.items()
                    if v is not None})
    if args.betas is not None:
        changes["beta1"], changes["beta2"] = args.betas
    return dataclasses.replace(base if base is not None else Settings(), **changes)


# Qt platforms that draw without any display server
HEADLESS_PLATFORMS = ("offscreen", "minimal", "minimalegl", "vnc", "linuxfb", "eglfs", "vkkhrdisplay")


def display_problem(env=None, platform: str = sys.platform) -> str | None:
    """Why no window can be opened here, or None. Without a display Qt aborts the whole
    process (exit 134) when the application starts, too late to say anything useful."""
    env = os.environ if env is None else env
    if platform.startswith(("win", "darwin", "cygwin")):
        return None
    wanted = env.get("QT_QPA_PLATFORM", "")
    names = [n.split(":")[0].strip().lower() for n in wanted.split(";") if n.strip()]
    for name in names or ["xcb", "wayland"]:
        if name in HEADLESS_PLATFORMS or (name == "xcb" and env.get("DISPLAY")) or \
                (name.startswith("wayland") and env.get("WAYLAND_DISPLAY")):
            return None
        if name != "xcb" and not name.startswith("wayland"):
            return None  # a platform we do not know: let Qt try it
    what = f"QT_QPA_PLATFORM={wanted} but " if wanted else ""
    return (f"no display to open the window on ({what}DISPLAY and WAYLAND_DISPLAY are not set); to run "
            "anyway on a virtual screen: ./scripts/app.sh [options] in the source folder (it uses xvfb-run), "
            "or xvfb-run -a python -m gradviz [options]")


def run(args, parser) -> int:
    problem = display_problem()
    if problem:
        parser.exit(2, f"gradviz: error: {problem}\n")
    dataset, note = _initial_dataset(args)
    from PySide6.QtCore import QCoreApplication, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    # several GL views (a floated dock, a second window) share pyqtgraph's compiled shaders
    if QApplication.instance() is None:
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)

    from gradviz.gui.main_window import MainWindow
    from gradviz.gui.state.session import Session

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("gradviz")
    app.setOrganizationName("gradviz")
    _set_icon(app)
    # the data and settings of last time (gui/autosave.py), unless --fresh
    restored = None
    if not args.fresh:
        from gradviz.gui.files.autosave import restore_state

        restored = restore_state()
    if dataset is None:
        dataset = restored.dataset if restored is not None and restored.dataset is not None else gc.preset("lesson")
    base = restored.settings if restored is not None else None
    if dataset.n_inputs == 2 and (restored is None or dataset is not restored.dataset):
        from gradviz.gui.state.settings import Settings
        from gradviz.gui.state.two_inputs import first_settings

        base = first_settings(base or Settings(), dataset)  # a first look at two inputs
    settings = _settings_from_args(args, base)
    start = run_state = None
    if restored is not None and restored.settings is not None and \
            (settings.model, settings.hidden) == (restored.settings.model, restored.settings.hidden):
        start = restored.start  # the same model: its start point of last time
        if dataset is restored.dataset:
            run_state = restored.run  # and the same data: the training run carries on
    if args.start is not None:
        if settings.model == "network":  # the network of last time (--model network is refused earlier)
            parser.exit(2, "gradviz: error: argument --start: applies to the line and the neuron, not the "
                           "network (the model of last time; add --model line or --model neuron)\n")
        start, run_state = list(args.start), None  # a new start point: a new run
    held = restored.eval_dataset if restored is not None and dataset is restored.dataset else None
    session = Session(dataset, settings, start=start, run_state=run_state, eval_dataset=held)
    if run_state is not None and restored.runs and not session.run_restore_problem and not args.run:
        from gradviz.gui.files.autosave_runs import restore_runs

        problem = restore_runs(session, restored.runs, run_state)  # the runs beside it (not with --run)
        restored.messages += [problem] * bool(problem)
    headless = bool(args.screenshot or args.export or args.save_session)
    window = MainWindow(session, use_gl=False if args.no_gl else None, restore_layout=not args.fresh
                        and not headless)
    if headless:
        window.autosave.set_enabled(False)  # a headless picture never touches the user's saved work
    if restored is not None and restored.dataset is not None and dataset is restored.dataset:
        window.autosave.mark_saved(dataset)
        window.files.set_source(restored.source, restored.source_columns)
        step = session.snapshot.step
        note = note or (f"Restored your data from last time: {len(dataset):,} points"
                        + (f"; training carries on from step {step:,}." if step else "."))
    if args.size:  # else the window keeps its size of last time
        window.resize(*args.size)
    app.aboutToQuit.connect(window.shutdown)
    if note:
        window.show_message(note)
    problems = (restored.messages if restored is not None else []) + [session.run_restore_problem] * bool(
        session.run_restore_problem)
    if problems:
        window.show_message(" ".join(problems), 0)  # stays until the next message

    # Ctrl+C in the terminal, or a polite kill (SIGTERM: logout, `kill`): close like the
    # window's close button, so the autosave gets the last edits (Qt would swallow Ctrl+C)
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: _close_from_signal(window))
    tick = QTimer()
    tick.timeout.connect(lambda: None)  # lets Python run its signal handlers
    tick.start(200)

    # a FILE is loaded before the window shows, without dialogs (of more than two numeric
    # columns: those chosen last time, else the first two); one that cannot be loaded
    # ends the program with the reason, as any other bad argument does
    if args.file and Path(args.file).suffix.lower() == ".gradviz":
        if not window.sessions.open_path(args.file, interactive=False):
            window.autosave.set_enabled(False)
            window.close()
            app.processEvents()
            parser.exit(2, f"gradviz: error: {window.sessions.last_error}\n")
    elif args.file and not window.files.open_path(args.file, wait=True, interactive=False):
        window.autosave.set_enabled(False)
        window.close()
        app.processEvents()
        err = window.files.last_error
        what = str(err) if isinstance(err, gc.DataError) else f"{args.file}: {err or type(err).__name__}"
        parser.exit(2, f"gradviz: error: {what}\n")
    window.held_out.apply_command_line(args, wait=headless)
    window.theme.apply_command_line(args)
    window.presenter.apply_command_line(args)  # --zoom
    window.show()
    if getattr(args, "code", None):
        from gradviz.gui.code.cli import show_code

        show_code(window, args)
    window.lesson.apply_command_line(args, headless=headless)  # --lesson, --chapter (its rooms open in a shown window)
    from gradviz.gui.runs.cli import apply_command_line as add_runs

    add_runs(session, args)  # --run: the runs beside the main one
    if args.screenshot:
        return _screenshot(app, window, session, args)
    if args.export:
        from gradviz.gui.export.headless import export_headless

        return export_headless(app, window, session, args)
    if args.save_session:
        from gradviz.gui.files.session_window import save_session_headless

        return save_session_headless(app, window, session, args)
    if args.autoplay:
        session.play()
    return app.exec()


def _set_icon(app) -> None:
    from PySide6.QtGui import QIcon

    from gradviz.paths import resource_path

    try:
        app.setWindowIcon(QIcon(str(resource_path("icons", "gradviz.svg"))))
    except FileNotFoundError:
        pass  # an icon is nice to have, never a reason not to start


def _close_from_signal(window) -> None:
    """End any modal dialog first (its event loop is the one running), then close the
    window from the main event loop: closing it inside a dialog's loop let that loop paint
    the 3D view of the closed window (a crash, now and then)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialog

    for dialog in window.findChildren(QDialog):
        if dialog.isVisible():
            dialog.reject()
    QTimer.singleShot(0, window.close)


def _screenshot(app, window, session, args) -> int:
    from gradviz.gui.export.headless import settle, train_steps

    code_problem = None
    if getattr(args, "code", None):
        from gradviz.gui.code.cli import run_code

        if args.steps:  # the learner's code takes the steps, not the built-in trainer
            code_problem = run_code(window, args.steps)
    elif not train_steps(session, args.steps or 0):
        print("gradviz: error: training did not reach the requested step in time", file=sys.stderr)
        window.close()
        return 1
    settle(app)
    ok = window.screenshot(args.screenshot)
    window.close()
    app.processEvents()
    if not ok:
        print(f"gradviz: error: could not write {args.screenshot}", file=sys.stderr)
        return 1
    from PySide6.QtGui import QImageReader

    # the file's own size: at a scale factor of 1.5 a 1400x900 window is 2100x1350 pixels
    size = QImageReader(str(args.screenshot)).size()
    pixels = f"{size.width()}x{size.height()} pixels"
    if (size.width(), size.height()) != (window.width(), window.height()):
        pixels += f": the {window.width()}x{window.height()} window at a scale of {window.devicePixelRatioF():g}"
    print(f"gradviz: saved {args.screenshot} ({pixels}, step {session.snapshot.step if session.snapshot else 0})")
    if code_problem:
        print(f"gradviz: error: your code ({args.code}): {code_problem}", file=sys.stderr)
        return 1
    return 0
