"""After the commit point: landing files go to archive/ or quarantine/ (docs/architecture.md, step 7).

Only files recorded in the PUBLISHED intake.submissions move, and only when name (as
`render.safe_text` shows it), SHA-256 and mtime still match the row: whatever else is in landing
waits for the next run. Kept files are readable by the warehouse's user only (0600 in 0700
folders) unless `TIPSTAT_GROUP` names a group (0640 in 0750). A symbolic link is never re-created:
quarantine keeps a small text file saying it was a link. One file that cannot be filed is
listed in `problems` and the others are still filed. Each move is
copy, fsync, rename into place, then unlink the landing entry, so a kill at any point leaves the
file in landing, in its destination, or in both (the next call finishes it). Quarantine reports
(`.report.txt`, `.report.json`) are written before the landing file is removed, and re-written
whenever a quarantined file lacks them.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from tipstat import atomic, faults
from tipstat.intake import tables
from tipstat.intake.loading import redact
from tipstat.intake.registry import look
from tipstat.render import safe_text
from tipstat.settings import Home, filing_group

TEXT_REPORT_FINDINGS = 1000


@dataclass
class FilingResult:
    archived: list[str] = field(default_factory=list)
    quarantined: list[str] = field(default_factory=list)
    reports_written: int = 0
    problems: list[str] = field(default_factory=list)  # could not move, with why (never a value)

    @property
    def moved(self) -> int:
        return len(self.archived) + len(self.quarantined)


def _modes() -> tuple[int, int, int]:
    """(file mode, folder mode, group id or -1) for everything filing keeps."""
    group = filing_group()
    if group is None:
        return 0o600, 0o700, -1
    import grp

    gid = int(group) if group.isdigit() else grp.getgrnam(group).gr_gid
    return 0o640, 0o750, gid


def _protect(path: Path, folder: bool = False) -> None:
    file_mode, folder_mode, gid = _modes()
    if gid >= 0:
        os.chown(path, -1, gid, follow_symlinks=False)
    os.chmod(path, folder_mode if folder else file_mode)


def _folder(path: Path, top: Path) -> None:
    """Create `path` and protect it and every folder between it and `top` (archive/quarantine)."""
    path.mkdir(parents=True, exist_ok=True)
    while True:
        _protect(path, folder=True)
        if path == top or top not in path.parents:
            return
        path = path.parent


def _open_private(path: Path) -> int:
    """Filing's own opener for tipstat.atomic's temp file: what it keeps is private (0600/0640,
    no symlink followed), which atomic's own writers, made for the warehouse and exports, do
    not give."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, _modes()[0])


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)

    def write(tmp: Path) -> None:
        with os.fdopen(_open_private(tmp), "wb") as fh:
            fh.write(data)
        _protect(tmp)

    atomic.write_file(path, write)


def _copy_file(src: Path, dst: Path) -> None:
    def write(tmp: Path) -> None:
        with src.open("rb") as fin, os.fdopen(_open_private(tmp), "wb") as fout:
            shutil.copyfileobj(fin, fout, 1 << 20)
        _protect(tmp)
        st = src.stat()
        os.utime(tmp, ns=(st.st_atime_ns, st.st_mtime_ns))  # keep the arrival time

    atomic.write_file(dst, write)


