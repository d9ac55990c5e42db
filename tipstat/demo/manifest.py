"""What the demo wrote and what the pipeline should make of each file (`demo_manifest.json`)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tipstat.demo.truth import TRUE_PERSON_PATTERN

MANIFEST_NAME = "demo_manifest.json"


@dataclass(frozen=True)
class ManifestEntry:
    file_name: str
    feed: str | None  # None for a file whose name does not parse
    entity: str | None
    period: str | None
    version: int | None
    expected_status: (
        str  # ACCEPTED / SUPERSEDED / REJECTED / DUPLICATE (expected after a run on a fresh home)
    )
    expected_on_time: bool | None  # None: no due date (population, bad file name)
    why: str
    rows: int | None  # data rows in the file (None when not meaningful)
    sha256: str
    received_at: str  # ISO UTC; also the file's mtime


@dataclass
class DemoManifest:
    seed: int
    scale: float
    start: str
    end: str
    today: str
    broken: bool
    files: list[ManifestEntry] = field(default_factory=list)
    offender_scale: float = 1.0  # written only when not 1.0: the plain demo's manifest is unchanged
    # the simulated person of a victim record, from its record_id (truth.py): for measuring linkage
    true_person_pattern: str = TRUE_PERSON_PATTERN

    def by_name(self) -> dict[str, ManifestEntry]:
        return {f.file_name: f for f in self.files}

    def rows(self, feed: str, entity: str, status: tuple[str, ...] = ("ACCEPTED",)) -> int:
        return sum(
            f.rows or 0
            for f in self.files
            if f.feed == feed and f.entity == entity and f.expected_status in status
        )

    def to_dict(self) -> dict:
        data = asdict(self)
        if data["offender_scale"] == 1.0:
            del data["offender_scale"]
        return data

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def read(cls, path: Path) -> DemoManifest:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = [ManifestEntry(**f) for f in data.pop("files")]
        return cls(**data, files=files)
