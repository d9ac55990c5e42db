"""The release cycle through the real CLI on a copy of the demo's working figures: every state
change and refusal, the `--json` shapes, the embargo with a stopped clock, the audit trail."""

from __future__ import annotations

import json
import os

import pytest
from typer.testing import CliRunner

from tipstat.cli import app
from tipstat.releases.public import public_view
from tipstat.releases.snapshot import sha256_of
from tipstat.releases.store import load_release
from tipstat.settings import Home

RELEASE_KEYS = {
    "id", "status", "through", "run_id", "prepared_by", "approved_by", "embargo_until", "sha256", "flags",
    "revisions",
}  # fmt: skip
FLAG_KEYS = {"id", "kind", "subject", "period", "detail", "acknowledged_by"}


def cli(home: Home, *args: str, now: str | None = None) -> tuple[int, str, str]:
    env = {"TIPSTAT_NOW": now} if now else {}
    result = CliRunner().invoke(app, ["release", *args, "--home", str(home.root)], env=env)
    return result.exit_code, result.stdout, result.stderr


def state(home: Home) -> dict[str, bytes]:
    """Every file under releases/ (but the lock), to prove a refusal changed nothing."""
    root = home.releases
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def refused(home: Home, *args: str, now: str, says: str) -> None:
    before = state(home)
    code, out, err = cli(home, *args, now=now)
    assert code == 1, (args, out, err)
    assert out == ""
    assert err.count("\n") == 1 and says in err, err
    assert state(home) == before, f"{args} changed releases/"


def as_json(home: Home, *args: str, now: str) -> dict:
    code, out, err = cli(home, *args, "--json", now=now)
    assert code == 0, err
    assert out.count("\n") == 1
    return json.loads(out)


T0 = "2026-03-01T10:00+07:00"


