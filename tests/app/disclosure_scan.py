"""Collect every number an AppTest run shows, to check public pages for disclosure.

Looks at metrics, tables (the pages' HTML tables and any st.dataframe), every chart picture (an
SVG drawn on the server, app/svg.py, carried in an `<img>` data URL: the value written on each
bar and each mark's description, which states its value as shown) and the figure each province
of a map shows (its `<title>`). Columns whose header says they hold no counts (year, shares,
median days) and figures marked `data-counts="no"` (code-coloured grids) are skipped. Axis tick
labels are not data and are not read.
"""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

import numpy as np
import pandas as pd

from app.i18n import LANGUAGES, non_count_headers, t
from app.maps import MAP_CLASS
from tipstat.disclosure import SUPPRESSED_LABEL

SUPPRESSED = SUPPRESSED_LABEL
HIDDEN = (SUPPRESSED_LABEL, "x")  # primary `<5`, secondary `x` (the catalogue's symbols)
_INT_TEXT = {
    "vi": re.compile(r"^\d{1,3}(\.\d{3})*$"),
    "en": re.compile(r"^\d{1,3}(,\d{3})*$"),
}


@dataclass(frozen=True)
class Shown:
    where: str
    value: float


def parse_count(text: str, lang: str) -> int | None:
    """A cell written as an integer in `lang` (`1.234` in vi, `1,234` in en), else None."""
    text = text.strip()
    if _INT_TEXT[lang].match(text):
        return int(re.sub(r"[.,]", "", text))
    return None


def _numbers(value: object, lang: str) -> Iterator[float]:
    if value is None:
        return
    if isinstance(value, bool):
        return
    if isinstance(value, int | float):
        if not np.isnan(value):
            yield float(value)
    elif isinstance(value, str):
        n = parse_count(value, lang)
        if n is not None:
            yield float(n)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _numbers(item, lang)


SVG = "{http://www.w3.org/2000/svg}"
_DATA_URL = re.compile(r"^data:image/svg\+xml;base64,(.*)$")


@dataclass
class Picture:
    """One picture on a page: the SVG it shows and the figure it belongs to."""

    svg: ET.Element
    classes: tuple[str, ...]
    chart: str  # the figure's `data-chart` key ("" for a statistician's working chart)
    counts: bool  # False for a figure marked data-counts="no"


@dataclass
class Content:
    tables: list[pd.DataFrame] = field(default_factory=list)
    table_titles: list[str] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    """Tables (`table.tipstat-table`), headings and pictures of one st.html body."""

    def __init__(self, into: Content) -> None:
        super().__init__(convert_charrefs=True)
        self.into = into
        self.figures: list[tuple[str, bool]] = []  # open figure divs (key, counts)
        self.depth: list[str] = []  # tag stack of open divs: "fig" or "div"
        self.rows: list[list[str]] | None = None
        self.cell: list[str] | None = None
        self.heading: list[str] | None = None
        self.last_heading = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = tuple(a.get("class", "").split())
        if tag == "div":
            if "tipstat-figure" in classes:
                self.figures.append((a.get("data-chart", ""), a.get("data-counts") != "no"))
                self.depth.append("fig")
            else:
                self.depth.append("div")
        elif tag == "h3":
            self.heading = []
        elif tag == "table" and "tipstat-table" in classes:
            self.rows = []
        elif tag == "tr" and self.rows is not None:
            self.rows.append([])
        elif tag in ("td", "th") and self.rows is not None:
            self.cell = []
        elif tag == "img":
            match = _DATA_URL.match(a.get("src", ""))
            if match:
                key, counts = self.figures[-1] if self.figures else ("", True)
                svg = ET.fromstring(base64.b64decode(match.group(1)).decode("utf-8"))
                self.into.pictures.append(Picture(svg, classes, key, counts))

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self.depth:
            if self.depth.pop() == "fig":
                self.figures.pop()
        elif tag == "h3" and self.heading is not None:
            self.last_heading = "".join(self.heading).strip()
            self.into.headings.append(self.last_heading)
            self.heading = None
        elif tag in ("td", "th") and self.cell is not None and self.rows:
            self.rows[-1].append("".join(self.cell))
            self.cell = None
        elif tag == "table" and self.rows is not None:
            header, *body = self.rows
            self.into.tables.append(pd.DataFrame(body, columns=header))
            self.into.table_titles.append(self.last_heading)
            self.rows = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)
        if self.heading is not None:
            self.heading.append(data)


def shown(at) -> Content:
    """What the page's HTML elements show: tables, pictures, headings (in page order)."""
    found = Content()
    for element in at.html:
        reader = _Reader(found)
        reader.feed(element.value)
        reader.close()
    return found


@dataclass
class Metric:
    """A headline figure as shown: an HTML card (app/blocks.py kpi_cards) or an st.metric."""

    label: str = ""
    value: str = ""
    delta: str | None = None


