"""Data in and out of the window: Open (dialog, drag-and-drop, command line, Recent
Files), Save and Save As, the column chooser and the bad-file dialog.

Every way of opening a file goes through :meth:`DataFiles.open_path`:

1. ``gc.csv_header`` (cheap) -- an unreadable file is reported at once;
2. more than two numeric columns: the column dialog (the last choice for this file is
   preselected); exactly two numeric columns among others: those two;
3. ``gc.load_csv`` in a worker thread (:mod:`.file_loader`), a busy bar if it takes long;
4. success: ONE undoable edit replaces the data (the view fits the new data); failure: a
   dialog naming the file, the line, the column and what is wrong, and the data stays
   exactly as it was.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QGraphicsView, QLineEdit, QMessageBox

import gradviz.core as gc

from gradviz.gui.files.column_dialog import ask_columns, peek
from gradviz.gui.files.loader import FileLoader, LoadProgress, LoadResult
from gradviz.gui.files.recent_files import RecentFiles, remember_columns, remembered_columns
from gradviz.gui.widgets.formatting import plural

OPEN_FILTER = "CSV files (*.csv *.tsv *.txt);;All files (*)"
SAVE_FILTER = "CSV files (*.csv);;All files (*)"


def error_text(exc: BaseException, path) -> str:
    """The bad-file dialog's text: the core's one-line message (file, line, column, what),
    then the same facts one per line, then the reassurance."""
    lines = [str(exc) or type(exc).__name__, ""]
    if isinstance(exc, gc.DataError):
        lines.append(f"File: {exc.path if exc.path is not None else path}")
        if exc.line is not None:
            lines.append(f"Line: {exc.line}")
        if exc.column is not None:
            col = f"Column: {exc.column}"
            if exc.column_name:
                col += f" ('{exc.column_name}')"
            lines.append(col)
        lines.append(f"Problem: {exc.what}")
        lines.append("")
    lines.append("Your current data is unchanged.")
    return "\n".join(lines)


class DataFiles(QObject):
    """Owns the file side of the data: where it came from, the loader, Recent Files."""

    opened = Signal(str)  # a file's data is now shown
    sourceChanged = Signal()  # set_source() said where the data came from (e.g. restored at launch)
    saved = Signal(str)
    modifiedChanged = Signal(bool)  # the data differs (or no longer differs) from what was opened or saved

    def __init__(self, window, session, editor, parent=None) -> None:
        super().__init__(parent if parent is not None else window)
        self.window = window
        self.session = session
        self.editor = editor
        self.loader = FileLoader(self)
        self.loader.finished.connect(self._on_loaded)
        self.progress = LoadProgress(self.loader)
        window.statusBar().insertPermanentWidget(0, self.progress)
        self.recent = RecentFiles(self)
        self.current_path: Path | None = None  # where Save writes (None: Save asks)
        self.current_is_subset = False  # that file has more columns than the two shown
        # the data as last opened, saved or started afresh (launch, a preset): "modified" is
        # any other data set (Dataset is immutable: identity says it)
        self._clean = session.dataset
        self._was_modified = False
        session.datasetChanged.connect(self._check_modified)
        self.last_error: BaseException | None = None
        self.last_result: LoadResult | None = None
        self._job: dict | None = None
        self._drop_targets: list = []
        # other kinds of file opened the same ways (drop, Recent Files): extension -> open(path)
        self.openers: dict = {}

    # ----- state --------------------------------------------------------------------------
    def source(self) -> tuple[Path | None, bool]:
        return self.current_path, self.current_is_subset

    def set_source(self, path, is_subset: bool = False) -> None:
        """Where the data shown now came from (None: nowhere, e.g. a preset); it counts as
        unmodified from here on."""
        self.current_path = Path(path) if path else None
        self.current_is_subset = bool(is_subset) if path else False
        self._mark_clean()
        self.sourceChanged.emit()

    @property
    def modified(self) -> bool:
        """The data shown differs from what was last opened, saved or loaded afresh."""
        return self.session.dataset is not self._clean

    def _mark_clean(self) -> None:
        self._clean = self.session.dataset
        self._check_modified()

    def _check_modified(self, _ds=None) -> None:
        if self.modified != self._was_modified:
            self._was_modified = self.modified
            self.modifiedChanged.emit(self._was_modified)

    # ----- open ---------------------------------------------------------------------------
    def open_dialog(self) -> None:
        start = str(self.current_path.parent) if self.current_path else ""
        path, _ = QFileDialog.getOpenFileName(self.window, "Open data", start, OPEN_FILTER)
        if path:
            self.open_path(path)

    def open_path(self, path, wait: bool = False, interactive: bool = True) -> bool | None:
        """Open ``path``. ``wait``: block (running the event loop) until done and return
        whether the data was replaced; else return None at once (or False on an early
        failure). ``interactive=False``: no dialogs (the remembered or first numeric
        columns are used; an error is only stored in ``last_error``)."""
        p = Path(path).expanduser()
        self.last_error = None
        if self.loader.busy:
            self._message(f"Still loading {self.loader.path.name}; wait for it or press Cancel.")
            return False
        try:
            info = gc.csv_header(p)
        except gc.DataError:
            # unreadable from the first lines on: let load_csv itself say what and where
            # (its message is the one the core documents, with the column's name)
            info = {"names": [], "n_columns": 2}
        columns = None
        names = list(info["names"])
        if info["n_columns"] > 2:
            try:
                pk = peek(p, info)
            except OSError as exc:
                self._failed(p, gc.DataError(f"cannot read the file: {exc.strerror or exc}", p), interactive)
                return False
            nums = pk.numeric_columns
            remembered = remembered_columns(p, names)
            if remembered is not None and not all(pk.numeric[k] for k in remembered):
                remembered = None
            if len(nums) > 2:
                initial = remembered or (nums[0], nums[1])
                if interactive:
                    columns = ask_columns(self.window, p, pk, initial)
                    if columns is None:
                        self._message(f"Did not open {p.name}: no columns chosen. Your data is unchanged.")
                        return False
                else:
                    columns = initial
            elif len(nums) == 2:
                columns = (nums[0], nums[1])
            else:
                columns = remembered  # None: load_csv reports the first non-number
        self._job = {"path": p, "columns": columns, "names": names, "n_columns": info["n_columns"],
                     "interactive": interactive, "ok": None}
        job = self._job
        self.loader.start(p, columns)
        if not wait:
            return None
        self.loader.wait()
        return bool(job["ok"])

    def _on_loaded(self, result: LoadResult) -> None:
        job, self._job = self._job, None
        self.last_result = result
        if job is None:  # pragma: no cover - every load starts through open_path
            return
        p = result.path
        if result.cancelled:
            job["ok"] = False
            self._message(f"Cancelled: {p.name} was not loaded. Your data is unchanged.")
            return
        if result.error is not None or result.dataset is None:
            job["ok"] = False
            self._failed(p, result.error or RuntimeError("nothing was loaded"), job["interactive"])
            return
        ds = result.dataset
        cols = ""
        if job["n_columns"] > 2:
            cols = f" (x = '{ds.x_name}', y = '{ds.y_name}')"
            if job["columns"] is not None:
                remember_columns(p, job["names"], job["columns"])
        self.editor.replace(ds, f"open {p.name}",
                            note=f"Opened {p.name}: {plural(len(ds))}{cols} in {result.seconds:.2f} s.")
        self.current_path = p
        self.current_is_subset = job["n_columns"] > 2
        self._mark_clean()
        self.recent.add(p)
        job["ok"] = True
        self.opened.emit(str(p))

    def _failed(self, path: Path, exc: BaseException, interactive: bool) -> None:
        self.last_error = exc
        self._message(f"Could not open {path.name}; your data is unchanged.")
        if interactive:
            QMessageBox.warning(self.window, "Could not open the file", error_text(exc, path))

    def open_recent(self, path) -> None:
        if not Path(path).is_file():
            self.recent.remove(path)
            self._message(f"{Path(path).name} is no longer there ({path}); removed it from Recent Files.")
            return
        self.open_any(path)

    def open_any(self, path) -> None:
        """Open ``path`` by its extension: a kind in ``openers``, else as data (CSV)."""
        opener = self.openers.get(Path(path).suffix.lower())
        opener(path) if opener is not None else self.open_path(path)

    def populate_recent_menu(self, menu) -> None:
        self.recent.populate(menu, self.open_recent)

    # ----- save ---------------------------------------------------------------------------
    def save(self) -> bool:
        """Save to the file the data came from; Save As when there is none, or when that
        file has more columns than the two shown (writing would drop the others)."""
        if self.current_path is None or self.current_is_subset:
            return self.save_as_dialog()
        return self.save_to(self.current_path)

    def save_as_dialog(self) -> bool:
        ds = self.session.dataset
        if self.current_path is not None and not self.current_is_subset:
            start = str(self.current_path)
        else:
            folder = self.current_path.parent if self.current_path is not None else Path.cwd()
            start = str(folder / f"{ds.name or 'data'}{'-xy' if self.current_is_subset else ''}.csv")
        path, _ = QFileDialog.getSaveFileName(self.window, "Save data as CSV", start, SAVE_FILTER)
        if not path:
            return False
        if not Path(path).suffix:
            path += ".csv"
        return self.save_to(path)

    def save_to(self, path) -> bool:
        ds = self.session.dataset
        p = Path(path).expanduser()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            gc.save_csv(ds, p)
        except (gc.DataError, OSError) as exc:
            QGuiApplication.restoreOverrideCursor()
            self._message(f"Could not save to {p.name}.")
            QMessageBox.warning(self.window, "Could not save",
                                f"Could not save to {p}:\n{exc}\n\nNothing was written; your data is unchanged.")
            return False
        QGuiApplication.restoreOverrideCursor()
        self.current_path = p
        self.current_is_subset = False
        self._mark_clean()
        self.recent.add(p)
        self._message(f"Saved {plural(len(ds))} to {p.name}.")
        self.saved.emit(str(p))
        return True

    # ----- drag and drop ------------------------------------------------------------------
    def install_drop_target(self, window) -> None:
        """Accept a file dropped anywhere on the window. Widgets that would take the drop
        themselves (plot views, text fields) hand file drops to us."""
        window.setAcceptDrops(True)
        targets = [window]
        for view in window.findChildren(QGraphicsView):
            targets += [view, view.viewport()]
        targets += window.findChildren(QLineEdit)
        for w in targets:
            w.installEventFilter(self)
        self._drop_targets = targets

    def drop_targets(self) -> list:
        """The widgets that hand file drops to us."""
        return list(self._drop_targets)

    @staticmethod
    def dropped_path(mime) -> Path | None:
        if mime is None or not mime.hasUrls():
            return None
        for url in mime.urls():
            if url.isLocalFile():
                p = Path(url.toLocalFile())
                if p.is_file():
                    return p
        return None

    def eventFilter(self, obj, ev) -> bool:
        t = ev.type()
        if t in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if self.dropped_path(ev.mimeData()) is not None:
                ev.acceptProposedAction()
                return True
        elif t == QEvent.Type.Drop:
            p = self.dropped_path(ev.mimeData())
            if p is not None:
                ev.acceptProposedAction()
                # open after the drop returns: the drag source is waiting for it
                QTimer.singleShot(0, lambda p=p: self.open_any(p))
                return True
        return super().eventFilter(obj, ev)

    # ----- misc ---------------------------------------------------------------------------
    def _message(self, text: str) -> None:
        self.session.notify(text)

    def shutdown(self) -> None:
        for w in self._drop_targets:
            try:
                w.removeEventFilter(self)
            except RuntimeError:  # already deleted
                pass
        self._drop_targets = []
        self.loader.shutdown()
