"""Lesson files: read a TOML (or JSON) lesson and check every value, naming the place of
the first problem ("my.toml, chapters[3].setup.lr: must be a number > 0, got 'x'").

No Qt here: the command line checks a lesson before the window starts. The format is
described in docs/lesson-format.md; chapters are counted from 1 there and in messages.
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import gradviz.core as gc
from gradviz.paths import resource_root

BUILT_IN = "how-machines-learn"  # the seed's lesson, shipped in resources/lessons/
SUFFIXES = (".toml", ".json")
ROLLER_X = gc.ROLLER_COASTER_RANGE
SLOPES_TABS = ("derivative", "slices", "predict")
DOCKS = ("landscape3d", "contour", "network", "loss", "readout")
TOGGLES = ("residuals", "least_squares", "curvature", "point_arrows", "standardize", "log_loss")
CHECK_KINDS = ("fit", "rate", "loss_below", "setting", "moved", "valley", "steps")
SETTING_NAMES = {"loss": gc.LOSSES, "optimizer": gc.OPTIMIZERS, "model": gc.MODEL_NAMES}


class LessonError(ValueError):
    """A lesson that cannot be used; the text names the file and the place."""


class LessonUnreadable(LessonError):
    """No lesson there at all (no such file or name, a folder, not readable)."""


@dataclass(frozen=True)
class Question:
    ask: str
    choices: tuple[str, ...]
    answer: int  # 1-based, as in the file
    explain: str = ""


@dataclass(frozen=True)
class Check:
    kind: str
    options: dict = field(default_factory=dict)
    hint: str = ""


@dataclass(frozen=True)
class Chapter:
    title: str
    text: str
    setup: dict = field(default_factory=dict)
    question: Question | None = None
    check: Check | None = None


@dataclass(frozen=True)
class Lesson:
    title: str
    chapters: tuple[Chapter, ...]
    key: str  # the built-in name, or the file's absolute path: where its progress is kept
    about: str = ""

    @property
    def source_name(self) -> str:
        return Path(self.key).name if Path(self.key).suffix in SUFFIXES else self.key


def builtin_names() -> list[str]:
    folder = resource_root() / "lessons"
    return sorted(p.stem for p in folder.glob("*") if p.suffix in SUFFIXES) if folder.is_dir() else []


def locate(name_or_file: str) -> tuple[Path, str]:
    """(path, key) of a built-in lesson's NAME or a FILE; LessonUnreadable if neither."""
    folder = resource_root() / "lessons"
    for suffix in SUFFIXES:
        p = folder / f"{name_or_file}{suffix}"
        if "/" not in name_or_file and p.is_file():
            return p, name_or_file
    p = Path(name_or_file).expanduser()
    if p.is_dir():
        raise LessonUnreadable(f"{name_or_file}: is a folder, not a lesson file")
    if not p.is_file():
        raise LessonUnreadable(f"{name_or_file}: no such lesson file, and no built-in lesson of that name "
                               f"(built in: {', '.join(builtin_names())})")
    return p, str(p.resolve())


def load_lesson(name_or_file: str) -> Lesson:
    path, key = locate(name_or_file)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LessonUnreadable(f"{name_or_file}: cannot be read ({exc.strerror or exc})") from None
    return parse_lesson(raw, path.name, key, json_format=path.suffix.lower() == ".json")