def _place(src: Path, kind: str, sha256: str, dst: Path) -> str | None:
    """Put the landing entry at dst (unless it is already there); None, or why it cannot."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    if os.path.lexists(dst):
        if kind != "file":  # a record of a link, or a folder or special file moved whole
            return None
        there = look(dst)
        if there is None or there.sha256 != sha256:
            return f"{safe_text(dst.name)} already exists with other content"
        return None
    if kind == "file":
        _copy_file(src, dst)
    elif kind == "symlink":  # never re-create the link: record what it was
        target = safe_text(os.readlink(src))
        _write_atomic(dst, f"a symbolic link to {target} (not followed, not kept)\n".encode())
    else:  # a folder, a special or an unreadable file: moved whole (same file system)
        os.rename(src, dst)
        _protect(dst, folder=kind == "directory")
        atomic.fsync_dir(dst.parent)
        atomic.fsync_dir(src.parent)
    return None


def _findings(con: duckdb.DuckDBPyConnection, submission_id: str) -> list[dict[str, Any]]:
    rows = tables.findings(con, submission_id)
    return [
        {"row": r, "column": redact(c), "rule": safe_text(rule), "message": redact(m)}
        for r, c, rule, m in rows
    ]


def write_report(con: duckdb.DuckDBPyConnection, sub: dict[str, Any], destination: Path) -> None:
    """`<destination>.report.txt` and `.report.json`: file, SHA-256, status, reason and every
    finding by row, column and rule (the text one lists the first 1000)."""
    findings = _findings(con, sub["submission_id"])
    name = safe_text(sub["file_name"])
    head = {
        "file_name": name,
        "sha256": sub["sha256"],
        "status": sub["status"],
        "received_at": f"{sub['received_at'].isoformat()}Z",
        "reason": safe_text(sub["reason"]),
        "submission_id": sub["submission_id"],
        "findings_total": len(findings),
    }
    _write_atomic(
        destination.with_name(destination.name + ".report.json"),
        json.dumps({**head, "findings": findings}, ensure_ascii=False, indent=1).encode("utf-8"),
    )
    lines = [
        "tipstat quarantine report",
        f"file:     {name}",
        f"sha256:   {sub['sha256']}",
        f"status:   {sub['status']}",
        f"received: {head['received_at']}",
        f"reason:   {head['reason'] or ''}",
        f"findings: {len(findings)}",
    ]
    if findings:
        lines += ["", "row\tcolumn\trule\tmessage"]
        for f in findings[:TEXT_REPORT_FINDINGS]:
            row = "" if f["row"] is None else str(f["row"])
            lines.append(
                f"{row}\t{safe_text(f['column'])}\t{safe_text(f['rule'])}\t{safe_text(f['message'])}"
            )
        if len(findings) > TEXT_REPORT_FINDINGS:
            lines.append(f"... and {len(findings) - TEXT_REPORT_FINDINGS} more (see the .report.json)")
    _write_atomic(destination.with_name(destination.name + ".report.txt"), ("\n".join(lines) + "\n").encode())


def finish_filing(con: duckdb.DuckDBPyConnection, home: Home) -> FilingResult:
    """Move every landing file recorded in the published submissions to where its row says."""
    result = FilingResult()
    if not tables.has_intake_tables(con):
        return result
    # stored names are the shown (safe) names; the landing entry keeps its name on disk
    on_disk = {safe_text(e.name): e.name for e in os.scandir(home.landing)} if home.landing.is_dir() else {}
    names = sorted(on_disk)
    subs = tables.to_file(con, names)
    in_landing = set(names)
    for folder in (home.archive, home.quarantine):
        _folder(folder, folder)
    for sub in subs:
        try:
            _file_one(con, home, sub, on_disk, in_landing, result)
        except OSError as exc:  # one file that cannot be filed must not stop the others
            result.problems.append(f"{safe_text(sub['file_name'])}: {type(exc).__name__} ({exc.strerror})")
    return result


def _file_one(
    con: duckdb.DuckDBPyConnection,
    home: Home,
    sub: dict[str, Any],
    on_disk: dict[str, str],
    in_landing: set[str],
    result: FilingResult,
) -> None:
    destination = home.root / sub["stored_path"]
    top = home.quarantine if sub["stored_path"].startswith("quarantine/") else home.archive
    _folder(destination.parent, top)
    quarantined = sub["status"] in ("REJECTED", "DUPLICATE")
    src = home.landing / on_disk.get(sub["file_name"], sub["file_name"])
    seen = look(src) if sub["file_name"] in in_landing else None
    matches = seen is not None and (seen.sha256, seen.mtime_ns) == (sub["sha256"], sub["mtime_ns"])
    if matches:
        assert seen is not None
        problem = _place(src, seen.kind, seen.sha256, destination)
        if problem:
            result.problems.append(f"{safe_text(sub['file_name'])}: {problem}")
            return
    if quarantined and os.path.lexists(destination):
        report = destination.with_name(destination.name + ".report.txt")
        json_report = destination.with_name(destination.name + ".report.json")
        if not (report.exists() and json_report.exists()):
            write_report(con, sub, destination)
            result.reports_written += 1
    if matches:
        # the file is now in landing and at its destination: the next run must finish it
        faults.point("mid_filing")
        if os.path.lexists(src):  # folders and special files were moved whole by _place
            src.unlink()
            atomic.fsync_dir(src.parent)
        in_landing.discard(sub["file_name"])
        (result.quarantined if quarantined else result.archived).append(sub["file_name"])
