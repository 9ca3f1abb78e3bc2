"""The thread that talks to the learner's process, so the window never waits on it."""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QObject, QThread, Signal, Slot

from gradviz.gui.code.feedback import check_probe
from gradviz.gui.code.runner import CodeError, LearnerProcess

UPDATES_PER_RUN = 40  # the panels follow the learner's (w, b) this many times per Run


class CodeWorker(QObject):
    loaded = Signal(dict)  # the learner's globals: data, w, b, learning_rate, functions
    progress = Signal(dict)  # w, b, loss (the learner's), steps so far
    finished = Signal(dict)  # ok, message, problems (list of str), output (printed text)

    def __init__(self, runner: LearnerProcess) -> None:
        super().__init__()
        self.runner = runner
        self.pause_s = 0.0  # between updates (the panel sets it)
        self._cancel = False

    def cancel(self) -> None:
        """(Any thread) stop between steps, and end a request in flight."""
        self._cancel = True
        self.runner.stop()

    @Slot(str, int)
    def run(self, source: str, steps: int) -> None:
        self._cancel = False
        try:
            self.finished.emit(self._run(source, steps))
        except CodeError as exc:
            message = "Stopped." if str(exc) == "stopped" else f"Error: {exc}"
            self.finished.emit({"ok": False, "message": message, "problems": [], "output": self.runner.output})

    def _run(self, source: str, steps: int) -> dict:
        info = self.runner.load(source)
        self.loaded.emit(info)
        problems = check_probe(info["data"], self.runner.probe())  # at the start point
        done, chunk = 0, max(1, math.ceil(steps / UPDATES_PER_RUN))
        result = {"w": info["w"], "b": info["b"], "loss": None}
        while done < steps and not self._cancel:
            k = min(chunk, steps - done)
            result = self.runner.train(k)
            done += k
            result["steps"], result["taken"] = done, k
            self.progress.emit(result)
            if not result["finite"]:
                problems.append(f"w or b stopped being a number after {done:,} steps: the steps grew until "
                                "they overflowed. Try a smaller learning_rate.")
                break
            if self.pause_s and done < steps:
                time.sleep(self.pause_s)
        if self._cancel:
            raise CodeError("stopped")
        if steps and (result["w"], result["b"]) == (info["w"], info["b"]):
            problems.append(f"w and b did not change in {steps:,} steps: does train() call update()? "
                            "(seed 001's gap: \"call update() in this loop!\")")
        loss = "" if result.get("loss") is None else f", loss() = {result['loss']:.6g}"
        message = f"Ran {done:,} steps of your code: w = {result['w']:.6g}, b = {result['b']:.6g}{loss}."
        return {"ok": True, "message": message, "problems": problems, "output": self.runner.output,
                "w": result["w"], "b": result["b"], "steps": done}


class CodeThread:
    """A worker in its own QThread; ``shutdown`` leaves no thread and no process behind."""

    def __init__(self) -> None:
        self.runner = LearnerProcess()
        self.worker = CodeWorker(self.runner)
        self.thread = QThread()
        self.thread.setObjectName("gradviz-code")
        self.worker.moveToThread(self.thread)
        self.thread.start()

    def shutdown(self) -> None:
        self.worker.cancel()
        self.thread.quit()
        self.thread.wait()
        self.runner.close()
