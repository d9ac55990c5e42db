"""Release records: one JSON file per release beside its snapshot, and the lock every change holds.

`releases/<id>.json` is the commit point of a release: a snapshot file without its record is a
leftover of an interrupted `prepare` and is never shown. Records are replaced whole (written
beside, fsynced, renamed), so a reader sees a record before or after an action, never half of one.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tipstat import atomic
from tipstat.releases.ids import RELEASE_ID, release_sort_key
from tipstat.settings import Home

DRAFT, APPROVED, WITHDRAWN = "DRAFT", "APPROVED", "WITHDRAWN"
LOCK_WAIT_SECONDS = 30.0


class ReleaseBusy(RuntimeError):
    """Another release action holds the lock for longer than we wait."""


@dataclass
class Flag:
    id: str  # F1, F2, ...: what `tipstat release acknowledge` takes
    kind: str  # outlier | break | incomplete
    subject: str  # a feed_entity (record counts) or a headline series
    period: str
    detail: str
    acknowledged_by: str | None = None
    acknowledged_at: str | None = None
    why: str | None = None


@dataclass
class Action:
    """One line of the audit trail: who did what, when (UTC) and why."""

    at: str
    by: str
    action: str  # prepare | acknowledge | approve | withdraw
    why: str | None = None
    detail: str | None = None


@dataclass
class Release:
    id: str
    status: str
    through: str
    run_id: str | None
    published_at: str | None  # the run's publication time (UTC)
    prepared_by: str
    prepared_at: str
    sha256: str
    previous: str | None  # the release the revisions and breaks are measured against
    note: str | None = None
    approved_by: str | None = None
    approved_at: str | None = None
    embargo_until: str | None = None  # UTC ISO
    accepted_incomplete: str | None = None
    withdrawn_by: str | None = None
    withdrawn_at: str | None = None
    withdrawn_why: str | None = None
    revisions: int = 0
    new_periods: list[str] = field(default_factory=list)
    incomplete_periods: list[str] = field(default_factory=list)  # a feed MISSING or REJECTED
    late_periods: list[str] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)

    @classmethod
    def from_dict(cls, raw: dict) -> Release:
        raw = dict(raw)
        raw["flags"] = [Flag(**f) for f in raw.get("flags", [])]
        raw["actions"] = [Action(**a) for a in raw.get("actions", [])]
        return cls(**raw)

    def to_dict(self) -> dict:
        return asdict(self)

    def as_json(self) -> dict:
        """Exactly the shape `--json` prints (releases.md); the record file holds the rest."""
        return {
            "id": self.id,
            "status": self.status,
            "through": self.through,
            "run_id": self.run_id,
            "prepared_by": self.prepared_by,
            "approved_by": self.approved_by,
            "embargo_until": self.embargo_until,
            "sha256": self.sha256,
            "flags": [
                {
                    "id": f.id,
                    "kind": f.kind,
                    "subject": f.subject,
                    "period": f.period,
                    "detail": f.detail,
                    "acknowledged_by": f.acknowledged_by,
                }
                for f in self.flags
            ],
            "revisions": self.revisions,
        }

    def open_flags(self) -> list[Flag]:
        return [f for f in self.flags if f.acknowledged_by is None]


def record_path(home: Home, release_id: str) -> Path:
    return home.releases / f"{release_id}.json"


def snapshot_path(home: Home, release_id: str) -> Path:
    return home.releases / f"{release_id}.duckdb"


def public_dir(home: Home, release_id: str) -> Path:
    return home.releases / release_id / "public"


def load_release(home: Home, release_id: str) -> Release | None:
    path = record_path(home, release_id)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return Release.from_dict(raw)


def list_releases(home: Home) -> list[Release]:
    """Every release with a record, oldest id first."""
    if not home.releases.is_dir():
        return []
    ids = [p.stem for p in home.releases.glob("*.json") if RELEASE_ID.match(p.stem)]
    found = (load_release(home, i) for i in sorted(ids, key=release_sort_key))
    return [r for r in found if r is not None]


def save_release(home: Home, release: Release) -> None:
    """Replace the record whole: write beside, fsync, rename, fsync the folder."""
    write_atomically(
        record_path(home, release.id), json.dumps(release.to_dict(), ensure_ascii=False, indent=2)
    )


def write_atomically(path: Path, text: str) -> None:
    """Write beside, fsync, rename, fsync the folder (tipstat.atomic); a unique temp name, since
    two release actions may write their own files side by side."""
    path.parent.mkdir(parents=True, exist_ok=True)

    def write(tmp: Path) -> None:
        tmp.write_text(text + "\n", encoding="utf-8")
        os.chmod(tmp, 0o644)  # records are read by the dashboard's user too

    atomic.write_file(path, write, unique_temp=True)


@contextlib.contextmanager
def release_lock(home: Home, wait_seconds: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """One release action at a time per home (two approvals at once: the second waits, then
    sees the first's result). The lock is an flock: a killed holder releases it."""
    home.releases.mkdir(parents=True, exist_ok=True)
    fd = os.open(home.releases / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
    deadline = time.monotonic() + wait_seconds
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise ReleaseBusy(
                        f"another release action is still running in {home.releases}; try again shortly"
                    ) from None
                time.sleep(0.1)
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()}\n".encode())
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def remove_leftovers(home: Home) -> None:
    """Remove what an interrupted action left (call under the lock): temporary files and folders,
    and snapshots or public folders of a release whose record was never written."""
    if not home.releases.is_dir():
        return
    for path in home.releases.iterdir():
        name = path.name
        stem = name.removesuffix(".duckdb.wal").removesuffix(".duckdb")
        orphan = RELEASE_ID.match(stem) and not record_path(home, stem).exists()
        if (name.startswith(".") and ".tmp" in name) or orphan:
            _remove(path)
        elif path.is_dir() and RELEASE_ID.match(name):
            for inner in path.iterdir():
                if inner.name.startswith(".") and ".tmp" in inner.name:
                    _remove(inner)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
