"""Fixtures for the sender's kit tests: a fresh national key and an output folder per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from tipstat.pseudonymize import generate_key_file


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "keys" / "national_linkage.key"
    path.parent.mkdir()
    generate_key_file(path)
    return path


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    path = tmp_path / "out"
    path.mkdir()
    return path
