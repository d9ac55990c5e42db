"""Releases in the Dagster UI (releases.md): which run each release was frozen from.

`published/releases` sits downstream of the published warehouse. It is not part of `tipstat run`
(releases are made by statisticians with `tipstat release`, never by a run); an engineer
materializes it in the UI to see every release with the run id and publication time of the
working figures it froze, its state and embargo, and whether the working figures have moved on
since. Its check verifies that every approved release's file still matches its SHA-256.
"""

from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetExecutionContext,
    AssetKey,
    MaterializeResult,
    MetadataValue,
    TableColumn,
    TableRecord,
    TableSchema,
    asset,
    asset_check,
)

from dagster_project.defs.resources import TipstatHome

RELEASES_KEY = AssetKey(["published", "releases"])
_COLUMNS = (
    "id",
    "status",
    "through",
    "run_id",
    "published_at",
    "prepared_by",
    "approved_by",
    "embargo_until",
)


def _working_run(home) -> str | None:
    from tipstat.warehouse import read_published

    if not home.warehouse.exists():
        return None
    with read_published(home) as con:
        row = con.execute(
            "SELECT run_id FROM reporting.publication ORDER BY published_at DESC LIMIT 1"
        ).fetchone()
    return row[0] if row else None


@asset(
    key=RELEASES_KEY,
    deps=[AssetKey(["published", "warehouse"])],
    group_name="published",
    kinds={"duckdb"},
    description="Releases frozen from the published warehouse: the run each came from, state, embargo",
)
def releases(context: AssetExecutionContext, tipstat: TipstatHome) -> MaterializeResult:
    from tipstat.releases.public import latest_public
    from tipstat.releases.store import list_releases

    home = tipstat.home
    found = list_releases(home)
    public = latest_public(home)
    working_run = _working_run(home)
    records = [TableRecord({c: str(getattr(r, c) or "") for c in _COLUMNS}) for r in found]
    latest = found[-1] if found else None
    context.log.info(f"{len(found)} release(s); public: {public.id if public else 'none'}")
    return MaterializeResult(
        metadata={
            "releases": MetadataValue.table(
                records, schema=TableSchema(columns=[TableColumn(c, "string") for c in _COLUMNS])
            ),
            "public_release": public.id if public else "none",
            "public_release_run_id": (public.run_id or "") if public else "",
            "latest_release": latest.id if latest else "none",
            "latest_release_run_id": (latest.run_id or "") if latest else "",
            "working_figures_run_id": working_run or "",
            "working_figures_moved_on": bool(latest and working_run and latest.run_id != working_run),
        }
    )


@asset_check(
    asset=RELEASES_KEY, description="Every approved release's file still matches its recorded SHA-256"
)
def approved_releases_intact(tipstat: TipstatHome) -> AssetCheckResult:
    from tipstat.releases.snapshot import verify
    from tipstat.releases.store import APPROVED, list_releases, snapshot_path

    home = tipstat.home
    approved = [r for r in list_releases(home) if r.status == APPROVED]
    broken = [r.id for r in approved if not verify(snapshot_path(home, r.id), r.sha256)]
    return AssetCheckResult(
        passed=not broken,
        severity=AssetCheckSeverity.ERROR,
        metadata={"approved": len(approved), "not_matching": ", ".join(broken) or "none"},
    )
