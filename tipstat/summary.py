"""The summary `tipstat run` prints: what came in, what was rejected and where to look."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table

from tipstat.render import safe_text
from tipstat.runs import RunOutcome
from tipstat.settings import Home

_STYLE = {"ACCEPTED": "green", "SUPERSEDED": "cyan", "DUPLICATE": "yellow", "REJECTED": "bold red"}


def print_run_summary(console: Console, home: Home, outcome: RunOutcome) -> None:
    if not outcome.published:
        console.print("Nothing new in landing: the published figures are unchanged.")
        return
    rows = outcome.submissions
    counts = Counter(row["status"] for row in rows)
    late = sum(1 for row in rows if row["on_time"] is False and row["status"] != "REJECTED")
    console.print(
        f"[bold]Run {outcome.run_id[:8]} published[/] {home.warehouse}: {len(rows)} new files — "
        + ", ".join(f"[{_STYLE.get(s, '')}]{n} {s.lower()}[/]" for s, n in sorted(counts.items()))
        + (f", {late} late" if late else "")
    )
    problems = [row for row in rows if row["status"] in ("REJECTED", "DUPLICATE") or row["on_time"] is False]
    if problems:
        table = Table(title="Files that need a data engineer's attention", title_justify="left")
        for column in ("file", "status", "on time", "reason"):
            table.add_column(column, overflow="fold")
        for row in problems:
            table.add_row(
                safe_text(row["file_name"], markup=True),
                f"[{_STYLE.get(row['status'], '')}]{row['status']}[/]",
                {True: "yes", False: "LATE", None: "-"}[row["on_time"]],
                safe_text(row["reason"], markup=True),
            )
        console.print(table)
    if counts.get("REJECTED") or counts.get("DUPLICATE"):
        console.print(
            f"Rejected and duplicate files are in {home.quarantine}, each with a .report.txt beside it."
        )
    console.print("`tipstat status` shows completeness by feed and quarter.")
