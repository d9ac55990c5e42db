"""The tables of the public catalogue: what a policymaker needs, with as few overlapping cuts as
serve it (docs/disclosure.md says why each is there). Every table has `year` as its first
dimension; its source SQL reads the `reporting` schema and yields one row per combination of
leaf codes (`_U` for unknown) with the count in `value`.
"""

from __future__ import annotations

from dataclasses import dataclass

COUNT = "count"


@dataclass(frozen=True)
class TableDef:
    name: str
    title_vi: str
    title_en: str
    universe: str
    dims: tuple[str, ...]  # year first
    source: str  # SQL: year, the other dims as leaf codes, value
    measure: str = COUNT  # "count" is protected; "population" and "median_days" are not counts

    @property
    def protected(self) -> bool:
        return self.measure == COUNT


def _u(column: str, unknown: str = "") -> str:
    """A column as a leaf code: empty or the table's own unknown code becomes `_U`."""
    cond = f"{column} is null or {column} = ''" + (f" or {column} = '{unknown}'" if unknown else "")
    return f"case when {cond} then '_U' else cast({column} as varchar) end"


SEX = f"{_u('sex', 'U')} as sex"
AGE = f"{_u('age_group', 'UNKNOWN')} as age_group"
FORM = f"{_u('exploitation_form', 'UNKNOWN')} as exploitation_form"
CIT = f"{_u('citizenship', 'UNK')} as citizenship"

CONFIRMED = "victims_detected:CONFIRMED"

TABLES: tuple[TableDef, ...] = (
    TableDef(
        "victims_form_sex_age",
        "Nạn nhân được phát hiện theo hình thức bóc lột, giới tính và nhóm tuổi",
        "Detected victims by form of exploitation, sex and age group",
        CONFIRMED,
        ("year", "exploitation_form", "sex", "age_group"),
        f"select year, {FORM}, {SEX}, {AGE}, sum(victims) as value from reporting.victims_detected "
        "where status = 'CONFIRMED' group by all",
    ),
    TableDef(
        "victims_citizenship_sex_age",
        "Nạn nhân được phát hiện theo quốc tịch, giới tính và nhóm tuổi",
        "Detected victims by citizenship, sex and age group",
        CONFIRMED,
        ("year", "citizenship", "sex", "age_group"),
        f"select year, {CIT}, {SEX}, {AGE}, sum(victims) as value from reporting.victims_detected "
        "where status = 'CONFIRMED' group by all",
    ),
    TableDef(
        "victims_province_country",
        "Nạn nhân được phát hiện theo tỉnh cư trú và quốc gia bị bóc lột",
        "Detected victims by province of residence and country of exploitation",
        CONFIRMED,
        ("year", "residence_province", "exploitation_country"),
        f"select year, {_u('residence_province', 'UNK')} as residence_province, "
        f"{_u('exploitation_country', 'UNK')} as exploitation_country, sum(victims) as value "
        "from reporting.victim_routes where status = 'CONFIRMED' group by all",
    ),
    TableDef(
        "victims_quarter",
        "Nạn nhân được phát hiện theo quý",
        "Detected victims by quarter",
        CONFIRMED,
        ("year", "quarter"),
        "select year, 'Q' || cast(quarter as varchar) as quarter, sum(victims) as value "
        "from reporting.victims_quarterly where status = 'CONFIRMED' group by all",
    ),
    TableDef(
        "presumed_form",
        "Nạn nhân đang xác minh theo hình thức bóc lột",
        "Presumed victims (under verification) by form of exploitation",
        "victims_detected:PRESUMED",
        ("year", "exploitation_form"),
        f"select year, {FORM}, sum(victims) as value from reporting.victims_detected "
        "where status = 'PRESUMED' group by all",
    ),
    *(
        TableDef(
            f"offenders_{stage.lower()}",
            f"Người {vi} theo giới tính, nhóm tuổi và quốc tịch",
            f"Persons {stage.lower()} by sex, age group and citizenship",
            f"offenders:{stage.lower()}",
            ("year", "sex", "age_group", "citizenship"),
            f"select year, {SEX}, {AGE}, {CIT}, sum(persons) as value from reporting.justice_funnel "
            f"where stage = '{stage}' group by all",
        )
        for stage, vi in (
            ("SUSPECTED", "bị tình nghi"),
            ("PROSECUTED", "bị truy tố"),
            ("CONVICTED", "bị kết án"),
        )
    ),
    TableDef(
        "cases_quarter_channel_article",
        "Vụ án theo quý, phương thức tuyển mộ và điều luật",
        "Cases opened by quarter, recruitment channel and article of the Criminal Code",
        "cases",
        ("year", "quarter", "recruitment_channel", "article"),
        "select year, 'Q' || cast(quarter as varchar) as quarter, "
        f"{_u('recruitment_channel', 'UNKNOWN')} as recruitment_channel, {_u('article')} as article, "
        "sum(cases) as value from reporting.cases_quarterly group by all",
    ),
    TableDef(
        "repatriations_country_sex_age",
        "Nạn nhân được hồi hương theo nước trở về, giới tính và nhóm tuổi",
        "Victims repatriated by country returned from, sex and age group",
        "repatriations",
        ("year", "returned_from", "sex", "age_group"),
        f"select year, {_u('returned_from', 'UNK')} as returned_from, {SEX}, {AGE}, "
        "sum(victims) as value from reporting.repatriations group by all",
    ),
    TableDef(
        "assistance",
        "Nạn nhân được hỗ trợ",
        "Victims assisted",
        "assistance",
        ("year",),
        "select year, sum(victims_assisted) as value from reporting.assistance group by all",
    ),
    TableDef(
        "assistance_services",
        "Nạn nhân được hỗ trợ theo dịch vụ (một người có thể nhận nhiều dịch vụ)",
        "Victims assisted by service (a person may receive several services)",
        "assistance_services",
        ("year", "service"),
        "select year, service, sum(victims) as value from reporting.assistance_services group by all",
    ),
    TableDef(
        "assistance_median_days",
        "Số ngày trung vị từ khi phát hiện đến khi được hỗ trợ",
        "Median days from identification to support",
        "assistance",
        ("year",),
        "select year, median_days_to_support as value from reporting.assistance",
        measure="median_days",
    ),
    TableDef(
        "population",
        "Dân số theo tỉnh, giới tính và nhóm tuổi (Tổng cục Thống kê)",
        "Population by province, sex and age group (National Statistics Office)",
        "population",
        ("year", "residence_province", "sex", "age_group"),
        "select year, province as residence_province, sex, age_group, sum(population) as value "
        "from reporting.population_by_province group by all",
        measure="population",
    ),
)

BY_NAME = {t.name: t for t in TABLES}
