"""The dashboards in a real Chromium: every page draws its charts, language switches, and the
app keeps answering (with the new figures) when the warehouse file is replaced beside it."""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from app.i18n import t
from tests.app import synthetic_warehouse as synthetic
from tests.browser.conftest import Dashboard
from tests.release_helpers import publish_all
from tipstat.releases.public import latest_public

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

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
NO_CHART = {"reports"}
# what each page's first figure is drawn as: chart pictures (app/svg.py) or province maps (app/maps.py)
CHART = "img.tipstat-chart >> visible=true"
FIGURE = {"provinces": "img.tipstat-map >> visible=true"}
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "overview.png"


def _open(page, url: str, title: str, chart: bool, figure: str = CHART) -> None:
    page.goto(url)
    page.get_by_role("heading", name=title).first.wait_for(timeout=60_000)
    if chart:
        page.locator(figure).first.wait_for(timeout=60_000)
        page.wait_for_function(
            "() => [...document.images].every(i => i.complete)", timeout=30_000
        )  # every picture decoded before the screenshot
    assert page.locator('[data-testid="stException"]').count() == 0


@pytest.mark.parametrize("slug", list(PAGES))
def test_page_draws(dashboard: Dashboard, browser_page, slug: str, tmp_path) -> None:
    url = dashboard.url if slug == "overview" else f"{dashboard.url}/{slug}"
    figure = FIGURE.get(slug, CHART)
    _open(browser_page, url, t(PAGES[slug], "vi"), slug not in NO_CHART, figure)
    if slug not in NO_CHART:
        assert browser_page.locator(figure).count() >= 1
    shot = tmp_path / f"{slug}.png"
    browser_page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    if slug == "overview" and os.environ.get("TIPSTAT_UPDATE_SCREENSHOTS") == "1":
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, SCREENSHOT)


def test_language_switch_carries_to_other_pages(dashboard: Dashboard, browser_page) -> None:
    page = browser_page
    _open(page, dashboard.url, t("page_overview", "vi"), True)
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").click()
    page.get_by_role("option", name="English").click()
    page.get_by_role("heading", name=t("page_overview", "en")).first.wait_for(timeout=30_000)
    page.get_by_test_id("stSidebarNav").get_by_text(t("page_victims", "en")).click()
    page.get_by_role("heading", name=t("page_victims", "en")).first.wait_for(timeout=30_000)
    page.locator(CHART).first.wait_for(timeout=30_000)


def test_keeps_answering_while_the_warehouse_is_replaced(dashboard: Dashboard, browser_page) -> None:
    """The public sees a release: a new run leaves it as it was; the next release replaces it."""
    page = browser_page
    new_time = datetime(2026, 6, 30, 9, 15)
    _open(page, dashboard.url, t("page_overview", "vi"), True)
    before = _coverage_caption(page)
    shown = latest_public(dashboard.home)
    assert shown is not None and page.get_by_text(f"{shown.id}:").count() >= 1
    synthetic.replace_warehouse(dashboard.home.warehouse, seed=99, published_at=new_time)
    _open(page, f"{dashboard.url}/victims", t("page_victims", "vi"), True)
    _open(page, dashboard.url, t("page_overview", "vi"), True)
    assert _coverage_caption(page) == before  # the working figures moved on, the release did not
    release = publish_all(dashboard.home)
    _open(page, f"{dashboard.url}/victims", t("page_victims", "vi"), True)
    _open(page, dashboard.url, t("page_overview", "vi"), True)
    assert page.get_by_text(t("release_shown", "vi", id=release.id, through=release.through)).count() >= 1
    # the covered period and the latest accepted file's time (Viet Nam time) come from the new release
    caption = page.get_by_text(t("coverage_period", "vi", first="quý 1/2023", last="quý 4/2025")).first
    assert t("local_zone", "vi") in caption.inner_text()


def _coverage_caption(page) -> str:
    return page.get_by_text(t("local_zone", "vi")).first.inner_text()
