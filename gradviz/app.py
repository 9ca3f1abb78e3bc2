"""Build the application and the window from parsed command-line arguments."""

from __future__ import annotations

import dataclasses
import signal
import sys
import time
from pathlib import Path

import gradviz.core as gc


def _initial_dataset(args, parser):
    """The data set to start with, or None for "the autosaved one, else the default".
    A FILE is not read here: the window opens it through the same path as File > Open
    (column chooser, worker thread, error dialog); only a missing file stops us here."""
    if args.file:
        if Path(args.file).is_dir():
            parser.exit(2, f"gradviz: error: {args.file}: is a folder, not a file\n")
        if not Path(args.file).is_file():
            parser.exit(2, f"gradviz: error: {args.file}: no such file\n")
        return None, None
    if args.preset:
        try:
            return gc.preset(args.preset), f"Loaded preset '{args.preset}'."
        except ValueError as exc:
            parser.exit(2, f"gradviz: error: {exc}\n")
    return None, None


def _settings_from_args(args, base=None):
    from gradviz.gui.state.settings import Settings

    changes = {k: v for k, v in {
        "model": args.model, "hidden": args.hidden, "loss": args.loss, "optimizer": args.optimizer,
        "lr": args.lr, "batch_size": args.batch_size, "speed": args.speed, "seed": args.seed,
    }.items() if v is not None}
    return dataclasses.replace(base if base is not None else Settings(), **changes)


def run(args, parser) -> int:
    dataset, note = _initial_dataset(args, parser)
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
    settings = _settings_from_args(args, restored.settings if restored is not None else None)
    start = None
    if restored is not None and restored.settings is not None and \
            (settings.model, settings.hidden) == (restored.settings.model, restored.settings.hidden):
        start = restored.start  # the same model: its start point of last time
    if args.start is not None:
        if settings.model == "network":
            parser.exit(2, "gradviz: error: --start W B applies to the line and the neuron, not the network\n")
        start = list(args.start)
    session = Session(dataset, settings, start=start)
    window = MainWindow(session, use_gl=False if args.no_gl else None, restore_layout=not args.fresh
                        and not args.screenshot)
    if args.screenshot:
        window.autosave.set_enabled(False)  # a headless picture never touches the user's saved work
    if restored is not None and restored.dataset is not None and dataset is restored.dataset:
        window.autosave.mark_saved(dataset)
        window.files.set_source(restored.source, restored.source_columns)
        note = note or f"Restored your data from last time: {len(dataset):,} points."
    if args.size is not None or not window.geometry_restored:  # else the size of last time
        window.resize(*(args.size or (1400, 900)))
    app.aboutToQuit.connect(window.shutdown)
    if note:
        window.show_message(note)
    if restored is not None and restored.messages:
        window.show_message(" ".join(restored.messages), 0)  # stays until the next message

    # Ctrl+C in the terminal, or a polite kill (SIGTERM: logout, `kill`): close like the
    # window's close button, so the autosave gets the last edits (Qt would swallow Ctrl+C)
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: _close_from_signal(window))
    tick = QTimer()
    tick.timeout.connect(lambda: None)  # lets Python run its signal handlers
    tick.start(200)

    window.show()
    if args.file:
        if args.screenshot:  # headless: no dialogs; a bad file is an error exit
            if not window.files.open_path(args.file, wait=True, interactive=False):
                window.close()
                app.processEvents()
                parser.exit(2, f"gradviz: error: {window.files.last_error}\n")
        else:
            QTimer.singleShot(0, lambda: window.files.open_path(args.file))
    if args.screenshot:
        return _screenshot(app, window, session, args)
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
    if args.steps:
        session.step_once(args.steps)
        if not session.wait_for_step(args.steps, timeout_s=120):
            print("gradviz: error: training did not reach the requested step in time", file=sys.stderr)
            window.close()
            return 1
    end = time.perf_counter() + 0.5
    while time.perf_counter() < end:  # let every panel (and OpenGL) draw the final state
        app.processEvents()
        time.sleep(0.01)
    ok = window.screenshot(args.screenshot)
    window.close()
    app.processEvents()
    if not ok:
        print(f"gradviz: error: could not write {args.screenshot}", file=sys.stderr)
        return 1
    print(f"gradviz: saved {args.screenshot} ({window.width()}x{window.height()}, step "
          f"{session.snapshot.step if session.snapshot else 0})")
    return 0
