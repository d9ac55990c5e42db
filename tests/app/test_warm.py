"""Charts drawn ahead (app/warm.py): every chart of every page, year and language, into the caches
the pages read; and never while a page is being served."""

from __future__ import annotations

import dataclasses
import threading
import time

import pytest

from app import derived, periods, warm
from app.charts import Chart
from app.context import ViewContext
from app.i18n import LANGUAGES
from app.views import overview, quality


def _charts(view: object) -> list[Chart]:
    return [v for f in dataclasses.fields(view) if isinstance(v := getattr(view, f.name), Chart)]


def test_every_chart_of_every_page_year_and_language_is_drawn_into_the_pages_caches(app_env) -> None:
    drawn = warm.warm(public=True)
    expected = []
    coverage = periods.coverage()
    for lang in LANGUAGES:
        ctx = ViewContext(lang, True)
        expected += _charts(overview.build(ctx)) + _charts(quality.build(ctx))
        for page in warm.BY_YEAR:
            for year in coverage.years(page.years(True)):
                expected += _charts(page.build(ctx, year))  # the cached view: the same objects
    assert drawn == len(expected) > 20

    def not_drawn() -> None:
        pytest.fail("a chart was not drawn ahead")

    for chart in expected:  # a page now only looks them up
        derived.once(chart, "pictures", not_drawn)


def test_drawing_ahead_waits_while_a_page_is_served() -> None:
    waited = threading.Event()

    def background() -> None:
        warm.wait_idle(idle_s=0.2)
        waited.set()

    with warm.serving():
        thread = threading.Thread(target=background, daemon=True)
        thread.start()
        time.sleep(0.5)
        assert not waited.is_set()  # a page run is in progress
    assert not waited.wait(0.1)  # and the run ended less than idle_s ago
    assert waited.wait(2.0)
    thread.join(1.0)
