"""Run the learner's code in a child process (child.py) with a time limit per request and
a memory limit, so that no code the learner writes can freeze or crash the window.

No Qt here: the panel calls these methods from a worker thread; ``stop`` may be called
from any thread and ends the request in flight."""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
import threading
import time
from pathlib import Path

TIME_LIMIT_S = 1.0  # per request: "stopped within a second"
MEMORY_MB = 1024  # address space the learner's code may add to a bare interpreter
START_LIMIT_S = 10.0  # the interpreter's own start, on a busy machine
FILENAME = "<your code>"
CHILD = Path(__file__).with_name("child.py")


def problem_line(message: str) -> int | None:
    """The line a message names ("... line 7: ..."), or None."""
    m = re.search(r"\bline (\d+):", message)
    return int(m.group(1)) if m else None


class CodeError(Exception):
    """A message for the learner: what went wrong, naming the line where there is one."""


def compile_problem(source: str) -> str | None:
    """Why ``source`` is not valid Python ('line 7: invalid syntax ...'), or None."""
    try:
        compile(source, FILENAME, "exec")
    except SyntaxError as exc:
        text = (exc.text or "").strip()
        where = f"line {exc.lineno}: " if exc.lineno else ""
        return f"{where}{exc.msg}" + (f"  →  {text}" if text else "")
    except ValueError as exc:  # e.g. a null byte in the text
        return f"the code cannot be read as Python: {exc}"
    return None


def read_source(path: str | os.PathLike) -> str:
    """The text of a learner's file; CodeError says why it cannot be read."""
    try:
        return Path(path).expanduser().read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CodeError(f"{path}: is not a UTF-8 text file") from None
    except OSError as exc:
        raise CodeError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def read_code(path: str | os.PathLike) -> str:
    """The text of a learner's file, checked to compile; CodeError says why not."""
    source = read_source(path)
    problem = compile_problem(source)
    if problem:
        raise CodeError(f"{path}: {problem}")
    return source


class LearnerProcess:
    """One child process holding the learner's functions and globals between requests."""

    def __init__(self, time_limit_s: float = TIME_LIMIT_S, memory_mb: int = MEMORY_MB) -> None:
        self.time_limit_s = time_limit_s
        self.memory_mb = memory_mb
        self._proc: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self._buffer = b""
        self._stopped = False
        self.output = ""  # what the learner's code printed during the last request

    # ----- requests --------------------------------------------------------------------
    def load(self, source: str) -> dict:
        """A fresh process runs ``source``; returns its data, w, b, learning_rate and the
        names of the seed's functions it defines."""
        problem = compile_problem(source)
        if problem:
            raise CodeError(problem)
        self.close()
        self._start()
        return self._ask({"op": "load", "source": source}, START_LIMIT_S + self.time_limit_s)

    def train(self, k: int) -> dict:
        """k steps of the learner's train()/update(): their w, b and loss() after them."""
        return self._ask({"op": "train", "k": int(k)}, self.time_limit_s)

    def probe(self) -> dict:
        """gradient() and loss() at the learner's current w, b (no step taken)."""
        return self._ask({"op": "probe"}, self.time_limit_s)

    # ----- process ---------------------------------------------------------------------
    def _start(self) -> None:
        with self._lock:
            self._stopped = False
            self._buffer = b""
            self._proc = subprocess.Popen(
                [sys.executable, "-I", str(CHILD), str(self.memory_mb)], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=str(CHILD.parent))

    def _ask(self, request: dict, limit_s: float) -> dict:
        proc = self._proc
        if proc is None or proc.poll() is not None:
            raise CodeError("your code is not loaded: press Run")
        try:
            proc.stdin.write((json.dumps(request) + "\n").encode())
            proc.stdin.flush()
        except (BrokenPipeError, ValueError, OSError):
            raise self._ended() from None
        line = self._read_line(proc, limit_s)
        answer = json.loads(line)
        self.output = answer.get("output", "")
        if not answer["ok"]:
            raise CodeError(answer["error"])
        return answer["result"]

    def _read_line(self, proc: subprocess.Popen, limit_s: float) -> bytes:
        end = time.monotonic() + limit_s
        fd = proc.stdout.fileno()
        while b"\n" not in self._buffer:
            left = end - time.monotonic()
            if left <= 0:
                self.close()
                raise CodeError(f"your code ran for more than {self.time_limit_s:g} s and was stopped: "
                                "is there a loop that never ends?")
            ready, _, _ = select.select([fd], [], [], min(left, 0.05))
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    raise self._ended()
                self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line

    def _ended(self) -> CodeError:
        stopped = self._stopped
        code = self.close()
        if stopped:
            return CodeError("stopped")
        return CodeError(f"your code's process ended unexpectedly (exit status {code})")

    def stop(self) -> None:
        """End the request in flight (any thread): the process is killed."""
        with self._lock:
            self._stopped = True
            if self._proc is not None and self._proc.poll() is None:
                self._proc.kill()

    def close(self) -> int | None:
        """Kill and reap the process; its exit status (None if there was none)."""
        with self._lock:
            proc, self._proc = self._proc, None
        if proc is None:
            return None
        if proc.poll() is None:
            proc.kill()
        code = proc.wait()
        for f in (proc.stdin, proc.stdout):
            try:
                f.close()
            except OSError:
                pass
        return code

    @property
    def alive(self) -> bool:
        proc = self._proc
        return proc is not None and proc.poll() is None
