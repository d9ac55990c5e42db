"""Every page of the real app, on a real DuckDB warehouse file, in both languages and modes."""

from __future__ import annotations

import gc
import html
import re

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from app.charts import MUTED
from app.context import LANG_KEY
from app.i18n import t
from app.views import glossary
from tests.app.conftest import APP_MAIN
from tests.app.disclosure_scan import (
    SVG,
    derivable_cells,
    metrics,
    page_numbers,
    province_maps,
    shown,
    small_counts,
    tables,
)
from tipstat.disclosure import SUPPRESSED_LABEL

PAGES = {
    "overview": "page_overview",
    "victims": "page_victims",
    "provinces": "page_provinces",
    "routes": "page_routes",
    "justice": "page_justice",
    "support": "page_support",
    "quality": "page_quality",
    "reports": "page_reports",
}
BANNER = t("statistician_banner", "en")


def start(lang: str) -> AppTest:
    """First run, then the language chosen with the sidebar selector (as a viewer does)."""
    at = AppTest.from_file(str(APP_MAIN), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    at.sidebar.selectbox[0].set_value(lang).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def visit(at: AppTest, page: str, lang: str | None = None) -> AppTest:
    """Switch page. AppTest 1.67 drops the main script's widget state on later reruns of an
    st.navigation app, so the language is carried in the selector's session-state key."""
    if lang is not None:
        at.session_state[LANG_KEY] = lang
    at.switch_page(f"screens/{page}.py").run()
    assert not at.exception, (page, [e.value for e in at.exception])
    return at


def banner_shown(at: AppTest) -> bool:
    return any(BANNER in e.value for e in at.error)


@pytest.mark.parametrize("mode", ["public", "statistician"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_page_runs(app_env, monkeypatch, lang: str, mode: str) -> None:
    if mode == "statistician":
        monkeypatch.setenv("TIPSTAT_MODE", "statistician")
    at = start(lang)
    # the objects loaded at start-up are out of the collector's reach (app.cache.settle_heap)
    assert gc.get_freeze_count() > 0
    for page, title_key in PAGES.items():
        visit(at, page, lang)
        assert at.title[0].value == t(title_key, lang)
        assert banner_shown(at) == (mode == "statistician"), page
        if page == "provinces":  # maps are SVG pictures (app/maps.py)
            assert len(province_maps(at)) == 2, "the provinces page draws its two maps"
        elif page == "glossary":  # every term and its definition, as text (`<5` escaped, not a tag)
            page_text = html.unescape(re.sub(r"<[^>]+>", " ", "".join(e.value for e in at.html)))
            for term, definition in glossary.entries(lang):
                assert term in page_text and definition in page_text, term
        elif page != "reports":
            pictures = shown(at).pictures
            assert pictures, f"{page} draws no chart"
            # each chart drawn for its place and for a phone, the two with the same marks
            assert len(pictures) % 2 == 0, page


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_public_pages_show_no_small_count_and_nothing_derivable(app_env, lang: str) -> None:
    at = start(lang)
    suppressed_seen = 0
    for page in PAGES:
        visit(at, page, lang)
        found = page_numbers(at, lang, page)
        assert not small_counts(found), small_counts(found)[:10]
        for i, df in enumerate(tables(at)):
            assert not derivable_cells(df), (page, i, derivable_cells(df))
            suppressed_seen += int((df.astype(str) == SUPPRESSED_LABEL).to_numpy().sum())
    # the fixture has small counts: the scan would be empty if nothing had to be hidden
    assert suppressed_seen > 20


def test_statistician_mode_shows_the_exact_small_counts(app_env, monkeypatch) -> None:
    """Control for the scan above: with exact figures, the same scan finds counts 1-4."""
    monkeypatch.setenv("TIPSTAT_MODE", "statistician")
    at = start("en")
    found = []
    for page in ("victims", "provinces", "routes"):
        visit(at, page, "en")
        found += page_numbers(at, "en", page)
    assert small_counts(found)


def test_language_selector_switches_the_page(app_env) -> None:
    at = AppTest.from_file(str(APP_MAIN), default_timeout=60).run()
    assert at.title[0].value == t("page_overview", "vi")  # Vietnamese by default
    at.sidebar.selectbox[0].set_value("en").run()
    assert at.title[0].value == t("page_overview", "en")
    assert any(m.label.startswith(t("share_children", "en")) for m in metrics(at))


def test_mode_cannot_be_set_from_the_url(app_env) -> None:
    at = AppTest.from_file(str(APP_MAIN), default_timeout=60)
    at.query_params["mode"] = "statistician"
    at.query_params["TIPSTAT_MODE"] = "statistician"
    at.run()
    assert not at.exception
    assert not banner_shown(at)
    at.query_params["mode"] = "statistician"
    visit(at, "provinces", "vi")
    assert not banner_shown(at)
    assert (tables(at)[0].astype(str) == SUPPRESSED_LABEL).to_numpy().any()


def test_overview_figures_match_the_warehouse(app_env, monkeypatch) -> None:
    """The headline compares the latest year's covered quarters with the same quarters a year before."""
    from app.periods import Coverage

    monkeypatch.setenv("TIPSTAT_MODE", "statistician")
    with duckdb.connect(str(app_env.warehouse), read_only=True) as con:
        year, quarters = con.execute(
            "SELECT year, list(DISTINCT quarter ORDER BY quarter) FROM reporting.completeness "
            "GROUP BY year ORDER BY year DESC LIMIT 1"
        ).fetchone()

        def victims(y: int) -> int:
            return con.execute(
                "SELECT coalesce(sum(victims), 0) FROM reporting.victims_quarterly "
                "WHERE status = 'CONFIRMED' AND year = ? AND list_contains(?, quarter)",
                [y, quarters],
            ).fetchone()[0]

        now, before = victims(year), victims(year - 1)
        cases = con.execute(
            "SELECT coalesce(sum(cases), 0) FROM reporting.cases_quarterly WHERE year = ? "
            "AND list_contains(?, quarter)",
            [year, quarters],
        ).fetchone()[0]
    span = Coverage({year: tuple(quarters)}).quarter_span(year, "vi")
    at = start("vi")
    shown_metrics = {m.label: m for m in metrics(at)}
    whole = len(quarters) == 4  # a whole year's headline says so
    detected = shown_metrics[
        t("kpi_detected_year", "vi", year=year) if whole else t("kpi_detected", "vi", period=span)
    ]
    assert detected.value == f"{now:,}".replace(",", ".")
    diff = now - before
    assert detected.delta.startswith(
        ("+" if diff > 0 else "-" if diff < 0 else "±") + f"{abs(diff):,}".replace(",", ".")
    )
    assert shown_metrics[t("kpi_cases", "vi", period=span)].value == f"{cases:,}".replace(",", ".")


def test_numbers_follow_the_language(app_env, monkeypatch) -> None:
    """vi groups thousands with '.', en with ','; the grand total of the provinces table is > 1000."""
    monkeypatch.setenv("TIPSTAT_MODE", "statistician")
    with duckdb.connect(str(app_env.warehouse), read_only=True) as con:
        total = con.execute(
            "SELECT sum(victims) FROM reporting.victims_detected WHERE status = 'CONFIRMED'"
        ).fetchone()[0]
    assert total >= 1000
    for lang, text in (("vi", f"{total:,}".replace(",", ".")), ("en", f"{total:,}")):
        at = visit(start(lang), "provinces", lang)
        table = tables(at)[-1]  # the by-year table comes after the rates
        total_row = table[table.iloc[:, 0] == t("total", lang)].iloc[0]
        assert list(table.columns).index(t("total", lang)) == 1  # right after the labels (phones)
        assert total_row[t("total", lang)] == text


def test_overview_marks_the_incomplete_quarters(app_env) -> None:
    with duckdb.connect(str(app_env.warehouse), read_only=True) as con:
        incomplete = {
            p
            for (p,) in con.execute(
                "SELECT DISTINCT period FROM reporting.completeness WHERE status IN ('MISSING', 'REJECTED')"
            ).fetchall()
        }
    assert incomplete
    for lang in ("vi", "en"):
        at = start(lang)
        quarters = next(p for p in shown(at).pictures if p.chart == "overview_quarter")
        bars = [e for e in quarters.svg.iter(f"{SVG}path") if e.get("aria-roledescription") == "bar"]
        muted = {bar.get("aria-label").split(":")[0] for bar in bars if bar.get("fill") == MUTED}
        assert muted == incomplete, (muted, incomplete)
        figure = next(e.value for e in at.html if 'data-chart="overview_quarter"' in e.value)
        legend = figure.split('class="tipstat-legend"', 1)[1].split("</div>", 1)[0]
        assert t("incomplete_marker", lang) in legend
        assert all(
            p in at.caption[-1].value or p in " ".join(c.value for c in at.caption) for p in incomplete
        )


def test_missing_warehouse_is_a_friendly_note_without_paths(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("TIPSTAT_HOME", str(tmp_path))
    at = AppTest.from_file(str(APP_MAIN), default_timeout=60).run()
    assert not at.exception  # the public sees releases only: none yet
    assert at.info[0].value == t("no_release_yet", "vi")
    monkeypatch.setenv("TIPSTAT_MODE", "statistician")
    at = AppTest.from_file(str(APP_MAIN), default_timeout=60).run()
    assert not at.exception
    assert at.info[0].value == t("no_warehouse", "vi")
    shown = " ".join(e.value for e in [*at.info, *at.caption, *at.markdown, *at.warning])
    assert str(tmp_path) not in shown and "tipstat run" not in shown


def test_covered_period_is_shown_in_local_time(app_env) -> None:
    at = start("en")
    with duckdb.connect(str(app_env.warehouse), read_only=True) as con:
        last = con.execute("SELECT max(period) FROM reporting.completeness").fetchone()[0]
    year, quarter = last.split("Q")
    statement = [c.value for c in at.caption if c.value.startswith("Data: ")]
    assert statement and f"Q{quarter} {year}" in statement[0], statement
    assert t("local_zone", "en") in statement[0] or "received" not in statement[0]


@pytest.mark.parametrize("mode", ["public", "statistician"])
def test_reports_page_prepares_the_exports(app_env, monkeypatch, tmp_path, mode: str) -> None:
    """The download is the export module's own output; public viewers get the public edition only."""
    from tipstat.exports.sdg import export_sdg

    if mode == "statistician":
        monkeypatch.setenv("TIPSTAT_MODE", "statistician")
    at = visit(start("en"), "reports", "en")
    year = at.selectbox(key="reports_year").value
    names = [b.label.split(": ", 1)[1] for b in at.button if b.label.startswith(t("prepare", "en"))]
    public_sdg = f"tipstat_sdg_{year}_public.csv"
    full_sdg = f"tipstat_sdg_{year}_full.csv"
    assert public_sdg in names
    assert (full_sdg in names) == (mode == "statistician")
    at.session_state[LANG_KEY] = "en"
    at.button(key=f"prepare_{public_sdg}").click().run()
    assert not at.exception
    assert not [e.value for e in at.error if BANNER not in e.value]
    produced = at.session_state[f"export_{public_sdg}"]
    export_sdg(app_env, year, tmp_path / "cli.csv", True, user="test")
    assert produced.splitlines()[0] == (tmp_path / "cli.csv").read_bytes().splitlines()[0]
    assert produced == (tmp_path / "cli.csv").read_bytes()
    assert at.get("download_button")


def test_a_warehouse_without_a_table_gets_a_message_not_a_traceback(tmp_path, monkeypatch) -> None:
    from tests.app.synthetic_warehouse import write_warehouse

    path = write_warehouse(tmp_path / "warehouse.duckdb")
    with duckdb.connect(str(path)) as con:
        con.execute("DROP TABLE reporting.victim_routes")
    monkeypatch.setenv("TIPSTAT_HOME", str(tmp_path))
    monkeypatch.setenv("TIPSTAT_MODE", "statistician")  # the working figures (no release here)
    at = visit(start("en"), "routes", "en")
    assert any(t("outdated_warehouse", "en") in e.value for e in at.warning)
    # the table's name is for the operator (server log), not the public page
    assert not any("reporting." in e.value for e in [*at.caption, *at.warning, *at.error, *at.markdown])


def test_a_damaged_warehouse_gets_a_message_in_the_viewers_language(tmp_path, monkeypatch) -> None:
    (tmp_path / "warehouse.duckdb").write_bytes(b"not a database" * 1000)
    monkeypatch.setenv("TIPSTAT_HOME", str(tmp_path))
    monkeypatch.setenv("TIPSTAT_MODE", "statistician")  # the working figures (the public sees releases)
    for lang in ("vi", "en"):
        at = AppTest.from_file(str(APP_MAIN), default_timeout=60)
        at.query_params["lang"] = lang
        at.run()
        assert not at.exception
        assert [e.value for e in at.error if BANNER not in e.value] == [t("page_failed", lang)]
        shown = " ".join(e.value for e in [*at.error, *at.caption, *at.markdown, *at.warning, *at.info])
        assert str(tmp_path) not in shown and "Traceback" not in shown


def test_justice_never_adds_the_stages_up(app_env) -> None:
    """The same person can be suspected, prosecuted and convicted: no total across stages."""
    at = visit(start("vi"), "justice", "vi")
    funnel, by_sex = tables(at)[:2]
    assert t("total", "vi") not in funnel.columns
    assert t("total", "vi") not in set(by_sex.iloc[:, 0].astype(str))
    assert t("total", "vi") in by_sex.columns  # one person has one sex: that total is sound
