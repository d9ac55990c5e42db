"""What `tipstat status` shows: submissions, completeness, rejections and why.

Reads the published warehouse only. When dbt has built `reporting.completeness` and
`reporting.submissions` they are used; otherwise `intake.submissions` is summarized directly.
File names and reasons are shown through `render.safe_text` (a bad name might carry a phone number,
an ESC sequence or Rich markup); values never are.
"""

from __future__ import annotations

import duckdb
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tipstat.intake import tables
from tipstat.render import safe_text

RECENT_REJECTIONS = 20
LISTED_PERIODS = 8


def _exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = $s AND table_name = $t",
        {"s": schema, "t": table},
    ).fetchone()
    return bool(row and row[0])


_MARKS = {
    "ON_TIME": ("on time", "green"),
    "LATE": ("late", "yellow"),
    "REJECTED": ("rejected", "red"),
    "MISSING": ("missing", "red"),
}


def completeness_table(con: duckdb.DuckDBPyConnection) -> Table:
    """Per feed and entity: the last quarters one by one, then the counts over every expected quarter
    (from reporting.completeness, built by dbt)."""
    periods = [
        p
        for (p,) in con.execute(
            "SELECT DISTINCT period FROM reporting.completeness ORDER BY year DESC, quarter DESC "
            f"LIMIT {LISTED_PERIODS}"
        ).fetchall()
    ][::-1]
    rows = con.execute(
        """
        SELECT feed, entity,
               map(list(period), list(status)),
               count(*) FILTER (WHERE status = 'ON_TIME'),
               count(*) FILTER (WHERE status = 'LATE'),
               count(*) FILTER (WHERE status = 'REJECTED'),
               count(*) FILTER (WHERE status = 'MISSING')
        FROM reporting.completeness GROUP BY feed, entity ORDER BY feed, entity
        """
    ).fetchall()
    table = Table(title="Completeness by feed and quarter (expected quarters)")
    table.add_column("feed")
    table.add_column("entity")
    for period in periods:
        table.add_column(period)
    for name in ("on time", "late", "rejected", "missing"):
        table.add_column(f"all: {name}", justify="right")
    for feed, entity, by_period, on_time, late, rejected, missing in rows:
        marks = [Text(*_MARKS.get(by_period.get(p, ""), ("", ""))) for p in periods]
        table.add_row(
            feed,
            entity,
            *marks,
            str(on_time),
            str(late),
            Text(str(rejected), style="red" if rejected else ""),
            Text(str(missing), style="red" if missing else ""),
        )
    return table


def submissions_table(con: duckdb.DuckDBPyConnection, source: str) -> Table:
    """Files by feed and entity and status, with the periods in force and late arrivals."""
    rows = con.execute(
        f"""
        SELECT coalesce(feed, '(bad name)'), coalesce(entity, ''),
               count(*) FILTER (WHERE status = 'ACCEPTED'),
               count(*) FILTER (WHERE status = 'SUPERSEDED'),
               count(*) FILTER (WHERE status = 'REJECTED'),
               count(*) FILTER (WHERE status = 'DUPLICATE'),
               count(*) FILTER (WHERE status = 'ACCEPTED' AND on_time = false),
               min(period) FILTER (WHERE status = 'ACCEPTED'),
               max(period) FILTER (WHERE status = 'ACCEPTED')
        FROM {source} GROUP BY ALL ORDER BY 1, 2
        """
    ).fetchall()
    table = Table(title="Submissions by feed")
    headers = (
        "feed",
        "entity",
        "in force",
        "superseded",
        "rejected",
        "duplicate",
        "late in force",
        "periods",
    )
    for name in headers:
        table.add_column(name, justify="left" if name in ("feed", "entity", "periods") else "right")
    for feed, entity, acc, sup, rej, dup, late, first, last in rows:
        span = f"{first} – {last}" if first else ""
        table.add_row(feed, entity, str(acc), str(sup), str(rej), str(dup), str(late), span)
    return table


def rejections_table(con: duckdb.DuckDBPyConnection, source: str) -> Table:
    rows = con.execute(
        f"""
        SELECT file_name, status, received_at, reason FROM {source}
        WHERE status IN ('REJECTED', 'DUPLICATE')
        ORDER BY received_at DESC, file_name LIMIT {RECENT_REJECTIONS}
        """
    ).fetchall()
    table = Table(title=f"Rejected and duplicate files (latest {RECENT_REJECTIONS})")
    for name in ("file", "status", "received (UTC)", "why"):
        table.add_column(name, overflow="fold")
    for name, status, received, reason in rows:
        table.add_row(
            safe_text(name, markup=True),
            status,
            f"{received:%Y-%m-%d %H:%M}",
            safe_text(reason, markup=True),
        )
    return table


def status_report(con: duckdb.DuckDBPyConnection) -> RenderableType:
    """Submissions and completeness by feed and quarter, rejected files and why."""
    if _exists(con, "reporting", "submissions"):
        source = "reporting.submissions"
    elif _exists(con, "intake", "submissions"):
        source = tables.SUBMISSIONS
    else:
        return Text("No submissions yet: put files in landing/ and run `tipstat run`.")
    parts: list[RenderableType] = []
    if _exists(con, "reporting", "completeness"):
        parts.append(completeness_table(con))
    else:
        parts.append(Text("Completeness not built yet (run `tipstat run`); showing submissions only."))
    parts += [submissions_table(con, source), rejections_table(con, source)]
    return Group(*parts)
