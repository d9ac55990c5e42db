"""The dashboard on the real output of `tipstat demo` + `tipstat run` (the session's demo_home):
every page in both languages, public and statistician, and the public scan for small counts."""

from __future__ import annotations

import pytest

from app.i18n import t
from tests.app.disclosure_scan import derivable_cells, metrics, page_numbers, small_counts, tables
from tests.app.test_pages import PAGES, banner_shown, start, visit
from tests.release_helpers import ensure_public


@pytest.fixture
def demo_env(demo_home, monkeypatch):
    monkeypatch.setenv("TIPSTAT_HOME", str(demo_home.root))
    monkeypatch.delenv("TIPSTAT_MODE", raising=False)
    ensure_public(demo_home)  # the public dashboard shows releases only (releases.md)
    return demo_home


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_public_pages_on_the_demo_show_no_small_count_and_nothing_derivable(demo_env, lang):
    at = start(lang)
    for page, title_key in PAGES.items():
        visit(at, page, lang)
        assert at.title[0].value == t(title_key, lang)
        found = page_numbers(at, lang, page)
        # reports: downloads only; quality: the completeness grid and rejected files, no counts
        # of persons in public (the linkage counts are outside the public catalogue)
        assert found or page in ("reports", "quality"), f"{page}: no number shown"
        assert not small_counts(found), (page, small_counts(found)[:10])
        for i, df in enumerate(tables(at)):
            assert not derivable_cells(df), (page, i, derivable_cells(df))


def test_statistician_mode_on_the_demo(demo_env, monkeypatch):
    monkeypatch.setenv("TIPSTAT_MODE", "statistician")
    at = start("en")
    for page in PAGES:
        visit(at, page, "en")
        assert banner_shown(at), page


def test_public_headline_is_the_part_year_against_the_same_quarters_and_nothing_twice(demo_env):
    """The demo's release runs through 2026Q3: its annual tables stop at 2025, so the headline is
    Q1-Q3 2026 by quarter against Q1-Q3 2025 (from the catalogue's quarterly cells), then the
    whole year 2025; no figure is shown twice."""
    from tipstat.disclosure.catalogue import read_catalogue
    from tipstat.releases.public import latest_public
    from tipstat.releases.store import public_dir

    cat = read_catalogue(public_dir(demo_env, latest_public(demo_env).id))
    quarters = cat.table("victims_quarter")
    cells = {(int(r.year), str(r.quarter)): int(r.value) for r in quarters.itertuples() if not r.flag}
    now = cells[(2026, "_T")]
    before = sum(cells[(2025, q)] for q in ("Q1", "Q2", "Q3"))
    at = start("en")
    shown = {m.label: m for m in metrics(at)}
    labels = [m.label for m in metrics(at)]
    assert len(labels) == len(set(labels)) == 6, labels
    detected = shown[t("kpi_detected", "en", period="Q1–Q3 2026")]
    assert detected.value == f"{now:,}"
    diff = now - before
    assert detected.delta.startswith(("+" if diff > 0 else "-") + f"{abs(diff):,}")
    assert detected.delta.endswith(t("versus", "en", period="Q1–Q3 2025"))
    whole = shown[t("kpi_detected_year", "en", year=2025)]
    assert whole.value == f"{cells[(2025, '_T')]:,}"
    assert t("kpi_children", "en", period="2025") in shown
    assert t("kpi_convicted", "en", year=2025) in shown
    # the Q1-Q3 2026 count is not also shown as a whole year or beside a year's label
    assert not any("2026" in label for label in labels if "Q1–Q3" not in label), labels
