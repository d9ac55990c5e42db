"""The true values of the catalogue's tables, computed in DuckDB from the `reporting` schema.

Each table comes out as a full grid: every year of the catalogue times every code (leaves and
aggregates) of each dimension, zeros included, so that a published 0 is explicit. The one
exception: a quarter after the last quarter the figures cover (a release's `through`) has no
row at all; it has not happened yet, and a 0 there would be false.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from tipstat.disclosure import codes
from tipstat.disclosure.codes import CodeList
from tipstat.disclosure.public_tables import TABLES, TableDef


class CatalogueError(RuntimeError):
    """The reporting schema cannot be turned into the catalogue (one line, names the table)."""


def _found(con: duckdb.DuckDBPyConnection, sql: str) -> list[str]:
    return [str(r[0]) for r in con.execute(sql).fetchall() if r[0] is not None]


def code_lists(con: duckdb.DuckDBPyConnection) -> dict[str, CodeList]:
    """Fixed lists, and the country and province lists from the codes the data holds."""
    lists = codes.fixed_lists()
    citizenship = _found(
        con,
        "select distinct citizenship from reporting.victims_detected union "
        "select distinct citizenship from reporting.justice_funnel",
    )
    lists["citizenship"] = codes.countries("citizenship", citizenship, home="VNM")
    lists["exploitation_country"] = codes.countries(
        "exploitation_country",
        _found(con, "select distinct exploitation_country from reporting.victim_routes"),
    )
    lists["returned_from"] = codes.countries(
        "returned_from", _found(con, "select distinct returned_from from reporting.repatriations")
    )
    lists["residence_province"] = codes.provinces(_found(con, "select code from reporting.provinces"))
    return lists


def catalogue_years(con: duckdb.DuckDBPyConnection) -> list[int]:
    sql = " union ".join(f"select distinct year from ({t.source})" for t in TABLES if t.protected)
    return sorted(int(y) for y in _found(con, sql))


def last_period(con: duckdb.DuckDBPyConnection) -> int | None:
    """The last quarter the figures cover as `year * 4 + quarter - 1`: a release's `through`
    (`release.info`), else the last quarter of `reporting.completeness`; None when unknown."""
    has_info = con.execute(
        "select count(*) from information_schema.tables "
        "where table_schema = 'release' and table_name = 'info'"
    ).fetchall()[0][0]
    if has_info:
        rows = con.execute("select through from release.info").fetchall()
        if rows and rows[0][0]:
            year, quarter = str(rows[0][0]).split("Q")
            return int(year) * 4 + int(quarter) - 1
    rows = con.execute(
        "select max(year * 4 + quarter - 1) from reporting.completeness where quarter is not null"
    ).fetchall()
    return int(rows[0][0]) if rows and rows[0][0] is not None else None


def _after(frame: pd.DataFrame, last: int) -> pd.Series:
    """Rows of a leaf quarter later than the period `last`."""
    quarter = frame["quarter"].astype(str)
    number = pd.to_numeric(quarter.str.removeprefix("Q"), errors="coerce")
    return (quarter != codes.TOTAL) & (frame["year"].astype(int) * 4 + number - 1 > last)


def _register_maps(con: duckdb.DuckDBPyConnection, lists: dict[str, CodeList]) -> None:
    """One mapping table per dimension: leaf -> each code that counts it (itself, aggregates)."""
    for name, cl in lists.items():
        rows = [(leaf, code) for code in cl.codes for leaf in sorted(cl.expand(code))]
        frame = pd.DataFrame(rows, columns=["leaf", "code"])
        con.register(f"_map_{name}", frame)


def table_values(
    con: duckdb.DuckDBPyConnection,
    table: TableDef,
    lists: dict[str, CodeList],
    years: list[int],
    last: int | None = None,
) -> pd.DataFrame:
    """The table as a full grid of codes with its true `value`; with `last` (a period, see
    `last_period`), quarters after it are left out (the data never hold any)."""
    dims = table.dims[1:]
    leaf = con.execute(table.source).df()
    # the years the table's source has figures for (a year with no row at all is not published)
    years = sorted({int(y) for y in leaf["year"]}) if len(leaf) else []
    if not table.protected:
        for d in dims:
            leaf[d] = leaf[d].astype(str)
        return leaf[["year", *dims, "value"]].sort_values(["year", *dims]).reset_index(drop=True)
    for d in dims:
        unknown = set(leaf[d].astype(str)) - set(lists[d].leaves)
        if unknown:
            raise CatalogueError(
                f"reporting data for {table.name}: {d} has codes outside its code list: {sorted(unknown)}"
            )
    con.register("_leaf", leaf)
    joins = " ".join(f'join _map_{d} m_{d} on cast(l."{d}" as varchar) = m_{d}.leaf' for d in dims)
    select = ", ".join(f'm_{d}.code as "{d}"' for d in dims)
    grid = " cross join ".join(
        ["(select unnest(?::integer[]) as year)"]
        + [f'(select distinct code as "{d}" from _map_{d})' for d in dims]
    )
    keys = ", ".join(["year", *(f'"{d}"' for d in dims)])
    sql = f"""
        with agg as (
            select l.year{", " + select if dims else ""}, sum(l.value) as value
            from _leaf l {joins} group by all
        )
        select {keys}, coalesce(agg.value, 0)::bigint as value
        from ({grid}) g left join agg using ({keys})
    """
    out = con.execute(sql, [years]).df()
    con.unregister("_leaf")
    order = {d: {c: i for i, c in enumerate(lists[d].codes)} for d in dims}
    sort_cols = ["year"]
    for d in dims:
        out[f"_o_{d}"] = out[d].map(order[d])
        sort_cols.append(f"_o_{d}")
    out = out.sort_values(sort_cols).drop(columns=sort_cols[1:]).reset_index(drop=True)
    out["year"] = out["year"].astype(int)
    if last is not None and "quarter" in dims:
        if len(leaf) and _after(leaf, last).any():  # never leave out a figure the data hold
            quarters = leaf["quarter"].astype(str).str.removeprefix("Q").astype(int)
            last = int((leaf["year"].astype(int) * 4 + quarters - 1).max())
        out = out[~_after(out, last)].reset_index(drop=True)
    return out


def true_tables(con: duckdb.DuckDBPyConnection) -> tuple[dict[str, CodeList], dict[str, pd.DataFrame]]:
    """Code lists and every catalogue table's exact values (for protection, never published)."""
    lists = code_lists(con)
    years = catalogue_years(con)
    last = last_period(con)
    _register_maps(con, lists)
    return lists, {t.name: table_values(con, t, lists, years, last) for t in TABLES}
