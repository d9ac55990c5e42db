"""Fixtures for the export tests: a published warehouse to export from."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.exports.hand_warehouse import build_hand_warehouse
from tests.release_helpers import publish_all
from tipstat.settings import Home


@pytest.fixture(scope="session")
def hand_template(tmp_path_factory) -> Path:
    """The hand-written warehouse and its public release (public exports are written from a
    release's public catalogue only), built once; each test gets its own copy."""
    home = build_hand_warehouse(Home.resolve(tmp_path_factory.mktemp("hand_template") / "home"))
    publish_all(home)
    return home.root


@pytest.fixture
def hand_home(hand_template: Path, tmp_path: Path) -> Home:
    """A published warehouse written by hand (tests/exports/hand_warehouse.py) with one public
    release of it, in a fresh home."""
    shutil.copytree(hand_template, tmp_path / "home")
    return Home.resolve(tmp_path / "home")


@pytest.fixture
def hand_warehouse_only(hand_template: Path, tmp_path: Path) -> Home:
    """The hand-written warehouse without any release."""
    home = Home.resolve(tmp_path / "bare")
    home.root.mkdir(parents=True)
    shutil.copyfile(hand_template / "warehouse.duckdb", home.warehouse)
    return home


# The published warehouse the generic export tests read. Swap this one line to "demo_home"
# (tests/conftest.py: the demo through the real pipeline) to run them on real pipeline output.
PUBLISHED_HOME_FIXTURE = "hand_home"


@pytest.fixture
def published_home(request: pytest.FixtureRequest) -> Home:
    """Generic tests only read this home's warehouse and write their exports to tmp_path; the
    export audit goes to its root (shared when it is the session's demo home)."""
    return request.getfixturevalue(PUBLISHED_HOME_FIXTURE)
