"""The reasons the estimator gives are shown in the reader's language on the dashboard page."""

from __future__ import annotations

import pytest

from app.i18n import t
from app.views.estimates import reason_text
from tipstat.estimates.estimate import estimate_population
from tipstat.estimates.histories import CaptureTable


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_reasons_are_translated(lang):
    lists = ["police", "border", "social", "consular"]
    few = estimate_population(CaptureTable.from_rows(lists, {(1, 0, 0, 0): 5, (0, 1, 0, 0): 3}))
    stuck = estimate_population(CaptureTable.from_rows(lists[:3], {(1, 1, 1): 9}))
    assert reason_text(few.reason, lang) == t("est_reason_few_lists", lang)
    assert reason_text(stuck.reason, lang) == t("est_reason_no_model", lang)
    assert reason_text("no victim person was identified in 2010", lang) == t("est_reason_no_persons", lang)
    assert reason_text("something else", lang).endswith("something else")
