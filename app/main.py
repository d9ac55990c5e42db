"""tipstat dashboards: entry point (`streamlit run app/main.py`).

Sets the language (sidebar, every page) and the navigation, then runs the page. Each page starts
with app.layout.page_header: title, as-of time, and in statistician mode (configuration only:
TIPSTAT_MODE=statistician) a not-for-publication banner.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from app import data  # noqa: E402
from app.context import LANG_KEY, current  # noqa: E402
from app.i18n import DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, t  # noqa: E402

PAGES = (
    ("pages/overview.py", "page_overview", "overview", ":material/dashboard:"),
    ("pages/victims.py", "page_victims", "victims", ":material/groups:"),
    ("pages/provinces.py", "page_provinces", "provinces", ":material/location_on:"),
    ("pages/routes.py", "page_routes", "routes", ":material/route:"),
    ("pages/justice.py", "page_justice", "justice", ":material/gavel:"),
    ("pages/support.py", "page_support", "support", ":material/volunteer_activism:"),
    ("pages/quality.py", "page_quality", "quality", ":material/fact_check:"),
    ("pages/reports.py", "page_reports", "reports", ":material/download:"),
)
# statistician mode only: the estimates of hidden victims (public only through a release,
# estimation.md) and the release cycle (releases.md)
ESTIMATES_PAGE = ("pages/estimates.py", "page_estimates", "estimates", ":material/visibility_off:")
RELEASES_PAGE = ("pages/releases.py", "page_releases", "releases", ":material/verified:")

st.set_page_config(page_title="tipstat", page_icon=":material/bar_chart:", layout="wide")
if LANG_KEY not in st.session_state:
    st.session_state[LANG_KEY] = DEFAULT_LANGUAGE
st.sidebar.title(t("app_title", st.session_state[LANG_KEY]))
st.sidebar.selectbox("Ngôn ngữ / Language", LANGUAGES, format_func=LANGUAGE_NAMES.get, key=LANG_KEY)
ctx = current()

shown = PAGES if ctx.public else (*PAGES[:2], ESTIMATES_PAGE, *PAGES[2:], RELEASES_PAGE)
pages = [
    st.Page(path, title=t(title_key, ctx.lang), url_path=url, icon=icon, default=(i == 0))
    for i, (path, title_key, url, icon) in enumerate(shown)
]
page = st.navigation(pages)

if not data.warehouse_exists():
    if ctx.public:  # the public sees releases only: none has passed its embargo yet
        st.info(f"{t('no_release_yet', 'vi')}  \n{t('no_release_yet', 'en')}", icon=":material/schedule:")
        st.stop()
    st.warning(f"{t('no_warehouse', 'vi')}  \n{t('no_warehouse', 'en')}", icon=":material/database:")
    st.caption(str(data.home().warehouse))
    st.stop()
page.run()
