"""Nothing shown that the catalogue does not hold: every public page of the dashboard, in both
languages and for every year it offers, on the demo's release. Each number a page shows (metrics,
tables, the data of every chart) must be a published value of the release's public catalogue, or
a rate per 100,000 worked out from a published count and the catalogue's population. Not
checked: shares and changes in per cent (metrics with `%` and metric deltas: ratios and
differences of published cells, hidden with their count by `app.protect.share`), the class limits
in a map's legend (colour bands, not figures), and text such as labels and notes."""

from __future__ import annotations

import pytest

from app.i18n import t
from tests.app.catalogue_scan import held_numbers, parse_decimal, province_rates
from tests.app.disclosure_scan import page_numbers, province_maps
from tests.app.test_demo_pipeline_pages import demo_env  # noqa: F401 (fixture)
from tests.app.test_pages import PAGES, start, visit
from tipstat.disclosure.catalogue import read_catalogue
from tipstat.releases.public import latest_public
from tipstat.releases.store import public_dir

YEAR_KEYS = {
    "victims": "victims_year",
    "provinces": "provinces_year",
    "routes": "routes_year",
    "justice": "justice_year",
    "support": "support_year",
}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_number_on_every_public_page_is_in_the_catalogue(demo_env, lang: str) -> None:  # noqa: F811
    release = latest_public(demo_env)
    assert release is not None
    cat = read_catalogue(public_dir(demo_env, release.id))
    numbers = held_numbers(cat)
    at = start(lang)
    scanned, rated, years_seen = 0, 0, {}
    for page in (*PAGES, "glossary"):
        visit(at, page, lang)
        key = YEAR_KEYS.get(page)
        offered = len(at.selectbox(key=key).options) if key else 1
        for i in range(offered):
            if key:
                at.selectbox(key=key).select_index(i).run()
                assert not at.exception, (page, i, [e.value for e in at.exception])
                years_seen[page] = years_seen.get(page, 0) + 1
            found = page_numbers(at, lang, page)
            foreign = [s for s in found if s.value not in numbers]
            assert not foreign, (page, i, foreign[:10])
            scanned += len(found)
            if page == "provinces":
                rated += _check_rates(at, cat, lang)
    assert scanned > 500 and rated > 100
    assert all(n >= 5 for n in years_seen.values()), years_seen


def _check_rates(at, cat, lang: str) -> int:
    """The rate map of the provinces page: each province's rate is a published count per 100,000
    of the catalogue's population, or the count's own symbol when it is hidden."""
    year = int(at.selectbox(key="provinces_year").value)
    expected = province_rates(cat, year)
    checked = 0
    for measure, shown in province_maps(at):
        if measure != t("rate_per_100k", lang):
            continue
        for code, text in shown.items():
            if text in ("–", cat.policy.primary_symbol, cat.policy.secondary_symbol):
                continue
            assert parse_decimal(text, lang) in expected, (year, code, text)
            checked += 1
    return checked


def test_the_scan_sees_exact_figures_in_statistician_mode(demo_env, monkeypatch) -> None:  # noqa: F811
    """Control for the scan above: the working figures show numbers the catalogue hides."""
    release = latest_public(demo_env)
    assert release is not None
    numbers = held_numbers(read_catalogue(public_dir(demo_env, release.id)))
    monkeypatch.setenv("TIPSTAT_MODE", "statistician")
    at = start("en")
    visit(at, "victims", "en")
    assert [s for s in page_numbers(at, "en", "victims") if s.value not in numbers]
