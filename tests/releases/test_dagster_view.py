"""The Dagster view of releases: a real materialization shows which run each release came from."""

from __future__ import annotations

from dagster import AssetKey, DagsterInstance, materialize

from dagster_project.defs.release_assets import RELEASES_KEY, approved_releases_intact, releases
from dagster_project.defs.resources import TipstatHome
from tests.release_helpers import publish_all
from tipstat.settings import Home


def test_releases_asset_names_the_run_and_its_check_catches_a_changed_file(home: Home) -> None:
    release = publish_all(home, through="2025Q4")
    resources = {"tipstat": TipstatHome(root=str(home.root))}
    result = materialize(
        [releases], resources=resources, instance=DagsterInstance.ephemeral(), selection=[RELEASES_KEY]
    )
    assert result.success
    (event,) = [
        e.event_specific_data.materialization
        for e in result.get_asset_materialization_events()
        if e.asset_key == RELEASES_KEY
    ]
    meta = {k: v.value for k, v in event.metadata.items()}
    assert meta["public_release"] == release.id and meta["public_release_run_id"] == release.run_id
    assert meta["working_figures_moved_on"] is False
    rows = meta["releases"].records
    assert [(r.data["id"], r.data["run_id"], r.data["status"]) for r in rows] == [
        (release.id, release.run_id, "APPROVED")
    ]

    def check() -> bool:
        out = materialize(
            [releases, approved_releases_intact], resources=resources, instance=DagsterInstance.ephemeral(),
            raise_on_error=False,
        )  # fmt: skip
        (evaluation,) = out.get_asset_check_evaluations()
        assert evaluation.asset_key == AssetKey(["published", "releases"])
        return evaluation.passed

    assert check()
    with (home.releases / f"{release.id}.duckdb").open("ab") as fh:
        fh.write(b"\0")
    assert not check()
