"""Fixtures for the dashboard tests: a real DuckDB warehouse file in a temporary TIPSTAT_HOME.

To test against the real demo pipeline output instead, make `published_home` return the
Home of a folder where `tipstat demo && tipstat run` has been done (or set
TIPSTAT_APP_TEST_HOME to such a folder).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.app.synthetic_warehouse import write_warehouse
from tests.release_helpers import publish_all
from tipstat.settings import Home


@pytest.fixture(scope="session")
def published_home(tmp_path_factory: pytest.TempPathFactory) -> Home:
    if os.environ.get("TIPSTAT_APP_TEST_HOME"):
        return Home.resolve(os.environ["TIPSTAT_APP_TEST_HOME"])
    home = Home.resolve(tmp_path_factory.mktemp("tipstat_home"))
    write_warehouse(home.warehouse)
    publish_all(home)  # the public dashboard shows releases only (releases.md)
    return home


@pytest.fixture
def app_env(published_home: Home, monkeypatch: pytest.MonkeyPatch) -> Home:
    """TIPSTAT_HOME points at the published fixture; public mode unless a test changes it."""
    monkeypatch.setenv("TIPSTAT_HOME", str(published_home.root))
    monkeypatch.delenv("TIPSTAT_MODE", raising=False)
    return published_home


APP_MAIN = Path(__file__).resolve().parents[2] / "app" / "main.py"
