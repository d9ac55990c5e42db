"""A run starts dbt from the project's parse (dbt/target/partial_parse.msgpack) in any home.

dbt reuses a saved parse only while the profile's connection settings and the `--vars` are the
same as when it was saved; otherwise it parses the whole project again, a few seconds of every
`tipstat run`. The profile is the same for every home and the run passes its date as an env var
(dbt/profiles.yml, dagster_project/defs/dbt_assets.py).
"""

from __future__ import annotations

from dagster_project.defs import dbt_assets
from tests.dbt.warehouse_builder import run_dbt


def test_a_run_in_any_home_reuses_the_projects_parse(tmp_path, monkeypatch):
    dbt_assets.ensure_manifest()
    work = tmp_path / "home" / ".work"
    (work / "target").mkdir(parents=True)
    (work / "target" / "partial_parse.msgpack").write_bytes(b"left by the home's last run")
    dbt_assets.seed_partial_parse(work / "target")
    # what a run sets: its own work copy and its date
    monkeypatch.setenv("TIPSTAT_AS_OF_DATE", "2026-01-15")
    result = run_dbt(work / "warehouse.duckdb", work, "parse")
    assert result.returncode == 0, result.stdout[-3000:]
    assert "Unable to do partial parsing" not in result.stdout
    log = (work / "logs" / "dbt.log").read_text(encoding="utf-8")
    assert "Partial parsing enabled, no changes found, skipping parsing" in log


def test_without_the_projects_parse_the_run_goes_on(tmp_path, monkeypatch):
    monkeypatch.setattr(dbt_assets, "PARTIAL_PARSE_PATH", tmp_path / "missing" / "partial_parse.msgpack")
    dbt_assets.seed_partial_parse(tmp_path / "target")  # dbt parses the whole project
    assert not (tmp_path / "target" / "partial_parse.msgpack").exists()
