"""The public catalogue of a release: build it from a `reporting` schema, write it, read it, audit it.

`catalogue.json` (disclosure.md) plus one CSV per table: one column per dimension (codes), then
`value` (empty when hidden) and `flag` (empty, `P`, `S`, `N`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from tipstat import progress
from tipstat.disclosure.audit import AuditReport, audit_tables
from tipstat.disclosure.blocks import TableInfo, blocks
from tipstat.disclosure.build import true_tables
from tipstat.disclosure.codes import CodeList
from tipstat.disclosure.policy import PRIMARY, SECONDARY, DisclosurePolicy
from tipstat.disclosure.public_tables import BY_NAME, TABLES
from tipstat.disclosure.suppression import protect_block

CATALOGUE_FILE = "catalogue.json"
AUDIT_FILE = "audit.json"


@dataclass
class Catalogue:
    """A catalogue in memory: what is published (frames with `value` and `flag`)."""

    release: str | None
    policy: DisclosurePolicy
    lists: dict[str, CodeList]
    tables: list[dict]  # the catalogue.json entries
    frames: dict[str, pd.DataFrame]
    seconds: float = 0.0
    _report: AuditReport | None = None

    def table(self, name: str) -> pd.DataFrame:
        return self.frames[name].copy()

    def infos(self) -> list[TableInfo]:
        return [
            TableInfo(t["name"], t["universe"], tuple(t["dims"]))
            for t in self.tables
            if t.get("measure", "count") == "count"
        ]

    def audit(self) -> AuditReport:
        """The audit of disclosure.md on what is published (computed once per catalogue)."""
        if self._report is None:
            self._report = audit_tables(self.infos(), self.frames, self.lists, self.policy)
        return self._report

    def counts(self) -> dict[str, int]:
        """Cells published, hidden as primary, hidden as secondary (count tables)."""
        flags = pd.concat([self.frames[i.name]["flag"] for i in self.infos()])
        return {
            "cells": len(flags),
            "primary": int((flags == PRIMARY).sum()),
            "secondary": int((flags == SECONDARY).sum()),
        }


SOURCE_TABLES = (
    "victims_detected",
    "victim_routes",
    "victims_quarterly",
    "justice_funnel",
    "cases_quarterly",
    "repatriations",
    "assistance",
    "assistance_services",
    "population_by_province",
    "provinces",
)
_MEMO: dict[tuple, Catalogue] = {}
_MEMO_SIZE = 8


def fingerprint(con: duckdb.DuckDBPyConnection) -> tuple:
    """The content of the reporting tables the catalogue is cut from (rows and a sum of row hashes)."""
    parts = " union all ".join(
        f"select '{t}', count(*), cast(sum(hash(x)) as varchar) from reporting.{t} x" for t in SOURCE_TABLES
    )
    return tuple(con.execute(parts).fetchall())


def build_catalogue(
    con: duckdb.DuckDBPyConnection, policy: DisclosurePolicy, release: str | None = None
) -> Catalogue:
    """Exact tables from `con`'s reporting schema, protected as one whole. The same figures and
    policy give the same catalogue, so a process builds each one once."""
    key = (fingerprint(con), policy)
    found = _MEMO.get(key)
    if found is None:
        found = _build(con, policy)
        if len(_MEMO) >= _MEMO_SIZE:
            _MEMO.pop(next(iter(_MEMO)))
        _MEMO[key] = found
    return Catalogue(
        release, found.policy, found.lists, found.tables, found.frames, found.seconds, found._report
    )


def _build(con: duckdb.DuckDBPyConnection, policy: DisclosurePolicy) -> Catalogue:
    release = None
    start = time.perf_counter()
    lists, truth = true_tables(con)
    infos = [TableInfo(t.name, t.universe, t.dims) for t in TABLES if t.protected]
    report = AuditReport()
    flags = {name: pd.Series("", index=frame.index, dtype=object) for name, frame in truth.items()}
    found = list(blocks(infos, truth, lists))
    progress.start("protect", len(found))
    for block in found:
        true = {}
        for cell in block.cells:
            true.setdefault(cell.key, int(truth[cell.table].at[cell.row, "value"]))
        decided = protect_block(block, true, policy, report)
        for cell in block.cells:
            flags[cell.table].at[cell.row] = decided[cell.key]
        progress.advance("protect")
    progress.finish("protect")
    frames = {}
    for t in TABLES:
        frame = truth[t.name].copy()
        if t.protected:
            frame["flag"] = flags[t.name]
            frame["value"] = frame["value"].astype("Int64").mask(frame["flag"].isin([PRIMARY, SECONDARY]))
        else:
            frame["flag"] = ""
        frames[t.name] = frame
    entries = [
        {
            "name": t.name,
            "title_vi": t.title_vi,
            "title_en": t.title_en,
            "universe": t.universe,
            "dims": list(t.dims),
            "file": f"{t.name}.csv",
            **({} if t.protected else {"measure": t.measure}),
        }
        for t in TABLES
    ]
    return Catalogue(release, policy, lists, entries, frames, time.perf_counter() - start)


def _json(cat: Catalogue) -> dict:
    return {
        "release": cat.release,
        "method": cat.policy.method,
        "threshold": cat.policy.threshold,
        "max_perturbation": cat.policy.max_perturbation,
        "symbols": {"P": cat.policy.primary_symbol, "S": cat.policy.secondary_symbol},
        "tables": cat.tables,
        "codelists": {name: cl.to_json() for name, cl in sorted(cat.lists.items())},
    }


def _number(v: float) -> str:
    if pd.isna(v):
        return ""
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def _csv(frame: pd.DataFrame) -> str:
    out = frame.copy()
    if "value" in out and out["value"].dtype.kind == "f":  # whole numbers exactly (population)
        out["value"] = out["value"].map(_number)
    return out.to_csv(index=False, lineterminator="\n")


def write_files(cat: Catalogue, folder: Path, report: AuditReport | None = None) -> None:
    """Write catalogue.json and the CSVs (and `audit.json` when given) into an existing folder,
    each file fsynced. Callers make the folder appear whole (write_catalogue, releases)."""
    files = {CATALOGUE_FILE: json.dumps(_json(cat), ensure_ascii=False, indent=1) + "\n"}
    files.update({t["file"]: _csv(cat.frames[t["name"]]) for t in cat.tables})
    if report is not None:
        files[AUDIT_FILE] = json.dumps(audit_json(report), ensure_ascii=False, indent=1) + "\n"
    for name, text in files.items():
        with open(Path(folder) / name, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())


def audit_json(report: AuditReport) -> dict:
    """The audit as recorded beside a catalogue: findings name cells, never values."""
    return {
        "clean": report.clean,
        "findings": [str(f) for f in report.findings],
        "inconsistent": report.inconsistent,
        "blocks": report.blocks,
        "hypercube_cells": report.variables,
        "linear_programs": report.lps,
    }


def write_catalogue(cat: Catalogue, folder: Path, report: AuditReport | None = None) -> Path:
    """Write the catalogue into `folder` as a whole: built beside, then renamed in."""
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        write_files(cat, tmp, report)
        if folder.exists():
            old = folder.with_name(f".{folder.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(folder, old)
            os.replace(tmp, folder)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return folder


def read_catalogue(folder: Path) -> Catalogue:
    folder = Path(folder)
    meta = json.loads((folder / CATALOGUE_FILE).read_text(encoding="utf-8"))
    policy = DisclosurePolicy(
        threshold=int(meta["threshold"]),
        secondary_symbol=meta.get("symbols", {}).get("S", "x"),
        method=meta["method"],
        max_perturbation=int(meta.get("max_perturbation", 0)),
    )
    lists = {name: CodeList.from_json(name, data) for name, data in meta["codelists"].items()}
    frames = {}
    for t in meta["tables"]:
        dims = t["dims"]
        dtypes = {d: str for d in dims if d != "year"}
        frame = pd.read_csv(
            folder / t["file"],
            dtype={**dtypes, "flag": str},
            keep_default_na=False,
            na_values={"value": [""]},
        )
        frame["flag"] = frame["flag"].fillna("")
        if t.get("measure", "count") == "count":
            frame["value"] = frame["value"].astype("Int64")
        frames[t["name"]] = frame
    return Catalogue(meta.get("release"), policy, lists, meta["tables"], frames)


_AUDITS: dict[str, AuditReport] = {}


def audit_folder(folder: Path) -> tuple[Catalogue, AuditReport]:
    """Read a catalogue folder and audit it; the same bytes are audited once per process."""
    folder = Path(folder)
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*")):
        if path.name != AUDIT_FILE and path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    cat = read_catalogue(folder)
    key = digest.hexdigest()
    if key not in _AUDITS:
        _AUDITS[key] = cat.audit()
    return cat, _AUDITS[key]


def build_from_warehouse(path: Path, policy: DisclosurePolicy, release: str | None = None) -> Catalogue:
    """A catalogue from a DuckDB file holding the `reporting` schema (a release or the working one)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return build_catalogue(con, policy, release)
    finally:
        con.close()


__all__ = [
    "BY_NAME",
    "Catalogue",
    "build_catalogue",
    "build_from_warehouse",
    "read_catalogue",
    "write_catalogue",
]
