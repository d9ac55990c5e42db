"""`tipstat estimate`: on the published warehouse (--year) or a capture-history file (--lists)."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from tipstat.estimates.estimate import Estimate


def describe(result: Estimate, keyless_share: float | None = None) -> Table | str:
    """What a reader needs beside the figure, as a rich table (or the reason it has no figure)."""
    table = Table(show_header=False, box=None)
    table.add_row("Lists", ", ".join(result.lists))
    if result.dropped_lists:
        table.add_row("Dropped (no person)", ", ".join(result.dropped_lists))
    table.add_row("Observed persons", f"{result.observed:,}")
    if not result.estimable:
        table.add_row("Estimable", "no")
        table.add_row("Reason", escape(result.reason or ""))
        return table
    table.add_row(
        "Selected model", "main effects + " + ", ".join(result.terms) if result.terms else "main effects only"
    )
    table.add_row(
        "Estimated total", f"{result.estimate:,.0f}  (of which not on any list: {result.hidden:,.0f})"
    )
    table.add_row("95% interval", f"{result.ci_low:,.0f} to {result.ci_high:,.0f}")
    if result.bootstrap_resamples and result.conditional_ci:
        low, high = result.conditional_ci
        table.add_row("Interval given the model", f"{low:,.0f} to {high:,.0f}")
        if result.bootstrap_failed:
            table.add_row("Resamples without a model", str(result.bootstrap_failed))
    table.add_row("Method", result.method)
    if keyless_share is not None:
        table.add_row(
            "Persons without a key",
            f"{keyless_share:.1%}: keyless records cannot be linked across lists, so they look like "
            "persons found by one list only, which inflates the estimate",
        )
    table.add_row("Caveat", "an estimate under assumptions (docs/estimation.md), not a count")
    return table


def emit(console: Console, result: Estimate, as_json: bool, keyless_share: float | None = None) -> None:
    if as_json:
        console.file.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
    else:
        console.print(describe(result, keyless_share))


def lists_command(
    console: Console, err: Console, path: Path, bootstrap: int, seed: int, as_json: bool
) -> int:
    from tipstat.estimates.estimate import estimate_population
    from tipstat.estimates.histories import EstimateInputError
    from tipstat.estimates.lists_file import read_lists_file

    try:
        table = read_lists_file(path)
    except EstimateInputError as exc:
        if as_json:
            refused = {"lists": [], "observed": 0, "estimate": None, "ci_low": None, "ci_high": None}
            refused |= {"terms": [], "estimable": False, "reason": str(exc)}
            console.file.write(json.dumps(refused, ensure_ascii=False) + "\n")
        err.print(f"[bold red]estimate refused:[/] {escape(str(exc))}", soft_wrap=True)
        return 2
    emit(console, estimate_population(table, bootstrap=bootstrap, seed=seed), as_json)
    return 0


def year_command(
    console: Console, err: Console, home, year: int, status: str, bootstrap: int, seed: int, as_json: bool
) -> int:
    from tipstat.estimates.warehouse_table import STATUSES, estimate_year, has_capture_histories
    from tipstat.warehouse import read_published

    if status not in STATUSES:
        err.print(
            f"[bold red]estimate refused:[/] --status must be one of {', '.join(STATUSES)}, not '{status}'",
            soft_wrap=True,
        )
        return 2
    if not home.warehouse.exists():
        err.print(
            f"[bold red]estimate refused:[/] no published warehouse in {home.root}: run `tipstat run` first",
            soft_wrap=True,
        )
        return 1
    with read_published(home) as con:
        if not has_capture_histories(con):
            err.print(
                "[bold red]estimate refused:[/] the published warehouse has no reporting.capture_histories; "
                "run `tipstat run` with this version first",
                soft_wrap=True,
            )
            return 1
        result, data = estimate_year(con, year, status, bootstrap=bootstrap, seed=seed)
    if not as_json:
        console.print(f"Year {year}, persons {'of any status' if status == 'all' else 'confirmed'}")
    emit(console, result, as_json, keyless_share=data.keyless_share)
    return 0
