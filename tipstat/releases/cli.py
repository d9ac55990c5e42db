"""`tipstat release prepare|acknowledge|approve|withdraw|list|show|diff` (releases.md).

Every command takes `--json` and then prints one JSON object on stdout. A refused action exits 1
with one line on stderr and changes nothing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from tipstat.settings import Home

release_app = typer.Typer(
    help="Releases: prepare, check flags, approve with an embargo, withdraw (releases.md).",
    no_args_is_help=True,
)
# a pipe or a log gets full lines, not a table squeezed into 80 columns
console = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, soft_wrap=True)

HomeOption = Annotated[
    Path | None,
    typer.Option("--home", help="TIPSTAT_HOME folder (default: $TIPSTAT_HOME or ./data)", show_default=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout")]
ByOption = Annotated[str, typer.Option("--by", help="Your name (recorded in the audit trail)")]
IdArg = Annotated[str, typer.Argument(metavar="ID", help="Release id, e.g. 2026-1")]


def _refuse(command: str, reason: object) -> None:
    err.print(f"tipstat release {command} refused: {escape(str(reason).splitlines()[0])}", highlight=False)
    raise typer.Exit(1)


def _emit(as_json: bool, obj: dict, text: str) -> None:
    if as_json:
        typer.echo(json.dumps(obj, ensure_ascii=False))
    else:
        console.print(escape(text), highlight=False)


def _act(command: str, fn, *args, **kwargs):
    from tipstat.releases.lifecycle import ReleaseRefused

    try:
        return fn(*args, **kwargs)
    except ReleaseRefused as exc:
        _refuse(command, exc)


@release_app.command("prepare")
def prepare_cmd(
    through: Annotated[str, typer.Option("--through", help="Last quarter covered, e.g. 2025Q4")],
    by: ByOption,
    note: Annotated[str | None, typer.Option("--note", help="What this release is about")] = None,
    home: HomeOption = None,
    as_json: JsonOption = False,
) -> None:
    """Make a DRAFT release from the current working figures."""
    from tipstat.progress import terminal_progress
    from tipstat.releases.lifecycle import prepare

    # protecting the public tables takes half a minute on the demo: a bar on a terminal (stderr)
    with terminal_progress(err):
        release = _act("prepare", prepare, Home.resolve(home), through, by, note)
    open_flags = len(release.open_flags())
    _emit(
        as_json,
        release.as_json(),
        f"Prepared release {release.id} (DRAFT) through {release.through} from run {release.run_id}: "
        f"{len(release.flags)} quality flag(s) to acknowledge ({open_flags} open), "
        f"{release.revisions} revision(s) "
        f"since {release.previous or 'no previous release'}. See `tipstat release show {release.id}`.",
    )


@release_app.command("acknowledge")
def acknowledge_cmd(
    release_id: IdArg,
    flag: Annotated[list[str], typer.Argument(metavar="FLAG...", help="Flag id(s) such as F3, or `all`")],
    by: ByOption,
    why: Annotated[str, typer.Option("--why", help="Why the flag is acceptable")],
    home: HomeOption = None,
    as_json: JsonOption = False,
) -> None:
    """Acknowledge quality flags of a DRAFT, by name, with a reason."""
    from tipstat.releases.lifecycle import acknowledge

    release = _act("acknowledge", acknowledge, Home.resolve(home), release_id, flag, by, why)
    _emit(
        as_json,
        release.as_json(),
        f"Acknowledged; release {release.id} has {len(release.open_flags())} flag(s) still open.",
    )


@release_app.command("approve")
def approve_cmd(
    release_id: IdArg,
    by: ByOption,
    embargo_until: Annotated[
        str,
        typer.Option(
            "--embargo-until",
            help='When the public may see it, e.g. "2026-03-15T09:00+07:00"; no zone = Viet Nam time; `now`',
        ),
    ],
    accept_incomplete: Annotated[
        str | None, typer.Option("--accept-incomplete", help="Reason to publish quarters with a feed missing")
    ] = None,
    home: HomeOption = None,
    as_json: JsonOption = False,
) -> None:
    """Sign off a DRAFT (not by its preparer), public from the embargo time on."""
    from tipstat.releases.lifecycle import approve
    from tipstat.releases.timezone import parse_stored, viet_nam_text

    release = _act("approve", approve, Home.resolve(home), release_id, by, embargo_until, accept_incomplete)
    embargo = parse_stored(release.embargo_until)
    _emit(
        as_json,
        release.as_json(),
        f"Approved release {release.id}; public from {viet_nam_text(embargo)} Viet Nam time "
        f"({release.embargo_until} UTC).",
    )


@release_app.command("withdraw")
def withdraw_cmd(
    release_id: IdArg,
    by: ByOption,
    why: Annotated[str, typer.Option("--why", help="The reason, kept with the release")],
    home: HomeOption = None,
    as_json: JsonOption = False,
) -> None:
    """Withdraw a release: kept, never shown to the public again."""
    from tipstat.releases.lifecycle import withdraw

    release = _act("withdraw", withdraw, Home.resolve(home), release_id, by, why)
    _emit(as_json, release.as_json(), f"Withdrew release {release.id}.")


@release_app.command("list")
def list_cmd(home: HomeOption = None, as_json: JsonOption = False) -> None:
    """Every release, its state and embargo; which one the public sees now."""
    from tipstat.releases.public import public_view
    from tipstat.releases.store import list_releases
    from tipstat.releases.timezone import parse_stored, viet_nam_text

    target = Home.resolve(home)
    releases = list_releases(target)
    view = public_view(target)
    if as_json:
        typer.echo(json.dumps({"releases": [r.as_json() for r in releases]}, ensure_ascii=False))
        return
    if not releases:
        console.print("No release yet: `tipstat release prepare --through 2025Q4 --by NAME`.")
        return
    table = Table("id", "status", "through", "run", "prepared", "approved", "public from (VN)", "open flags")
    for r in releases:
        embargo = parse_stored(r.embargo_until)
        table.add_row(
            r.id,
            r.status,
            r.through,
            (r.run_id or "")[:8],
            r.prepared_by,
            r.approved_by or "",
            viet_nam_text(embargo) if embargo else "",
            str(len(r.open_flags())),
        )
    console.print(table)
    console.print(f"The public sees: {view.release.id if view.release else 'no release yet'}")


@release_app.command("show")
def show_cmd(release_id: IdArg, home: HomeOption = None, as_json: JsonOption = False) -> None:
    """The release note: what is new, incomplete quarters, flags, revisions, audit trail."""
    from tipstat.releases.lifecycle import ReleaseRefused, _get
    from tipstat.releases.note import release_note
    from tipstat.releases.queries import revision_counts

    target = Home.resolve(home)
    try:
        release = _get(target, release_id)
    except ReleaseRefused as exc:
        _refuse("show", exc)
    _emit(as_json, release.as_json(), release_note(release, revision_counts(target, release)))


@release_app.command("diff")
def diff_cmd(
    old: Annotated[str, typer.Argument(metavar="A", help="The older release")],
    new: Annotated[str, typer.Argument(metavar="B", help="The newer release")],
    home: HomeOption = None,
    as_json: JsonOption = False,
) -> None:
    """The revisions from release A to release B, with the files that caused each."""
    from tipstat.releases.lifecycle import ReleaseRefused
    from tipstat.releases.queries import diff

    try:
        rows = diff(Home.resolve(home), old, new)
    except ReleaseRefused as exc:
        _refuse("diff", exc)
    if as_json:
        typer.echo(json.dumps({"revisions": rows}, ensure_ascii=False))
        return
    if not rows:
        console.print(f"No figure differs between {old} and {new}.")
        return
    table = Table("table", "key", "old", "new", "files")
    for r in rows:
        key = ", ".join(f"{k}={v}" for k, v in r["key"].items())
        table.add_row(r["table"], key, str(r["old"]), str(r["new"]), ", ".join(r["files"]))
    console.print(table)
    console.print(f"{len(rows)} revision(s) from {old} to {new}.")
