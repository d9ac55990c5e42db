"""Every page, both languages, desktop (1366×900) and phone (390×844), in a real Chromium with no
network beyond the dashboard itself, on a copy of the real demo's published warehouse (2026 =
Q1-Q3, three repatriations dated 2027). One server and one browser for the whole module.

Asserts: the map draws 34 provinces offline; part years are labelled; no year after the data;
no English in the Vietnamese UI; phones keep titles, quarter labels and the delivery grid whole;
print hides the sidebar; the URL keeps language and year; a damaged warehouse shows a short
message in the viewer's language, with no traceback or path.
Set TIPSTAT_UPDATE_SCREENSHOTS=1 to refresh docs/screenshots/ (the map and the overview).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from app.i18n import _TEXT, t
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, served
from tests.release_helpers import publish_all
from tipstat.releases.public import latest_public
from tipstat.releases.store import snapshot_path
from tipstat.settings import Home

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(900)]

PAGES = {  # url path -> title key
    "": "page_overview",
    "victims": "page_victims",
    "provinces": "page_provinces",
    "routes": "page_routes",
    "justice": "page_justice",
    "support": "page_support",
    "quality": "page_quality",
    "reports": "page_reports",
    "glossary": "page_glossary",
}
VIEWPORTS = {"desktop": (1366, 900), "phone": (390, 844)}
DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
LAST_YEAR = 2026  # the demo covers 2019Q1-2026Q3

SETTLED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  for (const img of document.images) if (!img.complete) return false;
  return true;
}"""
# Each chart picture shown (an SVG drawn on the server, app/svg.py, in an <img>), laid out again
# inline off-screen in this browser's fonts: its shown and natural widths, texts that run off
# the picture, its x-axis labels, and the boxes of its legend and x-axis title.
PICTURES = """() => [...document.querySelectorAll('img.tipstat-chart')]
  .filter(img => img.getBoundingClientRect().width > 0)
  .map(img => {
    const bytes = Uint8Array.from(atob(img.src.split(',')[1]), c => c.charCodeAt(0));
    const holder = document.createElement('div');
    holder.style.cssText = 'position:absolute;left:-99999px;top:0';
    holder.innerHTML = new TextDecoder().decode(bytes);
    document.body.appendChild(holder);
    const svg = holder.querySelector('svg');
    const width = svg.viewBox.baseVal.width, origin = svg.getBoundingClientRect();
    const box = e => { const r = e.getBoundingClientRect();
      return [r.left - origin.left, r.right - origin.left, r.top - origin.top, r.bottom - origin.top]; };
    const cut = [...svg.querySelectorAll('text')]
      .filter(e => e.textContent.trim() && e.closest('[opacity="0"]') === null)
      .filter(e => { const r = box(e); return r[0] < -1 || r[1] > width + 1; })
      .map(e => e.textContent);
    const xlabels = [...svg.querySelectorAll('.role-axis-label')].slice(0, 1)
      .flatMap(g => [...g.querySelectorAll('text')]).map(e => e.textContent);
    const paths = [...svg.querySelectorAll('path[data-province]')];
    const out = { chart: img.closest('.tipstat-figure')?.dataset.chart || '',
      map: img.classList.contains('tipstat-map'), shown: img.getBoundingClientRect().width,
      natural: img.naturalWidth, cut, xlabels,
      texts: [...svg.querySelectorAll('text')].map(e => e.textContent).join(' '),
      legend: (() => { const l = img.closest('.tipstat-figure')?.querySelector('.tipstat-legend');
        return l ? [l.getBoundingClientRect().bottom, img.getBoundingClientRect().top] : null; })(),
      provinces: [...new Set(paths.map(p => p.getAttribute('data-province')))],
      fills: paths.filter(p => p.getAttribute('fill')).length };
    holder.remove();
    return out;
  })"""
# The page's visible text without icon ligatures (":material/…:" icons render as words).
VISIBLE_TEXT = """() => {
  const root = document.querySelector('[data-testid="stApp"]').cloneNode(true);
  root.querySelectorAll('[data-testid="stIconMaterial"], .material-symbols-rounded').forEach(e => e.remove());
  document.body.appendChild(root); root.style.position = 'absolute'; root.style.left = '-99999px';
  const text = root.innerText; root.remove(); return text;
}"""


def _english_phrases() -> list[str]:
    """Fragments of the English UI texts that differ from the Vietnamese (placeholders cut out)."""
    phrases = set()
    for vi, en in _TEXT.values():
        if en == vi:
            continue
        for piece in re.split(r"\{[^}]*\}", en):
            piece = piece.strip(" .,:;()")
            if len(piece) >= 12 and piece not in vi:
                phrases.add(piece)
    return sorted(phrases) + [" in column ", " at rows ", "file name", "Unknown", "Incomplete", "Total"]


