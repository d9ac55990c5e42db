"""Revisions: figures present in two releases whose value differs, and the files that caused them.

A figure is one measure of one row of a published table (its dimensions, year included). Only
periods covered by both releases are compared; within them a row one release lacks counts as 0
(the tables hold no zero rows). The files are those accepted or superseded between the two
releases (in the newer release's submissions with a status the older did not record for them):
those of a feed that feeds the table and of the figure's year; failing that, those of a feed that
feeds the table; failing that, all of them.
"""

from __future__ import annotations

import json

import duckdb

from tipstat.releases.coverage import row_filter
from tipstat.releases.ids import Quarter
from tipstat.releases.snapshot import quote, reporting_tables, table_columns

VICTIM_FEEDS = ("police_victims", "border_victims", "social_victims", "consular_victims")
# published figures: table -> (count measures, feeds that feed it)
FIGURES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "victims_detected": (("victims",), VICTIM_FEEDS),
    "victims_quarterly": (("victims",), VICTIM_FEEDS),
    "victim_routes": (("victims",), VICTIM_FEEDS),
    "sdg_16_2_2": (("victims", "population"), (*VICTIM_FEEDS, "population_population")),
    "justice_funnel": (("persons",), ("police_suspects", "procuracy_defendants", "court_defendants")),
    "cases": (("cases",), ("police_cases",)),
    "cases_quarterly": (("cases",), ("police_cases",)),
    "repatriations": (("victims",), VICTIM_FEEDS),
    "repatriations_by_status": (("victims",), VICTIM_FEEDS),
    "assistance": (("victims_assisted",), VICTIM_FEEDS),
    "assistance_services": (("victims",), VICTIM_FEEDS),
    "population_by_province": (("population",), ("population_population",)),
}
NOT_DIMENSIONS = {"rate_per_100k", "median_days_to_support"}

REVISION_COLUMNS = "table_name VARCHAR, key VARCHAR, year INTEGER, old BIGINT, new BIGINT, files VARCHAR[]"


def _table_sql(
    con: duckdb.DuckDBPyConnection, old: str, new: str, table: str, through: Quarter
) -> str | None:
    measures, _ = FIGURES[table]
    columns = table_columns(con, new, table)
    if not columns or table_columns(con, old, table) != columns:
        return None
    dims = [c for c in columns if c not in measures and c not in NOT_DIMENSIONS]
    where = row_filter(table, columns, through)
    on = " AND ".join(f"o.{quote(d)} IS NOT DISTINCT FROM n.{quote(d)}" for d in dims) or "TRUE"
    parts = []
    for measure in measures:
        key_items = [f"'{d}', coalesce(n.{quote(d)}, o.{quote(d)})" for d in dims]
        if len(measures) > 1:
            key_items.append(f"'measure', '{measure}'")
        key = f"CAST(json_object({', '.join(key_items)}) AS VARCHAR)"
        parts.append(
            f"SELECT '{table}' AS table_name, {key} AS key, coalesce(n.year, o.year) AS year, "
            f"CAST(coalesce(o.{quote(measure)}, 0) AS BIGINT) AS old, "
            f"CAST(coalesce(n.{quote(measure)}, 0) AS BIGINT) AS new "
            f"FROM (SELECT * FROM {old}.reporting.{quote(table)} WHERE {where}) o "
            f"FULL OUTER JOIN (SELECT * FROM {new}.reporting.{quote(table)} WHERE {where}) n ON {on} "
            f"WHERE coalesce(o.{quote(measure)}, 0) IS DISTINCT FROM coalesce(n.{quote(measure)}, 0)"
        )
    return " UNION ALL ".join(parts)


def revisions_sql(
    con: duckdb.DuckDBPyConnection, old: str, new: str, old_through: str, new_through: str
) -> str:
    """A SELECT of (table_name, key, year, old, new, files) between catalogs `old` and `new`."""
    from tipstat.releases.ids import parse_quarter

    through = min(parse_quarter(old_through), parse_quarter(new_through))
    present = set(reporting_tables(con, old)) & set(reporting_tables(con, new))
    selects = [s for t in sorted(FIGURES) if t in present and (s := _table_sql(con, old, new, t, through))]
    feeds = " UNION ALL ".join(
        f"SELECT '{t}' AS table_name, '{f}' AS fe" for t in FIGURES for f in FIGURES[t][1]
    )
    body = (
        " UNION ALL ".join(selects)
        if selects
        else "SELECT * FROM (VALUES (NULL, NULL, NULL, 0, 0)) v(table_name, key, year, old, new) WHERE FALSE"
    )
    return f"""
        WITH r AS ({body}),
        table_feeds AS ({feeds}),
        changed AS (
            SELECT n.feed || '_' || n.entity AS fe, n.file_name,
                   TRY_CAST(left(n.period, 4) AS INTEGER) AS year
            FROM {new}.reporting.submissions n
            WHERE n.status IN ('ACCEPTED', 'SUPERSEDED')
              AND NOT EXISTS (
                  SELECT 1 FROM {old}.reporting.submissions o
                  WHERE o.file_name = n.file_name AND o.status = n.status)
        ),
        by_year AS (
            SELECT tf.table_name, c.year, list(DISTINCT c.file_name ORDER BY c.file_name) AS files
            FROM changed c JOIN table_feeds tf ON tf.fe = c.fe GROUP BY ALL
        ),
        by_table AS (
            SELECT tf.table_name, list(DISTINCT c.file_name ORDER BY c.file_name) AS files
            FROM changed c JOIN table_feeds tf ON tf.fe = c.fe GROUP BY ALL
        ),
        everything AS (SELECT list(DISTINCT file_name ORDER BY file_name) AS files FROM changed)
        SELECT r.table_name, r.key, r.year, r.old, r.new,
               coalesce(y.files, t.files, e.files, CAST([] AS VARCHAR[])) AS files
        FROM r
        LEFT JOIN by_year y ON y.table_name = r.table_name AND y.year = r.year
        LEFT JOIN by_table t ON t.table_name = r.table_name
        CROSS JOIN everything e
        ORDER BY r.table_name, r.key
    """


def as_json_rows(rows: list[tuple]) -> list[dict]:
    """The `diff --json` shape: {"table", "key", "old", "new", "files"}."""
    return [
        {"table": table, "key": json.loads(key), "old": old, "new": new, "files": list(files or [])}
        for table, key, _year, old, new, files in rows
    ]
