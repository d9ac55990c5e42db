"""Writing the XLSX exports: cover sheet, marking line on every sheet, and protected tables.

Every table in a workbook is a `Table` holding a `ProtectedTable`: a public workbook shows its
`display` (ints and `<5`), a workbook for statisticians its exact `values`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tipstat.contract import CONTRACT_VERSION, COUNTING_RULES_VERSION
from tipstat.disclosure import TOTAL, ProtectedTable
from tipstat.exports.common import ExportError
from tipstat.exports.data import Publication, YearCompleteness
from tipstat.exports.release_source import ReleaseStamp

NOT_FOR_PUBLICATION = "NOT FOR PUBLICATION — exact figures"
COVER_SHEET = "Cover"
CATALOGUE_SOURCE = (
    "the public catalogue of release {id} (releases/{id}/public): every figure is one of its cells, "
    "as published there; a cut the catalogue does not hold is left out"
)
BOLD = Font(bold=True)


def public_marking(threshold: int) -> str:
    return f"Public: disclosure control applied (threshold {threshold})"


def legend(threshold: int, secondary: str | None = None) -> str:
    if secondary is None:
        return (
            f"<{threshold}: a count from 1 to {threshold - 1}, or a figure hidden so that such a count "
            "cannot be worked back from the totals"
        )
    return (
        f"<{threshold}: a count from 1 to {threshold - 1}; {secondary}: a figure hidden so that no count "
        f"from 1 to {threshold - 1} can be worked out from the figures published (on any page, table or "
        "export of the release)"
    )


def marking(public: bool, threshold: int) -> str:
    return public_marking(threshold) if public else NOT_FOR_PUBLICATION


@dataclass
class Table:
    """One table of a workbook and where its figures come from."""

    key: str  # T1, T2, ... (unique in the workbook)
    title: str
    source: str  # the published table(s) it is computed from
    protected: ProtectedTable
    row_header: str
    row_labels: Mapping[object, str] = field(default_factory=dict)
    col_labels: Mapping[object, str] = field(default_factory=dict)
    # label columns written between the row label and the figures, e.g. a roll-up category
    extra_columns: Mapping[str, Mapping[object, str]] = field(default_factory=dict)
    show_total_column: bool = True  # False where a sum across columns means nothing (stages)
    show_total_row: bool = True
    note: str | None = None

    def rows(self) -> list[object]:
        index = list(self.protected.values.index)
        return [r for r in index if self.show_total_row or r != TOTAL]

    def columns(self) -> list[object]:
        cols = list(self.protected.values.columns)
        return [c for c in cols if self.show_total_column or c != TOTAL]


@dataclass
class Sheet:
    name: str
    title: str
    tables: list[Table]


@dataclass
class CoverInfo:
    title: str
    kind: str
    year: int
    publication: Publication
    completeness: YearCompleteness
    public: bool
    threshold: int
    release: ReleaseStamp | None = None
    secondary_symbol: str | None = None  # set for a public edition: cut from the release's catalogue


@dataclass
class WrittenCounts:
    cells: int = 0
    suppressed: int = 0


def _cell_value(table: Table, row: object, col: object, public: bool) -> object:
    if public:
        return table.protected.display.loc[row, col]
    return int(table.protected.values.loc[row, col])


def write_table(ws: Worksheet, start_row: int, table: Table, public: bool, counts: WrittenCounts) -> int:
    """Write one table from `start_row`; returns the first free row after it."""
    r = start_row
    ws.cell(r, 1, f"{table.key}. {table.title}").font = BOLD
    r += 1
    ws.cell(r, 1, f"Source: {table.source}")
    r += 1
    if table.note:
        ws.cell(r, 1, table.note)
        r += 1
    header = [
        table.row_header,
        *table.extra_columns,
        *[table.col_labels.get(c, str(c)) for c in table.columns()],
    ]
    for j, text in enumerate(header, start=1):
        ws.cell(r, j, text).font = BOLD
    r += 1
    for row in table.rows():
        ws.cell(r, 1, table.row_labels.get(row, str(row)))
        j = 2
        for labels in table.extra_columns.values():
            ws.cell(r, j, labels.get(row, ""))
            j += 1
        for col in table.columns():
            ws.cell(r, j, _cell_value(table, row, col, public))
            counts.cells += 1
            counts.suppressed += bool(public and table.protected.suppressed.loc[row, col])
            j += 1
        if row == TOTAL:
            for k in range(1, j):
                ws.cell(r, k).font = BOLD
        r += 1
    return r + 1


def _written_at(info: CoverInfo) -> datetime:
    """The release's own time for an export of a release (so it is reproducible), else now."""
    return (
        info.release.made_at.replace(tzinfo=None) if info.release else datetime.now(UTC).replace(tzinfo=None)
    )


