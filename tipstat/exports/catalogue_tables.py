"""The workbook tables of a public edition, laid out from catalogue cells (catalogue_source.py).

The same tables as `tables.py` lays out from the exact figures, with one difference the
catalogue imposes: the Global Report's "sex or age unknown" group is three catalogue cells
(female of unknown age, male of unknown age, sex unknown) instead of their sum, so that every
figure is one the catalogue publishes.
"""

from __future__ import annotations

import pandas as pd

from tipstat.contract import EXPLOITATION_FORMS
from tipstat.disclosure import TOTAL, ProtectedTable
from tipstat.exports import tables
from tipstat.exports.catalogue_source import CAT_TOTAL, Axis, YearCatalogue
from tipstat.exports.workbook import Table

T = CAT_TOTAL
SEX_AGE: Axis = (
    ("GIRLS", {"sex": "F", "age_group": "CHILD"}),
    ("WOMEN", {"sex": "F", "age_group": "ADULT"}),
    ("BOYS", {"sex": "M", "age_group": "CHILD"}),
    ("MEN", {"sex": "M", "age_group": "ADULT"}),
    ("F_AGE_UNKNOWN", {"sex": "F", "age_group": "_U"}),
    ("M_AGE_UNKNOWN", {"sex": "M", "age_group": "_U"}),
    ("SEX_UNKNOWN", {"sex": "_U", "age_group": T}),
    (TOTAL, {"sex": T, "age_group": T}),
)
SEX_AGE_LABELS = {
    **tables.SEX_AGE_LABELS,
    "F_AGE_UNKNOWN": "Female, age unknown",
    "M_AGE_UNKNOWN": "Male, age unknown",
    "SEX_UNKNOWN": "Sex unknown",
}
UNKNOWN_NOTE = (
    "Sex or age unknown is given as three figures of the public catalogue: female of unknown age, "
    "male of unknown age, and sex unknown."
)
OFFENDERS = {s: f"offenders_{s.lower()}" for s in tables.STAGES}


def _source(name: str) -> str:
    return f"public catalogue: {name}"


