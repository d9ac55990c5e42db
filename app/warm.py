"""Draw the dashboards' charts ahead of their first viewer, in the background, while nobody waits.

Charts are drawn on the server (app.svg), some 30-40 ms a picture and two pictures a chart: the
first viewer of a year on the victims page would wait about 0.3 s more for its eight pictures.
So when a server first sees a published version, one background thread builds every page's view
for every year offered and both languages (the latest year first, the one a visitor opens) and
draws its charts into the caches the pages read (app.cache.per_version, app.svg.pictures). A
viewer who comes first still gets a correct page: it builds what is missing itself.

vl-convert holds Python's interpreter lock while it draws, so a drawing in the background delays
every page being served (measured: pages took 0.7-1.5 s instead of 0.2-0.3 s while a thread drew
without pause). The thread therefore works only while the server is idle: no page run in
progress and none ended within the last IDLE_S seconds; a click then waits at most one drawing.

Only under a running Streamlit server (not in AppTest runs).
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import streamlit as st
from streamlit import runtime
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

from app import data, periods, svg
from app.charts import Chart
from app.context import ViewContext
from app.i18n import LANGUAGES
from app.views import justice, overview, quality, routes, support, victims

log = logging.getLogger("tipstat.dashboard")
BY_YEAR = (victims, routes, justice, support)  # pages with a year picker and charts
IDLE_S = 1.0  # quiet time after the last page run before drawing ahead
_runs = 0  # page runs in progress
_last_end = 0.0  # time.monotonic() when the last page run ended
_state = threading.Lock()


@contextmanager
def serving() -> Iterator[None]:
    """Around each page run: the thread drawing ahead waits while a page is being served."""
    global _runs, _last_end
    with _state:
        _runs += 1
    try:
        yield
    finally:
        with _state:
            _runs -= 1
            _last_end = time.monotonic()


def wait_idle(idle_s: float = IDLE_S) -> None:
    """Return once no page run is in progress and none ended within `idle_s` seconds."""
    while True:
        with _state:
            quiet = _runs == 0 and time.monotonic() - _last_end >= idle_s
        if quiet:
            return
        time.sleep(0.05)


def start(public: bool) -> None:
    """Warm this process's caches for the published version now shown (once per version)."""
    if runtime.exists() and data.warehouse_exists():
        _start(data.warehouse_id(), public)


@st.cache_resource(show_spinner=False, max_entries=4)
def _start(wid: data.WarehouseId | None, public: bool) -> threading.Thread:
    """One thread per published version (`wid` is part of the cache key: a new release warms again)."""
    thread = threading.Thread(target=_run, args=(public,), name="tipstat-warm", daemon=True)
    add_script_run_ctx(thread, get_script_run_ctx())  # the caches are per process, not per session
    thread.start()
    return thread


def _run(public: bool) -> None:
    started = time.perf_counter()
    try:
        charts = warm(public)
    except Exception:  # a page that fails shows its own message when opened; never stop the server
        log.exception("drawing the charts ahead failed")
        return
    log.info("drew %d charts ahead in %.1f s", charts, time.perf_counter() - started)


def warm(public: bool) -> int:
    """Build every view and draw its charts; the number of charts drawn."""
    drawn = 0
    for build in views(public):
        wait_idle()
        view = build()
        for field in dataclasses.fields(view):
            value = getattr(view, field.name)
            if isinstance(value, Chart):
                wait_idle()
                svg.pictures(value)
                drawn += 1
    return drawn


def views(public: bool) -> Iterator[Callable[[], object]]:
    """The view builders in the order a visitor meets them: the pages without a year, then each
    page's latest year in both languages, then the year before, and so on."""
    contexts = [ViewContext(lang, public) for lang in LANGUAGES]
    for ctx in contexts:
        yield lambda ctx=ctx: overview.build(ctx)
        yield lambda ctx=ctx: quality.build(ctx)
    coverage = periods.coverage()
    offered = {page: sorted(coverage.years(page.years(public)), reverse=True) for page in BY_YEAR}
    for depth in range(max((len(y) for y in offered.values()), default=0)):
        for ctx in contexts:
            for page, years in offered.items():
                if depth < len(years):
                    yield lambda page=page, ctx=ctx, year=years[depth]: page.build(ctx, year)
