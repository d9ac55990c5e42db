"""Probable duplicates (linkage.md) on the real demo pipeline: the queue, the estimate, decisions.

The demo knows the simulated person behind each record (tipstat/demo/truth.py), so the model's
pairs are checked against it; a decision is applied and undone through real runs.
"""

from __future__ import annotations

import csv
import json
import re
import shutil

import duckdb
import pytest
from typer.testing import CliRunner

from dagster_project.runner import run_pipeline
from tipstat.cli import app
from tipstat.demo.truth import true_person_sql
from tipstat.linkage.decisions import decisions_path
from tipstat.linkage.model import THRESHOLD
from tipstat.settings import Home

runner = CliRunner()


def _published(home: Home, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(home.warehouse), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _candidates(home: Home, *extra: str) -> dict:
    result = runner.invoke(app, ["linkage", "candidates", "--home", str(home.root), "--json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_queue_and_estimate_on_the_demo(demo_home):
    queue = _candidates(demo_home, "--min-probability", "0.5")
    pairs = queue["pairs"]
    assert pairs and set(pairs[0]) == {"record_a", "feed_a", "record_b", "feed_b", "probability"}
    probabilities = [p["probability"] for p in pairs]
    assert probabilities == sorted(probabilities, reverse=True) and min(probabilities) >= 0.5
    higher = _candidates(demo_home, "--min-probability", "0.95")["pairs"]
    assert len(higher) == sum(p >= 0.95 for p in probabilities)

    # no key, ID or phone number anywhere in the queue
    keys = {
        k for (k,) in _published(demo_home, "select distinct victim_key from intermediate.int_victim_records")
    }
    text = json.dumps(queue)
    assert not any(k and k in text for k in keys)
    assert not re.search(r"\d{9,}", text)

    # the estimate has linkage.md's columns; by the rules equals the official count, year by
    # year; linking only merges
    columns = [c for c, *_ in _published(demo_home, "describe reporting.linkage_estimate")]
    assert columns == ["year", "status", "persons_by_rules", "persons_linked", "pairs_used", "threshold"]
    official = dict(
        _published(demo_home, "select year, sum(victims) from reporting.victims_detected group by 1")
    )
    estimate = _published(
        demo_home,
        "select year, sum(persons_by_rules), sum(persons_linked), sum(pairs_used), min(threshold) "
        "from reporting.linkage_estimate group by 1 order by 1",
    )
    assert {year: rules for year, rules, *_ in estimate} == official
    assert all(linked <= rules for _, rules, linked, _, _ in estimate)
    assert {threshold for *_, threshold in estimate} == {THRESHOLD}
    assert sum(pairs for *_, pairs, _ in estimate) > 0

    # against the simulated truth: precision and recall of person pairs, the linked count
    con = duckdb.connect(str(demo_home.warehouse), read_only=True)
    truth = f"select record_id, feed, {true_person_sql()} as real from intermediate.int_victim_records"
    right, found = con.execute(
        f"""with t as ({truth})
            select count(*) filter (where ta.real = tb.real), count(*) from reporting.linkage_candidates c
            join t ta on ta.record_id = c.record_a and ta.feed = c.feed_a
            join t tb on tb.record_id = c.record_b and tb.feed = c.feed_b
            where c.probability >= {THRESHOLD}"""
    ).fetchall()[0]
    real = con.execute(f"select count(distinct real) from ({truth})").fetchall()[0][0]
    con.close()
    linked = sum(linked for _, _, linked, _, _ in estimate)
    assert right / found >= 0.95, (right, found)
    assert abs(linked - real) / real <= 0.03, (linked, real)


def test_decisions_applied_refused_and_undone(demo_home, tmp_path):
    home = Home.resolve(shutil.copytree(demo_home.root, tmp_path / "home"))
    before = _published(home, "select sum(victims) from reporting.victims_detected")[0][0]
    top = _candidates(home, "--min-probability", str(THRESHOLD))["pairs"][0]
    a, b = f"{top['feed_a']}:{top['record_a']}", f"{top['feed_b']}:{top['record_b']}"

    def decide(*args: str):
        return runner.invoke(app, ["linkage", "decide", *args, "--home", str(home.root)])

    # refusals: exit 1, one line, nothing written
    for args, why in (
        ([a, "police:NO-SUCH-RECORD", "match", "--by", "An", "--why", "x"], "no victim record"),
        ([a, a, "match", "--by", "An", "--why", "x"], "same record"),
        ([a, b, "maybe", "--by", "An", "--why", "x"], "decision must be"),
        ([a, b, "match", "--why", "x"], "--by NAME"),
    ):
        result = decide(*args)
        assert result.exit_code == 1 and why in result.output, (args, result.output)
    assert not decisions_path(home).exists()

    # a match: from the next run the two persons are one
    result = decide(a, b, "match", "--by", "Nguyễn An", "--why", "same case, dates agree", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["decision"] == "match"
    outcome = run_pipeline(home)
    assert outcome.success and outcome.published, outcome.error
    assert _published(home, "select sum(victims) from reporting.victims_detected")[0][0] == before - 1
    assert _published(home, "select counting_rules_version from reporting.publication")[0][0] == "2"
    reviewed = _published(
        home, "select count(distinct person_id) from intermediate.int_victim_identity where reviewed_link"
    )[0][0]
    assert reviewed == 1
    queue = {(p["record_a"], p["record_b"]) for p in _candidates(home, "--min-probability", "0")["pairs"]}
    assert (top["record_a"], top["record_b"]) not in queue
    # nothing new since: the run neither rebuilds nor publishes
    assert not run_pipeline(home).published

    # undo: a later nonmatch is in force; the count is back and the pair stays out of the queue
    assert decide(b, a, "nonmatch", "--by", "Trần Bình", "--why", "different mothers' names").exit_code == 0
    outcome = run_pipeline(home)
    assert outcome.success and outcome.published, outcome.error
    assert _published(home, "select sum(victims) from reporting.victims_detected")[0][0] == before
    queue = {(p["record_a"], p["record_b"]) for p in _candidates(home, "--min-probability", "0")["pairs"]}
    assert (top["record_a"], top["record_b"]) not in queue

    # the file is append-only, and the audit store has both decisions
    with open(decisions_path(home), encoding="utf-8", newline="") as handle:
        decisions = list(csv.DictReader(handle))
    assert [d["decision"] for d in decisions] == ["match", "nonmatch"]
    assert decisions[0]["decided_by"] == "Nguyễn An"
    audit = duckdb.connect(str(home.root / "audit.duckdb"), read_only=True)
    assert audit.execute(
        "select decision from audit.audit.linkage_decisions order by decided_at"
    ).fetchall() == [
        ("match",),
        ("nonmatch",),
    ]
    audit.close()


@pytest.mark.parametrize("bad", ["--min-probability=1.5", "--min-probability=-0.1"])
def test_candidates_refuses_a_probability_outside_0_1(demo_home, bad):
    result = runner.invoke(app, ["linkage", "candidates", "--home", str(demo_home.root), bad])
    assert result.exit_code != 0
