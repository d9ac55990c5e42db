"""The Dagster definitions: the asset graph links every raw table through dbt to the published
tables, and dbt tests are asset checks."""

from __future__ import annotations

from dagster import AssetKey

from dagster_project.definitions import defs

PUBLISHED = (
    "victims_detected",
    "sdg_16_2_2",
    "justice_funnel",
    "cases",
    "repatriations",
    "assistance",
    "submissions",
    "linkage_quality",
)


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
    for table in PUBLISHED:
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
    for table in PUBLISHED:
        assert AssetKey(["reporting", table]) in publish_parents, table
    checks = list(graph.asset_check_keys)
    assert len(checks) > 50
    assert any(c.asset_key == AssetKey(["reporting", "victims_detected"]) for c in checks)