class PublicTables:
    """The tables of the Global Report and ASEAN workbooks, from one year of a catalogue."""

    def __init__(self, cat: YearCatalogue):
        self.cat = cat

    def _rows_with_figures(self, table: str, dim: str, codes: list[str], fixed: dict[str, str]) -> list[str]:
        return [c for c in codes if self.cat.shown_or_hidden(table, {**fixed, dim: c})]

    def victims_by_form(self, key: str) -> Table:
        name = "victims_form_sex_age"
        others = [f for f in EXPLOITATION_FORMS if tables.glotip_category(f) == "Other forms"]
        forms = ["SEXUAL", "FORCED_LABOUR", tables.OTHER_FORMS, *others, "_U", T]
        keys = {"_U": "UNKNOWN", T: TOTAL}
        rows: Axis = [(keys.get(f, f), {"exploitation_form": f}) for f in forms]
        return Table(
            key=key,
            title="Detected victims by form of exploitation (Global Report category and detailed form), "
            "sex and age group",
            source=_source(name),
            protected=self.cat.cut(name, {}, rows, SEX_AGE),
            row_header="Form of exploitation",
            row_labels=tables.FORM_ROW_LABELS,
            extra_columns={"Global Report category": tables.FORM_CATEGORY_COLUMN},
            col_labels=SEX_AGE_LABELS,
            note=UNKNOWN_NOTE,
        )

    def _citizenship_rows(self, names: list[str], fixed: dict[str, str]) -> tuple[Axis, dict[object, str]]:
        """Nationals, foreigners (subtotal, then each country with a figure), unknown, total."""
        found = set()
        for name in names:
            codes = self.cat.codes(name, "citizenship", fixed)
            found.update(self._rows_with_figures(name, "citizenship", codes, fixed))
        leaves = self.cat.catalogue.lists["citizenship"].leaves
        countries = [c for c in leaves if c in found and c not in ("VNM", "_U")]
        rows: Axis = [
            ("VNM", {"citizenship": "VNM"}),
            (tables.FOREIGNERS, {"citizenship": "FOREIGN"}),
            *[(c, {"citizenship": c}) for c in countries],
            ("UNK", {"citizenship": "_U"}),
            (TOTAL, {"citizenship": T}),
        ]
        groups = tables.citizenship_groups(countries)
        return rows, tables.citizenship_labels(groups)

    def victims_by_citizenship(self, key: str) -> Table:
        name = "victims_citizenship_sex_age"
        rows, labels = self._citizenship_rows([name], {"sex": T, "age_group": T})
        return Table(
            key=key,
            title="Detected victims by citizenship (nationals, foreigners by country), sex and age group",
            source=_source(name),
            protected=self.cat.cut(name, {}, rows, SEX_AGE),
            row_header="Citizenship",
            row_labels=labels,
            col_labels=SEX_AGE_LABELS,
            note=UNKNOWN_NOTE,
        )

    def persons_by_stage_sex_age(self, key: str, stages: tuple[str, ...] = tables.STAGES) -> Table:
        names = [OFFENDERS[s] for s in stages]
        cols: Axis = [(s, {}) for s in stages]
        return Table(
            key=key,
            title=f"Persons {tables._stage_title(stages)} by sex and age group",
            source=_source(", ".join(names)),
            protected=self.cat.cut(names, {"citizenship": T}, SEX_AGE, cols),
            row_header="Sex and age group",
            row_labels=SEX_AGE_LABELS,
            col_labels=tables.STAGE_LABELS,
            show_total_column=False,
            note="Each stage counts persons once in the year; stages are not added up.",
        )

    def persons_by_stage_citizenship(self, key: str, stages: tuple[str, ...] = tables.STAGES) -> Table:
        names = [OFFENDERS[s] for s in stages]
        fixed = {"sex": T, "age_group": T}
        rows, labels = self._citizenship_rows(names, fixed)
        return Table(
            key=key,
            title=f"Persons {tables._stage_title(stages)} by citizenship (nationals, foreigners by country)",
            source=_source(", ".join(names)),
            protected=self.cat.cut(names, fixed, rows, [(s, {}) for s in stages]),
            row_header="Citizenship",
            row_labels=labels,
            col_labels=tables.STAGE_LABELS,
            show_total_column=False,
        )

    def repatriated_by_country(self, key: str) -> Table:
        name = "repatriations_country_sex_age"
        fixed = {"sex": T, "age_group": T}
        codes = [c for c in self.cat.catalogue.lists["returned_from"].leaves]
        shown = self._rows_with_figures(name, "returned_from", codes, fixed)
        rows: Axis = [("UNK" if c == "_U" else c, {"returned_from": c}) for c in shown]
        rows = [*rows, (TOTAL, {"returned_from": T})]
        return Table(
            key=key,
            title="Victims repatriated to Viet Nam by country returned from, sex and age group",
            source=_source(name) + " (confirmed and presumed victims)",
            protected=self.cat.cut(name, {}, rows, SEX_AGE),
            row_header="Returned from",
            row_labels=tables.country_labels([r for r, _ in rows]),
            col_labels=SEX_AGE_LABELS,
            note=UNKNOWN_NOTE,
        )

    def _articles(self, fixed: dict[str, str]) -> Axis:
        name = "cases_quarter_channel_article"
        unknown = self.cat.shown_or_hidden(name, {**fixed, "article": "_U"})
        codes = ["150", "151", *(["_U"] if unknown else []), T]
        return [(TOTAL if c == T else "UNKNOWN" if c == "_U" else c, {"article": c}) for c in codes]

    def cases_by_article_quarter(self, key: str) -> Table:
        name = "cases_quarter_channel_article"
        fixed = {"recruitment_channel": T}
        quarters = [q for q in ("Q1", "Q2", "Q3", "Q4") if q in self.cat.codes(name, "quarter", {})]
        cols: Axis = [*[(int(q[1]), {"quarter": q}) for q in quarters], (TOTAL, {"quarter": T})]
        missing = 4 - len(quarters)
        return Table(
            key=key,
            title="Cases opened by article of the Criminal Code and quarter",
            source=_source(name),
            protected=self.cat.cut(name, fixed, self._articles({**fixed, "quarter": T}), cols),
            row_header="Article",
            row_labels={**tables.ARTICLE_LABELS, "UNKNOWN": "Article unknown"},
            col_labels=tables.QUARTER_LABELS,
            note=f"The release covers {len(quarters)} quarter(s) of the year; later quarters are not "
            "in its public catalogue."
            if missing
            else None,
        )

    def cases_by_channel_article(self, key: str) -> Table:
        name = "cases_quarter_channel_article"
        fixed = {"quarter": T}
        channels = ["ONLINE", "IN_PERSON", "BROKER", "FAMILY", "_U", T]
        rows: Axis = [
            (TOTAL if c == T else "UNKNOWN" if c == "_U" else c, {"recruitment_channel": c}) for c in channels
        ]
        cols = self._articles({**fixed, "recruitment_channel": T})
        return Table(
            key=key,
            title="Cases opened by recruitment channel and article",
            source=_source(name),
            protected=self.cat.cut(name, fixed, rows, cols),
            row_header="Recruitment channel",
            row_labels=tables.CHANNEL_LABELS,
            col_labels={**tables.ARTICLE_LABELS, "UNKNOWN": "Article unknown"},
        )

    def assisted_services(self, key: str) -> tuple[Table, str]:
        """Victims assisted and by service, and the note on the median days to support (shown
        only when the number assisted is: its base)."""
        assisted = self.cat.cut("assistance", {}, [("ASSISTED", {})], [("victims", {})])
        services = self.cat.cut(
            "assistance_services", {}, [(s, {"service": s}) for s in tables.SERVICE_LABELS], [("victims", {})]
        )
        both = assisted.values.index.append(services.values.index)
        protected = ProtectedTable(
            values=pd.concat([assisted.values, services.values]).set_axis(both),
            suppressed=pd.concat([assisted.suppressed, services.suppressed]).set_axis(both),
            display=pd.concat([assisted.display, services.display]).set_axis(both),
            threshold=assisted.threshold,
        )
        hidden = bool(assisted.suppressed.iloc[0, 0])
        if hidden:
            median = f"Median days from identification to support: hidden ({assisted.display.iloc[0, 0]})"
        else:
            median = self._median_days()
        table = Table(
            key=key,
            title="Victims assisted in the year and the services they received",
            source=_source("assistance, assistance_services, assistance_median_days"),
            protected=protected,
            row_header="",
            row_labels={"ASSISTED": "Victims assisted (persons)", **tables.SERVICE_LABELS},
            col_labels={"victims": "Victims"},
            show_total_row=False,
            note="A person may receive several services.",
        )
        return table, median

    def _median_days(self) -> str:
        name = "assistance_median_days"
        found = self.cat.cell(name, {}) if self.cat.has(name) else None
        if found is None or found[0] is None or str(found[0]) in ("", "nan", "<NA>"):
            return "Median days from identification to support: no victim assisted"
        return f"Median days from identification to support: {float(found[0]):g} days"  # type: ignore[arg-type]
