"""Read a public export back and find each of its figures in the release's public catalogue.

Each workbook table names its catalogue table(s) on its `Source:` line; a row label and a column
header name the codes of one cell (dimensions neither names are `_T`). A shown figure must be
that cell's published value, `<5` must stand on a primary cell (P) and `x` on a secondary one (S).
The label maps are read backwards from the layouts' own, so a figure put under the wrong label
is caught.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from openpyxl import load_workbook

from tests.exports.readers import catalogue_cell, sdg_codes, sdmx_rows
from tipstat.disclosure.catalogue import Catalogue
from tipstat.exports import tables
from tipstat.exports.catalogue_tables import SEX_AGE, SEX_AGE_LABELS

TOTAL_LABEL = "Total"
SKIPPED_COLUMNS = {"Global Report category"}
SEX_AGE_BY_LABEL = {SEX_AGE_LABELS[key]: codes for key, codes in SEX_AGE}
STAGE_BY_LABEL = {label: f"offenders_{stage.lower()}" for stage, label in tables.STAGE_LABELS.items()}
FORM_BY_LABEL = {
    label.strip(): ("_T" if key == tables.TOTAL else "_U" if key == "UNKNOWN" else str(key))
    for key, label in tables.FORM_ROW_LABELS.items()
}
ARTICLE_BY_LABEL = {
    **{label: ("_T" if key == tables.TOTAL else str(key)) for key, label in tables.ARTICLE_LABELS.items()},
    "Article unknown": "_U",
}
CHANNEL_BY_LABEL = {
    label: ("_T" if key == tables.TOTAL else "_U" if key == "UNKNOWN" else str(key))
    for key, label in tables.CHANNEL_LABELS.items()
}
QUARTER_BY_LABEL = {"Q1": "Q1", "Q2": "Q2", "Q3": "Q3", "Q4": "Q4", "Year": "_T"}
SERVICE_BY_LABEL = {label: key for key, label in tables.SERVICE_LABELS.items()}
COUNTRY = re.compile(r"\(([A-Z]{3})\)$")
MEDIAN = re.compile(r"Median days from identification to support: ([0-9.]+) days")


def _country(label: str, unknown: tuple[str, ...]) -> str:
    if label == TOTAL_LABEL:
        return "_T"
    if label in unknown:
        return "_U"
    if label == "Foreigners (subtotal)":
        return "FOREIGN"
    found = COUNTRY.search(label)
    assert found, f"no country code in the row label {label!r}"
    return found.group(1)


def _row_codes(table: str, label: str) -> tuple[str, dict[str, str]]:
    """(catalogue table, codes) a row label stands for in a table from catalogue `table`."""
    if table == "victims_form_sex_age":
        return table, {"exploitation_form": FORM_BY_LABEL[label]}
    if table.startswith("offenders_") and label in SEX_AGE_BY_LABEL:
        return table, SEX_AGE_BY_LABEL[label]
    if table == "victims_citizenship_sex_age" or table.startswith("offenders_"):
        return table, {"citizenship": _country(label, ("Citizenship unknown",))}
    if table == "repatriations_country_sex_age":
        return table, {"returned_from": _country(label, ("Unknown",))}
    if table == "cases_quarter_channel_article":
        if label in CHANNEL_BY_LABEL:
            return table, {"recruitment_channel": CHANNEL_BY_LABEL[label]}
        return table, {"article": ARTICLE_BY_LABEL[label]}
    if label in SERVICE_BY_LABEL:
        return "assistance_services", {"service": SERVICE_BY_LABEL[label]}
    assert label == "Victims assisted (persons)", label
    return "assistance", {}


def _col_codes(table: str, header: str) -> tuple[str, dict[str, str]]:
    if header in STAGE_BY_LABEL:
        return STAGE_BY_LABEL[header], {}
    if table == "cases_quarter_channel_article":
        if header in QUARTER_BY_LABEL:
            return table, {"quarter": QUARTER_BY_LABEL[header]}
        return table, {"article": ARTICLE_BY_LABEL.get(header, "_T" if header == TOTAL_LABEL else header)}
    if header in SEX_AGE_BY_LABEL:
        return table, SEX_AGE_BY_LABEL[header]
    assert header == "Victims", header
    return table, {}


def _blocks(rows: list[tuple]) -> list[tuple[str, list[str], list[str], list[tuple]]]:
    """(key, catalogue tables, header, body rows) for every table of a sheet."""
    found = []
    for i, row in enumerate(rows):
        if not (isinstance(row[0], str) and re.match(r"^[A-Z]\d+\. ", row[0])):
            continue
        source = str(rows[i + 1][0])
        assert source.startswith("Source: public catalogue: "), source
        names = re.sub(r" \(.*\)$", "", source.removeprefix("Source: public catalogue: ")).split(", ")
        header_at = next(j for j in range(i + 1, len(rows)) if rows[j][1] is not None)
        body = []
        for r in rows[header_at + 1 :]:
            if r[0] is None:
                break
            body.append(r)
        found.append((row[0].split(".")[0], names, [str(h or "") for h in rows[header_at]], body))
    return found


def check_workbook(path: Path, cat: Catalogue, year: int) -> Counter:
    """Every figure of every table sheet against the catalogue; returns what was seen."""
    seen: Counter = Counter()
    wb = load_workbook(path, read_only=True)
    try:
        for ws in wb.worksheets:
            rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
            if ws.title == "Cover":
                numbers = [
                    v for r in rows for v in r if isinstance(v, int | float) and not isinstance(v, bool)
                ]
                assert numbers == [year], f"numbers on the cover besides the year: {numbers}"
                continue
            for text in (str(v) for r in rows for v in r if isinstance(v, str)):
                for days in MEDIAN.findall(text):
                    value, _ = catalogue_cell(cat, "assistance_median_days", year, {})
                    assert float(days) == float(value), (text, value)  # type: ignore[arg-type]
                    seen["median"] += 1
            for key, names, header, body in _blocks(rows):
                for r in body:
                    label = str(r[0]).strip()
                    for h, v in zip(header[1:], r[1:], strict=False):
                        if not h or h in SKIPPED_COLUMNS:
                            continue
                        _check_cell(cat, year, names, label, h, v, f"{ws.title} {key} {label!r} {h!r}")
                        seen["<5" if v == "<5" else "x" if v == "x" else "shown"] += 1
    finally:
        wb.close()
    return seen


def _check_cell(
    cat: Catalogue, year: int, names: list[str], label: str, header: str, v: object, where: str
) -> None:
    table, rcodes = _row_codes(names[0], label)
    table, ccodes = _col_codes(table, header)
    dims = next(t["dims"] for t in cat.tables if t["name"] == table)
    codes = {d: "_T" for d in dims if d != "year"} | rcodes | ccodes
    value, flag = catalogue_cell(cat, table, year, codes)
    if v == cat.policy.primary_symbol:
        assert flag == "P", f"{where}: <5 on a cell flagged {flag!r}"
    elif v == cat.policy.secondary_symbol:
        assert flag == "S", f"{where}: x on a cell flagged {flag!r}"
    else:
        assert flag == "" and isinstance(v, int) and v == int(value), f"{where}: {v!r} is not the catalogue's"  # type: ignore[call-overload]


def check_sdmx(path: Path, cat: Catalogue, year: int) -> Counter:
    """Every count is a published cell of victims_form_sex_age; every rate is such a count per
    100,000 of the catalogue's population; nothing hidden in the catalogue is in the file."""
    seen: Counter = Counter()
    pop = cat.frames["population"]
    pop = pop[pop["year"].astype(int) == year]
    for row in sdmx_rows(path):
        assert row["TIME_PERIOD"] == str(year)
        series, sex, age = row["SERIES"], row["SEX"], row["AGE"]
        count_key = (series.removesuffix("R") if series.endswith("R") else series, sex, age)
        value, flag = catalogue_cell(cat, "victims_form_sex_age", year, sdg_codes(count_key))
        assert flag == "", f"{row['SERIES']} {sex} {age}: hidden in the catalogue, in the file"
        if row["UNIT_MEASURE"] == "NUMBER":
            assert int(row["OBS_VALUE"]) == int(value), row  # type: ignore[call-overload]
            seen["count"] += 1
            continue
        group = sdg_codes(count_key)["age_group"]
        people = pop[((pop["sex"] == sex) | (sex == "_T")) & ((pop["age_group"] == group) | (group == "_T"))]
        rate = int(value) * 100000 / float(people["value"].sum())  # type: ignore[call-overload]
        assert row["OBS_VALUE"] == f"{round(rate, 4):.4f}", row
        seen["rate"] += 1
    return seen
