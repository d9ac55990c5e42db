"""What the public sees: the latest release whose embargo has passed and that is not withdrawn,
and the files written for it under `releases/<id>/public/`.

`write_public_files(release, con, dest)` is the one place that produces a release's public files
(the public catalogue and disclosure audit extend it); `publish_files` runs it into a temporary
folder and renames it into place, so a release never has half of its public files.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from tipstat.atomic import fsync_dir
from tipstat.disclosure.catalogue import audit_folder, build_catalogue, write_files
from tipstat.disclosure.policy import DisclosurePolicy
from tipstat.releases.store import (
    APPROVED,
    WITHDRAWN,
    Release,
    list_releases,
    public_dir,
    snapshot_path,
)
from tipstat.releases.timezone import parse_stored
from tipstat.settings import Home
from tipstat.settings import now as clock_now
from tipstat.warehouse import connect_read_only


@dataclass(frozen=True)
class PublicView:
    """The release the public sees now (None: nothing released yet) and, when a newer release
    that had been public was withdrawn, that one: the public is told it falls back."""

    release: Release | None
    withdrawn: Release | None = None


def is_public(release: Release, now: datetime) -> bool:
    embargo = parse_stored(release.embargo_until)
    return release.status == APPROVED and embargo is not None and embargo <= now


def _embargo_key(release: Release) -> tuple[str, tuple[int, int]]:
    from tipstat.releases.ids import release_sort_key

    return (
        parse_stored(release.embargo_until).isoformat() if release.embargo_until else "",
        release_sort_key(release.id),
    )


def public_view(home: Home, now: datetime | None = None, releases: list[Release] | None = None) -> PublicView:
    """`releases`: the records of `home` when the caller already has them (the dashboard caches
    them per record version); read from `home` otherwise."""
    at = now or clock_now()
    releases = list_releases(home) if releases is None else releases
    shown = max((r for r in releases if is_public(r, at)), key=_embargo_key, default=None)
    withdrawn = [
        r
        for r in releases
        if r.status == WITHDRAWN
        and r.embargo_until is not None
        and parse_stored(r.embargo_until) <= at
        and (r.withdrawn_at is None or parse_stored(r.withdrawn_at) >= parse_stored(r.embargo_until))
        and (shown is None or _embargo_key(r) > _embargo_key(shown))
    ]
    return PublicView(shown, max(withdrawn, key=_embargo_key, default=None))


def latest_public(home: Home, now: datetime | None = None) -> Release | None:
    return public_view(home, now).release


def release_file(home: Home, release: Release) -> Path:
    return snapshot_path(home, release.id)


def write_public_files(release: Release, con: duckdb.DuckDBPyConnection, dest: Path) -> None:
    """Write the public files of `release` into the empty folder `dest`; `con` is a read-only
    connection to the release's snapshot. For now a manifest of what the release holds; the public
    catalogue and its disclosure audit (disclosure.md) are added here."""
    tables = con.execute(
        "SELECT table_name, estimated_size FROM duckdb_tables() WHERE schema_name = 'reporting' ORDER BY 1"
    ).fetchall()
    manifest = {
        "release": release.id,
        "through": release.through,
        "run_id": release.run_id,
        "previous": release.previous,
        "revisions": release.revisions,
        "tables": [name for name, _ in tables],
    }
    (dest / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    # the public catalogue (disclosure.md), protected as one whole, and its audit
    cat = build_catalogue(con, DisclosurePolicy.from_settings(), release.id)
    write_files(cat, dest, cat.audit())


def disclosure_refusal(home: Home, release: Release) -> str | None:
    """Why the release may not become public because of its catalogue, or None: the audit of
    disclosure.md is run again on the files the public would get."""
    folder = public_dir(home, release.id)
    try:
        cat, report = audit_folder(folder)
    except (FileNotFoundError, KeyError, ValueError) as exc:
        return f"release {release.id} has no readable public catalogue ({exc}); prepare a new release"
    policy = DisclosurePolicy.from_settings()
    if cat.policy.threshold != policy.threshold:
        return (
            f"release {release.id}'s catalogue was protected with threshold {cat.policy.threshold}, "
            f"the configuration says {policy.threshold}; prepare a new release"
        )
    if not report.clean:
        where = "; ".join([str(f) for f in report.findings[:3]] + report.inconsistent[:1])
        more = len(report.findings) + len(report.inconsistent) - 3
        return (
            f"the disclosure audit of release {release.id}'s public catalogue found "
            f"{len(report.findings) + len(report.inconsistent)} problem(s): {where}"
            + (f" and {more} more" if more > 0 else "")
        )
    return None


def publish_files(home: Home, release: Release) -> Path:
    """Run write_public_files into a temporary folder beside, then rename it to releases/<id>/public."""
    final = public_dir(home, release.id)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".public.", suffix=".tmp", dir=final.parent))
    tmp.chmod(0o755)
    try:
        con = connect_read_only(snapshot_path(home, release.id))
        try:
            write_public_files(release, con, tmp)
        finally:
            con.close()
        if final.exists():
            shutil.rmtree(final)
        tmp.rename(final)
        fsync_dir(final.parent)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return final
