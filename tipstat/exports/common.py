"""What every export shares: its error, its result, and the all-or-nothing file write."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tipstat import atomic


class ExportError(Exception):
    """An export that cannot be made; the message says why (shown to the user as is)."""


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote, as recorded in the audit."""

    kind: str  # sdg | glotip | asean
    year: int
    path: Path
    sha256: str
    public: bool
    user: str
    observations: int  # SDMX rows or workbook table cells written
    suppressed: int  # cells or observations hidden by disclosure control (0 when not public)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_atomically(out: Path, write: Callable[[Path], None], check: Callable[[Path], None]) -> str:
    """Write to a temp file beside `out`, check it, then rename over `out` (tipstat.atomic).

    `write(tmp)` produces the file, `check(tmp)` raises ExportError when it is not acceptable: the
    temp file is then removed and `out` is left as it was. Returns the SHA-256 of the file.
    Never leaves a half-written export at `out`.
    """
    out = Path(out)
    if out.is_dir():
        raise ExportError(f"{out} is a folder; give a file name for the export")
    if not out.parent.exists():
        raise ExportError(f"folder {out.parent} does not exist")
    digest = ""

    def check_and_hash(tmp: Path) -> None:
        nonlocal digest
        check(tmp)
        digest = sha256_of(tmp)

    atomic.write_file(out, write, check_and_hash, unique_temp=True)
    return digest
