"""The UNODC Global Report on Trafficking in Persons tables as an XLSX workbook (reporting.md).

Sheets: victims (by Global Report category with the detailed forms, by citizenship: nationals
and foreigners by country; each by sex and age group), offenders (suspected, prosecuted,
convicted by sex and age group, and by citizenship), repatriation (by country returned from) and cases (by
article of the Criminal Code).
"""

from __future__ import annotations

from pathlib import Path

from tipstat.exports.common import ExportResult
from tipstat.exports.workbook import Sheet
from tipstat.exports.workbook_export import TableSource, export_workbook
from tipstat.settings import Home

TITLE = "UNODC Global Report on Trafficking in Persons: Viet Nam"


def glotip_sheets(tables: TableSource, year: int) -> list[Sheet]:
    """The sheets, from the exact figures or from a release's public catalogue (`tables`)."""
    return [
        Sheet(
            "Victims",
            f"Detected victims, {year}",
            [
                tables.victims_by_form("T1"),
                tables.victims_by_citizenship("T2"),
            ],
        ),
        Sheet(
            "Offenders",
            f"Persons suspected, prosecuted and convicted, {year}",
            [
                tables.persons_by_stage_sex_age("T3"),
                tables.persons_by_stage_citizenship("T4"),
            ],
        ),
        Sheet(
            "Repatriation",
            f"Victims repatriated, {year}",
            [tables.repatriated_by_country("T5")],
        ),
        Sheet("Cases", f"Cases opened, {year}", [tables.cases_by_article_quarter("T6")]),
    ]


def export_glotip(
    home: Home, year: int, out: Path, public: bool, user: str | None = None, release: str | None = None
) -> ExportResult:
    """Write the Global Report workbook for `year` to `out` and record it in the audit."""
    return export_workbook(
        home,
        kind="glotip",
        title=TITLE,
        year=year,
        out=out,
        public=public,
        user=user,
        release=release,
        build_sheets=glotip_sheets,
    )
