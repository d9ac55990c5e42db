"""`tipstat status`: a compact per-feed view that fits 80 columns, the full matrix (`--wide`, from
tipstat.intake.status), JSON for scripts, and the overdue list (`--overdue`).

Names and reasons are shown through `render.safe_text`: redacted (no ID or phone numbers), control characters
escaped (a file name is whatever a sender chose); rich Text never reads markup from them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tipstat.contract import FILE_SPECS
from tipstat.operations import queries
from tipstat.operations.overdue import gaps, overdue_payload
from tipstat.render import safe_text

SHOWN_QUARTERS = 8
SHOWN_REJECTIONS = 10
# mark, style, legend
MARKS = {
    "ON_TIME": ("✓", "green", "on time"),
    "LATE": ("L", "yellow", "late"),
    "REJECTED": ("R", "bold red", "rejected, nothing in force"),
    "MISSING": ("✗", "bold red", "missing"),
    "NOT_DUE": ("·", "dim", "not due yet"),
}


def _mark(status: str, due: date, today: date) -> str:
    if status == "MISSING" and due >= today:
        return "NOT_DUE"
    return status


def compact_status(con: duckdb.DuckDBPyConnection, today: date) -> RenderableType:
    source = queries.submissions_source(con)
    if source is None:
        return Text("No submissions yet: put files in landing/ and run `tipstat run`.")
    rows = queries.completeness_rows(con)
    periods = sorted({(r["year"], r["quarter"], r["period"]) for r in rows})[-SHOWN_QUARTERS:]
    by_slot = {(r["feed"], r["entity"], r["period"]): r for r in rows}
    overdue: dict[tuple[str, str], int] = {}
    for g in gaps(con, today):
        overdue[(g.feed, g.entity)] = overdue.get((g.feed, g.entity), 0) + 1
    counts = {(c["feed"], c["entity"]): c for c in queries.feed_counts(con, source)}
    # no box, one space between columns: 20 + 8 x 5 + 9 + 7 = 76 columns
    table = Table(
        title="Feeds: the last quarters" if periods else "Feeds",
        title_justify="left",
        box=None,
        header_style="bold underline",
        padding=(0, 1, 0, 0),
        pad_edge=False,
    )
    table.add_column("feed file", no_wrap=True)
    for _, _, period in periods:
        table.add_column(period[2:], justify="center", no_wrap=True)  # 2025Q3 -> 25Q3
    table.add_column("in force", justify="right", no_wrap=True)
    table.add_column("overdue", justify="right", no_wrap=True)
    for spec in sorted(FILE_SPECS.values(), key=lambda s: (s.feed, s.entity)):
        slot_marks = []
        for _, _, period in periods:
            row = by_slot.get((spec.feed, spec.entity, period))
            if row is None:
                slot_marks.append(Text(""))
                continue
            mark, style, _ = MARKS[_mark(row["status"], row["due_date"], today)]
            slot_marks.append(Text(mark, style=style))
        c = counts.get((spec.feed, spec.entity), {})
        late = overdue.get((spec.feed, spec.entity), 0)
        table.add_row(
            f"{spec.feed}_{spec.entity}",
            *slot_marks,
            str(c.get("in_force", 0)),
            Text(str(late), style="bold red" if late else "green"),
        )
    bad_names = counts.get((None, None))
    legend = Text("  ".join(f"{mark} {label}" for mark, _, label in MARKS.values()), style="dim")
    parts: list[RenderableType] = [table, legend]
    if not periods:
        parts.append(Text("Completeness not built yet (run `tipstat run`)."))
    if bad_names:
        parts.append(Text(f"{bad_names['rejected']} file(s) with a name that is not a feed file's."))
    rejections = queries.recent_rejections(con, source, SHOWN_REJECTIONS)
    if rejections:
        parts.append(Text(f"\nRejected and duplicate files (latest {SHOWN_REJECTIONS}):", style="bold"))
        for r in rejections:
            parts.append(
                Text.assemble(
                    (f"{r['received_at']:%Y-%m-%d} ", "dim"),
                    (r["status"], "red" if r["status"] == "REJECTED" else "yellow"),
                    f" {safe_text(r['file_name'])}\n    {safe_text(r['reason'])}",
                )
            )
    parts.append(
        Text(
            "\n--wide: every quarter and count; --overdue: what is late and why; --json for scripts",
            style="dim",
        )
    )
    return Group(*parts)


def overdue_view(con: duckdb.DuckDBPyConnection, today: date) -> RenderableType:
    found = gaps(con, today)
    if not found:
        return Text(f"Nothing overdue on {today}: every feed file due so far has a file in force.")
    table = Table(
        title=f"Overdue on {today} (due date passed, nothing in force)",
        title_justify="left",
        box=None,
        header_style="bold underline",
        padding=(0, 1, 0, 0),
        pad_edge=False,
    )
    for name, justify in (("feed file", "left"), ("quarter", "left"), ("days", "right")):
        table.add_column(name, justify=justify, no_wrap=name != "feed file")
    table.add_column("why", overflow="fold", ratio=1)
    for g in found:
        table.add_row(f"{g.feed}_{g.entity}", g.period, str(g.days_overdue), safe_text(g.why, markup=True))
    return table


def status_json(con: duckdb.DuckDBPyConnection, today: date) -> dict[str, Any]:
    source = queries.submissions_source(con)
    if source is None:
        return {"as_of": today.isoformat(), "completeness": [], "feeds": [], "rejections": [], "overdue": []}
    completeness = [
        {
            "feed": r["feed"],
            "entity": r["entity"],
            "period": r["period"],
            "due_date": r["due_date"].isoformat(),
            "status": _mark(r["status"], r["due_date"], today),
        }
        for r in queries.completeness_rows(con)
    ]
    rejections = [
        {
            "file_name": safe_text(r["file_name"]),
            "status": r["status"],
            "received_at": r["received_at"].isoformat(),
            "reason": safe_text(r["reason"]),
        }
        for r in queries.recent_rejections(con, source, SHOWN_REJECTIONS)
    ]
    return {
        "as_of": today.isoformat(),
        "completeness": completeness,
        "feeds": queries.feed_counts(con, source),
        "rejections": rejections,
        "overdue": overdue_payload(con, today)["overdue"],
    }
