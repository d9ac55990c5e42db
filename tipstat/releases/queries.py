"""Reading releases: revisions between two, counts by table, a read-only connection to one."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import duckdb

from tipstat.releases.ids import BadInput, check_release_id
from tipstat.releases.revisions import as_json_rows, revisions_sql
from tipstat.releases.snapshot import attached
from tipstat.releases.store import Release, load_release, snapshot_path
from tipstat.settings import Home
from tipstat.warehouse import connect_read_only


def _release(home: Home, release_id: str) -> Release:
    from tipstat.releases.lifecycle import ReleaseRefused, _get

    try:
        check_release_id(release_id)
    except BadInput as exc:
        raise ReleaseRefused(str(exc)) from None
    return _get(home, release_id)


@contextlib.contextmanager
def open_release(home: Home, release: Release) -> Iterator[duckdb.DuckDBPyConnection]:
    con = connect_read_only(snapshot_path(home, release.id))
    try:
        yield con
    finally:
        con.close()


def diff(home: Home, old_id: str, new_id: str) -> list[dict]:
    """Revisions from release `old_id` to `new_id`: stored ones when `old_id` is the new release's
    previous, otherwise computed from the two snapshots."""
    old, new = _release(home, old_id), _release(home, new_id)
    if new.previous == old.id:
        with open_release(home, new) as con:
            rows = con.execute(
                "SELECT table_name, key, year, old, new, files FROM release.revisions "
                "ORDER BY table_name, key"
            ).fetchall()
        return as_json_rows(rows)
    with attached(prev=(snapshot_path(home, old.id), True), cur=(snapshot_path(home, new.id), True)) as con:
        rows = con.execute(revisions_sql(con, "prev", "cur", old.through, new.through)).fetchall()
    return as_json_rows(rows)


def revision_counts(home: Home, release: Release) -> dict[str, int]:
    if release.revisions == 0:
        return {}
    with open_release(home, release) as con:
        rows = con.execute(
            "SELECT table_name, count(*) FROM release.revisions GROUP BY 1 ORDER BY 1"
        ).fetchall()
    return {t: int(n) for t, n in rows}


__all__ = ["diff", "load_release", "open_release", "revision_counts"]
