"""``--lesson [NAME|FILE]`` and ``--chapter N``, checked before the window starts.

A lesson that cannot be read at all (no such file or name, a folder, unreadable) stops
here with exit 2, as any other bad argument does. A lesson file that reads but is
malformed does not stop the app: the message is printed and shown in the lesson panel,
so a teacher sees the place of the problem in the app they are writing the lesson for.
"""

from __future__ import annotations

import sys

from gradviz.gui.lesson.lesson_file import BUILT_IN, LessonError, LessonUnreadable, builtin_names, load_lesson


def add_arguments(p) -> None:
    p.add_argument("--lesson", nargs="?", const="", metavar="NAME|FILE",
                   help=f"open the lesson panel on a lesson: a built-in one ({', '.join(builtin_names())}) "
                        "or a .toml/.json lesson file (see docs/lesson-format.md); alone, the lesson of "
                        f"last time, else {BUILT_IN}")
    p.add_argument("--chapter", type=int, metavar="N",
                   help="the chapter to open, from 1 (default: where you were last time); only with --lesson")


def check(args, parser) -> None:
    """Load the lesson into ``args.lesson_doc``, or its problem into ``args.lesson_problem``."""
    args.lesson_doc = args.lesson_problem = None
    if args.lesson is None:
        if args.chapter is not None:
            parser.error("argument --chapter: only works with --lesson")
        return
    name = args.lesson or _remembered(args)
    try:
        args.lesson_doc = load_lesson(name)
    except LessonUnreadable as exc:
        parser.exit(2, f"gradviz: error: argument --lesson: {exc}\n")
    except LessonError as exc:
        args.lesson_problem = str(exc)
        print(f"gradviz: warning: {exc} (the app starts without it)", file=sys.stderr)
        return
    n = len(args.lesson_doc.chapters)
    if args.chapter is not None and not 1 <= args.chapter <= n:
        parser.error(f"argument --chapter: {args.chapter} is not a chapter of "
                     f"'{args.lesson_doc.title}'; allowed: a whole number from 1 to {n}")


def _remembered(args) -> str:
    """The lesson of last time if it can still be read, else the built-in one."""
    from gradviz.gui.lesson.progress import Progress

    name = None if args.fresh else Progress().current
    try:
        return name if name and load_lesson(name) else BUILT_IN
    except LessonUnreadable:
        return BUILT_IN
    except LessonError:
        return name
