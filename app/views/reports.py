"""Reports: the international exports (SDG 16.2.2, UNODC GLOTIP, ASEAN) as downloads.

The export functions live in `tipstat.exports` (another part). They are looked up when
the page is drawn, so the page works before they exist and wires itself once they do.
"""

from __future__ import annotations

import importlib
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app import data

DASHBOARD_USER = "dashboard"
MIME_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ExportKind:
    kind: str
    module: str
    function: str
    extension: str
    mime: str
    title_key: str


EXPORTS = (
    ExportKind("sdg", "tipstat.exports.sdg", "export_sdg", "csv", "text/csv", "report_sdg"),
    ExportKind("glotip", "tipstat.exports.glotip", "export_glotip", "xlsx", MIME_XLSX, "report_glotip"),
    ExportKind("asean", "tipstat.exports.asean", "export_asean", "xlsx", MIME_XLSX, "report_asean"),
)


def exporter(kind: ExportKind) -> Callable | None:
    """The export function when its module is installed, else None (the page shows the CLI)."""
    try:
        module = importlib.import_module(kind.module)
    except ImportError:
        return None
    return getattr(module, kind.function, None)


def file_name(kind: ExportKind, year: int, public: bool) -> str:
    return f"tipstat_{kind.kind}_{year}_{'public' if public else 'full'}.{kind.extension}"


def command(kind: ExportKind, year: int, public: bool) -> str:
    flag = " --public" if public else ""
    return f"tipstat export {kind.kind} --year {year} --out {file_name(kind, year, public)}{flag}"


def produce(kind: ExportKind, year: int, public: bool) -> bytes:
    """Run the export into a temporary folder and return the file's bytes.

    The export records itself in the export audit (user `dashboard`). Raises the export's own
    error (ExportError) when it cannot be made, e.g. no data for that year.
    """
    fn = exporter(kind)
    if fn is None:
        raise RuntimeError(f"{kind.module}.{kind.function} is not available")
    release = None
    if public:  # the public edition is written from the latest public release only
        from tipstat.exports.release_source import latest_public_release_id

        release = latest_public_release_id(data.home())
    with tempfile.TemporaryDirectory(prefix="tipstat-export-") as tmp:
        out = Path(tmp) / file_name(kind, year, public)
        with data.reading():
            fn(data.home(), year, out, public, user=DASHBOARD_USER, release=release)
        return out.read_bytes()


def years() -> list[int]:
    return data.years("victims_detected")
