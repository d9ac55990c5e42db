"""Overdue feeds (due date passed, nothing in force) and the reminder list sent to each ministry.

A feed file is due 30 days after its quarter ends (exports.md) and is on time when it arrives on
or before that day; it is overdue from the day after, until a file for the quarter is accepted.
A quarter's reminder, made on its due date, lists per ministry every file still missing or
rejected (with the intake's reason) for that quarter and for every earlier quarter. Never a value:
file names and reasons pass through the intake's redaction.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

import duckdb

from tipstat.contract import DUE_DAYS
from tipstat.intake.loading import redact
from tipstat.intake.tables import quarter_slots
from tipstat.operations.files import reports_dir, write_atomic
from tipstat.settings import Home

# exports.md, "Feeds": who sends each feed
MINISTRIES = {
    "police": "Ministry of Public Security (Criminal Police Department)",
    "border": "Ministry of National Defence (Border Guard Command)",
    "social": "Ministry of Health (victim support; formerly MOLISA)",
    "consular": "Ministry of Foreign Affairs (Consular Department)",
    "procuracy": "Supreme People's Procuracy",
    "court": "Supreme People's Court",
}


@dataclass(frozen=True)
class Gap:
    """One feed file of one quarter with nothing in force."""

    feed: str
    entity: str
    period: str
    due_date: str
    state: str  # MISSING | REJECTED
    days_overdue: int
    files_received: int
    rejected_file: str | None
    why: str

    @property
    def ministry(self) -> str:
        return MINISTRIES.get(self.feed, self.feed)


def _gap(slot: dict, as_of: date) -> Gap:
    state = slot["state"]
    if state == "REJECTED":
        why = f"rejected: {redact(slot['rejected_reason']) or 'failed validation'}"
    else:
        why = "nothing received"
    return Gap(
        feed=slot["feed"],
        entity=slot["entity"],
        period=slot["period"],
        due_date=slot["due_date"].isoformat(),
        state=state,
        days_overdue=max(0, (as_of - slot["due_date"]).days),
        files_received=int(slot["files_received"]),
        rejected_file=redact(slot["rejected_file"]),
        why=why,
    )


def gaps(con: duckdb.DuckDBPyConnection, as_of: date, include_due_today: bool = False) -> list[Gap]:
    """Feed files with nothing in force whose due date has passed (or is `as_of`, if asked)."""
    return [
        _gap(slot, as_of)
        for slot in quarter_slots(con, as_of)
        if slot["state"] != "IN_FORCE" and (include_due_today or slot["due_date"] < as_of)
    ]


def quarter_due_on(day: date) -> str | None:
    """The quarter whose files are due on `day` (`2025Q3` on 30 October 2025), if any."""
    quarter_end = day - timedelta(days=DUE_DAYS)
    if (quarter_end + timedelta(days=1)).day != 1 or quarter_end.month % 3:
        return None
    return f"{quarter_end.year}Q{quarter_end.month // 3}"


def overdue_payload(con: duckdb.DuckDBPyConnection, as_of: date) -> dict:
    found = gaps(con, as_of)
    return {
        "kind": "overdue",
        "as_of": as_of.isoformat(),
        "overdue": [asdict(g) | {"ministry": g.ministry} for g in found],
        "feeds_overdue": sorted({f"{g.feed}_{g.entity}" for g in found}),
    }


def reminder_payload(con: duckdb.DuckDBPyConnection, as_of: date, quarter: str | None = None) -> dict:
    """Per ministry, what to ask for: every file of `quarter` (due `as_of`) and of earlier
    quarters that is missing or was rejected, and why."""
    quarter = quarter or quarter_due_on(as_of)
    by_ministry: dict[str, list[dict]] = {}
    for g in gaps(con, as_of, include_due_today=True):
        by_ministry.setdefault(g.ministry, []).append(
            {
                "feed": g.feed,
                "entity": g.entity,
                "quarter": g.period,
                "due_date": g.due_date,
                "state": g.state,
                "why": g.why,
                "rejected_file": g.rejected_file,
            }
        )
    return {"kind": "reminders", "as_of": as_of.isoformat(), "quarter": quarter, "ministries": by_ministry}


def overdue_text(payload: dict) -> str:
    lines = [f"Overdue feed files as of {payload['as_of']} (due date passed, nothing in force)", ""]
    if not payload["overdue"]:
        lines.append("None: every feed file due so far has a file in force.")
    for item in payload["overdue"]:
        lines.append(
            f"- {item['feed']}_{item['entity']} {item['period']}: due {item['due_date']} "
            f"({item['days_overdue']} days overdue), {item['why']}"
        )
    return "\n".join(lines) + "\n"


def reminder_text(payload: dict) -> str:
    title = f"Reminders for quarter {payload['quarter']}" if payload["quarter"] else "Reminders"
    lines = [f"{title}, as of {payload['as_of']}", ""]
    if not payload["ministries"]:
        lines.append("Nothing to ask for: every feed file due so far has a file in force.")
    for ministry, items in payload["ministries"].items():
        lines.append(ministry)
        for item in items:
            lines.append(
                f"  - {item['feed']}_{item['entity']} {item['quarter']} "
                f"(due {item['due_date']}): {item['why']}"
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def write_overdue_report(home: Home, payload: dict) -> Path:
    """reports/overdue/<as_of>.json and .txt (a later check the same day replaces them)."""
    folder = reports_dir(home) / "overdue"
    write_atomic(folder / f"{payload['as_of']}.txt", overdue_text(payload))
    return write_atomic(
        folder / f"{payload['as_of']}.json", json.dumps(payload, indent=2, ensure_ascii=False)
    )


def write_reminders(home: Home, payload: dict) -> Path:
    """reports/reminders/<quarter or as_of>_<as_of>.json and .txt."""
    folder = reports_dir(home) / "reminders"
    stem = f"{payload['quarter'] or 'adhoc'}_{payload['as_of']}"
    write_atomic(folder / f"{stem}.txt", reminder_text(payload))
    return write_atomic(folder / f"{stem}.json", json.dumps(payload, indent=2, ensure_ascii=False))
