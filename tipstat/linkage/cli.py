"""`tipstat linkage candidates | decide` (linkage.md): the statisticians' review queue."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from tipstat.settings import Home

app = typer.Typer(
    help="Probable duplicates: the review queue and decisions (linkage.md).", no_args_is_help=True
)
console = Console()
err = Console(stderr=True, soft_wrap=True)  # a refusal is one line, never wrapped

HomeOption = Annotated[
    Path | None,
    typer.Option("--home", help="TIPSTAT_HOME folder (default: $TIPSTAT_HOME or ./data)", show_default=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout")]


def _refuse(message: str) -> None:
    err.print(f"[bold red]refused:[/] {escape(message)}")
    raise typer.Exit(1)


def _published_queue(home: Home, min_probability: float) -> list[dict]:
    from tipstat.warehouse import read_published

    try:
        with read_published(home) as con:
            cur = con.execute(
                "select * from reporting.linkage_candidates where probability >= ? "
                "order by probability desc, feed_a, record_a, feed_b, record_b",
                [min_probability],
            )
            cols = [d[0] for d in cur.description]
            return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]
    except FileNotFoundError as exc:
        _refuse(str(exc))
    except Exception as exc:  # a warehouse from before linkage: say so, no traceback
        if "linkage_candidates" in str(exc):
            _refuse("the published figures have no linkage queue yet: run `tipstat run`")
        raise
    return []


@app.command()
def candidates(
    home: HomeOption = None,
    min_probability: Annotated[
        float, typer.Option("--min-probability", min=0.0, max=1.0, help="Only pairs at or above this")
    ] = 0.5,
    as_json: JsonOption = False,
) -> None:
    """Pairs of victim records the rules count as two persons, most probable first."""
    rows = _published_queue(Home.resolve(home), min_probability)
    if as_json:
        keys = ("record_a", "feed_a", "record_b", "feed_b", "probability")
        print(json.dumps({"pairs": [{k: row[k] for k in keys} for row in rows]}, ensure_ascii=False))
        return
    table = Table(title=f"Probable duplicates (probability >= {min_probability})", title_justify="left")
    for column in ("probability", "record a", "record b", "dates", "sex", "birth year", "province", "case"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            f"{row['probability']:.3f}",
            escape(f"{row['feed_a']}:{row['record_a']}"),
            escape(f"{row['feed_b']}:{row['record_b']}"),
            f"{row['identified_date_a']} / {row['identified_date_b']}",
            f"{row['sex_a'] or '-'} / {row['sex_b'] or '-'}",
            f"{row['birth_year_a'] or '-'} / {row['birth_year_b'] or '-'}",
            f"{row['province_a'] or '-'} / {row['province_b'] or '-'}",
            row["case_ref_agreement"],
        )
    console.print(table)
    console.print(
        f"{len(rows)} pairs. Decide with `tipstat linkage decide FEED:RECORD FEED:RECORD match|nonmatch`."
    )


@app.command()
def decide(
    record_a: Annotated[str, typer.Argument(help="FEED:RECORD_ID (or RECORD_ID when one feed has it)")],
    record_b: Annotated[str, typer.Argument(help="FEED:RECORD_ID (or RECORD_ID when one feed has it)")],
    decision: Annotated[str, typer.Argument(help="match or nonmatch")],
    by: Annotated[str, typer.Option("--by", help="Who decides")] = "",
    why: Annotated[str, typer.Option("--why", help="Why")] = "",
    home: HomeOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record a review decision; it changes the figures from the next `tipstat run`."""
    from tipstat.linkage.decisions import DecisionError, append_decision
    from tipstat.warehouse import read_published

    target = Home.resolve(home)
    try:
        with read_published(target) as con:
            row = append_decision(target, con, record_a, record_b, decision, by, why)
    except (DecisionError, FileNotFoundError) as exc:
        _refuse(str(exc))
    if as_json:
        print(json.dumps(row, ensure_ascii=False))
        return
    console.print(
        f"Recorded: {escape(row['feed_a'])}:{escape(row['record_a'])} and "
        f"{escape(row['feed_b'])}:{escape(row['record_b'])} — {row['decision']} "
        f"(by {escape(row['decided_by'])}). The figures change at the next `tipstat run`."
    )