def test_prepare_acknowledge_approve_embargo_withdraw(home: Home) -> None:
    # nothing yet
    assert as_json(home, "list", now=T0) == {"releases": []}
    refused(home, "prepare", "--through", "2025Q5", "--by", "An", now=T0, says="not a quarter like 2025Q4")
    refused(home, "prepare", "--through", "2031Q1", "--by", "An", now=T0, says="after the working figures")
    refused(home, "prepare", "--through", "2025Q4", "--by", " ", now=T0, says="--by")

    # prepare: a DRAFT, frozen with its SHA-256
    draft = as_json(home, "prepare", "--through", "2025Q4", "--by", "An", "--note", "Annual 2025", now=T0)
    assert set(draft) == RELEASE_KEYS
    assert draft["id"] == "2026-1" and draft["status"] == "DRAFT" and draft["through"] == "2025Q4"
    assert draft["prepared_by"] == "An" and draft["approved_by"] is None and draft["embargo_until"] is None
    snapshot = home.releases / "2026-1.duckdb"
    assert draft["sha256"] == sha256_of(snapshot)
    assert draft["revisions"] == 0 and draft["flags"], "the demo has late files: flags expected"
    assert all(set(f) == FLAG_KEYS and f["acknowledged_by"] is None for f in draft["flags"])
    assert {f["kind"] for f in draft["flags"]} >= {"incomplete", "outlier"}
    assert [f["id"] for f in draft["flags"]] == [f"F{i}" for i in range(1, len(draft["flags"]) + 1)]
    assert (home.releases / "2026-1" / "public" / "manifest.json").exists()

    # refusals before sign-off; none changes anything
    refused(
        home,
        "approve",
        "2026-9",
        "--by",
        "Binh",
        "--embargo-until",
        "2026-03-15 09:00",
        now=T0,
        says="no release 2026-9",
    )
    refused(
        home,
        "approve",
        "26-1",
        "--by",
        "Binh",
        "--embargo-until",
        "2026-03-15 09:00",
        now=T0,
        says="not a release id",
    )
    refused(
        home,
        "approve",
        "2026-1",
        "--by",
        "an",
        "--embargo-until",
        "2026-03-15 09:00",
        now=T0,
        says="another statistician",
    )
    refused(
        home, "approve", "2026-1", "--by", "Binh", "--embargo-until", "2026-03-15 09:00 Asia/Ho_Chi_Mihn",
        now=T0, says="unknown time zone 'Asia/Ho_Chi_Mihn'",
    )  # fmt: skip
    refused(
        home,
        "approve",
        "2026-1",
        "--by",
        "Binh",
        "--embargo-until",
        "2026-02-15T09:00+07:00",
        now=T0,
        says="in the past",
    )
    refused(
        home,
        "approve",
        "2026-1",
        "--by",
        "Binh",
        "--embargo-until",
        "2026-03-15 09:00",
        now=T0,
        says="not acknowledged",
    )
    refused(home, "acknowledge", "2026-1", "F999", "--by", "Binh", "--why", "x", now=T0, says="no flag F999")
    refused(home, "acknowledge", "2026-1", "F1", "--by", "Binh", "--why", "", now=T0, says="--why")

    # acknowledge one, then the rest
    one = as_json(
        home, "acknowledge", "2026-1", "F1", "--by", "Binh", "--why", "ministry confirmed the delay", now=T0
    )
    assert one["flags"][0]["acknowledged_by"] == "Binh"
    assert all(f["acknowledged_by"] is None for f in one["flags"][1:])
    refused(
        home,
        "acknowledge",
        "2026-1",
        "F1",
        "--by",
        "Chi",
        "--why",
        "again",
        now=T0,
        says="already acknowledged by Binh",
    )
    rest = as_json(
        home, "acknowledge", "2026-1", "all", "--by", "Binh", "--why", "checked with the feeds", now=T0
    )
    assert all(f["acknowledged_by"] == "Binh" for f in rest["flags"])

    # approve with an embargo typed in Viet Nam time
    approved = as_json(
        home, "approve", "2026-1", "--by", "Binh", "--embargo-until", "2026-03-15 09:00", now=T0
    )
    assert approved["status"] == "APPROVED" and approved["approved_by"] == "Binh"
    assert approved["embargo_until"] == "2026-03-15T02:00:00+00:00"
    assert approved["sha256"] == draft["sha256"] == sha256_of(snapshot)  # never changes after approval
    refused(
        home,
        "approve",
        "2026-1",
        "--by",
        "Chi",
        "--embargo-until",
        "2026-03-20 09:00",
        now=T0,
        says="already approved by Binh",
    )
    refused(home, "acknowledge", "2026-1", "F2", "--by", "Chi", "--why", "x", now=T0, says="only a DRAFT")

    # the embargo, with the clock stopped on either side of it
    def public(now: str) -> str | None:
        code, out, _ = cli(home, "list", now=now)
        view = public_view(home, now=_utc(now)).release
        assert code == 0 and f"The public sees: {view.id if view else 'no release yet'}" in out
        return view.id if view else None

    assert public(T0) is None
    assert public("2026-03-15T08:59:59+07:00") is None
    assert public("2026-03-15T09:00+07:00") == "2026-1"
    assert public("2026-03-15T02:00Z") == "2026-1"
    out = home.root / "x.csv"
    early = CliRunner().invoke(
        app,
        ["export", "sdg", "--year", "2024", "--out", str(out), "--public", "--home", str(home.root)],
        env={"TIPSTAT_NOW": "2026-03-15T08:59+07:00"},
    )
    assert early.exit_code == 1 and "no release is public yet" in early.stderr and not out.exists()

    # a second release measured against the first, approved, public, then withdrawn
    T1 = "2026-04-01T10:00+07:00"
    second = as_json(home, "prepare", "--through", "2025Q4", "--by", "Chi", now=T1)
    assert second["id"] == "2026-2" and load_release(home, "2026-2").previous == "2026-1"
    assert second["revisions"] == 0 and not [f for f in second["flags"] if f["kind"] == "break"]
    as_json(home, "acknowledge", "2026-2", "all", "--by", "An", "--why", "as in 2026-1", now=T1)
    as_json(home, "approve", "2026-2", "--by", "An", "--embargo-until", "now", now=T1)
    assert public(T1) == "2026-2"
    withdrawn = as_json(
        home,
        "withdraw",
        "2026-2",
        "--by",
        "Binh",
        "--why",
        "wrong population file",
        now="2026-04-02T10:00+07:00",
    )
    assert withdrawn["status"] == "WITHDRAWN"
    view = public_view(home, now=_utc("2026-04-03T10:00+07:00"))
    assert view.release.id == "2026-1" and view.withdrawn.id == "2026-2"  # falls back, and says so
    refused(home, "withdraw", "2026-2", "--by", "Binh", "--why", "again", now=T1, says="already withdrawn")
    refused(home, "approve", "2026-2", "--by", "Chi", "--embargo-until", "now", now=T1, says="withdrawn")
    refused(home, "show", "2027-1", now=T1, says="no release 2027-1")

    # a draft measured against a release no longer the last approved is refused
    third = as_json(home, "prepare", "--through", "2025Q3", "--by", "Chi", now=T1)
    assert third["id"] == "2026-3" and load_release(home, "2026-3").previous == "2026-1"

    # show: the note and the audit trail, who, when, what, why
    shown = as_json(home, "show", "2026-2", now=T1)
    assert set(shown) == RELEASE_KEYS and shown["status"] == "WITHDRAWN"
    actions = load_release(home, "2026-2").actions
    assert [(a.by, a.action) for a in actions] == [
        ("Chi", "prepare"), ("An", "acknowledge"), ("An", "approve"), ("Binh", "withdraw"),
    ]  # fmt: skip
    assert actions[-1].why == "wrong population file"
    code, out, _ = cli(home, "show", "2026-2", now=T1)
    assert code == 0 and "Binh withdraw: wrong population file" in out
    code, out, _ = cli(home, "show", "2026-1", now=T1)
    assert (
        code == 0
        and "ministry confirmed the delay" in out
        and "Binh approve" in out
        and "Quality flags" in out
    )
    listed = as_json(home, "list", now=T1)
    assert [r["id"] for r in listed["releases"]] == ["2026-1", "2026-2", "2026-3"]
    assert [r["status"] for r in listed["releases"]] == ["APPROVED", "WITHDRAWN", "DRAFT"]
    assert as_json(home, "diff", "2026-1", "2026-2", now=T1) == {"revisions": []}


