"""Fixtures for the reliability tests: a small demo landing folder and an uninterrupted reference run."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import built_once
from tests.reliability.harness import copy_landing, tipstat_run
from tipstat.settings import Home


@pytest.fixture(scope="session")
def small_landing(tmp_path_factory) -> Path:
    """A small but complete demo landing folder (broken, late and corrected files included)."""
    from tipstat.demo.generator import generate_demo

    def build(folder: Path) -> None:
        generate_demo(Home.resolve(folder), seed=11, scale=0.2, start="2024Q3", end="2025Q2")

    return Home.resolve(built_once(tmp_path_factory, "small_demo", build)).landing


@pytest.fixture(scope="session")
def reference_home(small_landing, tmp_path_factory) -> Path:
    """An uninterrupted run of the small landing folder (read it only)."""

    def build(folder: Path) -> None:
        copy_landing(small_landing, folder)
        done = tipstat_run(folder)
        assert done.returncode == 0, done.stderr[-3000:]

    return built_once(tmp_path_factory, "reference", build)
