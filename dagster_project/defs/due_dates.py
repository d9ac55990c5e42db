"""Freshness of each feed against its due dates: the `due_dates` check on every feed's raw table.

Fails (as a warning: the figures are still right, only incomplete) when a quarter's file is
overdue: due date passed and nothing in force. Runs after each publish and every morning.
"""

from datetime import UTC, date, datetime

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    Config,
    MetadataValue,
    multi_asset_check,
)

from dagster_project.defs.intake_assets import RAW_KEYS
from dagster_project.defs.resources import TipstatHome
from tipstat.contract import FILE_SPECS

DUE_DATES = "due_dates"
PUBLISHED_KEY = ["published", "warehouse"]
FEED_TABLES = {spec.raw_table: (spec.feed, spec.entity) for spec in FILE_SPECS.values()}


class AsOfConfig(Config):
    """The day the check is made for, `YYYY-MM-DD` (empty: today in Viet Nam)."""

    as_of: str = ""


def as_of_date(config: AsOfConfig) -> date:
    if config.as_of:
        return date.fromisoformat(config.as_of)
    from tipstat.intake.registry import local_date

    return local_date(datetime.now(UTC).replace(tzinfo=None))


@multi_asset_check(
    name=DUE_DATES,
    specs=[
        AssetCheckSpec(
            DUE_DATES,
            asset=RAW_KEYS[table],
            additional_deps=[PUBLISHED_KEY],
            description="Every quarter whose due date has passed has a file in force",
        )
        for table in sorted(FEED_TABLES)
    ],
)
def due_date_checks(context: AssetCheckExecutionContext, config: AsOfConfig, tipstat: TipstatHome):
    from tipstat.intake.tables import quarter_slots
    from tipstat.operations.overdue import gaps
    from tipstat.warehouse import read_published

    home = tipstat.home
    as_of = as_of_date(config)
    found: list = []
    slots: list[dict] = []
    if home.warehouse.exists():
        with read_published(home) as con:
            found = gaps(con, as_of)
            slots = quarter_slots(con, as_of)
    for table in sorted(FEED_TABLES):
        feed, entity = FEED_TABLES[table]
        mine = [g for g in found if (g.feed, g.entity) == (feed, entity)]
        in_force = [
            s["period"]
            for s in slots
            if (s["feed"], s["entity"]) == (feed, entity) and s["state"] == "IN_FORCE"
        ]
        yield AssetCheckResult(
            asset_key=RAW_KEYS[table],
            check_name=DUE_DATES,
            passed=not mine,
            severity=AssetCheckSeverity.WARN,
            metadata={
                "as_of": as_of.isoformat(),
                "quarters_overdue": len(mine),
                "latest_quarter_in_force": in_force[-1] if in_force else "none",
                "overdue": MetadataValue.md(
                    "\n".join(
                        f"- {g.period} (due {g.due_date}, {g.days_overdue} days): {g.why}" for g in mine
                    )
                    or "nothing overdue"
                ),
            },
        )