def _utc(text: str):
    from datetime import datetime

    return datetime.fromisoformat(text)


def test_the_year_of_an_id_is_viet_nam_time(home: Home) -> None:
    """31 December 2026 at 18:00 UTC is already 2027 in Viet Nam."""
    made = as_json(home, "prepare", "--through", "2025Q4", "--by", "An", now="2026-12-31T18:00Z")
    assert made["id"] == "2027-1"


def test_killed_prepare_or_approve_leaves_no_half_made_release(home: Home) -> None:
    import subprocess
    import sys

    def tipstat(*args: str, fault: str | None = None) -> subprocess.CompletedProcess:
        env = {**os.environ, "TIPSTAT_NOW": T0}
        if fault:
            env["TIPSTAT_FAULT"] = fault
        return subprocess.run(
            [sys.executable, "-m", "tipstat.cli", "release", *args, "--home", str(home.root)],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip

    killed = tipstat("prepare", "--through", "2025Q4", "--by", "An", fault="release_snapshot_renamed")
    assert killed.returncode == -9
    assert (home.releases / "2026-1.duckdb").exists()  # renamed, but its record never written
    assert as_json(home, "list", now=T0)["releases"] == []
    made = as_json(home, "prepare", "--through", "2025Q4", "--by", "An", now=T0)
    assert made["id"] == "2026-1" and made["sha256"] == sha256_of(home.releases / "2026-1.duckdb")
    assert not [p for p in home.releases.iterdir() if ".tmp" in p.name]
    as_json(home, "acknowledge", "2026-1", "all", "--by", "Binh", "--why", "ok", now=T0)
    killed = tipstat(
        "approve", "2026-1", "--by", "Binh", "--embargo-until", "now", fault="release_before_approve"
    )
    assert killed.returncode == -9
    assert as_json(home, "show", "2026-1", now=T0)["status"] == "DRAFT"


def test_two_approvals_at_once_one_wins(home: Home) -> None:
    import subprocess
    import sys

    as_json(home, "prepare", "--through", "2025Q4", "--by", "An", now=T0)
    as_json(home, "acknowledge", "2026-1", "all", "--by", "Binh", "--why", "ok", now=T0)
    env = {**os.environ, "TIPSTAT_NOW": T0}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tipstat.cli",
                "release",
                "approve",
                "2026-1",
                "--by",
                who,
                "--embargo-until",
                "2026-03-15T09:00+07:00",
                "--home",
                str(home.root),
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for who in ("Binh", "Chi")
    ]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    assert sorted(code for code, _ in results) == [0, 1]
    loser = next(err for code, err in results if code == 1)
    assert "already approved by" in loser and loser.count("\n") == 1
    shown = as_json(home, "show", "2026-1", now=T0)
    actions = [a.action for a in load_release(home, "2026-1").actions]
    assert shown["status"] == "APPROVED" and actions.count("approve") == 1


