"""Session fixtures shared by the suites: the real demo, run once through the real pipeline.

The tests run on two pytest-xdist workers (`-n 2 --dist loadscope`, pyproject.toml): a module's
tests go to one worker, so a module fixture is built once. A costly session fixture is built once
for both workers by `built_once` (the first worker builds it, the other waits and reuses it).
(`--dist loadgroup` would group by mark, but xdist 3.8 cannot tag the test ids under pytest 9.)
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tipstat.settings import Home


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]) -> Path:
    """A folder `build(folder)` fills, shared by every xdist worker of this session: built by the
    first worker that asks, under a file lock; the others wait and reuse it. Only read it, or
    copy it before changing it."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the session's folder, above the worker's own
    folder = shared / name
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = folder / ".built"
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # a build that failed in another worker
            folder.mkdir(parents=True)
            build(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def demo_home(tmp_path_factory) -> Home:
    """`tipstat demo` then `tipstat run` (in-process Dagster, real GX, real dbt build)."""
    from dagster_project.runner import run_pipeline
    from tipstat.demo.generator import generate_demo

    def build(folder: Path) -> None:
        home = Home.resolve(folder)
        generate_demo(home, seed=2026)
        outcome = run_pipeline(home)
        assert outcome.success, outcome.error

    home = Home.resolve(built_once(tmp_path_factory, "demo_home", build))
    return home


@pytest.fixture(scope="session")
def demo_manifest(demo_home) -> dict:
    return json.loads(Path(demo_home.root, "demo_manifest.json").read_text(encoding="utf-8"))
