"""Exports written from a release (`--release ID`) instead of the working figures.

A release's export is reproducible byte for byte: its figures come from the frozen
`releases/<id>.duckdb` (checked against its SHA-256), and the only time written into it is the
release's own (when it was prepared), in the cover sheet, the workbook properties and the zip
entries of an XLSX.
"""

from __future__ import annotations

import contextlib
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from tipstat.exports.common import ExportError
from tipstat.settings import Home
from tipstat.warehouse import connect_read_only


@dataclass(frozen=True)
class ReleaseStamp:
    """What an export says about the release it was written from."""

    id: str
    status: str
    previous: str | None
    revisions: int
    made_at: datetime  # aware, UTC: the release's own time, the only one in the file


def release_stamp(home: Home, release_id: str, public: bool) -> ReleaseStamp:
    from tipstat.releases.ids import BadInput, check_release_id
    from tipstat.releases.snapshot import verify
    from tipstat.releases.store import APPROVED, load_release, snapshot_path

    try:
        rid = check_release_id(release_id)
    except BadInput as exc:
        raise ExportError(str(exc)) from None
    release = load_release(home, rid)
    if release is None:
        raise ExportError(f"no release {rid} in {home.releases}")
    if public and release.status != APPROVED:
        raise ExportError(f"release {rid} is {release.status}: a public export needs an approved release")
    if not verify(snapshot_path(home, rid), release.sha256):
        raise ExportError(f"releases/{rid}.duckdb is missing or does not match its SHA-256")
    made_at = datetime.fromisoformat(release.prepared_at).astimezone(UTC)
    return ReleaseStamp(rid, release.status, release.previous, release.revisions, made_at)


def latest_public_release_id(home: Home) -> str:
    """`--public` without `--release`: the latest public release, or a refusal."""
    from tipstat.releases.public import latest_public

    release = latest_public(home)
    if release is None:
        raise ExportError(
            "no release is public yet (none approved with its embargo passed): "
            "a public export is written only from a release; see `tipstat release list`"
        )
    return release.id


@contextlib.contextmanager
def open_release(home: Home, stamp: ReleaseStamp) -> Iterator[duckdb.DuckDBPyConnection]:
    from tipstat.releases.store import snapshot_path

    con = connect_read_only(snapshot_path(home, stamp.id))
    try:
        yield con
    finally:
        con.close()


_CORE = "docProps/core.xml"
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def fix_zip_times(path: Path, when: datetime) -> None:
    """Rewrite an XLSX so that every zip entry, and the workbook's modified time (openpyxl sets it
    on save), carry `when` instead of the time it was written."""
    utc = when.astimezone(UTC)
    stamp = utc.timetuple()[:6]
    iso = utc.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            if info.filename == _CORE:
                data = _MODIFIED.sub(rb"\g<1>" + iso + rb"\g<2>", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            archive.writestr(fixed, data)
