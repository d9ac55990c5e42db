"""Make the public see a home's working figures: one release through their last quarter,
prepared, its flags acknowledged and approved by two people, public at once (releases.md).

Fixtures whose tests look at the public dashboard or public exports call this after building
their warehouse, since the public sees releases only.
"""

from __future__ import annotations

import duckdb

from tipstat.releases.lifecycle import acknowledge, approve, prepare
from tipstat.releases.public import latest_public
from tipstat.releases.store import Release
from tipstat.settings import Home


def last_quarter(home: Home) -> str:
    con = duckdb.connect(str(home.warehouse), read_only=True)
    try:
        last = con.execute(
            "SELECT max(year * 4 + quarter - 1) FROM reporting.completeness WHERE quarter IS NOT NULL"
        ).fetchone()[0]
    finally:
        con.close()
    return f"{int(last) // 4}Q{int(last) % 4 + 1}"


def publish_all(home: Home, through: str | None = None) -> Release:
    """Prepare, acknowledge every flag, approve with embargo `now`; returns the public release."""
    release = prepare(home, through or last_quarter(home), by="fixture-preparer", note="test fixture")
    if release.flags:
        acknowledge(home, release.id, ["all"], by="fixture-approver", why="test fixture")
    reason = "test fixture" if release.incomplete_periods else None
    return approve(home, release.id, by="fixture-approver", embargo_until="now", accept_incomplete=reason)


def ensure_public(home: Home) -> Release:
    return latest_public(home) or publish_all(home)
