"""The public catalogue of a release: build it from a `reporting` schema, write it, read it, audit it.

`catalogue.json` (disclosure.md) plus one CSV per table: one column per dimension (codes), then
`value` (empty when hidden) and `flag` (empty, `P`, `S`, `N`).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from tipstat.disclosure.audit import AuditReport, audit_tables
from tipstat.disclosure.blocks import TableInfo, blocks
from tipstat.disclosure.build import true_tables
from tipstat.disclosure.codes import CodeList
from tipstat.disclosure.policy import PRIMARY, SECONDARY, DisclosurePolicy
from tipstat.disclosure.public_tables import BY_NAME, TABLES
from tipstat.disclosure.suppression import protect_block

CATALOGUE_FILE = "catalogue.json"


@dataclass
class Catalogue:
    """A catalogue in memory: what is published (frames with `value` and `flag`)."""

    release: str | None
    policy: DisclosurePolicy
    lists: dict[str, CodeList]
    tables: list[dict]  # the catalogue.json entries
    frames: dict[str, pd.DataFrame]
    seconds: float = 0.0

    def table(self, name: str) -> pd.DataFrame:
        return self.frames[name]

    def infos(self) -> list[TableInfo]:
        return [
            TableInfo(t["name"], t["universe"], tuple(t["dims"]))
            for t in self.tables
            if t.get("measure", "count") == "count"
        ]

    def audit(self) -> AuditReport:
        return audit_tables(self.infos(), self.frames, self.lists, self.policy)

    def counts(self) -> dict[str, int]:
        """Cells published, hidden as primary, hidden as secondary (count tables)."""
        flags = pd.concat([self.frames[i.name]["flag"] for i in self.infos()])
        return {
            "cells": len(flags),
            "primary": int((flags == PRIMARY).sum()),
            "secondary": int((flags == SECONDARY).sum()),
        }


def build_catalogue(
    con: duckdb.DuckDBPyConnection, policy: DisclosurePolicy, release: str | None = None
) -> Catalogue:
    """Exact tables from `con`'s reporting schema, protected as one whole."""
    start = time.perf_counter()
    lists, truth = true_tables(con)
    infos = [TableInfo(t.name, t.universe, t.dims) for t in TABLES if t.protected]
    report = AuditReport()
    flags = {name: pd.Series("", index=frame.index, dtype=object) for name, frame in truth.items()}
    for block in blocks(infos, truth, lists):
        true = {}
        for cell in block.cells:
            true.setdefault(cell.key, int(truth[cell.table].at[cell.row, "value"]))
        decided = protect_block(block, true, policy, report)
        for cell in block.cells:
            flags[cell.table].at[cell.row] = decided[cell.key]
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


def _csv(frame: pd.DataFrame) -> str:
    out = frame.copy()
    if "value" in out and out["value"].dtype.kind == "f":
        out["value"] = out["value"].map(lambda v: "" if pd.isna(v) else f"{v:g}")
    return out.to_csv(index=False, lineterminator="\n")


def write_catalogue(cat: Catalogue, folder: Path) -> Path:
    """Write the catalogue into `folder` as a whole: built beside, fsynced, then renamed in."""
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        files = {CATALOGUE_FILE: json.dumps(_json(cat), ensure_ascii=False, indent=1, sort_keys=False) + "\n"}
        files.update({t["file"]: _csv(cat.frames[t["name"]]) for t in cat.tables})
        for name, text in files.items():
            with open(tmp / name, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
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
