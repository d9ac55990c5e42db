"""Probable duplicates (linkage.md) as a step of the run: scored after the dbt build, published with it."""

from dagster import AssetExecutionContext, AssetKey, AssetSpec, MaterializeResult, multi_asset

from dagster_project.defs.dbt_assets import figures
from dagster_project.defs.resources import TipstatHome
from tipstat import timings
from tipstat.warehouse import open_work

CANDIDATES_KEY = AssetKey(["reporting", "linkage_candidates"])
ESTIMATE_KEY = AssetKey(["reporting", "linkage_estimate"])
# the identity the pairs are scored against: the rules and the reviewed decisions
IDENTITY_KEYS = [
    key
    for key in figures.keys
    if key.path[-1] in ("int_victim_identity", "int_victim_persons", "int_linkage_decisions")
]


@multi_asset(
    name="linkage",
    group_name="reporting",
    specs=[
        AssetSpec(
            CANDIDATES_KEY,
            deps=IDENTITY_KEYS,
            kinds={"duckdb"},
            description="The review queue: record pairs the rules keep apart, with the model's probability",
        ),
        AssetSpec(
            ESTIMATE_KEY,
            deps=IDENTITY_KEYS,
            kinds={"duckdb"},
            description="Persons by year and status: as counted, and as if every pair >= 0.9 were one person",
        ),
    ],
)
def linkage(context: AssetExecutionContext, tipstat: TipstatHome):
    """Score candidate pairs (DuckDB SQL) and write both tables into the run's work copy."""
    from tipstat.linkage.estimate import build_linkage_tables

    home = tipstat.home
    with timings.stage(home, "linkage"), open_work(home) as con:
        result = build_linkage_tables(con)
    context.log.info(
        f"linkage: {result.scoring.scored_pairs} pairs scored, {result.candidates} in the queue; "
        f"persons {result.persons_by_rules} by the rules, {result.persons_linked} linked"
    )
    yield MaterializeResult(
        asset_key=CANDIDATES_KEY,
        metadata={"pairs_scored": result.scoring.scored_pairs, "queue": result.candidates},
    )
    yield MaterializeResult(
        asset_key=ESTIMATE_KEY,
        metadata={
            "persons_by_rules": result.persons_by_rules,
            "persons_linked": result.persons_linked,
            "pairs_at_or_above_threshold": result.scoring.pairs_above_threshold,
        },
    )
