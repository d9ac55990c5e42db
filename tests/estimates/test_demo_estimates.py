"""On the real demo run (the session's demo_home: demo, intake, dbt build, Dagster, publish):
the estimate table is in the published warehouse, every demo year has an estimate or a reason,
`tipstat estimate --year` agrees with it, and the dashboard shows it to statisticians only."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from dagster import AssetKey
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from app.i18n import t
from dagster_project.definitions import defs
from tests.app.disclosure_scan import shown as page_content
from tipstat.cli import app

APP = Path(__file__).resolve().parents[2] / "app"


def test_the_estimate_is_a_step_of_the_run_between_dbt_and_publish():
    graph = defs.resolve_asset_graph()
    estimate = AssetKey(["reporting", "hidden_victims_estimate"])
    assert AssetKey(["reporting", "capture_histories"]) in graph.get(estimate).parent_keys
    assert estimate in graph.get(AssetKey(["published", "warehouse"])).parent_keys


def test_demo_years_are_estimated_and_shown_to_statisticians_only(demo_home, monkeypatch):
    con = duckdb.connect(str(demo_home.warehouse), read_only=True)
    try:
        rows = con.execute(
            "SELECT year, status, lists, observed, estimate, ci_low, ci_high, terms, method, estimable, "
            "reason "
            "FROM reporting.hidden_victims_estimate ORDER BY year, status"
        ).fetchall()
        observed = dict(
            con.execute("SELECT year, sum(persons) FROM reporting.capture_histories GROUP BY year").fetchall()
        )
        confirmed = dict(
            con.execute(
                "SELECT year, sum(persons) FROM reporting.capture_histories WHERE status = 'CONFIRMED' "
                "GROUP BY year"
            ).fetchall()
        )
    finally:
        con.close()
    years = sorted(observed)
    assert len(years) >= 5
    assert [(r[0], r[1]) for r in rows] == [(y, s) for y in years for s in ("all", "confirmed")]
    for year, status, lists, n, estimate, low, high, terms, method, estimable, reason in rows:
        assert n == (observed if status == "all" else confirmed)[year]
        if estimable:
            assert lists == ["police", "border", "social", "consular"]
            assert reason is None and method.startswith("Poisson log-linear")
            assert n < low < estimate < high < 3 * n, (year, status)
            assert all(":" in term for term in terms)
        else:
            assert reason and estimate is None, (year, status)

    # the command on the published warehouse gives the table's figures
    year, status, *_rest = rows[-2]
    result = CliRunner().invoke(
        app, ["estimate", "--year", str(year), "--json", "--home", str(demo_home.root)]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert (out["observed"], out["terms"], out["estimable"]) == (rows[-2][3], rows[-2][7], rows[-2][9])
    if out["estimable"]:
        assert out["estimate"] == pytest.approx(rows[-2][4]) and out["ci_low"] == pytest.approx(rows[-2][5])
    human = CliRunner().invoke(app, ["estimate", "--year", str(year), "--home", str(demo_home.root)])
    assert "Persons without a key" in human.stdout and "inflates the estimate" in human.stdout

    # statistician mode: the page shows every year, the estimate beside the detected count
    monkeypatch.setenv("TIPSTAT_HOME", str(demo_home.root))
    monkeypatch.setenv("TIPSTAT_MODE", "statistician")
    for lang in ("vi", "en"):
        at = AppTest.from_file(str(APP / "main.py"), default_timeout=60).run()
        at.session_state["lang"] = lang
        at.switch_page("screens/estimates.py").run()
        assert not at.exception, [e.value for e in at.exception]
        assert at.title[0].value == t("page_estimates", lang)
        shown = at.dataframe[0].value
        assert list(shown[t("year", lang)]) == [str(y) for y in years]
        assert {t("est_detected", lang), t("est_estimate", lang), t("est_interval", lang)} <= set(
            shown.columns
        )
        assert any(t("est_is_estimate", lang) in w.value for w in at.warning)
        assert t("est_caveats", lang) in [m.value for m in at.markdown]

    # public mode: the page shows no figure, only that it is published through a release
    monkeypatch.delenv("TIPSTAT_MODE")
    at = AppTest.from_file(str(APP / "screens" / "estimates.py"), default_timeout=60).run()
    assert not at.exception and not at.dataframe and not page_content(at).pictures
    assert [i.value for i in at.info] == [t("est_not_public", "vi")]
