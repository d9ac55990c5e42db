"""The tables the international workbooks are made of, each from one published table.

Every builder takes the published rows for one year and returns a `workbook.Table` whose
`ProtectedTable` has exact values, suppression flags and display labels; the workbook decides
which of them it writes.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import pycountry

from tipstat.contract import EXPLOITATION_FORMS, FORM_ROLLUP
from tipstat.disclosure import TOTAL, protect_counts, protect_grouped_table, protect_table
from tipstat.exports.data import read_year
from tipstat.exports.workbook import Table

# UNODC Global Report groups: women, men, girls, boys (0-17, 18+) and unknown.
SEX_AGE_ORDER = ("GIRLS", "WOMEN", "BOYS", "MEN", "UNKNOWN")
SEX_AGE_LABELS = {
    "GIRLS": "Girls (F, 0-17)",
    "WOMEN": "Women (F, 18+)",
    "BOYS": "Boys (M, 0-17)",
    "MEN": "Men (M, 18+)",
    "UNKNOWN": "Sex or age unknown",
    TOTAL: "Total",
}
FORM_LABELS = {
    "SEXUAL": "Sexual exploitation",
    "FORCED_LABOUR": "Forced labour or services, servitude, slavery",
    "FORCED_CRIMINALITY": "Forced criminal activity (online scams included)",
    "BEGGING": "Forced begging",
    "FORCED_MARRIAGE": "Forced marriage",
    "ORGAN_REMOVAL": "Removal of organs",
    "CHILD_SALE": "Sale of children, illegal adoption",
    "SURROGACY": "Forced or commercial surrogacy",
    "OTHER": "Other inhumane purposes",
    "UNKNOWN": "Not established",
}
STAGES = ("SUSPECTED", "PROSECUTED", "CONVICTED")
STAGE_LABELS = {"SUSPECTED": "Suspected", "PROSECUTED": "Prosecuted", "CONVICTED": "Convicted"}
ARTICLE_LABELS = {
    "150": "Art. 150 Trafficking in persons",
    "151": "Art. 151 Trafficking in persons under 16",
    TOTAL: "Total",
}
QUARTER_LABELS = {1: "Q1", 2: "Q2", 3: "Q3", 4: "Q4", TOTAL: "Year"}
CHANNEL_LABELS = {
    "ONLINE": "Online",
    "IN_PERSON": "In person",
    "BROKER": "Broker",
    "FAMILY": "Family",
    "UNKNOWN": "Unknown",
    TOTAL: "Total",
}
SERVICE_LABELS = {
    "SHELTER": "Shelter",
    "MEDICAL": "Medical care",
    "PSYCHOLOGICAL": "Psychological support",
    "LEGAL": "Legal aid",
    "VOCATIONAL": "Vocational training",
    "EDUCATION": "Education",
    "CASH": "Cash support",
    "TRAVEL": "Travel",
}

VICTIMS = "reporting.victims_detected (status CONFIRMED)"


def sex_age_group(sex: object, age_group: object) -> str:
    """Global Report group of a (sex, age_group) pair."""
    return {
        ("F", "CHILD"): "GIRLS",
        ("F", "ADULT"): "WOMEN",
        ("M", "CHILD"): "BOYS",
        ("M", "ADULT"): "MEN",
    }.get((str(sex), str(age_group)), "UNKNOWN")


def glotip_category(form: object) -> str:
    category = FORM_ROLLUP.get(str(form), (None, None))[1]
    return category or "Not established"


def country_name(code: object) -> str:
    text = str(code)
    if text in ("UNK", "", "None", "nan"):
        return "Unknown"
    found = pycountry.countries.get(alpha_3=text)
    return f"{found.name} ({text})" if found else text


def _with_sex_age(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return frame.assign(sex_age=pd.Series(dtype=object))
    return frame.assign(
        sex_age=[sex_age_group(s, a) for s, a in zip(frame["sex"], frame["age_group"], strict=True)]
    )


def confirmed(victims: pd.DataFrame) -> pd.DataFrame:
    """Detected victims are the confirmed ones (counting.md); presumed are never added."""
    return victims[victims["status"] == "CONFIRMED"] if not victims.empty else victims


def _sex_age_table(frame: pd.DataFrame, row_dim: str, measure: str, row_order: list[object]) -> object:
    return protect_table(
        _with_sex_age(frame), row_dim, "sex_age", measure, row_order=row_order, col_order=list(SEX_AGE_ORDER)
    )


# ---------------------------------------------------------------- row groups
OTHER_FORMS = "OTHER_FORMS"
FOREIGNERS = "FOREIGNERS"


def form_groups() -> list[tuple[object, list[object]]]:
    """Global Report categories with their detailed forms (contract.FORM_ROLLUP); a category of
    one form is that form's row."""
    others = [f for f in EXPLOITATION_FORMS if glotip_category(f) == "Other forms"]
    return [
        ("SEXUAL", ["SEXUAL"]),
        ("FORCED_LABOUR", ["FORCED_LABOUR"]),
        (OTHER_FORMS, others),
        ("UNKNOWN", ["UNKNOWN"]),
    ]


