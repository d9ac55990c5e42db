"""Registration: what is in landing, and what each file's fate is (exports.md, "File names and versions").

Scanning looks at `landing/` only (not recursive). Every entry is "seen", including a sub-folder,
a symbolic link (never followed: the link itself is quarantined) or another special file; these
are rejected. Names starting with "." are NOT seen: they are upload temp files (rsync, scp,
LibreOffice `.~lock.*#`) that become a delivery only when renamed; they are listed in the run
summary as left for the next run. A regular file whose size or mtime changes while it is hashed
is still being written and is left in landing for the next run.

Deciding a fate needs only the history (`Ledger`, built from intake.submissions) and the file's
name and bytes; validation is called by the pipeline for the files the ledger lets through.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb

from tipstat.contract import FILE_NAME_RE, FILE_SPECS, FIRST_YEAR, LOCAL_TIMEZONE
from tipstat.intake import tables
from tipstat.intake.naming import BadFileName, FileName, Period, parse_file_name
from tipstat.render import safe_text

LOCAL_TZ = ZoneInfo(LOCAL_TIMEZONE)
_CHUNK = 1 << 20

ACCEPTED, SUPERSEDED, REJECTED, DUPLICATE = "ACCEPTED", "SUPERSEDED", "REJECTED", "DUPLICATE"
STATUSES = (ACCEPTED, SUPERSEDED, REJECTED, DUPLICATE)


@dataclass(frozen=True)
class SeenFile:
    """One landing entry, stat-ed and hashed. `kind` is file, symlink, directory, other or
    unreadable. `name` is the entry's name as `render.safe_text` shows it (what is stored and
    shown); `path.name` is the name on disk, which may not even be UTF-8."""

    path: Path
    name: str
    kind: str
    size_bytes: int
    mtime_ns: int
    sha256: str

    @property
    def received_at(self) -> datetime:
        """Arrival time (the modification time), naive UTC as stored in DuckDB."""
        return datetime.fromtimestamp(self.mtime_ns / 1e9, UTC).replace(tzinfo=None)

    @property
    def submission_id(self) -> str:
        return submission_id(self.name, self.sha256, self.mtime_ns)


@dataclass(frozen=True)
class LeftFile:
    """A landing entry not registered in this run, and why."""

    name: str
    reason: str


@dataclass
class Scan:
    files: list[SeenFile] = field(default_factory=list)
    left: list[LeftFile] = field(default_factory=list)


def submission_id(name: str, sha256: str, mtime_ns: int) -> str:
    return hashlib.sha256(f"{name}|{sha256}|{mtime_ns}".encode()).hexdigest()[:16]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "symlink"
    if stat.S_ISDIR(mode):
        return "directory"
    return "file" if stat.S_ISREG(mode) else "other"


def _entry_digest(path: Path, kind: str) -> str:
    """Bytes of a regular file; for anything else, a digest of what the entry itself is."""
    if kind == "file":
        return sha256_file(path)
    if kind == "symlink":
        token = b"symlink\0" + os.fsencode(os.readlink(path))
    elif kind == "directory":
        try:
            token = b"directory\0" + b"\0".join(sorted(os.fsencode(n) for n in os.listdir(path)))
        except OSError:
            token = b"directory\0" + os.fsencode(path.name)
    else:
        token = b"other\0" + os.fsencode(path.name)
    return hashlib.sha256(token).hexdigest()


def look(path: Path) -> SeenFile | None:
    """Stat, hash, stat again; None when the entry changed meanwhile (still being written).
    A regular file that cannot be opened (permissions) is seen as `unreadable`."""
    try:
        before = path.lstat()
        kind = _kind(before.st_mode)
        try:
            digest = _entry_digest(path, kind)
        except PermissionError:
            kind = "unreadable"
            digest = hashlib.sha256(b"unreadable\0" + os.fsencode(path.name)).hexdigest()
        after = path.lstat()
    except FileNotFoundError:
        return None
    if (before.st_size, before.st_mtime_ns, before.st_ino) != (
        after.st_size,
        after.st_mtime_ns,
        after.st_ino,
    ):
        return None
    return SeenFile(path, safe_text(path.name), kind, after.st_size, after.st_mtime_ns, digest)


def still_same(seen: SeenFile) -> bool:
    """True when the entry has the size and mtime it had when it was hashed."""
    try:
        st = seen.path.lstat()
    except FileNotFoundError:
        return False
    return (st.st_size, st.st_mtime_ns) == (seen.size_bytes, seen.mtime_ns)


def _version_of(name: str) -> tuple[tuple[str, str, str] | None, int]:
    try:
        parsed = parse_file_name(name)
    except BadFileName:
        return None, 0
    except Exception:  # a name must never stop the run; decide() rejects it
        return None, 0
    return parsed.slot, parsed.version


def processing_order(files: list[SeenFile]) -> list[SeenFile]:
    """By arrival time then name; the versions of one slot take that slot's places in version order."""
    ordered = sorted(files, key=lambda f: (f.mtime_ns, f.name))
    slots: dict[tuple[str, str, str], list[int]] = {}
    for i, f in enumerate(ordered):
        slot, _ = _version_of(f.name)
        if slot is not None:
            slots.setdefault(slot, []).append(i)
    result = list(ordered)
    for positions in slots.values():
        members = sorted((ordered[i] for i in positions), key=lambda f: (_version_of(f.name)[1], f.mtime_ns))
        for pos, member in zip(positions, members, strict=True):
            result[pos] = member
    return result


