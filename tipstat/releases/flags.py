"""Quality flags a release must have acknowledged before sign-off (releases.md).

Series: each feed and entity's quarterly record count (rows of the file version in force) and
each headline series (detected victims and cases by quarter; persons suspected, prosecuted and
convicted by year, the only period the justice table has).
- outlier: more than 3 robust standard deviations (MAD x 1.4826) from the median of the 8
  periods just before it, when all 8 exist. When those 8 are all equal (MAD 0), any other value
  is flagged: it lies infinitely many robust deviations away.
- break: the same period differs from the previous release by more than 10% and more than 5.
- incomplete: a covered quarter with an expected feed MISSING, REJECTED or LATE.
"""

from __future__ import annotations

import duckdb

from tipstat.releases.store import Flag

MAD_SCALE = 1.4826
OUTLIER_SDS = 3
WINDOW = 8
BREAK_SHARE = 0.10
BREAK_ABSOLUTE = 5
_QUARTER = r"'^\d{4}Q[1-4]$'"


def series_sql(db: str) -> str:
    """(family, subject, period, idx, value) for every series in catalog `db`; idx orders periods."""
    return f"""
        SELECT 'records' AS family, feed || '_' || entity AS subject, period,
               CAST(left(period, 4) AS INTEGER) * 4 + CAST(right(period, 1) AS INTEGER) - 1 AS idx,
               CAST(sum("rows") AS BIGINT) AS value
        FROM {db}.reporting.submissions
        WHERE status = 'ACCEPTED' AND regexp_matches(period, {_QUARTER})
        GROUP BY ALL
        UNION ALL
        SELECT 'headline', 'detected_victims', period, year * 4 + quarter - 1, CAST(sum(victims) AS BIGINT)
        FROM {db}.reporting.victims_quarterly WHERE status = 'CONFIRMED' GROUP BY ALL
        UNION ALL
        SELECT 'headline', 'cases', period, year * 4 + quarter - 1, CAST(sum(cases) AS BIGINT)
        FROM {db}.reporting.cases_quarterly GROUP BY ALL
        UNION ALL
        SELECT 'headline', lower(stage), CAST(year AS VARCHAR), year, CAST(sum(persons) AS BIGINT)
        FROM {db}.reporting.justice_funnel GROUP BY ALL
    """


def outliers(con: duckdb.DuckDBPyConnection, db: str) -> list[tuple[str, str, str, str]]:
    rows = con.execute(
        f"""
        WITH s AS ({series_sql(db)}),
        w AS (
            SELECT *, list(value) OVER (
                PARTITION BY family, subject ORDER BY idx RANGE BETWEEN {WINDOW} PRECEDING AND 1 PRECEDING
            ) AS before
            FROM s
        ),
        m AS (SELECT *, list_median(before) AS med FROM w WHERE len(before) = {WINDOW}),
        d AS (SELECT *, list_median(list_transform(before, lambda x: abs(x - med))) AS mad FROM m)
        SELECT subject, period, value, med, mad FROM d
        WHERE abs(value - med) > {OUTLIER_SDS} * {MAD_SCALE} * mad
        ORDER BY subject, idx
        """
    ).fetchall()
    return [
        (
            "outlier",
            subject,
            period,
            f"{value} against a median of {med:g} over the {WINDOW} periods before "
            f"(robust SD {MAD_SCALE * mad:.1f}; more than {OUTLIER_SDS} robust SDs away)",
        )
        for subject, period, value, med, mad in rows
    ]


def breaks(
    con: duckdb.DuckDBPyConnection, db: str, prev: str, prev_id: str
) -> list[tuple[str, str, str, str]]:
    rows = con.execute(
        f"""
        WITH c AS ({series_sql(db)}), p AS ({series_sql(prev)})
        SELECT c.subject, c.period, p.value AS old, c.value AS new
        FROM c JOIN p USING (family, subject, period)
        WHERE abs(c.value - p.value) > {BREAK_ABSOLUTE} AND abs(c.value - p.value) > {BREAK_SHARE} * p.value
        ORDER BY c.subject, c.idx
        """
    ).fetchall()
    out = []
    for subject, period, old, new in rows:
        share = f"{(new - old) / old:+.0%}" if old else "new"
        out.append(
            ("break", subject, period, f"{old} in release {prev_id}, now {new} ({new - old:+d}, {share})")
        )
    return out


def incomplete(con: duckdb.DuckDBPyConnection, db: str) -> list[tuple[str, str, str, str]]:
    rows = con.execute(
        f"""
        SELECT feed || '_' || entity, period, status, file_name
        FROM {db}.reporting.completeness
        WHERE coalesce(expected, TRUE) AND status IN ('MISSING', 'REJECTED', 'LATE')
        ORDER BY year, quarter, feed, entity
        """
    ).fetchall()
    return [
        (
            "incomplete",
            subject,
            period,
            f"{status}" + (f": {file_name}" if file_name else ": no file in force"),
        )
        for subject, period, status, file_name in rows
    ]


def compute_flags(
    con: duckdb.DuckDBPyConnection, db: str, prev: str | None = None, prev_id: str | None = None
) -> list[Flag]:
    """Every flag for the release in catalog `db` (previous release in catalog `prev`), numbered
    F1, F2, ... in the order incomplete, outlier, break."""
    found = incomplete(con, db) + outliers(con, db)
    if prev is not None and prev_id is not None:
        found += breaks(con, db, prev, prev_id)
    return [
        Flag(id=f"F{i}", kind=kind, subject=subject, period=period, detail=detail)
        for i, (kind, subject, period, detail) in enumerate(found, start=1)
    ]