FORM_ROW_LABELS: dict[object, str] = {
    "SEXUAL": "Sexual exploitation",
    "FORCED_LABOUR": "Forced labour",
    OTHER_FORMS: "Other forms (subtotal)",
    "UNKNOWN": "Not established",
    **{f: f"   {FORM_LABELS[f]}" for f in EXPLOITATION_FORMS if glotip_category(f) == "Other forms"},
    TOTAL: "Total",
}
FORM_CATEGORY_COLUMN = {
    **{f: glotip_category(f) for f in EXPLOITATION_FORMS},
    OTHER_FORMS: "Other forms",
    "UNKNOWN": "Not established",
}


def citizenship_groups(codes: object) -> list[tuple[object, list[object]]]:
    """Nationals (VNM), foreigners (subtotal, then each country), citizenship unknown (UNK)."""
    found = {str(c) for c in codes}  # type: ignore[attr-defined]
    countries: list[object] = sorted(found - {"VNM", "UNK"})
    return [("VNM", ["VNM"]), (FOREIGNERS, countries), ("UNK", ["UNK"])]


def citizenship_labels(groups: list[tuple[object, list[object]]]) -> dict[object, str]:
    labels: dict[object, str] = {
        "VNM": "Nationals: Viet Nam (VNM)",
        FOREIGNERS: "Foreigners (subtotal)",
        "UNK": "Citizenship unknown",
        TOTAL: "Total",
    }
    for key, members in groups:
        if key == FOREIGNERS:
            labels.update({m: f"   {country_name(m)}" for m in members})
    return labels


def country_labels(codes: list[object]) -> dict[object, str]:
    return {**{c: country_name(c) for c in codes}, TOTAL: "Total"}


def _known_citizenship(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return frame
    return frame.assign(citizenship=frame["citizenship"].fillna("UNK").replace("", "UNK"))


# ---------------------------------------------------------------- victims
def victims_by_form(key: str, victims: pd.DataFrame) -> Table:
    """Global Report categories with the detailed forms beside them, by sex and age group."""
    frame = _with_sex_age(confirmed(victims))
    return Table(
        key=key,
        title="Detected victims by form of exploitation (Global Report category and detailed form), "
        "sex and age group",
        source=f"{VICTIMS}; forms rolled up with contract.FORM_ROLLUP",
        protected=protect_grouped_table(
            frame, "exploitation_form", "sex_age", "victims", form_groups(), col_order=list(SEX_AGE_ORDER)
        ),
        row_header="Form of exploitation",
        row_labels=FORM_ROW_LABELS,
        extra_columns={"Global Report category": FORM_CATEGORY_COLUMN},
        col_labels=SEX_AGE_LABELS,
    )


def victims_by_citizenship(key: str, victims: pd.DataFrame) -> Table:
    frame = _with_sex_age(_known_citizenship(confirmed(victims)))
    groups = citizenship_groups(frame["citizenship"] if not frame.empty else [])
    return Table(
        key=key,
        title="Detected victims by citizenship (nationals, foreigners by country), sex and age group",
        source=VICTIMS,
        protected=protect_grouped_table(
            frame, "citizenship", "sex_age", "victims", groups, col_order=list(SEX_AGE_ORDER)
        ),
        row_header="Citizenship",
        row_labels=citizenship_labels(groups),
        col_labels=SEX_AGE_LABELS,
    )


# ---------------------------------------------------------------- offenders
def _stage_title(stages: tuple[str, ...]) -> str:
    names = [STAGE_LABELS[s].lower() for s in stages]
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]


def persons_by_stage_sex_age(key: str, funnel: pd.DataFrame, stages: tuple[str, ...] = STAGES) -> Table:
    frame = _with_sex_age(funnel[funnel["stage"].isin(stages)] if not funnel.empty else funnel)
    return Table(
        key=key,
        title=f"Persons {_stage_title(stages)} by sex and age group",
        source="reporting.justice_funnel",
        protected=protect_table(
            frame, "sex_age", "stage", "persons", row_order=list(SEX_AGE_ORDER), col_order=list(stages)
        ),
        row_header="Sex and age group",
        row_labels=SEX_AGE_LABELS,
        col_labels=STAGE_LABELS,
        show_total_column=False,  # a sum across stages counts no one
        note="Each stage counts persons once in the year; stages are not added up.",
    )


def persons_by_stage_citizenship(key: str, funnel: pd.DataFrame, stages: tuple[str, ...] = STAGES) -> Table:
    frame = _known_citizenship(funnel[funnel["stage"].isin(stages)] if not funnel.empty else funnel)
    groups = citizenship_groups(frame["citizenship"] if not frame.empty else [])
    return Table(
        key=key,
        title=f"Persons {_stage_title(stages)} by citizenship (nationals, foreigners by country)",
        source="reporting.justice_funnel",
        protected=protect_grouped_table(
            frame, "citizenship", "stage", "persons", groups, col_order=list(stages)
        ),
        row_header="Citizenship",
        row_labels=citizenship_labels(groups),
        col_labels=STAGE_LABELS,
        show_total_column=False,
    )


