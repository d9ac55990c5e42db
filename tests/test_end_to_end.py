"""The README's main job on the bundled demo: every file ends in the status the spec gives it."""

from __future__ import annotations

import os
import subprocess
import sys

import duckdb
import pytest

from dagster_project.runner import run_pipeline
from tipstat.warehouse import PUBLISHED_TABLES, read_published


def _manifest_files(manifest: dict) -> list[dict]:
    return manifest["files"] if isinstance(manifest, dict) else manifest


def test_every_demo_file_ends_in_the_status_the_spec_gives_it(demo_home, demo_manifest):
    with read_published(demo_home) as con:
        seen = {
            name: (status, on_time)
            for name, status, on_time in con.execute(
                "SELECT file_name, status, on_time FROM reporting.submissions"
            ).fetchall()
        }
    wrong = []
    for entry in _manifest_files(demo_manifest):
        got = seen.get(entry["file_name"])
        if got is None or got[0] != entry["expected_status"]:
            wrong.append((entry["file_name"], entry["expected_status"], got))
        elif entry.get("expected_on_time") is not None and got[1] != entry["expected_on_time"]:
            wrong.append((entry["file_name"], f"on_time={entry['expected_on_time']}", got))
    assert wrong == []
    assert len(seen) == len(_manifest_files(demo_manifest))


def test_every_published_table_exists_and_holds_figures(demo_home):
    with read_published(demo_home) as con:
        for table in PUBLISHED_TABLES:
            assert con.execute(f"SELECT count(*) FROM reporting.{table}").fetchone()[0] > 0, table


def test_landing_is_emptied_into_archive_and_quarantine(demo_home, demo_manifest):
    assert list(demo_home.landing.iterdir()) == []
    archived = {p.name for p in demo_home.archive.rglob("*") if p.is_file()}
    quarantined = {
        p.name.split("__", 1)[1]
        for p in demo_home.quarantine.iterdir()
        if not p.name.endswith((".report.txt", ".report.json"))
    }
    for entry in _manifest_files(demo_manifest):
        where = archived if entry["expected_status"] in ("ACCEPTED", "SUPERSEDED") else quarantined
        assert entry["file_name"] in where, entry


def test_every_accepted_row_is_traceable_to_its_file_and_line(demo_home):
    with read_published(demo_home) as con:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'raw'"
            ).fetchall()
        ]
        for table in tables:
            orphans = con.execute(
                f"""SELECT count(*) FROM raw."{table}" r
                LEFT JOIN intake.submissions s ON s.submission_id = r._submission_id
                WHERE s.submission_id IS NULL OR r._row_number IS NULL OR r._sha256 <> s.sha256"""
            ).fetchone()[0]
            assert orphans == 0, table


def test_a_second_run_with_nothing_new_changes_nothing(demo_home):
    before = demo_home.warehouse.stat()
    with read_published(demo_home) as con:
        published_at = con.execute("SELECT published_at FROM reporting.publication").fetchone()
    outcome = run_pipeline(demo_home)
    assert outcome.success
    assert outcome.published is False
    after = demo_home.warehouse.stat()
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (
        before.st_ino,
        before.st_mtime_ns,
        before.st_size,
    )
    with read_published(demo_home) as con:
        assert con.execute("SELECT published_at FROM reporting.publication").fetchone() == published_at


def test_cli_run_prints_a_summary_and_status_reports(demo_home):
    env = {**os.environ, "TIPSTAT_HOME": str(demo_home.root)}
    run = subprocess.run(
        [sys.executable, "-m", "tipstat.cli", "run"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert "Nothing new" in run.stdout
    status = subprocess.run(
        [sys.executable, "-m", "tipstat.cli", "status"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert status.returncode == 0, status.stderr
    assert "REJECTED" in status.stdout or "rejected" in status.stdout.lower()


@pytest.mark.parametrize("table", PUBLISHED_TABLES)
def test_published_tables_have_the_columns_of_reporting_md(demo_home, table):
    expected = {
        "victims_detected": "year sex age_group exploitation_form citizenship residence_province status "
        "victims",
        "sdg_16_2_2": "year series sex age victims population rate_per_100k",
        "justice_funnel": "year stage sex age_group citizenship persons",
        "cases": "year province exploitation_form recruitment_channel destination_country cases",
        "repatriations": "year returned_from sex age_group victims",
        "assistance": "year victims_assisted median_days_to_support",
        "submissions": "feed entity period version file_name sha256 received_at status rows due_date on_time "
        "reason",
        "linkage_quality": "year records persons keyless_records ambiguous_links",
    }[table].split()
    con = duckdb.connect(str(demo_home.warehouse), read_only=True)
    try:
        columns = [r[0] for r in con.execute(f"DESCRIBE reporting.{table}").fetchall()]
    finally:
        con.close()
    assert columns == expected


def test_demo_release_signs_off_the_demo_once_and_never_a_real_home(demo_home, tmp_path):
    """The quick start's `tipstat demo --release`: the public dashboard of a demo home has a
    release to show; a second call changes nothing; a home `tipstat demo` did not write is refused."""
    import shutil

    from tipstat.releases.public import latest_public
    from tipstat.settings import Home

    home = Home.resolve(tmp_path / "home")
    shutil.copytree(demo_home.root, home.root)
    shutil.rmtree(home.releases, ignore_errors=True)  # whatever other tests released
    env = {**os.environ, "TIPSTAT_HOME": str(home.root)}

    def demo_release() -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "tipstat.cli", "demo", "--release"],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )

    first = demo_release()
    assert first.returncode == 0, first.stderr
    release = latest_public(home)
    assert release is not None and release.status == "APPROVED"
    assert f"Release {release.id} " in first.stdout
    assert release.prepared_by != release.approved_by
    assert "nothing to do" in demo_release().stdout
    assert [r.id for r in [latest_public(home)]] == [release.id]

    (home.root / "demo_manifest.json").unlink()
    refused = demo_release()
    assert refused.returncode == 1
    assert "was not written by `tipstat demo`" in refused.stderr