def scan_landing(landing: Path) -> Scan:
    """Every entry of landing (not recursive) in processing order, plus what is left for later."""
    scan = Scan()
    if not landing.is_dir():
        return scan
    shown: set[str] = set()
    for entry in sorted(os.scandir(landing), key=lambda e: e.name):
        if entry.name.startswith("."):
            scan.left.append(
                LeftFile(safe_text(entry.name), "hidden name (upload temp or lock file): not a delivery yet")
            )
            continue
        seen = look(Path(entry.path))
        if seen is None:
            scan.left.append(LeftFile(safe_text(entry.name), "still being written (changed while read)"))
        elif seen.name in shown:  # two names that differ only in what safe_text hides
            scan.left.append(LeftFile(seen.name, "another landing entry is shown under the same name"))
        else:
            shown.add(seen.name)
            scan.files.append(seen)
    scan.files = processing_order(scan.files)
    return scan


# ---------------------------------------------------------------- history and fates
@dataclass
class _Sighting:
    file_name: str
    slot: tuple[str, str, str] | None
    rows: int | None
    status: str = ACCEPTED


@dataclass
class Ledger:
    """What intake.submissions (plus this run so far) says, indexed for deciding fates."""

    registered: set[str] = field(default_factory=set)  # submission ids
    by_sha: dict[str, list[_Sighting]] = field(default_factory=dict)
    accepted_names: dict[str, str] = field(default_factory=dict)  # name -> sha (ACCEPTED/SUPERSEDED)
    in_force: dict[tuple[str, str, str], tuple[int, str]] = field(default_factory=dict)  # slot -> (v, name)
    versions_seen: dict[tuple[str, str, str], set[int]] = field(default_factory=dict)

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection) -> Ledger:
        ledger = cls()
        for sid, name, sha, status, feed, entity, period, version, n in tables.history(con):
            slot = (feed, entity, period) if feed and period else None
            ledger.record(sid, name, sha, status, slot, version, n)
        return ledger

    def record(
        self,
        sid: str,
        name: str,
        sha: str,
        status: str,
        slot: tuple[str, str, str] | None,
        version: int | None,
        rows: int | None,
    ) -> None:
        self.registered.add(sid)
        if status != DUPLICATE:
            self.by_sha.setdefault(sha, []).append(_Sighting(name, slot, rows, status))
        if status in (ACCEPTED, SUPERSEDED):
            self.accepted_names[name] = sha
        if slot is not None and version:
            self.versions_seen.setdefault(slot, set()).add(version)
        if status == ACCEPTED and slot is not None and version:
            self.in_force[slot] = (version, name)


@dataclass(frozen=True)
class Decision:
    """The fate decided before validation. `validate` is set when the file must be validated:
    then `status_if_valid` applies when it passes (ACCEPTED or SUPERSEDED), REJECTED when not."""

    status: str | None
    reason: str | None
    file_name: FileName | None
    validate: bool = False
    status_if_valid: str | None = None
    rule: str | None = None  # stable code of a rejection decided here (see docs/validation.md)


