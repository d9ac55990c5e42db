"""finish_filing: after the publish, every recorded landing file is archived or quarantined exactly
once, byte for byte, with a report beside each quarantined file; rerunning it is harmless."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from tests.intake.builders import contract_rows, write_file
from tipstat.intake.filing import finish_filing
from tipstat.intake.pipeline import run_intake
from tipstat.intake.status import status_report
from tipstat.settings import Home

NOW = datetime(2026, 1, 15, 3, 0, tzinfo=UTC)
PHONE = "0912 345 678"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def publish(home: Home) -> None:
    """What the lead's publish does, reduced to the file move (the commit point)."""
    os.replace(home.work_warehouse, home.warehouse)


def intake_and_publish(home: Home, run_id: str = "run-1") -> None:
    con = duckdb.connect(str(home.work_warehouse))
    try:
        run_intake(con, home, run_id, NOW)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    publish(home)


def published(home: Home) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(home.warehouse), read_only=True)


def stored_files(home: Home) -> dict[str, str]:
    """Every file under archive/ and quarantine/ (reports aside) -> its SHA-256."""
    out = {}
    for folder in (home.archive, home.quarantine):
        for path in folder.rglob("*"):
            if path.is_file() and not path.name.endswith((".report.txt", ".report.json")):
                out[str(path.relative_to(home.root))] = sha(path)
    return out


@pytest.fixture
def home(tmp_path: Path) -> Home:
    home = Home(tmp_path / "home").ensure()
    write_file(home.landing, "police", "victims", "2025Q3")
    write_file(home.landing, "police", "victims", "2025Q3", version=2, seed=1)  # supersedes v1
    rows = contract_rows("police__cases", "2025Q3", n=4)
    rows[2]["destination_country"] = PHONE  # personal data: rejected, value never repeated
    write_file(home.landing, "police", "cases", "2025Q3", rows=rows)
    shutil.copyfile(home.landing / "police_victims_2025Q3.csv", home.landing / "police_victims_2025Q4.csv")
    (home.landing / "notes.txt").write_text("synthetic note\n")
    return home


def test_every_landing_file_is_filed_once_byte_identical(home: Home) -> None:
    before = {p.name: sha(p) for p in home.landing.iterdir()}
    intake_and_publish(home)
    with published(home) as con:
        result = finish_filing(con, home)
        expected = dict(con.execute("SELECT stored_path, sha256 FROM intake.submissions").fetchall())
    assert list(home.landing.iterdir()) == []
    assert stored_files(home) == expected
    assert sorted(expected.values()) == sorted(before.values())  # each landing file exactly once
    assert sorted(result.archived) == ["police_victims_2025Q3.csv", "police_victims_2025Q3_v2.csv"]
    assert "archive/police/police_victims_2025Q3.csv" in expected  # SUPERSEDED is archived too
    assert len(result.quarantined) == 3 and result.problems == []
    for path in home.quarantine.iterdir():
        if path.name.endswith(".report.txt") or path.name.endswith(".report.json"):
            continue
        assert re.fullmatch(r"[0-9a-f]{16}__.+", path.name)  # the submission id, then the name
        text = path.with_name(path.name + ".report.txt").read_text()
        report = json.loads(path.with_name(path.name + ".report.json").read_text())
        assert report["sha256"] == sha(path) and report["sha256"] in text
        assert report["status"] in ("REJECTED", "DUPLICATE") and report["status"] in text
    cases = next(home.quarantine.glob("*__police_cases_2025Q3.csv"))
    report = json.loads(cases.with_name(cases.name + ".report.json").read_text())
    assert report["findings"] and all(f["rule"] and f["column"] for f in report["findings"])
    assert any(f["row"] == 4 and f["column"] == "destination_country" for f in report["findings"])
    for suffix in (".report.txt", ".report.json"):
        text = cases.with_name(cases.name + suffix).read_text()
        assert PHONE not in text and PHONE.replace(" ", "") not in text


def test_finish_filing_is_idempotent(home: Home) -> None:
    intake_and_publish(home)
    with published(home) as con:
        finish_filing(con, home)
        first = stored_files(home)
        reports = {p.name: p.read_bytes() for p in home.quarantine.glob("*.report.*")}
        again = finish_filing(con, home)
    assert again.moved == 0 and again.reports_written == 0 and again.problems == []
    assert stored_files(home) == first
    assert {p.name: p.read_bytes() for p in home.quarantine.glob("*.report.*")} == reports


def test_a_killed_filing_is_finished_by_the_next_call(home: Home) -> None:
    intake_and_publish(home)
    with published(home) as con:
        targets = dict(con.execute("SELECT file_name, stored_path FROM intake.submissions").fetchall())
        # killed after copying two files (one without its report) and before unlinking them
        for name in ("police_victims_2025Q3_v2.csv", "police_cases_2025Q3.csv"):
            dest = home.root / targets[name]
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(home.landing / name, dest)
        result = finish_filing(con, home)
        expected = dict(con.execute("SELECT stored_path, sha256 FROM intake.submissions").fetchall())
    assert list(home.landing.iterdir()) == []
    assert stored_files(home) == expected
    assert result.reports_written == 3 and result.moved == 5


def test_only_files_recorded_with_the_same_bytes_and_mtime_move(home: Home) -> None:
    intake_and_publish(home)
    late = write_file(home.landing, "border", "victims", "2025Q3")  # arrived after the intake
    touched = home.landing / "police_victims_2025Q3_v2.csv"
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 1_000_000_000))
    with published(home) as con:
        result = finish_filing(con, home)
    assert sorted(p.name for p in home.landing.iterdir()) == [late.name, touched.name]
    assert result.moved == 4


def test_symlink_and_folder_are_quarantined_themselves(tmp_path: Path) -> None:
    home = Home(tmp_path / "home").ensure()
    outside = write_file(tmp_path / "outside", "police", "victims", "2025Q3")
    os.symlink(outside, home.landing / "police_victims_2025Q3.csv")
    (home.landing / "extra").mkdir()
    (home.landing / "extra" / "readme.txt").write_text("synthetic\n")
    intake_and_publish(home)
    with published(home) as con:
        result = finish_filing(con, home)
        reasons = dict(con.execute("SELECT file_name, reason FROM intake.submissions").fetchall())
    assert list(home.landing.iterdir()) == [] and len(result.quarantined) == 2
    link = next(home.quarantine.glob("*__police_victims_2025Q3.csv"))
    # quarantine records the link and keeps no link (exports.md, "Edge cases (decided)")
    assert (
        not link.is_symlink()
        and link.read_text() == f"a symbolic link to {outside} (not followed, not kept)\n"
    )
    assert outside.exists()
    folder = next(p for p in home.quarantine.glob("*__extra") if p.is_dir())
    assert (folder / "readme.txt").exists()
    assert "symbolic link" in reasons["police_victims_2025Q3.csv"] and "folder" in reasons["extra"]


def test_status_report_renders_from_the_published_warehouse(home: Home) -> None:
    from rich.console import Console

    intake_and_publish(home)
    with open(os.devnull, "w") as sink, published(home) as con:
        console = Console(width=200, record=True, file=sink)
        console.print(status_report(con))
    text = console.export_text()
    assert "police_cases_2025Q3.csv" in text and "destination_country" in text
    assert "DUPLICATE" in text and PHONE not in text
