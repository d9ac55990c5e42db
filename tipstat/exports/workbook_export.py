"""The steps every XLSX export shares: read the year, build the sheets, write, check, audit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb

from tipstat.exports import audit
from tipstat.exports.common import ExportResult, write_atomically
from tipstat.exports.data import completeness, publication, published, require_year
from tipstat.exports.release_source import fix_zip_times, release_stamp
from tipstat.exports.workbook import CoverInfo, Sheet, WrittenCounts, build_workbook, check_workbook
from tipstat.settings import Home, disclosure_threshold

# a year is exportable when any of these holds a row for it
YEAR_SOURCES = ("victims_detected", "justice_funnel", "cases_quarterly", "repatriations")


def export_workbook(
    home: Home,
    *,
    kind: str,
    title: str,
    year: int,
    out: Path,
    public: bool,
    user: str | None,
    build_sheets: Callable[[duckdb.DuckDBPyConnection, int], list[Sheet]],
    release: str | None = None,
) -> ExportResult:
    threshold = disclosure_threshold()
    stamp = release_stamp(home, release, public) if release else None
    with published(home, stamp) as con:
        require_year(con, year, YEAR_SOURCES)
        info = CoverInfo(
            title=title,
            kind=kind,
            year=year,
            publication=publication(con),
            completeness=completeness(con, year),
            public=public,
            threshold=threshold,
            release=stamp,
        )
        sheets = build_sheets(con, year)
    workbook, counts = build_workbook(info, sheets)
    written = WrittenCounts(counts.cells, counts.suppressed)

    def write(tmp: Path) -> None:
        workbook.save(tmp)
        if stamp is not None:
            fix_zip_times(tmp, stamp.made_at)

    def check(tmp: Path) -> None:
        check_workbook(tmp, info, sheets)

    digest = write_atomically(Path(out), write, check)
    result = ExportResult(
        kind=kind,
        year=year,
        path=Path(out),
        sha256=digest,
        public=public,
        user=audit.current_user(user),
        observations=written.cells,
        suppressed=written.suppressed,
    )
    audit.record_or_remove(home, result, threshold)
    return result
