"""Fixtures for the reliability tests: a small demo landing folder and an uninterrupted reference run."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.reliability.harness import copy_landing, tipstat_run
from tipstat.settings import Home


@pytest.fixture(scope="session")
def small_landing(tmp_path_factory) -> Path:
    """A small but complete demo landing folder (broken, late and corrected files included)."""
    from tipstat.demo.generator import generate_demo

    home = Home.resolve(tmp_path_factory.mktemp("small_demo"))
    generate_demo(home, seed=11, scale=0.2, start="2024Q3", end="2025Q2")
    return home.landing


@pytest.fixture(scope="session")
def reference_home(small_landing, tmp_path_factory) -> tuple[Path, float]:
    """An uninterrupted run of the small landing folder, and how long it took."""
    home = tmp_path_factory.mktemp("reference")
    copy_landing(small_landing, home)
    start = time.monotonic()
    done = tipstat_run(home)
    elapsed = time.monotonic() - start
    assert done.returncode == 0, done.stderr[-3000:]
    return home, elapsed
