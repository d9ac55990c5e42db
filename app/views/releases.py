"""Releases page (statistician mode): each release's note, flags and revisions, and how the
working figures differ from the last release (releases.md)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from app import data
from tipstat.releases.lifecycle import latest_approved
from tipstat.releases.note import release_note
from tipstat.releases.public import public_view
from tipstat.releases.queries import open_release, revision_counts
from tipstat.releases.revisions import revisions_sql
from tipstat.releases.snapshot import attached
from tipstat.releases.store import Release, list_releases, snapshot_path
from tipstat.releases.timezone import parse_stored, viet_nam_text

MAX_ROWS = 500


@dataclass
class ReleasesView:
    releases: list[Release]
    summary: pd.DataFrame
    public_id: str | None
    last: Release | None  # the one the working figures are compared with


def build() -> ReleasesView:
    home = data.home()
    releases = list_releases(home)
    rows = [
        {
            "id": r.id,
            "status": r.status,
            "through": r.through,
            "run": (r.run_id or "")[:8],
            "prepared_by": r.prepared_by,
            "approved_by": r.approved_by or "",
            "embargo (Viet Nam)": viet_nam_text(e) if (e := parse_stored(r.embargo_until)) else "",
            "flags_open": len(r.open_flags()),
            "revisions": r.revisions,
        }
        for r in reversed(releases)
    ]
    view = public_view(home)
    last = latest_approved(home) or (releases[-1] if releases else None)
    return ReleasesView(releases, pd.DataFrame(rows), view.release.id if view.release else None, last)


def note(release: Release) -> str:
    return release_note(release, revision_counts(data.home(), release))


def flags_frame(release: Release) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "id": f.id,
                "kind": f.kind,
                "subject": f.subject,
                "period": f.period,
                "detail": f.detail,
                "acknowledged_by": f.acknowledged_by or "",
                "why": f.why or "",
            }
            for f in release.flags
        ]
    )


def _frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"table": t, "key": k, "old": o, "new": n, "files": ", ".join(f or [])}
            for t, k, _y, o, n, f in rows
        ],
        columns=["table", "key", "old", "new", "files"],
    )


def revisions_frame(release: Release) -> pd.DataFrame:
    with data.reading(), open_release(data.home(), release) as con:
        rows = con.execute(
            "SELECT table_name, key, year, old, new, files FROM release.revisions "
            f"ORDER BY 1, 2 LIMIT {MAX_ROWS}"
        ).fetchall()
    return _frame(rows)


@st.cache_data(show_spinner=False, max_entries=8)
def _working_diff(wid: data.WarehouseId, release_id: str, through: str) -> pd.DataFrame:
    home = data.home()
    with (
        data.reading(),
        attached(prev=(snapshot_path(home, release_id), True), cur=(home.warehouse, True)) as con,
    ):
        last = con.execute(
            "SELECT max(year * 4 + quarter - 1) FROM cur.reporting.completeness WHERE quarter IS NOT NULL"
        ).fetchone()[0]
        working_through = f"{int(last) // 4}Q{int(last) % 4 + 1}" if last is not None else through
        rows = con.execute(revisions_sql(con, "prev", "cur", through, working_through)).fetchall()
    return _frame(rows)


def working_diff(release: Release) -> pd.DataFrame:
    """Figures in both the working figures and `release` (its periods) whose value differs."""
    wid = data._stat(data.home().warehouse)
    if wid is None:
        return _frame([])
    return _working_diff(wid, release.id, release.through)
