"""The public catalogue on real pipeline output: the demo's, and a small demo of another seed.
One test per data set that asserts a lot (each catalogue build is seconds of LPs)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from tipstat import progress
from tipstat.disclosure.build import true_tables
from tipstat.disclosure.catalogue import build_catalogue, read_catalogue, write_catalogue
from tipstat.disclosure.policy import DisclosurePolicy
from tipstat.disclosure.public_tables import TABLES
from tipstat.settings import Home


@pytest.fixture(scope="module")
def other_seed_home(tmp_path_factory: pytest.TempPathFactory) -> Home:
    """A small demo of another seed through the real pipeline (four quarters)."""
    from dagster_project.runner import run_pipeline
    from tipstat.demo.generator import generate_demo

    home = Home.resolve(tmp_path_factory.mktemp("other_seed"))
    generate_demo(home, seed=5, scale=0.15, start="2024Q1", end="2024Q4")
    outcome = run_pipeline(home)
    assert outcome.success, outcome.error
    return home


def _check(home: Home, out: Path) -> dict[str, int]:
    policy = DisclosurePolicy()
    con = duckdb.connect(str(home.warehouse), read_only=True)
    try:
        cat = build_catalogue(con, policy)
        _, truth = true_tables(con)
    finally:
        con.close()
    report = cat.audit()
    assert report.clean, [str(f) for f in report.findings] + report.inconsistent
    assert report.lps > 0 and report.variables > 0
    for t in TABLES:
        frame, exact = cat.frames[t.name], truth[t.name]
        assert len(frame) == len(exact)
        if not t.protected:
            continue
        flags = frame["flag"]
        assert set(flags) <= {"", "P", "S"}, t.name
        primary = flags == "P"
        # `<5` only on a count from 1 to 4, and every such count is hidden
        assert exact["value"][primary].between(1, policy.threshold - 1).all(), t.name
        small = exact["value"].between(1, policy.threshold - 1)
        assert (flags[small] == "P").all(), t.name
        hidden = flags.isin(["P", "S"])
        assert frame["value"][hidden].isna().all(), t.name
        shown = ~hidden
        assert (frame["value"][shown].astype("int64") == exact["value"][shown]).all(), t.name
        # the same count is flagged alike wherever it appears (sex x age in two tables)
    a = cat.frames["victims_form_sex_age"].query("exploitation_form == '_T'")
    b = cat.frames["victims_citizenship_sex_age"].query("citizenship == '_T'")
    merged = a.merge(b, on=["year", "sex", "age_group"])
    assert (merged["flag_x"] == merged["flag_y"]).all()
    assert merged["value_x"].equals(merged["value_y"])

    write_catalogue(cat, out, report)
    meta = json.loads((out / "catalogue.json").read_text(encoding="utf-8"))
    assert meta["method"] == "suppression" and meta["threshold"] == 5 and meta["max_perturbation"] == 0
    assert {t["name"] for t in meta["tables"]} == {t.name for t in TABLES}
    assert all((out / t["file"]).exists() for t in meta["tables"])
    assert meta["codelists"]["sex"] == {"codes": ["F", "M", "_U"], "aggregates": {"_T": ["F", "M", "_U"]}}
    header = (out / "victims_form_sex_age.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "year,exploitation_form,sex,age_group,value,flag"
    again = read_catalogue(out)
    for name, frame in cat.frames.items():
        pd.testing.assert_frame_equal(
            again.frames[name].reset_index(drop=True), frame.reset_index(drop=True), check_dtype=False
        )
    return cat.counts()


def test_demo_catalogue_protected_and_audited(demo_home: Home, tmp_path: Path) -> None:
    counts = _check(demo_home, tmp_path / "public")
    assert counts["primary"] > 0 and counts["secondary"] > 0


class _Recorder:
    """A progress reporter that keeps what it was told (tipstat/progress.py)."""

    def __init__(self) -> None:
        self.events: list[tuple[str, str, int | None]] = []

    def start(self, stage: str, total: int | None) -> None:
        self.events.append(("start", stage, total))

    def advance(self, stage: str, n: int) -> None:
        self.events.append(("advance", stage, n))

    def finish(self, stage: str) -> None:
        self.events.append(("finish", stage, None))


def test_other_seed_catalogue_protected_and_audited(other_seed_home: Home, tmp_path: Path) -> None:
    recorder = _Recorder()
    with progress.reporting(recorder):
        counts = _check(other_seed_home, tmp_path / "public")
    assert counts["primary"] > 0
    # the protection reports one step per block (`release prepare` draws it as a bar)
    (start, *steps, end) = recorder.events
    assert start[:2] == ("start", "protect") and start[2] > 1
    assert steps == [("advance", "protect", 1)] * start[2]
    assert end == ("finish", "protect", None)
    shutil.rmtree(tmp_path / "public")
