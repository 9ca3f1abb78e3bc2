"""The learner's code runs here, in a process of its own (started by runner.py as a
script, stdlib only): an endless loop or a huge allocation can then be stopped by killing
this process, and nothing it does reaches the window's state.

Requests and answers are JSON lines on stdin / the original stdout; ``print`` in the
learner's code is captured and sent back with the answer."""

import contextlib
import inspect
import io
import json
import math
import os
import resource
import sys
import traceback

FILENAME = "<your code>"
OUTPUT_MAX = 2000  # characters of printed output sent back per request


def _limit_memory(extra_mb: int) -> None:
    # the address space this process has now plus ``extra_mb``: a huge list raises
    # MemoryError in the learner's code instead of swapping the machine
    try:
        with open("/proc/self/status") as f:
            size_kb = next(int(line.split()[1]) for line in f if line.startswith("VmSize:"))
    except (OSError, StopIteration, ValueError):
        return  # no /proc (not Linux): the time limit alone guards the window
    limit = (size_kb + extra_mb * 1024) * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _where(exc: BaseException) -> str:
    """'line 7: ZeroDivisionError: division by zero' (the learner's deepest line)."""
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == FILENAME:
            line = frame.lineno
    what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    if isinstance(exc, MemoryError):
        what = "MemoryError: your code asked for more memory than it may use"
    elif isinstance(exc, RecursionError):
        what = "RecursionError: a function calls itself without end"
    return f"line {line}: {what}" if line else what


class Learner:
    def __init__(self) -> None:
        self.ns: dict = {}

    def load(self, source: str) -> dict:
        self.ns = {"__name__": "__learner__"}
        exec(compile(source, FILENAME, "exec"), self.ns)
        return self.state()

    def number(self, name: str) -> float:
        v = self.ns.get(name)
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise ValueError(f"{name} must be a number, but it is {v!r}")
        return float(v)

    def state(self) -> dict:
        data = self.ns.get("data")
        try:
            pairs = [[float(x), float(y)] for x, y in data]
        except (TypeError, ValueError):
            raise ValueError("data must be a list of (x, y) pairs of numbers, e.g. [(1, 0.85), (2, 1.43)]")
        out = {"data": pairs, "w": self.number("w"), "b": self.number("b")}
        if "learning_rate" in self.ns:
            out["learning_rate"] = self.number("learning_rate")
        out["functions"] = sorted(k for k in ("y", "loss", "gradient", "update", "train")
                                  if callable(self.ns.get(k)))
        return out

    def loss(self):
        fn = self.ns.get("loss")
        if not callable(fn):
            return None
        takes_wb = len(inspect.signature(fn).parameters) >= 2  # the seed has loss() and loss(w, b)
        v = fn(self.ns["w"], self.ns["b"]) if takes_wb else fn()
        return float(v)

    def train(self, k: int) -> dict:
        # the seed's last block trains with train(iterations); earlier ones only have update()
        if callable(self.ns.get("train")):
            self.ns["train"](k)
        elif callable(self.ns.get("update")):
            for _ in range(k):
                self.ns["update"]()
        else:
            raise ValueError("define train(iterations) or update() so Run can train")
        w, b = self.number("w"), self.number("b")
        return {"w": w, "b": b, "loss": self.loss(), "finite": math.isfinite(w) and math.isfinite(b)}

    def probe(self) -> dict:
        out = {"w": self.number("w"), "b": self.number("b"), "loss": self.loss(), "gradient": None}
        if callable(self.ns.get("gradient")):
            g = self.ns["gradient"]()
            try:
                dw, db = g
                out["gradient"] = [float(dw), float(db)]
            except (TypeError, ValueError):
                raise ValueError(f"gradient() must return two numbers (dw, db), but it returned {g!r}")
        return out


def main() -> None:
    _limit_memory(int(sys.argv[1]) if len(sys.argv) > 1 else 1024)
    answers = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)  # output below Python's print (C extensions) must not garble the answers
    learner = Learner()
    for line in sys.stdin:
        request = json.loads(line)
        printed = io.StringIO()
        try:
            with contextlib.redirect_stdout(printed):
                if request["op"] == "load":
                    result = learner.load(request["source"])
                elif request["op"] == "train":
                    result = learner.train(int(request["k"]))
                else:
                    result = learner.probe()
            answer = {"ok": True, "result": result}
        except BaseException as exc:  # the learner's error, whatever it is, is the answer
            answer = {"ok": False, "error": _where(exc)}
        answer["output"] = printed.getvalue()[-OUTPUT_MAX:]
        answers.write(json.dumps(answer) + "\n")
        answers.flush()


if __name__ == "__main__":
    main()
