"""`tipstat`: the command line of shared/spec/reporting.md.

Imports of the heavy parts (Dagster, dbt, GX, Streamlit) happen inside each command, so that
`tipstat --help` and `tipstat status` start fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from tipstat.disclosure.cli import disclosure_app
from tipstat.linkage.cli import app as linkage_app
from tipstat.releases.cli import release_app
from tipstat.settings import Home

if TYPE_CHECKING:
    from tipstat.runs import RunOutcome

app = typer.Typer(
    name="tipstat",
    help="National trafficking-in-persons statistics: intake, figures, dashboards and reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)
export_app = typer.Typer(help="International reports (reporting.md).", no_args_is_help=True)
app.add_typer(export_app, name="export")
app.add_typer(release_app, name="release")
app.add_typer(disclosure_app, name="disclosure")
app.add_typer(linkage_app, name="linkage")

console = Console()
err = Console(stderr=True)

HomeOption = Annotated[
    Path | None,
    typer.Option("--home", help="TIPSTAT_HOME folder (default: $TIPSTAT_HOME or ./data)", show_default=False),
]


def _home(home: Path | None) -> Home:
    return Home.resolve(home)


@app.command()
def demo(
    home: HomeOption = None,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed writes the same files")] = 2026,
    scale: Annotated[float, typer.Option(help="Volume multiplier (1 = national volume)")] = 1.0,
    start: Annotated[str, typer.Option(help="First quarter")] = "2019Q1",
    end: Annotated[str | None, typer.Option(help="Last quarter (default: last full quarter)")] = None,
    broken: Annotated[bool, typer.Option(help="Add the broken, late and corrected files")] = True,
    force: Annotated[bool, typer.Option(help="Write the demo even if this home already has one")] = False,
    release: Annotated[
        bool,
        typer.Option(
            "--release",
            help="After `tipstat run`: sign off the demo's figures as a release (two synthetic "
            "statisticians) so the public dashboard shows them; writes no files to landing",
        ),
    ] = False,
) -> None:
    """Write a synthetic landing folder that follows the export contract."""
    from tipstat.demo.generator import generate_demo

    target = _home(home)
    if release:
        _release_demo(target)
        return
    manifest_file = target.root / "demo_manifest.json"
    if manifest_file.exists() and not force:
        console.print(
            f"Demo data already written to {target.landing} (see {manifest_file.name}); "
            "nothing to do. Use --force to write it again."
        )
        return
    with console.status("Writing the demo landing folder…") as status:
        manifest = generate_demo(
            target,
            seed=seed,
            scale=scale,
            start=start,
            end=end,
            broken=broken,
            progress=lambda message: status.update(f"Writing the demo landing folder… {message}"),
        )
    files = getattr(manifest, "files", None)
    count = len(files) if files is not None else "the"
    console.print(f"Wrote {count} files to {target.landing}")


def _release_demo(target: Home) -> None:
    from tipstat.demo.release import NotADemoHome, release_demo
    from tipstat.releases.lifecycle import ReleaseRefused

    def refuse(reason: str) -> None:
        err.print(f"tipstat demo --release refused: {escape(reason.splitlines()[0])}", soft_wrap=True)
        raise typer.Exit(1)

    if not target.warehouse.exists():
        refuse(f"no working figures in {target.root}: run `tipstat run` first")
    from tipstat.progress import terminal_progress

    try:
        with terminal_progress(err):  # a bar while the public tables are protected (on a terminal)
            made, new = release_demo(target)
    except (NotADemoHome, ReleaseRefused) as exc:
        refuse(str(exc))
    if new:
        console.print(
            f"Release {made.id} (figures through {made.through}) is public; see `tipstat release show`."
        )
    else:
        console.print(f"Release {made.id} already holds these figures; nothing to do.")


def _launch_dagster(home: Home) -> RunOutcome:
    """The CLI's one reach into the orchestrator, imported only when a run really starts."""
    from dagster_project.runner import launch

    return launch(home)


