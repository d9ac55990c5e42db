"""`tipstat disclosure catalogue|audit`: build the public catalogue from a warehouse file, and run
the disclosure audit of disclosure.md on a catalogue folder (a release's `public/` included)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from tipstat.disclosure.catalogue import audit_json, build_from_warehouse, read_catalogue, write_catalogue
from tipstat.disclosure.policy import DisclosurePolicy
from tipstat.settings import Home

disclosure_app = typer.Typer(
    help="The public catalogue and its disclosure audit (disclosure.md).", no_args_is_help=True
)
console = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


@disclosure_app.command("catalogue")
def catalogue(
    out: Annotated[Path, typer.Option("--out", help="Folder to write catalogue.json and the CSVs into")],
    warehouse: Annotated[
        Path | None,
        typer.Option("--warehouse", help="DuckDB file with the reporting schema (default: working)"),
    ] = None,
    home: Annotated[Path | None, typer.Option("--home", help="TIPSTAT_HOME folder")] = None,
) -> None:
    """Build the protected public catalogue (for inspection; releases build their own)."""
    source = warehouse or Home.resolve(home).warehouse
    if not source.exists():
        err.print(f"tipstat disclosure catalogue refused: no warehouse at {source}")
        raise typer.Exit(1)
    cat = build_from_warehouse(source, DisclosurePolicy.from_settings())
    report = cat.audit()
    write_catalogue(cat, out, report)
    counts = cat.counts()
    console.print(
        f"{out}: {len(cat.tables)} tables, {counts['cells']} count cells, {counts['primary']} primary (P), "
        f"{counts['secondary']} secondary (S); built in {cat.seconds:.1f} s; {report.summary()}"
    )
    if not report.clean:
        raise typer.Exit(1)


@disclosure_app.command("audit")
def audit(
    folder: Annotated[Path, typer.Argument(help="A catalogue folder (catalogue.json and CSVs)")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object")] = False,
) -> None:
    """Exit 1 when the audit finds a disclosure; findings name tables and cells, never values."""
    try:
        cat = read_catalogue(folder)
    except (FileNotFoundError, KeyError, ValueError) as exc:
        err.print(f"tipstat disclosure audit refused: cannot read the catalogue in {folder}: {exc}")
        raise typer.Exit(1) from None
    report = cat.audit()
    if as_json:
        print(json.dumps({**audit_json(report), "seconds": round(report.seconds, 2)}, ensure_ascii=False))
    else:
        console.print(report.summary(), highlight=False)
        for finding in report.findings:
            console.print(f"  {finding}", highlight=False, markup=False)
    if not report.clean:
        raise typer.Exit(1)
