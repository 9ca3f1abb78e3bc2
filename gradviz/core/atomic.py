"""Atomic file writes: a reader, or a crash at any moment, sees either the old file or the
new one, never a part of one."""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

__all__ = ["atomic_write_bytes"]


def _fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; a no-op elsewhere or where not allowed)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically and return the path.

    The bytes go to a new temporary file ``.NAME.<random hex>.tmp`` in the same folder (so
    the rename stays on one file system; a sweep for leftovers of a crash can match that
    pattern), which is flushed and fsynced, then ``os.replace``-d over ``path``; the folder
    is fsynced so that the rename itself survives a power cut. An existing file keeps its
    permission bits; a new one gets what the umask allows.

    On any failure the previous file is untouched, the temporary file is removed, and the
    exception (an ``OSError`` for file system problems) propagates.
    """
    p = Path(path)
    folder = p.parent
    tmp: str | None = None
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        for _ in range(100):
            candidate = os.path.join(folder, f".{p.name}.{secrets.token_hex(6)}.tmp")
            try:
                fd = os.open(candidate, flags, 0o666)  # the umask applies, as for a new file
            except FileExistsError:
                continue
            tmp = candidate
            break
        else:  # pragma: no cover - 100 collisions of 48 random bits
            raise FileExistsError(f"could not create a temporary file in {folder}")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        try:
            os.chmod(tmp, stat.S_IMODE(os.stat(p).st_mode))
        except OSError:
            pass  # no previous file (or not ours to inspect): keep the new file's mode
        os.replace(tmp, p)
        tmp = None
        _fsync_dir(folder)
    except BaseException:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        raise
    return p
