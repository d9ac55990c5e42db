"""The steps every XLSX export shares: read the year, build the sheets, write, check, audit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tipstat.exports import audit
from tipstat.exports.catalogue_source import public_year
from tipstat.exports.catalogue_tables import PublicTables
from tipstat.exports.common import ExportResult, write_atomically
from tipstat.exports.data import completeness, publication, published, require_year
from tipstat.exports.release_source import fix_zip_times, latest_public_release_id, release_stamp
from tipstat.exports.tables import ExactTables
from tipstat.exports.workbook import CoverInfo, Sheet, WrittenCounts, build_workbook, check_workbook
from tipstat.settings import Home, disclosure_threshold

TableSource = ExactTables | PublicTables

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
    build_sheets: Callable[[TableSource, int], list[Sheet]],
    release: str | None = None,
) -> ExportResult:
    """Exact figures from the working warehouse or a release's snapshot; the public edition
    from a release's public catalogue only (the latest public release unless `release`)."""
    if public and release is None:
        release = latest_public_release_id(home)
    stamp = release_stamp(home, release, public) if release else None
    threshold, secondary = disclosure_threshold(), None
    with published(home, stamp) as con:
        source: TableSource
        if public:
            assert stamp is not None
            cat = public_year(home, stamp, year)
            source = PublicTables(cat)
            threshold, secondary = cat.threshold, cat.catalogue.policy.secondary_symbol
        else:
            require_year(con, year, YEAR_SOURCES)
            source = ExactTables(con, year)
        info = CoverInfo(
            title=title,
            kind=kind,
            year=year,
            publication=publication(con),
            completeness=completeness(con, year),
            public=public,
            threshold=threshold,
            release=stamp,
            secondary_symbol=secondary,
        )
        sheets = build_sheets(source, year)
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