def parse_lesson(raw: bytes, name: str, key: str | None = None, json_format: bool = False) -> Lesson:
    """The lesson in ``raw`` (TOML, or JSON with ``json_format``); LessonError naming
    ``name`` and the place of the first problem."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LessonError(f"{name}: not UTF-8 text (byte {exc.start})") from None
    try:
        doc = json.loads(text) if json_format else tomllib.loads(text)
    except json.JSONDecodeError as exc:
        raise LessonError(f"{name}, line {exc.lineno}, column {exc.colno}: not valid JSON: {exc.msg}") from None
    except tomllib.TOMLDecodeError as exc:
        raise LessonError(f"{name}: not valid TOML: {exc}") from None
    return _Reader(name).lesson(doc, key or name)


def describe(v) -> str:
    if isinstance(v, str):
        return repr(v) if len(v) < 40 else repr(v[:37] + "...")
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (dict, list)):
        return "a table" if isinstance(v, dict) else "a list"
    return repr(v)


class _Reader:
    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, place: str, problem: str, value=None, got: bool = True):
        tail = f", got {describe(value)}" if got else ""
        raise LessonError(f"{self.name}, {place}: {problem}{tail}")

    def table(self, v, place: str, allowed: tuple[str, ...], required: tuple[str, ...] = ()) -> dict:
        if not isinstance(v, dict):
            self.fail(place, "must be a table of keys", v)
        for k in v:
            if k not in allowed:
                self.fail(f"{place}.{k}" if place else k, f"unknown key; allowed: {', '.join(allowed)}", got=False)
        for k in required:
            if k not in v:
                self.fail(place or "the file", f"the key '{k}' is missing", got=False)
        return v

    def text(self, v, place: str, empty_ok: bool = False) -> str:
        if not isinstance(v, str) or (not empty_ok and not v.strip()):
            self.fail(place, "must be some text", v)
        return paragraphs(v)

    def number(self, v, place: str, lo: float = -math.inf, hi: float = math.inf, positive: bool = False) -> float:
        ok = isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
        if not ok or (positive and v <= 0) or not lo <= v <= hi:
            rule = "> 0" if positive else ""
            if math.isfinite(lo) or math.isfinite(hi):
                rule = f"from {lo:g} to {hi:g}" + (" and > 0" if positive else "")
            self.fail(place, f"must be a number {rule}".rstrip(), v)
        return float(v)

    def whole(self, v, place: str, lo: int, hi: int) -> int:
        if not isinstance(v, int) or isinstance(v, bool) or not lo <= v <= hi:
            self.fail(place, f"must be a whole number from {lo} to {hi}", v)
        return v

    def word(self, v, place: str, allowed) -> str:
        if v not in allowed:
            self.fail(place, f"must be one of {', '.join(map(str, allowed))}", v)
        return v

    def flag(self, v, place: str) -> bool:
        if not isinstance(v, bool):
            self.fail(place, "must be true or false", v)
        return v

    def numbers(self, v, place: str, n: int | None = None) -> tuple[float, ...]:
        if not isinstance(v, list) or not v or (n is not None and len(v) != n):
            self.fail(place, f"must be a list of {n or 'one or more'} numbers", v)
        return tuple(self.number(x, f"{place}[{i + 1}]") for i, x in enumerate(v))

    # ----- the parts --------------------------------------------------------------------------
    def lesson(self, doc, key: str) -> Lesson:
        self.table(doc, "", ("title", "about", "chapters"), ("title", "chapters"))
        title = self.text(doc["title"], "title")
        about = self.text(doc.get("about", ""), "about", empty_ok=True)
        chapters = doc["chapters"]
        if not isinstance(chapters, list) or not chapters:
            self.fail("chapters", "must be a list of one or more chapters ([[chapters]] in TOML)", chapters)
        return Lesson(title, tuple(self.chapter(c, f"chapters[{i + 1}]") for i, c in enumerate(chapters)), key, about)

    def chapter(self, c, place: str) -> Chapter:
        self.table(c, place, ("title", "text", "setup", "question", "check"), ("title", "text"))
        setup = self.setup(c.get("setup", {}), f"{place}.setup")
        question = self.question(c["question"], f"{place}.question") if "question" in c else None
        check = self.check(c["check"], f"{place}.check") if "check" in c else None
        return Chapter(self.text(c["title"], f"{place}.title"), self.text(c["text"], f"{place}.text"),
                       setup, question, check)

    def setup(self, s, place: str) -> dict:
        from gradviz.gui.panels.controls import LR_ENTRY_MIN, LR_MAX, PARAM_ENTRY_LIMIT, SPEED_MAX_FINITE, SPEED_MIN

        keys = ("preset", "model", "hidden", "loss", "optimizer", "lr", "speed", "start", "network_example",
                "slopes", "derivative_x", "predict_x", "show", "code", *TOGGLES)
        self.table(s, place, keys)
        out: dict = {}
        for k, v in s.items():
            at = f"{place}.{k}"
            if k == "preset":
                out[k] = self.word(v, at, tuple(gc.PRESETS))
            elif k == "model":
                out[k] = self.word(v, at, gc.MODEL_NAMES)
            elif k == "hidden":
                out[k] = self.whole(v, at, gc.MIN_HIDDEN, gc.MAX_HIDDEN)
            elif k == "loss":
                out[k] = self.word(v, at, gc.LOSSES)
            elif k == "optimizer":
                out[k] = self.word(v, at, gc.OPTIMIZERS)
            elif k == "lr":
                out[k] = self.number(v, at, LR_ENTRY_MIN, LR_MAX, positive=True)
            elif k == "speed":
                out[k] = math.inf if v == "max" else self.number(v, at, SPEED_MIN, SPEED_MAX_FINITE)
            elif k == "start":
                out[k] = self.numbers(v, at, 2)
                for i, p in enumerate(out[k]):
                    self.number(p, f"{at}[{i + 1}]", -PARAM_ENTRY_LIMIT, PARAM_ENTRY_LIMIT)
            elif k == "network_example":
                out[k] = self.word(v, at, tuple(gc.SEED001_NETWORKS))
            elif k == "slopes":
                out[k] = self.word(v, at, SLOPES_TABS)
            elif k == "derivative_x":
                out[k] = self.number(v, at, *ROLLER_X)
            elif k == "predict_x":
                out[k] = self.numbers(v, at)
            elif k == "show":
                out[k] = tuple(self.word(d, f"{at}[{i + 1}]", DOCKS) for i, d in enumerate(
                    v if isinstance(v, list) else self.fail(at, "must be a list of panel names", v)))
            elif k == "code":
                out[k] = self.text(v, at)
            else:
                out[k] = self.flag(v, at)
        if "start" in out and (out.get("model") == "network" or "network_example" in out):
            self.fail(f"{place}.start", "the network's start comes from network_example; start is for the "
                                        "line and the neuron", got=False)
        return out

    def question(self, q, place: str) -> Question:
        self.table(q, place, ("ask", "choices", "answer", "explain"), ("ask", "choices", "answer"))
        choices = q["choices"]
        if not isinstance(choices, list) or len(choices) < 2:
            self.fail(f"{place}.choices", "must be a list of two or more choices", choices)
        texts = tuple(self.text(c, f"{place}.choices[{i + 1}]") for i, c in enumerate(choices))
        answer = self.whole(q["answer"], f"{place}.answer", 1, len(texts))
        return Question(self.text(q["ask"], f"{place}.ask"), texts, answer,
                        self.text(q.get("explain", ""), f"{place}.explain", empty_ok=True))

    def check(self, c, place: str) -> Check:
        if not isinstance(c, dict):
            self.fail(place, "must be a table of keys", c)
        kind = self.word(c.get("kind"), f"{place}.kind", CHECK_KINDS)
        spec = {
            "fit": (("within_percent",), ("min_steps",)),
            "rate": ((), ("at_least",)),
            "loss_below": (("value",), ("min_steps",)),
            "setting": (("name", "equals"), ()),
            "moved": (("param", "direction"), ()),
            "valley": ((), ("tolerance",)),
            "steps": (("at_least",), ()),
        }[kind]
        self.table(c, place, ("kind", "hint", *spec[0], *spec[1]), spec[0])
        opts: dict = {}
        for k, v in c.items():
            at = f"{place}.{k}"
            if k in ("kind", "hint"):
                continue
            if k in ("within_percent", "value", "tolerance") or (k == "at_least" and kind == "rate"):
                opts[k] = self.number(v, at, positive=True)
            elif k in ("min_steps", "at_least"):
                opts[k] = self.whole(v, at, 0 if k == "min_steps" else 1, 10_000_000)
            elif k == "name":
                opts[k] = self.word(v, at, tuple(SETTING_NAMES))
            elif k == "equals":
                opts[k] = self.word(v, at, SETTING_NAMES.get(c.get("name"), ()))
            elif k == "param":
                opts[k] = self.word(v, at, ("w", "b"))
            elif k == "direction":
                opts[k] = self.word(v, at, ("up", "down", "any"))
        hint = self.text(c.get("hint", ""), f"{place}.hint", empty_ok=True)
        return Check(kind, opts, hint)


def paragraphs(text: str) -> str:
    """Lines joined into paragraphs, as Markdown does: a blank line starts a new one."""
    paras = [" ".join(line.strip() for line in block.splitlines() if line.strip())
             for block in re.split(r"\n\s*\n", text.strip())]
    return "\n\n".join(p for p in paras if p)
