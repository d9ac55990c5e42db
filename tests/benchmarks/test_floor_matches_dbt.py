"""Two independent implementations of counting.md must agree.

After a real `tipstat run` of the demo (the session fixture `demo_home`: broken, late and
corrected files included, so superseded versions are archived too), benchmarks/floor.sql,
one hand-written DuckDB script reading the archived files directly, must give the same rows as
the published reporting.* tables built by dbt. reporting.sdg_16_2_2 may carry zero-victim cells
that the floor does not write (reporting.md: zero rows are not needed): those are left out.
"""

from __future__ import annotations

import json

import pytest

from benchmarks import run_benchmarks as rb


@pytest.fixture(scope="module")
def comparison(demo_home, tmp_path_factory) -> dict:
    scratch = tmp_path_factory.mktemp("floor")
    _, con = rb.run_floor(demo_home.root, scratch)
    try:
        return rb.compare_to_published(con, demo_home.warehouse, examples=10)
    finally:
        con.close()


@pytest.mark.parametrize("table", rb.PUBLISHED_TABLES)
def test_floor_equals_published(comparison, table):
    result = comparison[table]
    assert "error" not in result, result.get("error")
    assert result["match"], json.dumps(result, indent=1, default=str)