class _Cards(HTMLParser):
    """The headline cards of one st.html body: label, figure and change of each."""

    FIELDS = {"tipstat-kpi-label": "label", "tipstat-kpi-value": "value", "tipstat-kpi-delta": "delta"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cards: list[Metric] = []
        self.field: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "div" and "tipstat-kpi" in classes:
            self.cards.append(Metric())
        elif tag == "p" and self.cards:
            self.field = next((self.FIELDS[c] for c in classes if c in self.FIELDS), None)

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self.field = None

    def handle_data(self, data: str) -> None:
        if self.field is not None:
            card = self.cards[-1]
            setattr(card, self.field, (getattr(card, self.field) or "") + data)


def metrics(at) -> list[Metric]:
    """Every headline figure the page shows: the HTML cards, then any st.metric."""
    found = []
    for element in at.html:
        cards = _Cards()
        cards.feed(element.value)
        found += cards.cards
    return found + [Metric(m.label, str(m.value), m.delta) for m in at.metric]


def tables(at, content: Content | None = None) -> list[pd.DataFrame]:
    """Every table the page shows: its HTML tables, then any st.dataframe."""
    return [*(content or shown(at)).tables, *(df.value for df in at.dataframe)]


def chart_texts(picture: Picture) -> list[str]:
    """What a chart picture states about its data: each mark's description (`label: value`)
    and the values written on the bars; axis ticks and legends are left out."""
    texts = []
    for element in picture.svg.iter():
        role = element.get("aria-roledescription", "")
        label = element.get("aria-label")
        if label and role not in ("", "group mark container") and "axis" not in role and "legend" not in role:
            texts.append(label.rsplit(": ", 1)[-1])
    for group in picture.svg.iter(f"{SVG}g"):
        classes = (group.get("class") or "").split()
        if "mark-text" in classes and "role-mark" in classes:  # values written on bars, not ticks
            texts += [text.text or "" for text in group.iter(f"{SVG}text")]
    return texts


def chart_numbers(picture: Picture, lang: str, where: str) -> list[Shown]:
    if not picture.counts:
        return []
    return [Shown(where, v) for text in chart_texts(picture) for v in _numbers(text, lang)]


def province_maps(at, content: Content | None = None) -> list[tuple[str, dict[str, str]]]:
    """Every province map on the page: (its legend's title, province code -> figure shown)."""
    found = []
    for picture in (content or shown(at)).pictures:
        if MAP_CLASS not in picture.classes:
            continue
        figures = {}
        for path in picture.svg.iter(f"{SVG}path"):
            code = path.get("data-province")
            if code is not None:
                # the title is "<province name>: <figure>"
                figures[code] = path.findtext(f"{SVG}title", "").rsplit(": ", 1)[-1]
        found.append((picture.svg.get("data-measure", ""), figures))
    return found


def frame_numbers(df: pd.DataFrame, lang: str, where: str) -> list[Shown]:
    skip = non_count_headers()
    found = []
    for column in df.columns:
        if str(column) in skip:
            continue
        for value in df[column]:
            found += [Shown(f"{where} column {column!r}", v) for v in _numbers(value, lang)]
    return found


def page_numbers(at, lang: str, page: str) -> list[Shown]:
    found = []
    for m in metrics(at):
        if "%" not in str(m.value) and m.label not in non_count_headers():
            found += [Shown(f"{page} metric {m.label!r}", v) for v in _numbers(str(m.value), lang)]
    content = shown(at)  # the page's HTML, parsed once
    for i, df in enumerate(tables(at, content)):
        found += frame_numbers(df, lang, f"{page} table {i}")
    for i, picture in enumerate(content.pictures):
        if MAP_CLASS not in picture.classes:
            found += chart_numbers(picture, lang, f"{page} chart {i} ({picture.chart})")
    for i, (_measure, figures) in enumerate(province_maps(at, content)):
        for code, text in figures.items():
            found += [Shown(f"{page} map {i} province {code}", v) for v in _numbers(text, lang)]
    return found


def small_counts(found: list[Shown], threshold: int = 5) -> list[Shown]:
    return [s for s in found if 0 < s.value < threshold]


def derivable_cells(df: pd.DataFrame) -> list[str]:
    """Lines (rows/columns) of a table with totals that hold exactly one `<5` beside a shown total."""
    totals = {t("total", lang) for lang in LANGUAGES}
    label_col = df.columns[0]
    problems = []
    total_rows = df[df[label_col].astype(str).isin(totals)]
    body = df[~df[label_col].astype(str).isin(totals)]
    value_cols = [c for c in df.columns[1:] if str(c) not in totals]
    total_col = next((c for c in df.columns[1:] if str(c) in totals), None)
    if total_col is not None:
        for _, row in body.iterrows():
            hidden = sum(str(row[c]) in HIDDEN for c in value_cols)
            if hidden == 1 and str(row[total_col]) not in HIDDEN:
                problems.append(f"row {row[label_col]!r}")
    if len(total_rows):
        total_row = total_rows.iloc[0]
        for c in [*value_cols, *([total_col] if total_col is not None else [])]:
            hidden = sum(str(v) in HIDDEN for v in body[c])
            if hidden == 1 and str(total_row[c]) not in HIDDEN:
                problems.append(f"column {c!r}")
    return problems