# ---------------------------------------------------------------- repatriation, cases, assistance
def repatriated_by_country(key: str, repatriations: pd.DataFrame) -> Table:
    frame = repatriations.assign(returned_from=repatriations["returned_from"].fillna("UNK"))
    order: list[object] = sorted({str(c) for c in frame["returned_from"]})
    return Table(
        key=key,
        title="Victims repatriated to Viet Nam by country returned from, sex and age group",
        source="reporting.repatriations (confirmed and presumed victims)",
        protected=_sex_age_table(frame, "returned_from", "victims", order),  # type: ignore[arg-type]
        row_header="Returned from",
        row_labels=country_labels(order),
        col_labels=SEX_AGE_LABELS,
    )


def cases_by_article_quarter(key: str, cases_quarterly: pd.DataFrame) -> Table:
    frame = cases_quarterly.assign(article=cases_quarterly["article"].astype(str))
    return Table(
        key=key,
        title="Cases opened by article of the Criminal Code and quarter",
        source="reporting.cases_quarterly",
        protected=protect_table(
            frame, "article", "quarter", "cases", row_order=["150", "151"], col_order=[1, 2, 3, 4]
        ),
        row_header="Article",
        row_labels=ARTICLE_LABELS,
        col_labels=QUARTER_LABELS,
    )


def cases_by_channel_article(key: str, cases_quarterly: pd.DataFrame) -> Table:
    frame = cases_quarterly.assign(article=cases_quarterly["article"].astype(str))
    return Table(
        key=key,
        title="Cases opened by recruitment channel and article",
        source="reporting.cases_quarterly",
        protected=protect_table(
            frame,
            "recruitment_channel",
            "article",
            "cases",
            row_order=["ONLINE", "IN_PERSON", "BROKER", "FAMILY", "UNKNOWN"],
            col_order=["150", "151"],
        ),
        row_header="Recruitment channel",
        row_labels=CHANNEL_LABELS,
        col_labels=ARTICLE_LABELS,
    )


def assisted_services(key: str, services: pd.DataFrame, assistance: pd.DataFrame) -> tuple[Table, bool]:
    """Victims assisted in the year and by service. Returns the table and whether the number of
    victims assisted is suppressed (then the median days to support is too)."""
    assisted = int(assistance["victims_assisted"].sum()) if not assistance.empty else 0
    per_service = (
        services.groupby("service")["victims"].sum() if not services.empty else pd.Series(dtype="int64")
    )
    codes = list(SERVICE_LABELS)
    counts = pd.Series(
        [assisted] + [int(per_service.get(s, 0)) for s in codes], index=["ASSISTED", *codes], name="victims"
    )
    # persons get several services: the list does not add up, so no total is shown; the check
    # below still treats it as one line with the number assisted (conservative).
    protected = protect_counts(counts, total=False)
    return (
        Table(
            key=key,
            title="Victims assisted in the year and the services they received",
            source="reporting.assistance, reporting.assistance_services",
            protected=protected,
            row_header="",
            row_labels={"ASSISTED": "Victims assisted (persons)", **SERVICE_LABELS},
            col_labels={"victims": "Victims"},
            show_total_row=False,
            note="A person may receive several services.",
        ),
        bool(protected.suppressed.loc["ASSISTED", "victims"]),
    )


class ExactTables:
    """The same tables as `catalogue_tables.PublicTables`, from the exact figures of one year
    (the edition for statisticians and the international submissions)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, year: int):
        self.victims = read_year(con, "victims_detected", year)
        self.funnel = read_year(con, "justice_funnel", year)
        self.repatriations = read_year(con, "repatriations", year)
        self.cases = read_year(con, "cases_quarterly", year)
        self.assistance = read_year(con, "assistance", year)
        self.services = read_year(con, "assistance_services", year)

    def victims_by_form(self, key: str) -> Table:
        return victims_by_form(key, self.victims)

    def victims_by_citizenship(self, key: str) -> Table:
        return victims_by_citizenship(key, self.victims)

    def persons_by_stage_sex_age(self, key: str, stages: tuple[str, ...] = STAGES) -> Table:
        return persons_by_stage_sex_age(key, self.funnel, stages)

    def persons_by_stage_citizenship(self, key: str, stages: tuple[str, ...] = STAGES) -> Table:
        return persons_by_stage_citizenship(key, self.funnel, stages)

    def repatriated_by_country(self, key: str) -> Table:
        return repatriated_by_country(key, self.repatriations)

    def cases_by_article_quarter(self, key: str) -> Table:
        return cases_by_article_quarter(key, self.cases)

    def cases_by_channel_article(self, key: str) -> Table:
        return cases_by_channel_article(key, self.cases)

    def assisted_services(self, key: str) -> tuple[Table, str]:
        table, _ = assisted_services(key, self.services, self.assistance)
        frame = self.assistance
        if frame.empty or frame["median_days_to_support"].isna().all():
            return table, "Median days from identification to support: no victim assisted"
        days = float(frame["median_days_to_support"].iloc[0])
        return table, f"Median days from identification to support: {days:g} days"