@pytest.fixture(scope="module")
def demo_server(demo_home, tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install it with apt-get install chromium")
    home = Home.resolve(tmp_path_factory.mktemp("browser_demo"))
    shutil.copyfile(demo_home.warehouse, home.warehouse)  # the damage test must not touch demo_home
    publish_all(home)  # the public sees releases only (releases.md)
    with served(home) as url:
        yield url, home


def _open(page, url: str, title: str) -> str:
    page.goto(url)
    page.get_by_role("heading", name=title).first.wait_for(timeout=90_000)
    page.wait_for_function(SETTLED, timeout=90_000, polling=100)
    page.wait_for_timeout(300)  # then the page must still be settled
    page.wait_for_function(SETTLED, timeout=90_000, polling=100)
    return page.evaluate(VISIBLE_TEXT)


def test_every_page_both_languages_desktop_and_phone(demo_server, tmp_path) -> None:
    from playwright.sync_api import sync_playwright

    url, home = demo_server
    english = _english_phrases()
    outside: list[str] = []
    update_docs = os.environ.get("TIPSTAT_UPDATE_SCREENSHOTS") == "1"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context()

        def only_the_dashboard(route) -> None:  # no network: anything else is refused and noted
            if route.request.url.startswith(url) or route.request.url.startswith(("data:", "blob:")):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        context.route("**/*", only_the_dashboard)
        page = context.new_page()
        for lang in ("vi", "en"):
            for device, (width, height) in VIEWPORTS.items():
                page.set_viewport_size({"width": width, "height": height})
                for slug, title_key in PAGES.items():
                    where = f"{slug or 'overview'} {lang} {device}"
                    text = _open(page, f"{url}/{slug}?lang={lang}", t(title_key, lang))
                    page.screenshot(path=str(tmp_path / f"{slug or 'overview'}_{lang}_{device}.png"))
                    assert page.get_by_test_id("stException").count() == 0, where
                    assert t("page_failed", lang) not in text, where
                    pictures = page.evaluate(PICTURES)
                    # what the page says, its chart pictures included
                    text += " " + " ".join(p["texts"] for p in pictures)
                    # no year after the data's period (the demo has repatriations dated 2027)
                    years = {int(y) for y in re.findall(r"(?<!\d)(20\d\d)(?!\d)", text)}
                    assert not years or max(years) <= LAST_YEAR, (where, sorted(years)[-3:])
                    if lang == "vi":
                        leaked = [p for p in english if p in text]
                        assert not leaked, (where, leaked[:5])
                    if slug == "":
                        # the release runs through 2026Q3: its quarters reach it, its annual
                        # tables stop at the last whole year (docs/releases.md)
                        last_quarter = "quý 3/2026" if lang == "vi" else "Q3 2026"
                        assert last_quarter in text, where
                    for shown in pictures:  # every text inside its picture, in this browser's fonts
                        assert not shown["cut"], (where, shown["chart"], shown["cut"][:5])
                    if slug not in ("reports", "glossary"):
                        assert pictures, (where, "no chart shown")
                    if slug == "provinces":
                        maps = [p for p in pictures if p["map"]]
                        assert len(maps) == 2, (where, len(maps))
                        assert len(maps[0]["provinces"]) == 34 and maps[0]["fills"] == 34, where
                        if update_docs and device == "desktop":
                            page.screenshot(path=str(DOCS / f"provinces_map_{lang}.png"))
                    if slug == "" and update_docs and device == "desktop" and lang == "vi":
                        page.screenshot(path=str(DOCS / "overview.png"))
                    if device == "phone":
                        _phone_checks(page, slug, where)
        assert not outside, outside[:5]  # nothing fetched from the internet (map included)

        # The URL keeps language and year; print hides the sidebar.
        page.set_viewport_size({"width": 1366, "height": 900})
        text = _open(page, f"{url}/victims?lang=en&year=2024", t("page_victims", "en"))
        assert "lang=en" in page.url and "year=2024" in page.url
        assert "Detected victims by sex and age, 2024" in text
        page.emulate_media(media="print")
        assert (
            page.evaluate(
                "() => getComputedStyle(document.querySelector('[data-testid=\"stSidebar\"]')).display"
            )
            == "none"
        )
        page.emulate_media(media="screen")

        # A damaged file (the public reads the release's frozen copy): a short message in the
        # viewer's language, no traceback, no path.
        shown = snapshot_path(home, latest_public(home).id)
        good = shown.with_name("good.duckdb")
        os.replace(shown, good)
        shown.write_bytes(b"\x00damaged" * 4096)
        try:
            for lang in ("vi", "en"):
                text = _open(page, f"{url}/provinces?lang={lang}", t("page_provinces", lang))
                assert t("page_failed", lang) in text
                assert "Traceback" not in text and str(home.root) not in text and "/tmp" not in text
                assert ".duckdb" not in text and page.get_by_test_id("stException").count() == 0
                page.screenshot(path=str(tmp_path / f"damaged_{lang}.png"))
        finally:
            os.replace(good, shown)
        browser.close()


def _phone_checks(page, slug: str, where: str) -> None:
    """390 px: nothing wider than the screen, titles whole, quarter labels whole, grid usable."""
    overflow = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stMain"] :is(h1, h2, h3)')]
            .filter(h => h.scrollWidth > h.clientWidth + 1).map(h => h.innerText)"""
    )
    assert not overflow, (where, overflow)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 391, where
    pictures = {p["chart"]: p for p in page.evaluate(PICTURES) if not p["map"]}
    for key, shown in pictures.items():  # the phone's own drawing, not the desktop's shrunk
        assert shown["natural"] <= 390 and shown["shown"] >= 0.85 * shown["natural"], (where, key, shown)
    if slug == "":
        ticks = pictures["overview_quarter"]["xlabels"]
        assert ticks and all(re.fullmatch(r"\d{4}Q[1-4]", x) for x in ticks), (where, ticks[:5])
    if slug == "quality":
        assert pictures["quality_grid"]["shown"] >= 300, where  # was 60 px wide
    if slug == "routes":  # the legend above the picture (it was drawn over the x-axis title)
        legend = pictures["routes_channels"]["legend"]
        assert legend and legend[0] <= legend[1] + 1, (where, legend)
