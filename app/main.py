"""tipstat dashboards: entry point (`streamlit run app/main.py`).

Sets the language (sidebar, every page, kept in the URL as `?lang=`), the styles (phones, print)
and the navigation, then runs the page. Each page starts with app.layout.page_header: title, the
period the data cover, and in statistician mode (configuration only: TIPSTAT_MODE=statistician) a
not-for-publication banner. A failure is shown as a short message in the viewer's language; the
details (paths, traceback) go to the server log only.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from app import cache, data, style, warm  # noqa: E402
from app.context import LANG_KEY, current, sync_language  # noqa: E402
from app.i18n import LANGUAGE_NAMES, LANGUAGES, t  # noqa: E402

PAGES = (
    ("screens/overview.py", "page_overview", "overview", ":material/dashboard:"),
    ("screens/victims.py", "page_victims", "victims", ":material/groups:"),
    ("screens/provinces.py", "page_provinces", "provinces", ":material/location_on:"),
    ("screens/routes.py", "page_routes", "routes", ":material/route:"),
    ("screens/justice.py", "page_justice", "justice", ":material/gavel:"),
    ("screens/support.py", "page_support", "support", ":material/volunteer_activism:"),
    ("screens/quality.py", "page_quality", "quality", ":material/fact_check:"),
    ("screens/reports.py", "page_reports", "reports", ":material/download:"),
    ("screens/glossary.py", "page_glossary", "glossary", ":material/menu_book:"),
)
# statistician mode only: the estimates of hidden victims (public only through a release,
# estimation.md) and the release cycle (releases.md)
ESTIMATES_PAGE = ("screens/estimates.py", "page_estimates", "estimates", ":material/visibility_off:")
RELEASES_PAGE = ("screens/releases.py", "page_releases", "releases", ":material/verified:")

log = logging.getLogger("tipstat.dashboard")

# A shipped icon: a `:material/…:` page icon is fetched from fonts.gstatic.com (offline: nothing).
FAVICON = str(Path(__file__).resolve().parent / "assets" / "favicon.png")
st.set_page_config(page_title="tipstat", page_icon=FAVICON, layout="wide")
cache.settle_heap()
style.apply()
sync_language()
st.sidebar.title(t("app_title", st.session_state[LANG_KEY]))
st.sidebar.selectbox("Ngôn ngữ / Language", LANGUAGES, format_func=LANGUAGE_NAMES.get, key=LANG_KEY)
ctx = current()
st.query_params["lang"] = ctx.lang

shown = PAGES if ctx.public else (*PAGES[:2], ESTIMATES_PAGE, *PAGES[2:], RELEASES_PAGE)
pages = [
    st.Page(path, title=t(title_key, ctx.lang), url_path=url, icon=icon, default=(i == 0))
    for i, (path, title_key, url, icon) in enumerate(shown)
]
page = st.navigation(pages)

if not data.warehouse_exists() and page.url_path != "glossary":
    st.title(t("app_title", ctx.lang))
    if ctx.public:  # the public sees releases only: none has passed its embargo yet
        st.info(t("no_release_yet", ctx.lang), icon=":material/schedule:")
    else:
        st.info(t("no_warehouse", ctx.lang), icon=":material/hourglass_empty:")
    st.stop()
warm.start(ctx.public)  # every chart drawn ahead, in the background (once per published version)
try:
    with warm.serving():
        page.run()
except Exception:  # Streamlit's stop/rerun are BaseExceptions and pass through
    log.exception("page %s failed", page.url_path)
    st.error(t("page_failed", ctx.lang), icon=":material/error:")
