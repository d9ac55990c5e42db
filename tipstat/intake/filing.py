"""After the commit point: landing files go to archive/ or quarantine/ (docs/architecture.md, step 7).

Only files recorded in the PUBLISHED intake.submissions move, and only when name, SHA-256 and
mtime still match the row: whatever else is in landing waits for the next run. Each move is
copy, fsync, rename into place, then unlink the landing entry, so a kill at any point leaves the
file in landing, in its destination, or in both (the next call finishes it). Quarantine reports
(`.report.txt`, `.report.json`) are written before the landing file is removed, and re-written
whenever a quarantined file lacks them.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from tipstat import atomic, faults
from tipstat.intake import tables
from tipstat.intake.loading import redact
from tipstat.intake.registry import look
from tipstat.settings import Home

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


def _place(src: Path, kind: str, sha256: str, dst: Path) -> str | None:
    """Put the landing entry at dst (unless it is already there); None, or why it cannot."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    if os.path.lexists(dst):
        there = look(dst)
        if there is None or there.sha256 != sha256:
            return f"{dst.name} already exists with other content"
        return None
    if kind == "file":
        atomic.copy_file(src, dst)
    elif kind == "symlink":
        atomic.symlink(os.readlink(src), dst)
    else:  # a folder or a special file: moved whole (same file system)
        os.rename(src, dst)
        atomic.fsync_dir(dst.parent)
        atomic.fsync_dir(src.parent)
    return None


def _findings(con: duckdb.DuckDBPyConnection, submission_id: str) -> list[dict[str, Any]]:
    rows = tables.findings(con, submission_id)
    return [{"row": r, "column": c, "rule": rule, "message": redact(m)} for r, c, rule, m in rows]


def write_report(con: duckdb.DuckDBPyConnection, sub: dict[str, Any], destination: Path) -> None:
    """`<destination>.report.txt` and `.report.json`: file, SHA-256, status, reason and every
    finding by row, column and rule (the text one lists the first 1000)."""
    findings = _findings(con, sub["submission_id"])
    name = redact(sub["file_name"])
    head = {
        "file_name": name,
        "sha256": sub["sha256"],
        "status": sub["status"],
        "received_at": f"{sub['received_at'].isoformat()}Z",
        "reason": redact(sub["reason"]),
        "submission_id": sub["submission_id"],
        "findings_total": len(findings),
    }
    atomic.write_bytes(
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
            lines.append(f"{row}\t{f['column'] or ''}\t{f['rule']}\t{f['message'] or ''}")
        if len(findings) > TEXT_REPORT_FINDINGS:
            lines.append(f"... and {len(findings) - TEXT_REPORT_FINDINGS} more (see the .report.json)")
    atomic.write_bytes(
        destination.with_name(destination.name + ".report.txt"), ("\n".join(lines) + "\n").encode()
    )


def finish_filing(con: duckdb.DuckDBPyConnection, home: Home) -> FilingResult:
    """Move every landing file recorded in the published submissions to where its row says."""
    result = FilingResult()
    if not tables.has_intake_tables(con):
        return result
    names = sorted(e.name for e in os.scandir(home.landing)) if home.landing.is_dir() else []
    subs = tables.to_file(con, names)
    in_landing = set(names)
    for sub in subs:
        destination = home.root / sub["stored_path"]
        quarantined = sub["status"] in ("REJECTED", "DUPLICATE")
        src = home.landing / sub["file_name"]
        seen = look(src) if sub["file_name"] in in_landing else None
        matches = seen is not None and (seen.sha256, seen.mtime_ns) == (sub["sha256"], sub["mtime_ns"])
        if matches:
            assert seen is not None
            problem = _place(src, seen.kind, seen.sha256, destination)
            if problem:
                result.problems.append(f"{redact(sub['file_name'])}: {problem}")
                continue
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
    return result
