"""Rejection reasons translated from their rule codes; covered periods and part-year labels."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from app import reasons
from app.periods import Coverage, local_time

EXPECTATIONS = Path(__file__).resolve().parents[2] / "expectations"


def test_every_intake_rule_has_a_translation() -> None:
    """A rule the intake can write (the suites' meta.rule, plus the per-file rules) is translated."""
    rules = {"columns:exact_set", "parse", "unique:x", "population:missing_combination", "check_failed:x"}
    for suite in EXPECTATIONS.glob("*.json"):
        for expectation in json.loads(suite.read_text(encoding="utf-8"))["expectations"]:
            rules.add(expectation["meta"]["rule"])
    missing = sorted({r for r in rules if r.partition(":")[0] not in reasons.RULES})
    assert not missing, missing


def test_a_reason_line_in_both_languages() -> None:
    line = (
        "date:repatriation_date in column repatriation_date at rows 2, 5, 6 (47 rows); "
        "code_list:recruitment_channel in column recruitment_channel at rows 2, 3, 4; and 1 more rule(s)"
    )
    vi, en = reasons.translate(line, "vi"), reasons.translate(line, "en")
    assert vi.codes == en.codes == "date:repatriation_date; code_list:recruitment_channel"
    assert vi.text == (
        "Cột repatriation_date không phải ngày hợp lệ (dòng 2, 5, 6…; tổng 47 dòng); "
        "Cột recruitment_channel có mã không thuộc danh mục (dòng 2, 3, 4); và 1 quy tắc khác"
    )
    assert "in column" not in vi.text and "rows" not in vi.text
    assert en.text.startswith("Column repatriation_date is not a real date (rows 2, 5, 6…; 47 rows in all)")
    assert vi.english == line
    assert reasons.translate("bad file name: file name does not follow x", "vi").codes == "file_name"
    assert reasons.translate("same bytes as a.csv", "vi").text == "Trùng nội dung với tệp a.csv đã nhận"
    assert "brand_new_rule" in reasons.translate("brand_new_rule:x in column x at row 3", "vi").text


def test_part_years_and_the_covered_period() -> None:
    cov = Coverage({2025: (1, 2, 3, 4), 2026: (1, 2, 3)}, datetime(2026, 10, 25, 5, 25))
    assert cov.is_partial(2026) and not cov.is_partial(2025)
    assert cov.year_label(2026, "en") == "2026 (Q1–Q3, part year)"
    assert cov.year_label(2026, "vi") == "2026 (Q1–Q3, chưa đủ năm)"
    assert cov.year_label(2025, "vi") == "2025"
    assert cov.years([2024, 2025, 2026, 2027]) == [2024, 2025, 2026]  # never a year after the data
    assert cov.quarter_span(2026, "vi") == "quý 1–3/2026"
    # 05:25 UTC is 12:25 in Viet Nam (UTC+7)
    assert local_time(datetime(2026, 10, 25, 5, 25), "vi") == "25/10/2026 12:25 (giờ Việt Nam)"
    assert cov.statement("en") == (
        "Data: Q1 2025 – Q3 2026; files received by 25 Oct 2026, 12:25 (Viet Nam time)"
    )
