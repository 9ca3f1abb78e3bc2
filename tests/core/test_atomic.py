"""Tests for gradviz.core.atomic (atomic_write_bytes), directly and through save_csv."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from gradviz.core import DataError, Dataset, atomic_write_bytes, preset, save_csv
from gradviz.core import atomic as atomic_mod


@pytest.fixture
def previous(tmp_path):
    p = tmp_path / "data.csv"
    save_csv(preset("lesson"), p)
    return p, p.read_bytes()


def _only(p: Path):
    assert sorted(os.listdir(p.parent)) == [p.name], "a temporary file was left behind"


def test_atomic_save_crash_at_replace(previous, monkeypatch):
    p, before = previous

    def crash(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_mod.os, "replace", crash)
    with pytest.raises(DataError, match=r"^data\.csv: cannot write the file: No space left on device") as info:
        save_csv(preset("sine"), p)
    assert isinstance(info.value.__cause__, OSError)
    assert p.read_bytes() == before
    _only(p)


def test_atomic_save_crash_mid_write(previous, monkeypatch):
    p, before = previous
    real_fdopen = os.fdopen

    class HalfWriter:
        def __init__(self, f):
            self.f = f

        def write(self, b):
            self.f.write(b[: len(b) // 2])  # half the text reaches the disk, then the crash
            raise RuntimeError("power cut")

        def __getattr__(self, name):
            return getattr(self.f, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

    monkeypatch.setattr(atomic_mod.os, "fdopen", lambda fd, mode: HalfWriter(real_fdopen(fd, mode)))
    with pytest.raises(RuntimeError, match="power cut"):
        save_csv(preset("seed-002"), p)
    assert p.read_bytes() == before
    _only(p)


def test_atomic_save_crash_at_fsync(previous, monkeypatch):
    p, before = previous

    def crash(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic_mod.os, "fsync", crash)
    with pytest.raises(KeyboardInterrupt):
        save_csv(preset("step"), p)
    assert p.read_bytes() == before
    _only(p)


def test_atomic_save_writes_through_a_temp_file_in_the_same_folder(previous, monkeypatch):
    p, _ = previous
    seen = []
    real = os.replace

    def spy(src, dst):
        seen.append((Path(src), Path(dst), Path(src).read_bytes()))
        return real(src, dst)

    monkeypatch.setattr(atomic_mod.os, "replace", spy)
    save_csv(preset("step"), p)
    (src, dst, content), = seen
    assert src.parent == p.parent and src != p and dst == p
    assert content == p.read_bytes()
    _only(p)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_save_keeps_permission_bits(tmp_path):
    p = tmp_path / "m.csv"
    save_csv(Dataset([1], [2]), p)
    os.chmod(p, 0o640)
    save_csv(Dataset([3], [4]), p)
    assert stat.S_IMODE(os.stat(p).st_mode) == 0o640
    q = tmp_path / "new.csv"
    old = os.umask(0o022)
    try:
        save_csv(Dataset([1], [2]), q)
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(q).st_mode) == 0o644


# -- atomic_write_bytes itself ------------------------------------------------------------------

def test_atomic_write_bytes_writes_overwrites_and_leaves_nothing_else(tmp_path):
    p = tmp_path / "state.json"
    assert atomic_write_bytes(p, b"first") == p
    assert atomic_write_bytes(str(p), b"second, longer") == p
    assert p.read_bytes() == b"second, longer"
    _only(p)


def test_atomic_write_bytes_raises_os_errors_and_keeps_the_old_file(tmp_path, monkeypatch):
    p = tmp_path / "state.json"
    atomic_write_bytes(p, b"old")

    def crash(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_mod.os, "replace", crash)
    with pytest.raises(OSError, match="No space left"):
        atomic_write_bytes(p, b"new")
    assert p.read_bytes() == b"old"
    _only(p)
    with pytest.raises(FileNotFoundError):
        atomic_write_bytes(tmp_path / "missing" / "x.bin", b"x")


def test_atomic_write_bytes_goes_through_a_named_temporary_and_fsyncs(tmp_path, monkeypatch):
    p = tmp_path / "autosave.npy"
    replaced, synced = [], []
    real_replace, real_fsync = os.replace, os.fsync

    def spy_replace(src, dst):
        replaced.append(Path(src))
        return real_replace(src, dst)

    def spy_fsync(fd):
        synced.append(fd)
        return real_fsync(fd)

    monkeypatch.setattr(atomic_mod.os, "replace", spy_replace)
    monkeypatch.setattr(atomic_mod.os, "fsync", spy_fsync)
    atomic_write_bytes(p, b"\x93NUMPY")
    (src,) = replaced
    # a crash leaves ".NAME.<hex>.tmp" beside the file, which the autosave sweeps away
    assert src.parent == tmp_path and src.name.startswith(".autosave.npy.") and src.suffix == ".tmp"
    assert list(tmp_path.glob(".autosave.npy.*.tmp")) == []
    assert len(synced) == (2 if os.name == "posix" else 1)  # the file, then its folder


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_atomic_write_bytes_keeps_permission_bits(tmp_path):
    p = tmp_path / "private.json"
    p.write_bytes(b"{}")
    os.chmod(p, 0o600)
    atomic_write_bytes(p, b'{"a": 1}')
    assert stat.S_IMODE(os.stat(p).st_mode) == 0o600 and p.read_bytes() == b'{"a": 1}'
