"""Statisticians' review decisions on candidate pairs: `linkage/decisions.csv` under the home.

The file is append-only: a decision is never edited; a later decision on the same pair replaces
it in force (so a `nonmatch` after a `match` undoes the link). Records are named as delivered,
`FEED:RECORD_ID` (the record id alone is accepted when one feed has it in force); a decision
follows the record into a correction that keeps its record id, and stops applying when the
record leaves the figures. Each decision also goes to the audit store (`audit.duckdb`).
"""

from __future__ import annotations

import csv
import fcntl
import hashlib
import io
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from tipstat.settings import Home
from tipstat.warehouse import connect_published

DECISIONS = ("match", "nonmatch")
COLUMNS = ("decided_at", "feed_a", "record_a", "feed_b", "record_b", "decision", "decided_by", "why")
SCHEMA = "linkage"
TABLE = "linkage.decisions"  # the file as loaded into the warehouse, a dbt source
LOADS_TABLE = "linkage.decision_loads"  # which version of the file each run loaded


class DecisionError(ValueError):
    """A decision refused; the message is one line for the statistician."""


@dataclass(frozen=True)
class RecordRef:
    feed: str
    record_id: str

    def __str__(self) -> str:
        return f"{self.feed}:{self.record_id}"


def decisions_path(home: Home) -> Path:
    return home.root / "linkage" / "decisions.csv"


def file_sha256(home: Home) -> str | None:
    path = decisions_path(home)
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def resolve_record(con: duckdb.DuckDBPyConnection, given: str) -> RecordRef:
    """`FEED:RECORD_ID` or a bare record id, checked against the in-force victim records."""
    feed, _, record_id = given.partition(":") if ":" in given else ("", "", given)
    rows = con.execute(
        "select distinct feed, record_id from intermediate.int_victim_records "
        "where record_id = ? and (? = '' or feed = ?)",
        [record_id, feed, feed],
    ).fetchall()
    if not rows:
        raise DecisionError(f"no victim record {given!r} in the figures in force")
    if len(rows) > 1:
        feeds = ", ".join(sorted(f for f, _ in rows))
        raise DecisionError(
            f"record {record_id!r} is in force in several feeds ({feeds}): write FEED:{record_id}"
        )
    return RecordRef(*rows[0])


def append_decision(
    home: Home,
    con: duckdb.DuckDBPyConnection,
    record_a: str,
    record_b: str,
    decision: str,
    by: str,
    why: str,
    now: datetime | None = None,
) -> dict:
    """Check and append one decision; returns it as written. Raises DecisionError, writing nothing."""
    if decision not in DECISIONS:
        raise DecisionError(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
    if not by.strip() or not why.strip():
        raise DecisionError("a decision needs --by NAME and --why TEXT")
    a, b = resolve_record(con, record_a), resolve_record(con, record_b)
    if a == b:
        raise DecisionError(f"{a} and {b} are the same record")
    a, b = sorted((a, b), key=lambda r: (r.feed, r.record_id))
    row = {
        "decided_at": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
        "feed_a": a.feed,
        "record_a": a.record_id,
        "feed_b": b.feed,
        "record_b": b.record_id,
        "decision": decision,
        "decided_by": " ".join(by.split()),
        "why": " ".join(why.split()),
    }
    path = decisions_path(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8", newline="") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # two statisticians deciding at once: one after the other
        handle.seek(0, os.SEEK_END)
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
        if handle.tell() == 0:
            writer.writeheader()
        writer.writerow(row)
        handle.write(buffer.getvalue())
        handle.flush()
        os.fsync(handle.fileno())
    _audit(home, row)
    return row


def read_decisions(home: Home) -> list[dict]:
    path = decisions_path(home)
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    """The decisions table dbt reads (a source) and the record of loads; empty when new."""
    con.execute(f"create schema if not exists {SCHEMA}")
    con.execute(
        f"create table if not exists {TABLE} (seq INTEGER, decided_at TIMESTAMPTZ, feed_a VARCHAR, "
        "record_a VARCHAR, feed_b VARCHAR, record_b VARCHAR, decision VARCHAR, decided_by VARCHAR, "
        "why VARCHAR)"
    )
    con.execute(
        f"create table if not exists {LOADS_TABLE} (run_id VARCHAR, sha256 VARCHAR, loaded_at TIMESTAMPTZ)"
    )


def load_decisions(con: duckdb.DuckDBPyConnection, home: Home, run_id: str) -> bool:
    """Load the decisions file into the work copy when it changed; True when it did.

    The table always exists (empty without a file), so dbt builds on any home.
    """
    ensure_tables(con)
    sha = file_sha256(home)
    last = con.execute(f"select sha256 from {LOADS_TABLE} order by loaded_at desc limit 1").fetchall()
    if (last[0][0] if last else None) == sha:
        return False
    rows = read_decisions(home)
    con.execute("begin")
    con.execute(f"delete from {TABLE}")
    if rows:
        con.executemany(
            f"insert into {TABLE} values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [[seq, *(r[c] for c in COLUMNS)] for seq, r in enumerate(rows, start=1)],
        )
    con.execute(f"insert into {LOADS_TABLE} values (?, ?, now())", [run_id, sha])
    con.execute("commit")
    return True


def decisions_changed_since_publication(home: Home) -> bool:
    """Whether the decisions file differs from the one the published figures used."""
    if not home.warehouse.exists():
        return False
    sha = file_sha256(home)
    con = connect_published(home)
    try:
        exists = con.execute(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
            [SCHEMA, "decision_loads"],
        ).fetchall()[0][0]
        if not exists:
            return sha is not None
        last = con.execute(f"select sha256 from {LOADS_TABLE} order by loaded_at desc limit 1").fetchall()
    finally:
        con.close()
    return (last[0][0] if last else None) != sha


_AUDIT_DDL = """
create schema if not exists audit.audit;
create table if not exists audit.audit.linkage_decisions (
    decided_at TIMESTAMPTZ NOT NULL, feed_a VARCHAR NOT NULL, record_a VARCHAR NOT NULL,
    feed_b VARCHAR NOT NULL, record_b VARCHAR NOT NULL, decision VARCHAR NOT NULL,
    decided_by VARCHAR NOT NULL, why VARCHAR NOT NULL
);
"""


def _audit(home: Home, row: dict) -> None:
    from tipstat.exports.audit import audit_path, connect_audit

    con = connect_audit(audit_path(home))
    try:
        con.execute(_AUDIT_DDL)
        con.execute(
            "insert into audit.audit.linkage_decisions values (?, ?, ?, ?, ?, ?, ?, ?)",
            [row[c] for c in COLUMNS],
        )
    finally:
        con.close()
