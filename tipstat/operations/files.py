"""Where operations write their reports under the home, atomically."""

from __future__ import annotations

import os
from pathlib import Path

from tipstat.settings import Home


def reports_dir(home: Home) -> Path:
    """`reports/` under the home: overdue/, reminders/ and runs/ (one file per run)."""
    return home.root / "reports"


def write_atomic(path: Path, text: str) -> Path:
    """Write beside, fsync, rename: a reader sees the old file or the new, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return path
