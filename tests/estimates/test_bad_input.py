"""Bad capture-history files: one clear line naming file, row and rule; never a traceback or a
silly number. Each case runs the real `tipstat estimate --lists` command."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tipstat.cli import app

GOOD_HEADER = "A,B,C,persons\n"


def estimate(tmp_path, text: str, *extra: str):
    path = tmp_path / "lists.csv"
    path.write_text(text, encoding="utf-8")
    return CliRunner().invoke(app, ["estimate", "--lists", str(path), *extra])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD_HEADER + "1,0,0,5\n0,1,5\n", "lists.csv row 3: 3 column(s), the header has 4"),
        (GOOD_HEADER + "1,0,0,5\n0,2,0,4\n", "lists.csv row 3: column 'B' must be 0 or 1, not '2'"),
        (GOOD_HEADER + "1,0,0,5\n0,yes,0,4\n", "lists.csv row 3: column 'B' must be 0 or 1, not 'yes'"),
        (GOOD_HEADER + "1,0,0,-5\n", "lists.csv row 2: the count 'persons' is negative (-5)"),
        (
            GOOD_HEADER + "1,0,0,2.5\n",
            "lists.csv row 2: the count 'persons' must be a whole number of persons",
        ),
        (GOOD_HEADER + "1,0,0,\n", "lists.csv row 2: the count 'persons' must be a whole number of persons"),
        (GOOD_HEADER + "1,0,0,5\n0,1,0,3\n1,0,0,2\n", "lists.csv row 4: the same history as row 2"),
        (GOOD_HEADER + "1,0,0,5\n0,0,0,40\n", "lists.csv row 3: the history is on no list (all zeros)"),
        ("A,B,persons\n1,0,5\n0,1,3\n1,1,2\n", "2 list column(s) before the count column 'persons'"),
        ("A,B,B,persons\n1,0,0,5\n", "lists.csv row 1: column names repeat (B)"),
        ("", "lists.csv: the file is empty"),
        (GOOD_HEADER, "lists.csv: no history rows under the header"),
    ],
    ids=[
        "missing-column",
        "value-2",
        "value-text",
        "negative-count",
        "non-integer-count",
        "empty-count",
        "duplicate-history",
        "all-zero-row",
        "fewer-than-3-lists",
        "repeated-column",
        "empty-file",
        "header-only",
    ],
)
def test_refused_with_one_clear_line(tmp_path, text, message):
    result = estimate(tmp_path, text)
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit) and "Traceback" not in result.output
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    as_json = estimate(tmp_path, text, "--json")
    refused = json.loads(as_json.stdout)
    assert refused["estimable"] is False and message in refused["reason"]
    assert refused["estimate"] is None and refused["ci_low"] is None and refused["ci_high"] is None


def test_missing_file(tmp_path):
    result = CliRunner().invoke(app, ["estimate", "--lists", str(tmp_path / "nope.csv")])
    assert result.exit_code == 2 and "nope.csv: no such file" in result.stderr


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # everyone on every list: the main-effects MLE does not exist (the LP finds no positive table)
        (GOOD_HEADER + "1,1,1,10\n", "main effects only: the maximum likelihood estimate does not exist"),
        # list C holds nobody: dropped, two lists left
        (GOOD_HEADER + "1,0,0,5\n0,1,0,3\n1,1,0,2\n", "fewer than 3 lists hold persons (A, B)"),
        (GOOD_HEADER + "1,0,0,0\n0,1,0,0\n0,0,1,0\n", "no person is on any list"),
    ],
    ids=["model-does-not-exist", "list-without-persons", "no-persons"],
)
def test_not_estimable_gives_the_reason_not_a_number(tmp_path, text, reason):
    result = estimate(tmp_path, text, "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["estimable"] is False and reason in out["reason"]
    assert out["estimate"] is None and out["ci_low"] is None and out["ci_high"] is None
    human = estimate(tmp_path, text)
    assert human.exit_code == 0 and "Reason" in human.stdout and "Traceback" not in human.output


def test_year_and_lists_are_exclusive(tmp_path):
    result = CliRunner().invoke(app, ["estimate"])
    assert result.exit_code == 2 and "exactly one of --year Y or --lists FILE.csv" in result.stderr
