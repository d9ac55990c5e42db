"""A universe's cells for one year: the unit the protection and the audit work on.

Every table of the catalogue has `year`, and no table adds years up, so each (universe, year) is
independent. A dimension without `_T` (services: a person may receive several) is not a
partition; each of its codes is a block of its own. Within a block, a cell is identified by the
units it counts: for each dimension, the set of leaf codes (dimensions it does not cut are left
out), so the same count in two tables is one cell.

A year the figures cover only in part (a release through 2026Q3) has no row for its later
quarters (build.py): in that year's block the quarter list is cut to the quarters with rows, so
the year's `_T` is the sum of its published quarters and nothing is assumed of the rest.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pandas as pd

from tipstat.disclosure.codes import TOTAL, CodeList

Key = tuple[tuple[str, frozenset[str]], ...]


@dataclass(frozen=True)
class TableInfo:
    """What the protection and the audit need to know of a catalogue table."""

    name: str
    universe: str
    dims: tuple[str, ...]  # year first


@dataclass
class BlockCell:
    table: str
    row: int  # index in the table's frame
    codes: dict[str, str]  # the row's codes of the block's additive dimensions
    key: Key


@dataclass
class Block:
    universe: str
    year: int
    split: tuple[tuple[str, str], ...]
    dims: tuple[str, ...]  # additive dimensions of the universe (year and splits excluded)
    lists: dict[str, CodeList]
    cells: list[BlockCell] = field(default_factory=list)
    tables: dict[str, tuple[str, ...]] = field(default_factory=dict)  # table -> its additive dims

    @property
    def name(self) -> str:
        split = "".join(f", {d}={c}" for d, c in self.split)
        return f"{self.universe} {self.year}{split}"

    def leaves(self, cell: BlockCell, dim: str) -> frozenset[str]:
        for d, leaves in cell.key:
            if d == dim:
                return leaves
        return frozenset(self.lists[dim].leaves)


PERIOD_DIMS = ("quarter",)


def _cut_periods(block: Block) -> None:
    """Quarter leaves of the block: those with a row, when they are the first k of the list."""
    for dim in PERIOD_DIMS:
        if dim not in block.dims:
            continue
        full = block.lists[dim]
        present = {c.codes[dim] for c in block.cells if dim in c.codes}
        kept = tuple(leaf for leaf in full.leaves if leaf in present)
        if kept and kept != full.leaves and kept == full.leaves[: len(kept)]:
            block.lists = {**block.lists, dim: CodeList(dim, kept, {TOTAL: kept})}


def cell_key(codes: dict[str, str], lists: dict[str, CodeList]) -> Key:
    parts = []
    for dim in sorted(codes):
        leaves = lists[dim].expand(codes[dim])
        if leaves != frozenset(lists[dim].leaves):
            parts.append((dim, leaves))
    return tuple(parts)


def lines(block: Block) -> list[list[Key]]:
    """Additive relations the tables show: for each aggregate code, its members then itself,
    at every combination of the table's other codes."""
    found: dict[tuple[Key, ...], None] = {}
    by_table: dict[str, dict[tuple, Key]] = {}
    for cell in block.cells:
        by_table.setdefault(cell.table, {})[tuple(cell.codes[d] for d in block.tables[cell.table])] = cell.key
    for table, cells in by_table.items():
        dims = block.tables[table]
        for codes_tuple in cells:
            for i, dim in enumerate(dims):
                members = block.lists[dim].aggregates.get(codes_tuple[i])
                if not members:
                    continue
                keys = []
                for m in members:
                    other = (*codes_tuple[:i], m, *codes_tuple[i + 1 :])
                    if other in cells:
                        keys.append(cells[other])
                keys.append(cells[codes_tuple])
                if len(keys) >= 2:
                    found[tuple(keys)] = None
    return [list(line) for line in found]


def blocks(
    infos: list[TableInfo], frames: dict[str, pd.DataFrame], lists: dict[str, CodeList]
) -> Iterator[Block]:
    """The blocks of the count tables, cells in table order."""
    by_universe: dict[str, list[TableInfo]] = {}
    for info in infos:
        by_universe.setdefault(info.universe, []).append(info)
    for universe, tinfos in sorted(by_universe.items()):
        all_dims = sorted({d for t in tinfos for d in t.dims[1:]})
        splits = [d for d in all_dims if TOTAL not in lists[d].aggregates]
        dims = tuple(d for d in all_dims if d not in splits)
        groups: dict[tuple, Block] = {}
        for t in tinfos:
            frame = frames[t.name]
            tdims = tuple(d for d in t.dims[1:] if d not in splits)
            tsplits = [d for d in t.dims[1:] if d in splits]
            records = frame[list(t.dims)].astype({"year": int}).to_dict("records")
            for row, rec in zip(frame.index, records, strict=True):
                split = tuple((d, str(rec[d])) for d in tsplits)
                gkey = (int(rec["year"]), split)
                block = groups.get(gkey)
                if block is None:
                    block = groups[gkey] = Block(universe, gkey[0], split, dims, lists)
                block.tables.setdefault(t.name, tdims)
                codes = {d: str(rec[d]) for d in tdims}
                block.cells.append(BlockCell(t.name, row, codes, ()))
        for k in sorted(groups):
            block = groups[k]
            _cut_periods(block)
            for cell in block.cells:
                cell.key = cell_key(cell.codes, block.lists)
            yield block
