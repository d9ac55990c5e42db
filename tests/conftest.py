"""Session fixtures shared by the suites: the real demo, run once through the real pipeline.

Under pytest-xdist (`-n 2 --dist loadgroup`, pyproject.toml) every worker builds the session
fixtures it uses; the tests that share a costly one are put in one group, so one worker builds it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tipstat.settings import Home

# session fixture -> the xdist group of every test that uses it (directly or through another)
SHARED_FIXTURE_GROUPS = {
    "demo_home": "demo",
    "small_landing": "reliability",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        for fixture, group in SHARED_FIXTURE_GROUPS.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(pytest.mark.xdist_group(group))
                break


@pytest.fixture(scope="session")
def demo_home(tmp_path_factory) -> Home:
    """`tipstat demo` then `tipstat run` (in-process Dagster, real GX, real dbt build)."""
    from dagster_project.runner import run_pipeline
    from tipstat.demo.generator import generate_demo

    home = Home.resolve(tmp_path_factory.mktemp("demo_home"))
    generate_demo(home, seed=2026)
    outcome = run_pipeline(home)
    assert outcome.success, outcome.error
    return home


@pytest.fixture(scope="session")
def demo_manifest(demo_home) -> dict:
    return json.loads(Path(demo_home.root, "demo_manifest.json").read_text(encoding="utf-8"))