@app.command()
def run(
    home: HomeOption = None,
    wait: Annotated[float, typer.Option(help="Seconds to wait if another run holds this home")] = 0.0,
) -> None:
    """Register new files, validate, load, build the figures and publish them."""
    from tipstat.engines import check_engine
    from tipstat.engines.spark import SparkUnavailable
    from tipstat.progress import terminal_progress
    from tipstat.runs import run_pipeline
    from tipstat.warehouse import LOCKED_EXIT_CODE, RunLocked

    target = _home(home)
    try:
        check_engine()  # TIPSTAT_ENGINE: refused before anything runs when it cannot work
    except (ValueError, SparkUnavailable) as exc:
        err.print(f"[bold red]tipstat run refused:[/] {escape(str(exc))}")
        raise typer.Exit(2) from None
    try:
        # a progress bar per stage on a terminal (on stderr: stdout stays the summary); silent otherwise
        with terminal_progress(err):
            outcome = run_pipeline(target, _launch_dagster, wait_seconds=wait)
    except RunLocked as exc:
        err.print(f"[bold red]tipstat run refused:[/] {exc}")
        raise typer.Exit(LOCKED_EXIT_CODE) from None
    if not outcome.success:
        err.print(
            f"[bold red]The run failed[/] (run {outcome.run_id}); the published warehouse is unchanged."
        )
        err.print(escape(outcome.error or ""))  # may quote a file name: never parsed as markup
        raise typer.Exit(1)
    from tipstat.summary import print_run_summary

    print_run_summary(console, target, outcome)


