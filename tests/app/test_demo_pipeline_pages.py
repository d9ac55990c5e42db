"""The dashboard on the real output of `tipstat demo` + `tipstat run` (the session's demo_home):
every page in both languages, public and statistician, and the public scan for small counts."""

from __future__ import annotations

import pytest

from app.i18n import t
from tests.app.disclosure_scan import derivable_cells, page_numbers, small_counts
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
        for i, df in enumerate(at.dataframe):
            assert not derivable_cells(df.value), (page, i, derivable_cells(df.value))


def test_statistician_mode_on_the_demo(demo_env, monkeypatch):
    monkeypatch.setenv("TIPSTAT_MODE", "statistician")
    at = start("en")
    for page in PAGES:
        visit(at, page, "en")
        assert banner_shown(at), page
