"""Synthetic registers for the sender's kit: fake names, IDs and phones made by code, never real."""

from __future__ import annotations

import csv
import os
import random
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from tipstat.contract import FILE_SPECS, FileSpec
from tipstat.intake.naming import Period

QUARTER = Period(2025, 3)
RECORD_PREFIX = {
    "police": "PV",
    "border": "BDR",
    "social": "XH",
    "consular": "LS",
    "procuracy": "VKS",
    "court": "TA",
}


@dataclass
class SyntheticRegister:
    """Rows as dicts keyed by input header; the identifying values kept aside for leak checks."""

    header: list[str]
    rows: list[dict[str, object]]
    ids: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)

    def secrets(self) -> list[str]:
        """Every identifying value, and the ID digits without separators."""
        digits = ["".join(ch for ch in i if ch.isdigit()) for i in self.ids]
        return [s for s in (*self.ids, *self.names, *self.phones) if s] + [d for d in digits if len(d) >= 9]

    def write_csv(self, path: Path, delimiter: str = ",", bom: bool = False) -> Path:
        with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, self.header, delimiter=delimiter)
            writer.writeheader()
            writer.writerows(self.rows)
        return path

    def write_xlsx(self, path: Path) -> Path:
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Register"
        sheet.append(self.header)
        for row in self.rows:
            sheet.append([row.get(h) for h in self.header])
        workbook.save(path)
        return path


def fake_id(rng: random.Random) -> str:
    """A synthetic 12-digit number shaped like a personal ID (province, sex/century, year, serial)."""
    return f"{rng.randint(1, 96):03d}{rng.randint(0, 3)}{rng.randint(0, 99):02d}{rng.randint(0, 999999):06d}"


def fake_phone(rng: random.Random) -> str:
    return f"09{rng.randint(0, 99999999):08d}"


def _contract_value(canonical: str, i: int, spec: FileSpec, quarter: Period) -> object:
    day = quarter.start + timedelta(days=i % 80)
    values: dict[str, object] = {
        "record_id": f"{RECORD_PREFIX[spec.feed]}-{quarter.year}-{i:06d}",
        "case_ref": f"VA-{quarter.year}-{i + 1:06d}",
        "identified_date": day.isoformat(),
        "opened_date": day.isoformat(),
        "event_date": day.isoformat(),
        "victim_status": "CONFIRMED" if i % 3 else "PRESUMED",
        "sex": "F" if i % 2 else "M",
        "birth_year": str(1980 + i % 30),
        "nationality": "VNM",
        "residence_province": "01",
        "province": "01",
        "code_version": "VN34",
        "exploitation_form": "FORCED_CRIMINALITY" if i % 2 else "SEXUAL",
        "exploitation_country": "KHM",
        "destination_country": "KHM",
        "recruitment_channel": "ONLINE",
        "article": "150",
        "repatriated": "true",
        "returned_from": "KHM",
        "repatriation_date": (day + timedelta(days=3)).isoformat(),
        "support_start_date": (day + timedelta(days=1)).isoformat(),
        "services": "SHELTER|MEDICAL",
        "verdict": "CONVICTED",
        "sentence_months": str(24 + i % 60),
    }
    return values[canonical]


def make_register(
    feed: str,
    entity: str,
    n: int = 12,
    seed: int = 7,
    quarter: Period = QUARTER,
    ids: list[str] | None = None,
) -> SyntheticRegister:
    """A register extract: contract columns (English names) plus name, ID, phone and address."""
    spec = FILE_SPECS[f"{feed}__{entity}"]
    rng = random.Random(seed)
    canon = [c.canonical for c in spec.columns if c.kind != "key"]
    person = spec.entity != "cases"
    header = (["full_name", "national_id", "phone"] if person else []) + canon + ["address"]
    register = SyntheticRegister(header, [])
    for i in range(n):
        row: dict[str, object] = {c: _contract_value(c, i, spec, quarter) for c in canon}
        row["address"] = f"So {i + 1} Duong Lang, Ha Noi"
        if person:
            national_id = ids[i] if ids else fake_id(rng)
            name, phone = f"Nguyen Van A{i + 1}", fake_phone(rng)
            row.update(full_name=name, national_id=national_id, phone=phone)
            register.ids.append(national_id)
            register.names.append(name)
            register.phones.append(phone)
        register.rows.append(row)
    return register


def file_texts(folder: Path) -> dict[str, str]:
    """Every file under `folder` as text (XLSX: its unzipped XML parts), for leak checks."""
    import zipfile

    texts: dict[str, str] = {}
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                texts[str(path)] = "".join(
                    archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                )
        else:
            texts[str(path)] = path.read_bytes().decode("utf-8", "replace")
    return texts


def listing(folder: Path) -> list[str]:
    return sorted(os.path.relpath(p, folder) for p in folder.rglob("*"))
