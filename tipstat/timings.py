"""Wall time per pipeline stage of the last run, in `.work/timings.json` (read by benchmarks/)."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator

from tipstat.settings import Home


def _path(home: Home):
    return home.work_dir / "timings.json"


def reset(home: Home) -> None:
    home.work_dir.mkdir(parents=True, exist_ok=True)
    _path(home).write_text("{}", encoding="utf-8")


def record(home: Home, stage: str, seconds: float) -> None:
    path = _path(home)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    data[stage] = round(data.get(stage, 0.0) + seconds, 4)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


@contextlib.contextmanager
def stage(home: Home, name: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        record(home, name, time.perf_counter() - start)
