"""The ASEAN workbook (ACTIP, Bohol TIP Work Plan 2.0 2023-2028), one sheet per work-plan area:
prevention, protection, law enforcement and prosecution, cooperation (reporting.md)."""

from __future__ import annotations

from pathlib import Path

from tipstat.exports.common import ExportResult
from tipstat.exports.workbook import Sheet
from tipstat.exports.workbook_export import TableSource, export_workbook
from tipstat.settings import Home

TITLE = "ASEAN Convention Against Trafficking in Persons (ACTIP) / Bohol TIP Work Plan 2.0: Viet Nam"


def asean_sheets(tables: TableSource, year: int) -> list[Sheet]:
    """The sheets, from the exact figures or from a release's public catalogue (`tables`)."""
    assisted, median = tables.assisted_services("P3")
    assisted.note = f"{assisted.note} {median}"
    return [
        Sheet(
            "Prevention",
            f"Prevention: how victims were recruited, {year}",
            [tables.cases_by_channel_article("A1")],
        ),
        Sheet(
            "Protection",
            f"Protection: victims identified and assisted, {year}",
            [
                tables.victims_by_form("P1"),
                tables.victims_by_citizenship("P2"),
                assisted,
            ],
        ),
        Sheet(
            "Law enforcement",
            f"Law enforcement and prosecution, {year}",
            [
                tables.cases_by_article_quarter("L1"),
                tables.persons_by_stage_sex_age("L2", ("PROSECUTED", "CONVICTED")),
                tables.persons_by_stage_citizenship("L3", ("PROSECUTED", "CONVICTED")),
            ],
        ),
        Sheet(
            "Cooperation",
            f"Cooperation: victims repatriated, {year}",
            [tables.repatriated_by_country("C1")],
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
        build_sheets=asean_sheets,
    )
