"""A correction after a release: the second release's revisions name the files, exports of a
release are byte for byte the same, and the public dashboard keeps showing the release while the
working figures have moved on. One costly fixture (a second real pipeline run), shared."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from app.i18n import fmt_int, t
from tests.app.disclosure_scan import metrics
from tests.releases.conftest import CORRECTED, Corrected
from tipstat.cli import app
from tipstat.releases.lifecycle import acknowledge, approve, prepare, withdraw

APP_MAIN = Path(__file__).resolve().parents[2] / "app" / "main.py"


def _victims(path: Path, where: str, table: str = "victims_quarterly") -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        sql = f"SELECT coalesce(sum(victims), 0) FROM reporting.{table} WHERE {where}"
        return int(con.execute(sql).fetchone()[0])


@pytest.fixture(scope="module")
def second(corrected: Corrected):
    return prepare(corrected.home, "2025Q4", by="Chi", note="2024Q3 police correction")


def test_revisions_name_the_correction_and_match_the_working_figures(corrected: Corrected, second) -> None:
    home, first = corrected.home, corrected.first
    assert second.previous == first.id and second.revisions > 0
    result = CliRunner().invoke(
        app, ["release", "diff", first.id, second.id, "--json", "--home", str(home.root)]
    )
    assert result.exit_code == 0, result.stderr
    revisions = json.loads(result.stdout)["revisions"]
    assert len(revisions) == second.revisions
    assert all(set(r) == {"table", "key", "old", "new", "files"} and r["old"] != r["new"] for r in revisions)
    # quarterly victims revised from 2024Q3 on (a person the corrected file no longer holds may
    # be first identified later by another feed), caused by the v2 file and the v1 it superseded
    quarterly = [r for r in revisions if r["table"] == "victims_quarterly"]
    periods = {r["key"]["period"] for r in quarterly}
    assert "2024Q3" in periods and min(periods) == "2024Q3"
    assert all(f"{CORRECTED}_v2.csv" in r["files"] and f"{CORRECTED}.csv" in r["files"] for r in quarterly)
    # the revisions add up to the change in the working figures between the two runs, per quarter
    for period in periods:
        where = f"period = '{period}'"
        change = _victims(home.warehouse, where) - _victims(corrected.working_before, where)
        assert sum(r["new"] - r["old"] for r in quarterly if r["key"]["period"] == period) == change
    where = "period = '2024Q3'"
    assert _victims(home.warehouse, where) < _victims(corrected.working_before, where)
    # other quarters did not move
    assert not [r for r in revisions if r["table"] == "cases_quarterly"]
    # 60 records fewer in the police victims file of 2024Q3: a break against the first release
    breaks = [(f.subject, f.period) for f in second.flags if f.kind == "break"]
    assert ("police_victims", "2024Q3") in breaks
    # the release note says so
    shown = CliRunner().invoke(app, ["release", "show", second.id, "--home", str(home.root)])
    assert f"Revisions since {first.id}: {second.revisions}" in shown.stdout
    assert "victims_quarterly" in shown.stdout


def test_exports_of_a_release_are_byte_identical_and_differ_from_the_working_figures(
    corrected: Corrected, tmp_path: Path
) -> None:
    home, rid = corrected.home, corrected.first.id

    def export(kind: str, name: str, *extra: str) -> bytes:
        out = tmp_path / name
        args = ["export", kind, "--year", "2024", "--out", str(out), "--home", str(home.root), *extra]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.stderr
        return out.read_bytes()

    for kind, ext in (("glotip", "xlsx"), ("asean", "xlsx"), ("sdg", "csv")):
        first = export(kind, f"{kind}1.{ext}", "--release", rid)
        again = export(kind, f"{kind}2.{ext}", "--release", rid)
        assert first == again, kind
        public_default = export(kind, f"{kind}p.{ext}", "--public")  # the latest public release
        assert public_default == export(kind, f"{kind}p2.{ext}", "--public", "--release", rid), kind
        if kind != "asean":  # the correction moved 2024's victims and offenders figures
            assert export(kind, f"{kind}w.{ext}") != first, kind
    from openpyxl import load_workbook

    cover = {
        r[0]: r[1]
        for r in load_workbook(tmp_path / "glotip1.xlsx")["Cover"].iter_rows(values_only=True)
        if r[0]
    }
    assert cover["Release"] == rid and cover["Revisions"] == "none: first release"
    assert cover["Written at (UTC)"] == corrected.first.prepared_at.replace("T", " ").removesuffix("+00:00")
    # a draft cannot be exported for the public
    bad = CliRunner().invoke(
        app, ["export", "sdg", "--year", "2024", "--out", str(tmp_path / "no.csv"), "--public",
              "--release", "2026-99",
              "--home", str(home.root)],
    )  # fmt: skip
    assert bad.exit_code == 1 and not (tmp_path / "no.csv").exists()


def test_public_dashboard_shows_the_release_while_the_working_figures_moved_on(
    corrected: Corrected, second, monkeypatch: pytest.MonkeyPatch
) -> None:
    home, first = corrected.home, corrected.first
    snapshot = home.releases / f"{first.id}.duckdb"
    # persons first identified in 2025: the correction moved some of them (see the test above)
    where = "status = 'CONFIRMED' AND year = 2025"
    released = _victims(snapshot, where, "victims_detected")
    working = _victims(home.warehouse, where, "victims_detected")
    assert released != working
    label = t("kpi_detected_year", "en", year=2025)  # the latest whole year, in both modes
    monkeypatch.setenv("TIPSTAT_HOME", str(home.root))

    def overview(mode: str | None) -> AppTest:
        if mode:
            monkeypatch.setenv("TIPSTAT_MODE", mode)
        else:
            monkeypatch.delenv("TIPSTAT_MODE", raising=False)
        at = AppTest.from_file(str(APP_MAIN), default_timeout=90)
        at.session_state["lang"] = "en"
        at.run()
        assert not at.exception
        return at

    public = overview(None)
    shown = {m.label: m.value for m in metrics(public)}
    assert shown[label] == fmt_int(released, "en")
    assert any(
        t("release_shown", "en", id=first.id, through=first.through) in c.value for c in public.caption
    )

    stat = overview("statistician")
    assert {m.label: m.value for m in metrics(stat)}[label] == fmt_int(working, "en")
    stat.switch_page("screens/releases.py").run()
    assert not stat.exception
    assert t("release_working_diff", "en", id=first.id) in [s.value for s in stat.subheader]
    assert any(t("releases_public_now", "en", id=first.id) in s.value for s in stat.success)
    assert second.id in list(stat.dataframe[0].value["id"])

    # the second release goes public, is withdrawn: the public falls back to the first, and is told
    acknowledge(home, second.id, ["all"], by="An", why="correction checked")
    approve(
        home,
        second.id,
        by="An",
        embargo_until="now",
        accept_incomplete="test" if second.incomplete_periods else None,
    )
    public = overview(None)
    assert {m.label: m.value for m in metrics(public)}[label] == fmt_int(working, "en")
    withdraw(home, second.id, by="Binh", why="population file to be corrected")
    public = overview(None)
    assert {m.label: m.value for m in metrics(public)}[label] == fmt_int(released, "en")
    fallback = t("release_fallback", "en", withdrawn=second.id, id=first.id)
    assert fallback in [w.value for w in public.warning]
