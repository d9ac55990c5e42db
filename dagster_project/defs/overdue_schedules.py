"""Chasing late ministries: the daily overdue report and the reminder list on each due date.

Both read the published warehouse only (no run lock needed) and write a file per run under the
home: reports/overdue/<date>.json|.txt and reports/reminders/<quarter>_<date>.json|.txt.
"""

from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetSelection,
    DefaultScheduleStatus,
    MaterializeResult,
    MetadataValue,
    RunConfig,
    RunRequest,
    ScheduleEvaluationContext,
    asset,
    define_asset_job,
    schedule,
)

from dagster_project.defs.due_dates import AsOfConfig, as_of_date, due_date_checks
from dagster_project.defs.resources import TipstatHome
from tipstat.contract import LOCAL_TIMEZONE

OVERDUE_KEY = AssetKey(["operations", "overdue_feeds"])
REMINDERS_KEY = AssetKey(["operations", "ministry_reminders"])
OVERDUE_OP = "operations__overdue_feeds"
REMINDERS_OP = "operations__ministry_reminders"
# Files are due 30 days after the quarter ends: 30 January, April, July and October.
DUE_DATE_CRON = "0 8 30 1,4,7,10 *"
DAILY_CRON = "0 7 * * *"


@asset(
    key=OVERDUE_KEY,
    group_name="operations",
    description="Feed files overdue (due date passed, nothing in force)",
)
def overdue_feeds(
    context: AssetExecutionContext, config: AsOfConfig, tipstat: TipstatHome
) -> MaterializeResult:
    from tipstat.operations.overdue import overdue_payload, overdue_text, write_overdue_report
    from tipstat.warehouse import read_published

    home = tipstat.home
    as_of = as_of_date(config)
    if not home.warehouse.exists():
        context.log.warning(f"no published warehouse in {home.root} yet: nothing to check")
        return MaterializeResult(metadata={"as_of": as_of.isoformat(), "overdue": 0})
    with read_published(home) as con:
        payload = overdue_payload(con, as_of)
    path = write_overdue_report(home, payload)
    return MaterializeResult(
        metadata={
            "as_of": as_of.isoformat(),
            "overdue": len(payload["overdue"]),
            "feeds_overdue": MetadataValue.json(payload["feeds_overdue"]),
            "report": MetadataValue.path(str(path)),
            "preview": MetadataValue.md(f"```\n{overdue_text(payload)}```"),
        }
    )


@asset(key=REMINDERS_KEY, group_name="operations", description="Per ministry: what to deliver or correct")
def ministry_reminders(
    context: AssetExecutionContext, config: AsOfConfig, tipstat: TipstatHome
) -> MaterializeResult:
    from tipstat.operations.overdue import reminder_payload, reminder_text, write_reminders
    from tipstat.warehouse import read_published

    home = tipstat.home
    as_of = as_of_date(config)
    if not home.warehouse.exists():
        context.log.warning(f"no published warehouse in {home.root} yet: nothing to remind")
        return MaterializeResult(metadata={"as_of": as_of.isoformat(), "ministries": 0})
    with read_published(home) as con:
        payload = reminder_payload(con, as_of)
    path = write_reminders(home, payload)
    return MaterializeResult(
        metadata={
            "as_of": as_of.isoformat(),
            "quarter": payload["quarter"] or "",
            "ministries": len(payload["ministries"]),
            "report": MetadataValue.path(str(path)),
            "preview": MetadataValue.md(f"```\n{reminder_text(payload)}```"),
        }
    )


daily_completeness_job = define_asset_job(
    "daily_completeness",
    selection=AssetSelection.assets(overdue_feeds) | AssetSelection.checks(due_date_checks),
    description="Overdue feeds report and the due-date checks on the raw tables",
)
quarter_reminders_job = define_asset_job(
    "quarter_reminders", selection=AssetSelection.assets(ministry_reminders)
)


def _day(context: ScheduleEvaluationContext) -> str:
    return context.scheduled_execution_time.date().isoformat()


@schedule(
    cron_schedule=DAILY_CRON,
    job=daily_completeness_job,
    execution_timezone=LOCAL_TIMEZONE,
    default_status=DefaultScheduleStatus.RUNNING,
    description="Every morning: which feeds are overdue",
)
def daily_completeness_schedule(context: ScheduleEvaluationContext):
    day = _day(context)
    config = AsOfConfig(as_of=day)
    return RunRequest(
        run_key=f"overdue-{day}",
        run_config=RunConfig(ops={OVERDUE_OP: config, "due_dates": config}),
        tags={"tipstat/as_of": day},
    )


@schedule(
    cron_schedule=DUE_DATE_CRON,
    job=quarter_reminders_job,
    execution_timezone=LOCAL_TIMEZONE,
    default_status=DefaultScheduleStatus.RUNNING,
    description="On each quarter's due date: the reminder list per ministry",
)
def quarter_reminders_schedule(context: ScheduleEvaluationContext):
    day = _day(context)
    return RunRequest(
        run_key=f"reminders-{day}",
        run_config=RunConfig(ops={REMINDERS_OP: AsOfConfig(as_of=day)}),
        tags={"tipstat/as_of": day},
    )
