"""Where operations write their reports under the home, atomically."""

from __future__ import annotations

from pathlib import Path

from tipstat import atomic
from tipstat.settings import Home


def reports_dir(home: Home) -> Path:
    """`reports/` under the home: overdue/, reminders/ and runs/ (one file per run)."""
    return home.root / "reports"


def write_atomic(path: Path, text: str) -> Path:
    """A reader sees the old report or the new, never half of one (tipstat.atomic)."""
    atomic.write_bytes(path, text.encode("utf-8"))
    return path