def local_date(moment: datetime) -> date:
    """The calendar date in Viet Nam of a UTC moment (naive means UTC)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(LOCAL_TZ).date()


def guess_slot(name: str, today: date | None = None) -> tuple[str, str, str | None, int] | None:
    """Feed, entity, period and version of a rejected name when its pattern still says them.
    A year outside the contract's range (2000 to the current year) gives no period: such a name
    must not make up quarters in the completeness table."""
    m = FILE_NAME_RE.match(name)
    if m and f"{m['feed']}__{m['entity']}" in FILE_SPECS:
        last_year = (today or date.today()).year
        period = f"{m['year']}Q{m['quarter']}" if FIRST_YEAR <= int(m["year"]) <= last_year else None
        return m["feed"], m["entity"], period, int(m["version"] or 1)
    return None


def decide(seen: SeenFile, ledger: Ledger, today: date) -> Decision:
    """Everything about a file's fate that does not need its contents to be read."""
    if seen.kind == "symlink":
        return Decision(
            REJECTED,
            "symbolic link: not followed; quarantine records the link, keeps no link",
            None,
            rule="entry:symlink",
        )
    if seen.kind == "directory":
        return Decision(
            REJECTED, "a folder, not a file: landing is not searched recursively", None, rule="entry:folder"
        )
    if seen.kind == "unreadable":
        return Decision(
            REJECTED, "the file cannot be read (permission denied)", None, rule="entry:unreadable"
        )
    if seen.kind != "file":
        return Decision(REJECTED, "not a regular file (a pipe, socket or device)", None, rule="entry:special")
    bad_name: BadFileName | None = None
    fname: FileName | None = None
    try:
        fname = parse_file_name(seen.path.name)
    except BadFileName as exc:
        bad_name = exc
    earlier = [s for s in ledger.by_sha.get(seen.sha256, []) if _same_delivery(s, seen.name, fname)]
    if earlier:  # bytes already accepted are a DUPLICATE under any name, even a bad one
        return Decision(DUPLICATE, f"same bytes as {earlier[0].file_name}", fname)
    if bad_name is not None or fname is None:
        rule = bad_name.rule if bad_name is not None else "name:pattern"
        return Decision(REJECTED, f"bad file name: {bad_name}", None, rule=rule)
    if fname.period.year > today.year:
        return Decision(
            REJECTED,
            f"year {fname.period.year} is in the future: its quarters have not ended (today {today})",
            None,
            rule="name:not_ended",
        )
    if seen.name in ledger.accepted_names:
        return Decision(
            REJECTED,
            "same name as an accepted file but other bytes: a correction must carry a higher version",
            fname,
            rule="version:same_name",
        )
    if _unfinished(fname.period, today):
        what = "year" if fname.period.quarter is None else "quarter"
        return Decision(
            REJECTED,
            f"{what} {fname.period.label} has not ended yet (today {today.isoformat()})",
            fname,
            rule="name:not_ended",
        )
    current = ledger.in_force.get(fname.slot)
    if current is not None:
        version, name = current
        if fname.version < version:
            return Decision(None, f"older than version in force v{version}", fname, True, SUPERSEDED)
        if fname.version == version:
            return Decision(
                REJECTED,
                f"version v{version} is already in force ({name}): a correction must carry a higher version",
                fname,
                rule="version:in_force",
            )
    # versions are at most 999 (naming), so this set stays small
    missing = sorted(set(range(1, fname.version)) - ledger.versions_seen.get(fname.slot, set()))
    gap = f"version gap: {', '.join(f'v{v}' for v in missing)} never received" if missing else None
    return Decision(None, gap, fname, True, ACCEPTED)


def _same_delivery(earlier: _Sighting, name: str, fname: FileName | None) -> bool:
    """Same bytes count as a repeat delivery, except a header-only file (0 rows) seen for another
    slot: 'nothing to report' is byte-identical for every quarter and must still count for each.
    Bytes that were rejected are a repeat only under the same name (exports.md, "Same bytes"):
    under another, correct name they are judged afresh."""
    if earlier.status == REJECTED:
        return earlier.file_name == name
    if earlier.rows == 0 and earlier.slot is not None:
        return fname is not None and earlier.slot == fname.slot
    return True


def _unfinished(period: Period, today: date) -> bool:
    if period.quarter is None:  # population: the current year's figures are allowed, not later ones
        return period.year > today.year
    return period.end >= today
