"""The Dagster definitions: the asset graph links every raw table through dbt to the published
tables, and dbt tests are asset checks."""

from __future__ import annotations

from dagster import AssetKey

from dagster_project.definitions import defs
from tipstat.warehouse import PUBLISHED_TABLES


def _upstream(graph, key: AssetKey) -> set[AssetKey]:
    seen: set[AssetKey] = set()
    todo = [key]
    while todo:
        for parent in graph.get(todo.pop()).parent_keys:
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def test_every_published_table_descends_from_the_intake():
    graph = defs.resolve_asset_graph()
    for table in PUBLISHED_TABLES:
        upstream = _upstream(graph, AssetKey(["reporting", table]))
        assert AssetKey(["intake", "submissions"]) in upstream, table
        assert any(k.path[0] == "raw" for k in upstream) or table == "submissions", table


def test_victim_figures_use_every_victim_feed():
    graph = defs.resolve_asset_graph()
    upstream = _upstream(graph, AssetKey(["reporting", "victims_detected"]))
    for feed in ("police__victims", "border__victims", "consular__victims", "social__victims"):
        assert AssetKey(["raw", feed]) in upstream, feed


def test_publish_waits_for_every_published_table_and_dbt_tests_are_checks():
    graph = defs.resolve_asset_graph()
    publish_parents = graph.get(AssetKey(["published", "warehouse"])).parent_keys
    for table in PUBLISHED_TABLES:
        assert AssetKey(["reporting", table]) in publish_parents, table
    checks = list(graph.asset_check_keys)
    assert len(checks) > 50
    assert any(c.asset_key == AssetKey(["reporting", "victims_detected"]) for c in checks)


def test_dbt_resource_overrides_steps_dagster_dbt_still_has(monkeypatch, tmp_path):
    """The run's dbt resource skips two of dagster-dbt's start-up steps (`dbt --version` in a
    subprocess, an in-process adapter) by overriding private methods: after a dagster-dbt upgrade
    that renamed them, the overrides would silently do nothing."""
    from dagster_dbt import DbtCliResource
    from packaging.version import Version

    from dagster_project.defs.resources import TipstatDbtCliResource, dbt_resource

    for name in ("_cli_version", "_initialize_dbt_core_adapter"):
        assert name in vars(DbtCliResource), name
        assert name in vars(TipstatDbtCliResource), name
    resource = dbt_resource()
    assert isinstance(resource, TipstatDbtCliResource)
    assert Version("1.11") <= resource._cli_version < Version("2")
