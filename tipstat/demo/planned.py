"""A file the demo writes: name, bytes, arrival time and the expected outcome.

Regular files are written as soon as their quarter is complete and their bytes dropped (only the
digest is kept), so memory stays bounded at large scales; files that a broken case may still
alter keep their bytes until the end.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from tipstat.demo.arrivals import on_time
from tipstat.demo.manifest import ManifestEntry
from tipstat.intake.naming import BadFileName, parse_file_name


@dataclass
class Planned:
    name: str
    data: bytes | None
    arrived: dt.datetime  # UTC; becomes the file's mtime
    status: str
    why: str
    rows: int | None
    sha256: str = ""

    def __post_init__(self) -> None:
        if self.data is not None:
            self.set_data(self.data)

    def set_data(self, data: bytes) -> None:
        self.data = data
        self.sha256 = hashlib.sha256(data).hexdigest()

    def write(self, landing: Path, keep: bool = True) -> None:
        """Write the bytes and set the mtime to the arrival time; drop the bytes unless `keep`."""
        assert self.data is not None
        path = landing / self.name
        path.write_bytes(self.data)
        mtime_ns = int(self.arrived.timestamp()) * 1_000_000_000
        os.utime(path, ns=(mtime_ns, mtime_ns))
        if not keep:
            self.data = None

    def entry(self) -> ManifestEntry:
        try:
            parsed = parse_file_name(self.name)
        except BadFileName:
            parsed = None
        due = parsed is not None and parsed.period.quarter is not None
        return ManifestEntry(
            file_name=self.name,
            feed=parsed.feed if parsed else None,
            entity=parsed.entity if parsed else None,
            period=parsed.period.label if parsed else None,
            version=parsed.version if parsed else None,
            expected_status=self.status,
            expected_on_time=on_time(parsed.period, self.arrived) if due and parsed else None,
            why=self.why,
            rows=self.rows,
            sha256=self.sha256,
            received_at=self.arrived.isoformat(),
        )
