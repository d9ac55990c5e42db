"""Which landing files have arrived and stopped changing: the sensor's decision, without Dagster.

A file is settled when its size and modification time have stayed the same, as this watch saw
them, for `settle_seconds`. A run takes every file in landing, so a run is asked for only when at
least one new file has settled and no file is still changing (a file still being written would
otherwise be taken half-written). The cursor remembers what was seen and when, and which files
(name, size, mtime) a run was already asked for: such a file is never asked for again while it is
in landing. Names starting with "." are uploads in progress and are ignored, as the intake does.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from tipstat.settings import Home
from tipstat.warehouse import RunLocked, run_lock

CURSOR_VERSION = 1


@dataclass
class Watch:
    """What the watch decided at one look."""

    ready: list[str] = field(default_factory=list)  # settled, never asked for
    ready_ids: list[str] = field(default_factory=list)  # the same, as name|size|mtime_ns
    changing: list[str] = field(default_factory=list)  # seen changing or not settled yet
    cursor: str = ""

    @property
    def run_key(self) -> str:
        """The same files (name, size, mtime) give the same key: Dagster refuses a second run."""
        return hashlib.sha256("\n".join(self.ready_ids).encode()).hexdigest()[:24]


def _ident(name: str, size: int, mtime_ns: int) -> str:
    return f"{name}|{size}|{mtime_ns}"


def _load(cursor: str | None) -> tuple[dict[str, list], set[str]]:
    try:
        data = json.loads(cursor) if cursor else {}
    except ValueError:
        data = {}
    if data.get("v") != CURSOR_VERSION:
        return {}, set()
    return dict(data.get("seen", {})), set(data.get("picked", []))


def _dump(seen: dict[str, list], picked: set[str]) -> str:
    return json.dumps({"v": CURSOR_VERSION, "seen": seen, "picked": sorted(picked)}, sort_keys=True)


def look(landing: Path, cursor: str | None, now: float, settle: float) -> Watch:
    """One look at landing. `now` is the watch's clock (seconds); the returned cursor records the
    observations, not the request (see `picked`)."""
    seen, picked = _load(cursor)
    entries: dict[str, tuple[int, int]] = {}
    if landing.is_dir():
        for entry in os.scandir(landing):
            if entry.name.startswith("."):
                continue
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            entries[entry.name] = (st.st_size, st.st_mtime_ns)
    watch = Watch()
    new_seen: dict[str, list] = {}
    for name in sorted(entries):
        size, mtime_ns = entries[name]
        ident = _ident(name, size, mtime_ns)
        if ident in picked:
            continue
        before = seen.get(name)
        since = before[2] if before and before[0] == size and before[1] == mtime_ns else now
        new_seen[name] = [size, mtime_ns, since]
        if now - since >= settle:
            watch.ready.append(name)
            watch.ready_ids.append(ident)
        else:
            watch.changing.append(name)
    # a file that left landing (filed by a run) may come back as a new delivery
    still_here = {_ident(n, *entries[n]) for n in entries}
    watch.cursor = _dump(new_seen, picked & still_here)
    return watch


def picked(watch: Watch) -> str:
    """The cursor once a run was asked for the ready files: they are not asked for again."""
    seen, done = _load(watch.cursor)
    for name in watch.ready:
        seen.pop(name, None)
    return _dump(seen, done | set(watch.ready_ids))


def run_in_progress(home: Home) -> str | None:
    """Why a run cannot start now (another run holds the home's lock), else None."""
    if not home.root.exists():
        return None
    try:
        with run_lock(home):
            return None
    except RunLocked as exc:
        return str(exc)
