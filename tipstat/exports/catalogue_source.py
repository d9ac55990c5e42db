"""The public edition of an export reads a release's public catalogue and nothing else.

disclosure.md: "Public exports are the catalogue's tables laid out in the international formats."
Every figure of a public export is one cell of `releases/<id>/public/` as published there: its
value, or `<5` on a primary cell and the secondary symbol (`x`) on a cell hidden to protect
another. A cut the catalogue does not hold is not worked out here; the layouts use cells the
catalogue has (e.g. `_T` for totals) and leave the rest out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from tipstat.disclosure import ProtectedTable
from tipstat.disclosure.catalogue import CATALOGUE_FILE, Catalogue, read_catalogue
from tipstat.disclosure.policy import PRIMARY, SECONDARY
from tipstat.exports.common import ExportError
from tipstat.exports.release_source import ReleaseStamp
from tipstat.settings import Home

CAT_TOTAL = "_T"
Codes = dict[str, str]
Axis = Sequence[tuple[object, Codes]]  # (row or column key, the catalogue codes it stands for)


def release_catalogue(home: Home, stamp: ReleaseStamp) -> Catalogue:
    from tipstat.releases.store import public_dir

    folder = public_dir(home, stamp.id)
    if not (folder / CATALOGUE_FILE).exists():
        raise ExportError(f"release {stamp.id} has no public catalogue in {folder}: prepare a new release")
    return read_catalogue(folder)


@dataclass
class YearCatalogue:
    """One year of a catalogue, with each table indexed by its codes."""

    catalogue: Catalogue
    year: int

    def __post_init__(self) -> None:
        self._cells: dict[str, dict[tuple[str, ...], tuple[object, str]]] = {}

    @property
    def threshold(self) -> int:
        return self.catalogue.policy.threshold

    def dims(self, table: str) -> list[str]:
        entry = next(t for t in self.catalogue.tables if t["name"] == table)
        return [d for d in entry["dims"] if d != "year"]

    def _index(self, table: str) -> dict[tuple[str, ...], tuple[object, str]]:
        found = self._cells.get(table)
        if found is None:
            frame = self.catalogue.frames[table]
            frame = frame[frame["year"].astype(int) == self.year]
            dims = self.dims(table)
            keys = zip(*(frame[d].astype(str) for d in dims), strict=True) if dims else ((),) * len(frame)
            found = self._cells[table] = {
                tuple(k): (v, str(f)) for k, v, f in zip(keys, frame["value"], frame["flag"], strict=True)
            }
        return found

    def has(self, table: str) -> bool:
        return bool(self._index(table))

    def cell(self, table: str, codes: Codes) -> tuple[object, str] | None:
        """(value, flag) of one cell, None when the catalogue has no such cell."""
        key = tuple(codes[d] for d in self.dims(table))
        return self._index(table).get(key)

    def codes(self, table: str, dim: str, fixed: Codes) -> list[str]:
        """The codes of `dim` with a row where the other dimensions are `fixed`."""
        dims = self.dims(table)
        j = dims.index(dim)
        return [k[j] for k in self._index(table) if all(k[dims.index(d)] == c for d, c in fixed.items())]

    def shown_or_hidden(self, table: str, codes: Codes) -> bool:
        """The cell is not a published 0 (worth a row of its own)."""
        found = self.cell(table, codes)
        return found is not None and (found[1] in (PRIMARY, SECONDARY) or int(found[0]) != 0)  # type: ignore[call-overload]

    def cut(self, table: str | Sequence[str], fixed: Codes, rows: Axis, cols: Axis) -> ProtectedTable:
        """Rows x columns of catalogue cells. `table` may give one table per column (stages)."""
        tables = [table] * len(cols) if isinstance(table, str) else list(table)
        values = pd.DataFrame(0, index=[r for r, _ in rows], columns=[c for c, _ in cols], dtype="int64")
        hidden = pd.DataFrame(False, index=values.index, columns=values.columns)
        display = pd.DataFrame(0, index=values.index, columns=values.columns, dtype=object)
        policy = self.catalogue.policy
        for r, rcodes in rows:
            for (c, ccodes), name in zip(cols, tables, strict=True):
                found = self.cell(name, {**fixed, **rcodes, **ccodes})
                if found is None:
                    raise ExportError(
                        f"the public catalogue of release {self.catalogue.release} has no cell "
                        f"{name} {self.year} {dict(fixed, **rcodes, **ccodes)}"
                    )
                value, flag = found
                if flag in (PRIMARY, SECONDARY):
                    hidden.loc[r, c] = True
                    display.loc[r, c] = policy.symbol(flag)
                else:
                    values.loc[r, c] = display.loc[r, c] = int(value)  # type: ignore[call-overload]
        for frame in (values, hidden, display):
            frame.index.name = None
        return ProtectedTable(values=values, suppressed=hidden, display=display, threshold=policy.threshold)


def public_year(home: Home, stamp: ReleaseStamp, year: int) -> YearCatalogue:
    """One year of the release's public catalogue; refused when the catalogue has no annual
    figures for it (a year the release covers only in part has quarterly figures only)."""
    cat = YearCatalogue(release_catalogue(home, stamp), year)
    if not cat.has(ANNUAL_TABLE):
        frame = cat.catalogue.frames[ANNUAL_TABLE]
        years = ", ".join(str(y) for y in sorted({int(y) for y in frame["year"]})) or "none"
        raise ExportError(f"no public figures for {year} in release {stamp.id} (years: {years})")
    return cat


ANNUAL_TABLE = "victims_form_sex_age"
