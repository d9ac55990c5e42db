"""Atomic, durable file writes: write beside the target, fsync, rename over it, fsync the folder.

The one helper for every file tipstat writes that a reader or a killed run must never see half
done: quarantine reports and archived files (intake.filing), the published warehouse
(warehouse.publish) and the exports (exports.common).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (a no-op where the file system cannot fsync a folder)."""
    with contextlib.suppress(OSError):
        fsync_file(folder)


def temp_beside(path: Path) -> Path:
    """The fixed temp name a write of `path` uses: hidden, in the same folder (same file system),
    and the same on every try, so a retry after a kill overwrites what the killed try left."""
    return path.with_name(f".{path.name}.tmp")


def replace(tmp: Path, path: Path) -> None:
    """fsync `tmp`, rename it over `path`, fsync the folder: `path` is the old file or the new."""
    fsync_file(tmp)
    os.replace(tmp, path)
    fsync_dir(path.parent)


def write_file(
    path: Path,
    write: Callable[[Path], None],
    check: Callable[[Path], None] | None = None,
    *,
    unique_temp: bool = False,
) -> None:
    """`write(tmp)` makes the file beside `path`, `check(tmp)` may refuse it (raise), then it
    replaces `path`. On any error the temp file is removed and `path` is left as it was.

    `unique_temp` gives each call its own temp name (two writers of one path at once, e.g.
    exports); the temp name keeps the suffix, which some writers use to choose the format."""
    path = Path(path)
    if unique_temp:
        fd, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f".tmp{path.suffix}", dir=path.parent)
        os.close(fd)
        tmp = Path(name)
    else:
        tmp = temp_beside(path)
    try:
        write(tmp)
        if check is not None:
            check(tmp)
        replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_file(path, lambda tmp: tmp.write_bytes(data))


def copy_file(src: Path, dst: Path) -> None:
    """Copy `src` to `dst` atomically, keeping its access and modification times (arrival time)."""

    def write(tmp: Path) -> None:
        with src.open("rb") as fin, tmp.open("wb") as fout:
            shutil.copyfileobj(fin, fout, 1 << 20)
        st = src.stat()
        os.utime(tmp, ns=(st.st_atime_ns, st.st_mtime_ns))

    write_file(dst, write)


def symlink(target: str, dst: Path) -> None:
    """Create the symlink `dst` -> `target` atomically."""
    tmp = temp_beside(dst)
    if os.path.lexists(tmp):
        tmp.unlink()
    os.symlink(target, tmp)
    os.replace(tmp, dst)
    fsync_dir(dst.parent)