def test_a_run_during_prepare_does_not_mix_figures(home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pipeline replaces warehouse.duckdb whole; a prepare that opened the old file freezes the
    old figures and names the old run, even when the new file lands half-way through."""
    import shutil

    import duckdb

    from tipstat.releases import lifecycle, snapshot

    newer = home.root / "newer.duckdb"
    shutil.copyfile(home.warehouse, newer)
    with duckdb.connect(str(newer)) as con:
        con.execute("UPDATE reporting.publication SET run_id = 'the-next-run'")
        con.execute("UPDATE reporting.victims_detected SET victims = victims + 1000")
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        run_id = con.execute("SELECT run_id FROM reporting.publication").fetchone()[0]
        total = con.execute(
            "SELECT sum(victims) FROM reporting.victims_detected WHERE year <= 2025"
        ).fetchone()[0]
    real_copy = snapshot.copy_reporting

    def copy_while_a_run_publishes(con, through):
        os.replace(newer, home.warehouse)  # the run's commit point, after prepare opened the file
        return real_copy(con, through)

    monkeypatch.setattr(snapshot, "copy_reporting", copy_while_a_run_publishes)
    release = lifecycle.prepare(home, "2025Q4", by="An", now=_utc(T0))
    assert release.run_id == run_id
    with duckdb.connect(str(home.releases / f"{release.id}.duckdb"), read_only=True) as con:
        assert con.execute("SELECT sum(victims) FROM reporting.victims_detected").fetchone()[0] == total


def test_a_missing_feed_needs_accept_incomplete(home: Home) -> None:
    """A covered quarter with a feed MISSING (here: the court's 2025Q2 file never came)."""
    import duckdb

    with duckdb.connect(str(home.warehouse)) as con:
        con.execute(
            "UPDATE reporting.completeness SET status = 'MISSING', received = FALSE, file_name = NULL "
            "WHERE feed = 'court' AND period = '2025Q2'"
        )
    made = as_json(home, "prepare", "--through", "2025Q4", "--by", "An", now=T0)
    assert load_release(home, made["id"]).incomplete_periods == ["2025Q2"]
    assert any(
        f["kind"] == "incomplete" and f["subject"] == "court_defendants" and f["period"] == "2025Q2"
        and f["detail"].startswith("MISSING") for f in made["flags"]
    )  # fmt: skip
    as_json(home, "acknowledge", made["id"], "all", "--by", "Binh", "--why", "court file promised", now=T0)
    refused(home, "approve", made["id"], "--by", "Binh", "--embargo-until", "now", now=T0, says="2025Q2")
    refused(
        home, "approve", made["id"], "--by", "Binh", "--embargo-until", "now", "--accept-incomplete", " ",
        now=T0, says="--accept-incomplete",
    )  # fmt: skip
    approved = as_json(
        home, "approve", made["id"], "--by", "Binh", "--embargo-until", "now",
        "--accept-incomplete", "court 2025Q2 to follow in the next release", now=T0,
    )  # fmt: skip
    assert approved["status"] == "APPROVED"
    record = load_release(home, made["id"])
    assert record.accepted_incomplete == "court 2025Q2 to follow in the next release"
    code, out, _ = cli(home, "show", made["id"], now=T0)
    assert "Approved with incomplete quarters: court 2025Q2 to follow" in out
    assert "A feed missing or rejected: 2025Q2" in out