@app.command()
def status(
    home: HomeOption = None,
    wide: Annotated[
        bool, typer.Option("--wide", help="Every quarter and count (needs a wide terminal)")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON for scripts")] = False,
    overdue: Annotated[bool, typer.Option("--overdue", help="Feed files overdue and why")] = False,
) -> None:
    """Submissions and completeness by feed and quarter; rejected files and why."""
    from tipstat.operations.status_command import show_status

    target = _home(home)
    if not target.warehouse.exists():
        err.print(f"No published warehouse in {target.root} yet: run `tipstat run` first.")
        raise typer.Exit(1)
    show_status(console, target, wide=wide, as_json=as_json, overdue=overdue)


def _export(kind: str, year: int, out: Path, public: bool, home: Path | None, release: str | None) -> None:
    from tipstat import exports
    from tipstat.exports.release_source import latest_public_release_id

    function = {"sdg": exports.export_sdg, "glotip": exports.export_glotip, "asean": exports.export_asean}[
        kind
    ]
    try:
        if public and release is None:  # the public sees releases only (releases.md)
            release = latest_public_release_id(_home(home))
        with console.status(f"Writing the {kind} export for {year}…"):
            result = function(_home(home), year, out, public, release=release)
    except exports.ExportError as exc:
        err.print(f"[bold red]export {kind} failed:[/] {escape(str(exc))}")
        raise typer.Exit(1) from None
    label = "public (disclosure control applied)" if public else "exact figures, NOT FOR PUBLICATION"
    source = f"release {release}" if release else "the working figures"
    console.print(f"Wrote {getattr(result, 'path', out)} from {source} — {label}")


YearOption = Annotated[int, typer.Option("--year", help="Reference year")]
OutOption = Annotated[Path, typer.Option("--out", help="File to write")]
PublicOption = Annotated[
    bool,
    typer.Option("--public", help="Apply disclosure control (from the latest public release by default)"),
]
ReleaseOption = Annotated[
    str | None,
    typer.Option("--release", help="Write from this release (e.g. 2026-1), byte for byte the same"),
]


@export_app.command("sdg")
def export_sdg(
    year: YearOption,
    out: OutOption,
    public: PublicOption = False,
    release: ReleaseOption = None,
    home: HomeOption = None,
) -> None:
    """SDG indicator 16.2.2 in SDMX-CSV."""
    _export("sdg", year, out, public, home, release)


@export_app.command("glotip")
def export_glotip(
    year: YearOption,
    out: OutOption,
    public: PublicOption = False,
    release: ReleaseOption = None,
    home: HomeOption = None,
) -> None:
    """UNODC Global Report on Trafficking in Persons tables (XLSX)."""
    _export("glotip", year, out, public, home, release)


@export_app.command("asean")
def export_asean(
    year: YearOption,
    out: OutOption,
    public: PublicOption = False,
    release: ReleaseOption = None,
    home: HomeOption = None,
) -> None:
    """ASEAN (ACTIP / Bohol TIP Work Plan 2.0) tables (XLSX)."""
    _export("asean", year, out, public, home, release)


@app.command()
def dashboard(
    home: HomeOption = None,
    port: Annotated[int, typer.Option(help="Port to serve on")] = 8501,
) -> None:
    """Start the Streamlit dashboards on the published data."""
    from app.launch import run_dashboard

    target = _home(home)
    from tipstat.settings import statistician_mode

    shows = (
        f"the working figures of {target.warehouse}"
        if statistician_mode()
        else f"the latest public release in {target.releases}"
    )
    console.print(f"Dashboard on http://localhost:{port} ({shows}); Ctrl+C to stop.")
    raise typer.Exit(run_dashboard(target, port))


@app.command()
def serve(
    home: HomeOption = None,
    port: Annotated[int, typer.Option(help="Port of the Dagster web UI")] = 3000,
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
) -> None:
    """Run the Dagster daemon (landing sensor, schedules) and web UI for a home (docs/operations.md)."""
    from tipstat.operations.serve import serve as run_serve

    raise typer.Exit(run_serve(_home(home), host=host, port=port, say=console.print))


@app.command()
def pseudonymize(
    source: Annotated[Path, typer.Argument(metavar="IN", help="Register extract (CSV or XLSX)")],
    out: Annotated[Path, typer.Argument(metavar="OUT", help="Output folder or contract file name")],
    key_file: Annotated[Path, typer.Option("--key-file", help="National linkage key file (mode 0600)")],
    feed: Annotated[str, typer.Option("--feed")],
    entity: Annotated[str, typer.Option("--entity")],
    quarter: Annotated[str | None, typer.Option(help="Quarter, e.g. 2025Q3 (default: from dates)")] = None,
    version: Annotated[int, typer.Option(help="File version (2 and up are corrections)")] = 1,
    map_: Annotated[
        list[str] | None,
        typer.Option("--map", help="Column mapping SOURCE=CONTRACT, repeatable"),
    ] = None,
    id_column: Annotated[str | None, typer.Option(help="Column holding the 12-digit ID number")] = None,
) -> None:
    """Sender side: turn a register extract with ID numbers into a conforming export."""
    from tipstat.pseudonymize import PseudonymizeError
    from tipstat.pseudonymize import pseudonymize as run_pseudonymize
    from tipstat.pseudonymize.mapping import parse_mapping

    try:
        mapping = parse_mapping(map_ or [])
        result = run_pseudonymize(
            key_file,
            feed,
            entity,
            source,
            out,
            quarter=quarter,
            version=version,
            mapping=mapping or None,
            id_column=id_column,
        )
    except PseudonymizeError as exc:
        err.print(f"[bold red]pseudonymize refused:[/] {escape(str(exc))}")
        raise typer.Exit(1) from None
    console.print(escape(result.summary()))


@app.command()
def estimate(
    year: Annotated[int | None, typer.Option("--year", help="Reference year (published warehouse)")] = None,
    lists: Annotated[
        Path | None,
        typer.Option("--lists", help="Capture-history CSV: one 0/1 column per list, then the count"),
    ] = None,
    status: Annotated[str, typer.Option(help="all | confirmed (with --year)")] = "all",
    bootstrap: Annotated[
        int, typer.Option(help="Bootstrap resamples for a BCa interval (0: none)", min=0)
    ] = 0,
    seed: Annotated[int, typer.Option(help="Random seed of the bootstrap")] = 2026,
    json_: Annotated[bool, typer.Option("--json", help="Print one JSON object (estimation.md)")] = False,
    home: HomeOption = None,
) -> None:
    """Estimate the victims no list found (multiple systems estimation, estimation.md)."""
    from tipstat.estimates import cli as estimates_cli

    out = Console(highlight=False, soft_wrap=json_)
    if (year is None) == (lists is None):
        err.print(
            "[bold red]estimate refused:[/] give exactly one of --year Y or --lists FILE.csv", soft_wrap=True
        )
        raise typer.Exit(2)
    if lists is not None:
        if status != "all":
            err.print("--status applies to --year only; the --lists file is taken as it is", soft_wrap=True)
        code = estimates_cli.lists_command(out, err, lists, bootstrap, seed, json_)
    else:
        code = estimates_cli.year_command(out, err, _home(home), year, status, bootstrap, seed, json_)
    raise typer.Exit(code)


@app.command("new-key")
def new_key(path: Annotated[Path, typer.Argument(help="Where to write the new key file")]) -> None:
    """Generate a national linkage key file (for the ministries only; never sent to the warehouse)."""
    from tipstat.pseudonymize import PseudonymizeError, generate_key_file

    try:
        generate_key_file(path)
    except PseudonymizeError as exc:
        err.print(f"[bold red]new-key refused:[/] {escape(str(exc))}")
        raise typer.Exit(1) from None
    console.print(f"Wrote a new key to {path} (mode 0600). Share it only as docs/sender_kit.md says.")


def main() -> None:
    app()


if __name__ == "__main__":
    sys.exit(main())
