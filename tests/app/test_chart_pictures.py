"""Charts drawn on the server (app/charts.py specifications, app/svg.py pictures): what a picture
states, in which language's number marks, at which widths, and that the disclosure scan reads it."""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from app import charts, svg
from app.i18n import t
from app.tables import table_html
from tests.app.disclosure_scan import SVG, Picture, chart_numbers, chart_texts, small_counts

DATA_URL = re.compile(r'src="data:image/svg\+xml;base64,([^"]+)"')


def _svg(img: str) -> ET.Element:
    return ET.fromstring(base64.b64decode(DATA_URL.search(img).group(1)).decode("utf-8"))


def _bars(values: list[float | None], texts: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "age": ["CHILD", "CHILD", "ADULT", "ADULT"],
            "sex": ["F", "M", "F", "M"],
            "value": [float("nan") if v is None else v for v in values],
            "text": texts,
        }
    )


def test_a_suppressed_cell_is_written_as_shown_and_its_value_never_enters_the_picture() -> None:
    frame = _bars([1234.0, None, 40.0, 12.0], ["1.234", "<5", "40", "12"])
    chart = charts.grouped_bars(frame, "age", "sex", "vi", "Tiêu đề", "Nhóm tuổi", "Nạn nhân")
    picture = Picture(_svg(svg.draw(chart, charts.COLUMN)), ("tipstat-chart",), "k", True)
    texts = chart_texts(picture)
    assert "<5" in texts  # written where the bar would be
    assert {"1.234", "40", "12"} <= set(texts)  # vi thousands mark
    assert not small_counts(chart_numbers(picture, "vi", "test"))
    # each bar says what it is: category, group and the value as shown
    labels = {e.get("aria-label") for e in picture.svg.iter() if e.get("aria-roledescription") == "bar"}
    assert labels == {"CHILD, F: 1.234", "ADULT, F: 40", "ADULT, M: 12"}


def test_the_scan_finds_a_small_count_drawn_in_a_chart() -> None:
    """Control for the page scans: an exact 3 in a chart is found."""
    chart = charts.grouped_bars(
        _bars([3.0, 50.0, 40.0, 12.0], ["3", "50", "40", "12"]), "age", "sex", "en", "T", "Age", "Victims"
    )
    picture = Picture(_svg(svg.draw(chart, charts.WIDE)), ("tipstat-chart",), "k", True)
    assert [s.value for s in small_counts(chart_numbers(picture, "en", "test"))] == [3.0, 3.0]  # bar, label
    assert not chart_numbers(Picture(picture.svg, (), "k", False), "en", "grid")  # codes, not counts


@pytest.mark.parametrize(("lang", "written"), [("vi", "12.345"), ("en", "12,345")])
def test_numbers_follow_the_language(lang: str, written: str) -> None:
    frame = pd.DataFrame({"x": ["A", "B"], "value": [12345.0, 200.0], "text": [written, "200"]})
    chart = charts.ranked_bars(frame, "x", "T", "Victims", lang)
    root = _svg(svg.draw(chart, charts.WIDE))
    ticks = [e.text for g in root.iter(f"{SVG}g") if "role-axis-label" in (g.get("class") or "") for e in g]
    assert any(written[:2] + ("." if lang == "vi" else ",") in (tick or "") for tick in ticks), ticks


def test_each_chart_is_drawn_for_its_place_and_for_a_phone() -> None:
    frame = _bars([10.0, 20.0, 30.0, 40.0], ["10", "20", "30", "40"])
    chart = charts.grouped_bars(frame, "age", "sex", "en", "T", "Age", "Victims").placed(charts.COLUMN)
    drawn = svg.pictures(chart)
    assert svg.pictures(chart) is drawn  # drawn once per chart
    assert 'width="480"' in drawn.wide and "max-width:480px" in drawn.wide
    assert 'width="350"' in drawn.narrow
    assert 'alt="T"' in drawn.wide  # the image's text alternative is the chart's title


def test_incomplete_periods_are_muted_and_named_in_the_legend() -> None:
    frame = pd.DataFrame(
        {"period": ["2025Q3", "2025Q4", "2026Q1"], "value": [10.0, 20.0, 5.0], "text": ["10", "20", "5"]}
    )
    chart = charts.trend_bars(frame, "period", ["2026Q1"], "en", "T", "Quarter", "Victims")
    root = _svg(svg.draw(chart, charts.WIDE))
    bars = {e.get("aria-label"): e.get("fill") for e in root.iter() if e.get("aria-roledescription") == "bar"}
    assert bars == {
        "2025Q3: 10": charts.PALETTE[0],
        "2025Q4: 20": charts.PALETTE[0],
        "2026Q1: 5": charts.MUTED,
    }
    assert chart.legend == (("Victims", charts.PALETTE[0]), (t("incomplete_marker", "en"), charts.MUTED))


def test_routes_are_named_whole_on_two_lines() -> None:
    flows = pd.DataFrame(
        {"source": ["79", "01"], "target": ["CN", "KH"], "value": [55.0, 30.0], "text": ["55", "30"]}
    )
    chart = charts.route_bars(
        flows,
        {"79": "Thành phố Hồ Chí Minh", "01": "Hà Nội"},
        {"CN": "Trung Quốc", "KH": "Campuchia"},
        "T",
        "V",
        15,
        "vi",
    )
    root = _svg(svg.draw(chart, charts.NARROW))
    texts = [e.text for e in root.iter(f"{SVG}tspan")] + [e.text for e in root.iter(f"{SVG}text")]
    assert "Thành phố Hồ Chí Minh" in texts and "→ Trung Quốc" in texts


def test_tables_are_escaped_and_numbers_right_aligned() -> None:
    frame = pd.DataFrame({"Tên": ["<b>x</b>", "Tổng"], "Số": ["1.234", "<5"], "Lý do": ["dài dòng", ""]})
    body = table_html(frame, "Bảng")
    assert "<b>x</b>" not in body and "&lt;b&gt;x&lt;/b&gt;" in body
    assert '<td class="text">dài dòng</td>' in body and "<td>1.234</td>" in body and "<td>&lt;5</td>" in body
    assert body.startswith("<h3>Bảng</h3>")