def _write_cover(ws: Worksheet, info: CoverInfo, sheets: Sequence[Sheet]) -> None:
    pub = info.publication
    comp = info.completeness
    as_of = pub.published_at.isoformat(sep=" ", timespec="seconds") if pub.published_at else "unknown"
    rows: list[tuple[str, object]] = [
        ("Marking", marking(info.public, info.threshold)),
        ("Export", info.title),
        ("Year", info.year),
        ("Period covered", comp.period_covered(info.year)),
        ("Data as of", as_of),
        ("Complete quarters", ", ".join(f"Q{q}" for q in comp.complete_quarters) or "none"),
        ("Incomplete quarters", ", ".join(f"Q{q}" for q in comp.incomplete_quarters) or "none"),
        ("Complete feeds", ", ".join(comp.complete_feeds) or "none"),
        ("Incomplete feeds", ", ".join(comp.incomplete_feeds) or "none"),
        ("Counting rules version", COUNTING_RULES_VERSION),
        ("Contract version", CONTRACT_VERSION),
        ("Publication run", pub.run_id or "unknown"),
        (
            "Disclosure control",
            legend(info.threshold, info.secondary_symbol) if info.public else "none: exact figures",
        ),
        ("Written at (UTC)", _written_at(info).isoformat(sep=" ", timespec="seconds")),
    ]
    if info.public and info.release is not None:
        rows.append(("Figures from", CATALOGUE_SOURCE.format(id=info.release.id)))
    if info.release is not None:
        rel = info.release
        rows[1:1] = [
            ("Release", rel.id),
            (
                "Revisions",
                f"{rel.revisions} since release {rel.previous}" if rel.previous else "none: first release",
            ),
        ]
    ws.cell(1, 1, marking(info.public, info.threshold)).font = BOLD
    ws.cell(2, 1, info.title).font = BOLD
    r = 4
    for label, value in rows:
        ws.cell(r, 1, label).font = BOLD
        ws.cell(r, 2, value)
        r += 1
    r += 1
    ws.cell(r, 1, "Tables").font = BOLD
    r += 1
    for j, text in enumerate(("Table", "Sheet", "Title", "Comes from"), start=1):
        ws.cell(r, j, text).font = BOLD
    r += 1
    for sheet in sheets:
        for table in sheet.tables:
            for j, text in enumerate((table.key, sheet.name, table.title, table.source), start=1):
                ws.cell(r, j, text)
            r += 1
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 40
    ws.column_dimensions["C"].width = 60
    ws.column_dimensions["D"].width = 60


def build_workbook(info: CoverInfo, sheets: Sequence[Sheet]) -> tuple[Workbook, WrittenCounts]:
    """The whole workbook: cover first, then one sheet per `Sheet`, each marked on row 1."""
    keys = [t.key for s in sheets for t in s.tables]
    if len(keys) != len(set(keys)):
        raise ValueError(f"table keys repeat: {keys}")
    wb = Workbook()
    if info.release is not None:  # no time in the file but the release's own
        wb.properties.created = wb.properties.modified = _written_at(info)
    cover = wb.active
    assert cover is not None
    cover.title = COVER_SHEET
    _write_cover(cover, info, sheets)
    counts = WrittenCounts()
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name)
        ws.cell(1, 1, marking(info.public, info.threshold)).font = BOLD
        ws.cell(2, 1, sheet.title).font = BOLD
        if info.public:
            ws.cell(3, 1, legend(info.threshold, info.secondary_symbol))
        r = 4
        for table in sheet.tables:
            r = write_table(ws, r, table, info.public, counts)
        ws.column_dimensions["A"].width = 34
        for j in range(2, 16):
            ws.column_dimensions[get_column_letter(j)].width = 14
    return wb, counts


def check_workbook(path: Path, info: CoverInfo, sheets: Sequence[Sheet]) -> None:
    """Re-open the written file: every sheet there and marked; a public one holds no count from 1
    to threshold-1 in any cell. Raises ExportError otherwise."""
    try:
        wb = load_workbook(path, read_only=True)
    except Exception as exc:  # openpyxl raises several kinds
        raise ExportError(f"structure check failed: the workbook cannot be read back: {exc}") from exc
    try:
        expected = [COVER_SHEET, *(s.name for s in sheets)]
        if wb.sheetnames != expected:
            raise ExportError(f"structure check failed: sheets {wb.sheetnames}, expected {expected}")
        mark = marking(info.public, info.threshold)
        for ws in wb.worksheets:
            if ws.cell(1, 1).value != mark:
                raise ExportError(f"structure check failed: sheet {ws.title} is not marked {mark!r}")
            if not info.public:
                continue
            for row in ws.iter_rows(values_only=True):
                for value in row:
                    if isinstance(value, int | float) and 0 < value < info.threshold:
                        raise ExportError(
                            f"disclosure check failed: sheet {ws.title} shows {value} in a public workbook"
                        )
    finally:
        wb.close()
