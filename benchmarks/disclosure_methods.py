"""Linked-table suppression (tipstat's method) against a simple cell-key perturbation, on the
detected (confirmed) victims of a home's working figures: the four catalogue tables of that
universe (form x sex x age, citizenship x sex x age, province x country, quarter), every year.

Cell-key perturbation, ONS style, kept simple: each person carries a fixed random key in [0, 1)
(from a hash of the person id, so the same person has the same key in every table); a cell's key
is the sum of its persons' keys mod 1; a perturbation table with maximum D = 2 maps the cell key
to a change of -2..+2 (5% -2, 15% -1, 60% 0, 15% +1, 5% +2), never taking a count of 5 or more
below 5. Counts 1-4 are hidden as `<5` under both methods (the same primary rule), zeros stay 0.

    uv run python benchmarks/disclosure_methods.py [--home DIR]

Prints, per method: cells, cells hidden, cells perturbed, mean absolute change of the published
cells, seconds.
"""

from __future__ import annotations

import argparse
import hashlib
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from tipstat.disclosure.catalogue import build_catalogue
from tipstat.disclosure.codes import CodeList
from tipstat.disclosure.policy import DisclosurePolicy
from tipstat.settings import Home

TABLES = {
    "victims_form_sex_age": ("exploitation_form", "sex", "age_group"),
    "victims_citizenship_sex_age": ("citizenship", "sex", "age_group"),
    "victims_province_country": ("residence_province", "exploitation_country"),
    "victims_quarter": ("quarter",),
}
UNKNOWN = {
    "sex": "U",
    "age_group": "UNKNOWN",
    "exploitation_form": "UNKNOWN",
    "citizenship": "UNK",
    "residence_province": "UNK",
    "exploitation_country": "UNK",
}
BANDS = ((0.05, -2), (0.20, -1), (0.80, 0), (0.95, 1), (1.00, 2))  # cumulative: D = 2


def person_key(person_id: str) -> float:
    return int(hashlib.sha256(person_id.encode()).hexdigest()[:13], 16) / 16**13


def noise(cell_key: float) -> int:
    return next(change for upper, change in BANDS if cell_key < upper)


def persons(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    frame = con.execute(
        "select person_id, year, quarter, sex, age_group, exploitation_form, citizenship, "
        "residence_province, exploitation_country from intermediate.int_victim_persons "
        "where status = 'CONFIRMED'"
    ).df()
    for column, unknown in UNKNOWN.items():
        values = frame[column].fillna("").astype(str)
        frame[column] = values.where(~values.isin(["", unknown]), "_U")
    frame["quarter"] = "Q" + frame["quarter"].astype(str)
    frame["key"] = [person_key(p) for p in frame["person_id"]]
    return frame


def cells(frame: pd.DataFrame, dims: tuple[str, ...], lists: dict[str, CodeList]) -> pd.DataFrame:
    """Count and cell key of every cell (leaf and aggregate codes) of one table."""
    out = frame[["year", "key", *dims]].copy()
    for dim in dims:
        cl = lists[dim]
        parents = {leaf: [c for c in cl.codes if leaf in cl.expand(c)] for leaf in cl.leaves}
        out[dim] = out[dim].map(parents)
        out = out.explode(dim)
    grouped = out.groupby(["year", *dims])["key"].agg(["count", "sum"]).reset_index()
    grouped["cell_key"] = grouped["sum"] % 1.0
    return grouped


def cell_key_method(frame: pd.DataFrame, lists: dict[str, CodeList], policy: DisclosurePolicy) -> dict:
    start = time.perf_counter()
    total = hidden = perturbed = 0
    changes: list[int] = []
    for dims in TABLES.values():
        table = cells(frame, dims, lists)
        for n, key in zip(table["count"], table["cell_key"], strict=True):
            total += 1
            if policy.is_primary(int(n)):
                hidden += 1
                continue
            change = noise(float(key)) if n >= policy.threshold else 0
            if n + change < policy.threshold:
                change = 0
            perturbed += change != 0
            changes.append(abs(change))
    # cells with no person are 0 in both methods; the catalogue's grid lists them too
    return {
        "cells with persons": total,
        "hidden": hidden,
        "perturbed": perturbed,
        "mean |change|": float(np.mean(changes)) if changes else 0.0,
        "seconds": time.perf_counter() - start,
    }


def suppression_method(con: duckdb.DuckDBPyConnection, policy: DisclosurePolicy) -> tuple[dict, dict]:
    start = time.perf_counter()
    cat = build_catalogue(con, policy)
    seconds = time.perf_counter() - start
    flags = pd.concat([cat.frames[name]["flag"] for name in TABLES])
    values = pd.concat([cat.frames[name]["value"] for name in TABLES])
    nonzero = int(((flags != "") | (values.fillna(0) > 0)).sum())
    result = {
        "cells with persons": nonzero,
        "hidden": int(flags.isin(["P", "S"]).sum()),
        "primary": int((flags == "P").sum()),
        "secondary": int((flags == "S").sum()),
        "perturbed": 0,
        "mean |change|": 0.0,
        "seconds (whole catalogue)": seconds,
    }
    return result, cat.lists


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, default=None)
    args = parser.parse_args()
    home = Home.resolve(args.home)
    policy = DisclosurePolicy.from_settings()
    con = duckdb.connect(str(home.warehouse), read_only=True)
    try:
        suppression, lists = suppression_method(con, policy)
        frame = persons(con)
    finally:
        con.close()
    perturbation = cell_key_method(frame, lists, policy)
    for name, figures in (("linked suppression", suppression), ("cell-key perturbation D=2", perturbation)):
        shown = ", ".join(f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}" for k, v in figures.items())
        print(f"{name}: {shown}")
    share = {n: f["hidden"] / f["cells with persons"] for n, f in (("s", suppression), ("p", perturbation))}
    print(f"share of non-empty cells hidden: suppression {share['s']:.1%}, cell-key {share['p']:.1%}")


if __name__ == "__main__":
    main()
