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
import sys
from collections.abc import Callable, Iterator
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


@pytest.fixture(autouse=True)
def _real_main_module() -> Iterator[None]:
    """Put the worker's own `__main__` back after every test. Streamlit's script runner (AppTest)
    installs the page it runs as `__main__` and leaves it there; a later test on the same worker
    that spawns processes (the intake's validation pool) would then start every child by running
    the dashboard script, which took 7 s a child and, in one full run, broke the pool: every file
    of the bad-input corpus came back `parse:crashed`."""
    main = sys.modules.get("__main__")
    yield
    if main is not None and sys.modules.get("__main__") is not main:
        sys.modules["__main__"] = main


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
