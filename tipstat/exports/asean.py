"""The ASEAN workbook (ACTIP, Bohol TIP Work Plan 2.0 2023-2028), one sheet per work-plan area:
prevention, protection, law enforcement and prosecution, cooperation (reporting.md)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from tipstat.disclosure import suppressed_label
from tipstat.exports import tables
from tipstat.exports.common import ExportResult
from tipstat.exports.data import read_year
from tipstat.exports.workbook import Sheet
from tipstat.exports.workbook_export import export_workbook
from tipstat.settings import Home

TITLE = "ASEAN Convention Against Trafficking in Persons (ACTIP) / Bohol TIP Work Plan 2.0: Viet Nam"


def _median_note(frame: pd.DataFrame, hidden: bool) -> str:
    """The median days to support is shown as text: it is not a count, and is suppressed with
    the number of victims assisted (its base)."""
    if hidden:
        return f"Median days from identification to support: suppressed ({suppressed_label()})"
    if frame.empty or frame["median_days_to_support"].isna().all():
        return "Median days from identification to support: no victim assisted"
    days = float(frame["median_days_to_support"].iloc[0])
    return f"Median days from identification to support: {days:g} days"


def asean_sheets(con: duckdb.DuckDBPyConnection, year: int, public: bool = False) -> list[Sheet]:
    victims = read_year(con, "victims_detected", year)
    funnel = read_year(con, "justice_funnel", year)
    repatriations = read_year(con, "repatriations", year)
    cases = read_year(con, "cases_quarterly", year)
    assistance = read_year(con, "assistance", year)
    services = read_year(con, "assistance_services", year)
    assisted, assisted_hidden = tables.assisted_services("P3", services, assistance)
    assisted.note = f"{assisted.note} {_median_note(assistance, public and assisted_hidden)}"
    return [
        Sheet(
            "Prevention",
            f"Prevention: how victims were recruited, {year}",
            [tables.cases_by_channel_article("A1", cases)],
        ),
        Sheet(
            "Protection",
            f"Protection: victims identified and assisted, {year}",
            [
                tables.victims_by_form("P1", victims),
                tables.victims_by_citizenship("P2", victims),
                assisted,
            ],
        ),
        Sheet(
            "Law enforcement",
            f"Law enforcement and prosecution, {year}",
            [
                tables.cases_by_article_quarter("L1", cases),
                tables.persons_by_stage_sex_age("L2", funnel, ("PROSECUTED", "CONVICTED")),
                tables.persons_by_stage_citizenship("L3", funnel, ("PROSECUTED", "CONVICTED")),
            ],
        ),
        Sheet(
            "Cooperation",
            f"Cooperation: victims repatriated, {year}",
            [tables.repatriated_by_country("C1", repatriations)],
        ),
    ]


def export_asean(
    home: Home, year: int, out: Path, public: bool, user: str | None = None, release: str | None = None
) -> ExportResult:
    """Write the ASEAN workbook for `year` to `out` and record it in the audit."""
    return export_workbook(
        home,
        kind="asean",
        title=TITLE,
        year=year,
        out=out,
        public=public,
        user=user,
        release=release,
        build_sheets=lambda con, y: asean_sheets(con, y, public),
    )
