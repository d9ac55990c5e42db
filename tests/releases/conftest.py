"""Fixtures for the release tests: copies of the session's demo home (never a new demo), and one
home where a corrected file arrived after a first release (one extra real pipeline run)."""

from __future__ import annotations

import csv
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.release_helpers import publish_all
from tipstat.releases.store import Release, load_release
from tipstat.settings import Home

CORRECTED = "police_victims_2024Q3"
DROPPED_ROWS = 60


@pytest.fixture
def home(demo_home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Home:
    """A fresh home holding only the demo's working figures (a copy of warehouse.duckdb)."""
    target = Home.resolve(tmp_path / "home")
    target.root.mkdir(parents=True)
    shutil.copyfile(demo_home.warehouse, target.warehouse)
    monkeypatch.setenv("TIPSTAT_HOME", str(target.root))
    monkeypatch.delenv("TIPSTAT_MODE", raising=False)
    monkeypatch.delenv("TIPSTAT_FAULT", raising=False)
    return target


@dataclass
class Corrected:
    home: Home
    first: Release  # approved before the correction arrived
    working_before: Path  # the working figures the first release was made from


@pytest.fixture(scope="session")
def corrected(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Corrected:
    """The demo, a first release of it, then `police_victims_2024Q3_v2.csv` (the 2024Q3 police
    file with its last 60 records removed) and a second real `tipstat run`."""
    reuse = os.environ.get("TIPSTAT_RELEASE_TEST_HOME")
    if reuse:  # a corrected home an earlier session built (its parent holds working_before.duckdb)
        root = tmp_path_factory.mktemp("corrected") / "home"
        shutil.copytree(reuse, root)
        shutil.copyfile(Path(reuse).parent / "working_before.duckdb", root.parent / "working_before.duckdb")
        home = Home.resolve(root)
        first = load_release(home, "2026-1")
        assert first is not None
        return Corrected(home, first, root.parent / "working_before.duckdb")
    from dagster_project.runner import run_pipeline

    demo_home: Home = request.getfixturevalue("demo_home")
    root = tmp_path_factory.mktemp("corrected") / "home"
    shutil.copytree(
        demo_home.root, root, ignore=shutil.ignore_patterns("releases", ".tipstat.lock", "audit.duckdb")
    )
    home = Home.resolve(root)
    first = publish_all(home, through="2025Q4")
    kept = root.parent / "working_before.duckdb"
    shutil.copyfile(home.warehouse, kept)
    original = home.archive / "police" / f"{CORRECTED}.csv"
    with original.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    with (home.landing / f"{CORRECTED}_v2.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows[: len(rows) - DROPPED_ROWS])
    outcome = run_pipeline(home)
    assert outcome.success and outcome.published, outcome.error
    return Corrected(home, first, kept)
