"""The ministry export contract (shared/spec/exports.md, version 1) as data.

Everything that must agree on the contract (the validation suites, the loader, the demo
generator, the sender's pseudonymize tool, dbt staging) reads it from here, so a change to the
contract is made once.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

CONTRACT_VERSION = "1"
COUNTING_RULES_VERSION = "2"  # 2: reviewed linkage decisions (rule 4)

REPO_ROOT = Path(__file__).resolve().parent.parent
PROVINCE_CROSSWALK = REPO_ROOT / "dbt" / "seeds" / "province_crosswalk.csv"

# ---------------------------------------------------------------- code lists
EXPLOITATION_FORMS = (
    "SEXUAL",
    "FORCED_LABOUR",
    "FORCED_CRIMINALITY",
    "BEGGING",
    "FORCED_MARRIAGE",
    "ORGAN_REMOVAL",
    "CHILD_SALE",
    "SURROGACY",
    "OTHER",
    "UNKNOWN",
)
# form -> (SDG 16.2.2 series, UNODC Global Report category); UNKNOWN counts in totals only.
FORM_ROLLUP: dict[str, tuple[str | None, str | None]] = {
    "SEXUAL": ("VC_HTF_DETVSX", "Sexual exploitation"),
    "FORCED_LABOUR": ("VC_HTF_DETVFL", "Forced labour"),
    "FORCED_CRIMINALITY": ("VC_HTF_DETVOP", "Other forms"),
    "BEGGING": ("VC_HTF_DETVOP", "Other forms"),
    "FORCED_MARRIAGE": ("VC_HTF_DETVOP", "Other forms"),
    "ORGAN_REMOVAL": ("VC_HTF_DETVOG", "Other forms"),
    "CHILD_SALE": ("VC_HTF_DETVOP", "Other forms"),
    "SURROGACY": ("VC_HTF_DETVOP", "Other forms"),
    "OTHER": ("VC_HTF_DETVOP", "Other forms"),
    "UNKNOWN": (None, None),
}
VICTIM_STATUSES = ("CONFIRMED", "PRESUMED")
SEXES = ("F", "M")
CODE_VERSIONS = ("VN63", "VN34")
ARTICLES = ("150", "151")
RECRUITMENT_CHANNELS = ("ONLINE", "IN_PERSON", "BROKER", "FAMILY", "UNKNOWN")
VERDICTS = ("CONVICTED", "ACQUITTED", "RETURNED")
SERVICES = (
    "SHELTER",
    "MEDICAL",
    "PSYCHOLOGICAL",
    "LEGAL",
    "VOCATIONAL",
    "EDUCATION",
    "CASH",
    "TRAVEL",
)
BOOLEANS = ("true", "false")
AGE_GROUPS = ("CHILD", "ADULT")

# social feed: Vietnamese values -> contract codes
SOCIAL_STATUS_VALUES = {"Nạn nhân": "CONFIRMED", "Đang xác minh": "PRESUMED"}
SOCIAL_SEX_VALUES = {"Nữ": "F", "Nam": "M"}

# ---------------------------------------------------------------- patterns
RECORD_ID_RE = r"^[A-Z]{2,4}-[A-Z0-9-]{1,36}$"
KEY_RE = r"^[0-9a-f]{64}$"
CASE_REF_RE = r"^VA-[0-9]{4}-[0-9]{6}$"
ISO3_RE = r"^[A-Z]{3}$"
ISO_DATE_RE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
DMY_DATE_RE = r"^[0-9]{2}/[0-9]{2}/[0-9]{4}$"
PROVINCE_RE = r"^[0-9]{2}$"

# Personal data (exports.md, "What a file must not contain"): after removing spaces, dots and
# dashes, a 9- or 12-digit number, or a Vietnamese phone number (0 or +84 then 9 digits), or
# any value containing '@'. Used by GX (regex on the raw value) and by DuckDB.
PERSONAL_DATA_STRIP_RE = r"[\s.\-]"
PERSONAL_DATA_DIGITS_RE = r"^([0-9]{9}|[0-9]{12}|0[0-9]{9}|\+84[0-9]{9})$"
# The same test as one regex on the unstripped value, for engines without a replace step.
_SEP = r"[\s.\-]*"
PERSONAL_DATA_RAW_RE = (
    rf"^{_SEP}(((\d{_SEP}){{9}}|(\d{_SEP}){{12}})|0{_SEP}(\d{_SEP}){{9}}|\+{_SEP}8{_SEP}4{_SEP}(\d{_SEP}){{9}})$"
    r"|@"
)

# ---------------------------------------------------------------- file names
FILE_NAME_RE = re.compile(
    r"^(?P<feed>police|border|social|consular|procuracy|court)_(?P<entity>[a-z]+)_"
    r"(?P<year>[0-9]{4})Q(?P<quarter>[1-4])(?:_v(?P<version>[1-9][0-9]*))?\.(?P<ext>[a-z]+)$"
)
POPULATION_NAME_RE = re.compile(
    r"^population_(?P<year>[0-9]{4})(?:_v(?P<version>[1-9][0-9]*))?\.(?P<ext>csv)$"
)

DUE_DAYS = 30
LOCAL_TIMEZONE = "Asia/Ho_Chi_Minh"


@dataclass(frozen=True)
class Column:
    """One column of a file, as the contract names it in the file header."""

    name: str  # header in the file (Vietnamese for the social feed)
    canonical: str  # English contract name, used from staging on
    kind: str  # text | key | code | date | integer | boolean | codes
    required: bool = False
    pattern: str | None = None
    values: tuple[str, ...] | None = None  # allowed codes (after decoding for social)
    unique: bool = False
    min_value: int | None = None
    max_value: int | None = None  # None with kind=integer birth_year means "the file's year"
    in_quarter: bool = False  # date must fall inside the file's quarter


@dataclass(frozen=True)
class FileSpec:
    feed: str
    entity: str
    ext: str  # csv | xlsx | jsonl
    delimiter: str = ","
    bom: bool = False
    date_format: str = "%Y-%m-%d"
    sheet_name: str | None = None
    columns: tuple[Column, ...] = field(default_factory=tuple)

    @property
    def key(self) -> str:
        return f"{self.feed}__{self.entity}"

    @property
    def raw_table(self) -> str:
        """Table in schema `raw`: `<feed>__<entity>`, and plain `population` for the NSO files."""
        return "population" if self.feed == "population" else f"{self.feed}__{self.entity}"

    @property
    def header(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, canonical: str) -> Column:
        return next(c for c in self.columns if c.canonical == canonical)


def _victim_columns(date_pattern: str = ISO_DATE_RE) -> tuple[Column, ...]:
    return (
        Column("record_id", "record_id", "text", True, RECORD_ID_RE, unique=True),
        Column("victim_key", "victim_key", "key", False, KEY_RE),
        Column("case_ref", "case_ref", "text", False, CASE_REF_RE),
        Column("identified_date", "identified_date", "date", True, date_pattern, in_quarter=True),
        Column("victim_status", "victim_status", "code", True, values=VICTIM_STATUSES),
        Column("sex", "sex", "code", False, values=SEXES),
        Column("birth_year", "birth_year", "integer", False, r"^[0-9]{4}$", min_value=1900),
        Column("nationality", "nationality", "code", False, ISO3_RE),
        Column("residence_province", "residence_province", "code", False, PROVINCE_RE),
        Column("code_version", "code_version", "code", True, values=CODE_VERSIONS),
        Column("exploitation_form", "exploitation_form", "code", False, values=EXPLOITATION_FORMS),
        Column("exploitation_country", "exploitation_country", "code", False, ISO3_RE),
    )


def _offender_columns() -> tuple[Column, ...]:
    return (
        Column("record_id", "record_id", "text", True, RECORD_ID_RE, unique=True),
        Column("person_key", "person_key", "key", False, KEY_RE),
        Column("case_ref", "case_ref", "text", True, CASE_REF_RE),
        Column("event_date", "event_date", "date", True, ISO_DATE_RE, in_quarter=True),
        Column("sex", "sex", "code", False, values=SEXES),
        Column("birth_year", "birth_year", "integer", False, r"^[0-9]{4}$", min_value=1900),
        Column("nationality", "nationality", "code", False, ISO3_RE),
        Column("article", "article", "code", True, values=ARTICLES),
    )


_REPATRIATION = (
    Column("repatriated", "repatriated", "boolean", True, values=BOOLEANS),
    Column("returned_from", "returned_from", "code", False, ISO3_RE),  # required if repatriated
)

SOCIAL_COLUMNS = (
    Column("Mã hồ sơ", "record_id", "text", True, RECORD_ID_RE, unique=True),
    Column("Mã nạn nhân", "victim_key", "key", False, KEY_RE),
    Column("Số vụ án", "case_ref", "text", False, CASE_REF_RE),
    Column("Ngày tiếp nhận", "identified_date", "date", True, ISO_DATE_RE, in_quarter=True),
    Column("Tình trạng", "victim_status", "code", True, values=tuple(SOCIAL_STATUS_VALUES)),
    Column("Giới tính", "sex", "code", False, values=tuple(SOCIAL_SEX_VALUES)),
    Column("Năm sinh", "birth_year", "integer", False, r"^[0-9]{4}$", min_value=1900),
    Column("Quốc tịch", "nationality", "code", False, ISO3_RE),
    Column("Tỉnh cư trú", "residence_province", "code", False, PROVINCE_RE),
    Column("Phiên bản mã", "code_version", "code", True, values=CODE_VERSIONS),
    Column("Hình thức bóc lột", "exploitation_form", "code", False, values=EXPLOITATION_FORMS),
    Column("Ngày bắt đầu hỗ trợ", "support_start_date", "date", False, ISO_DATE_RE),
    Column("Dịch vụ hỗ trợ", "services", "codes", False, values=SERVICES),
)

FILE_SPECS: dict[str, FileSpec] = {
    s.key: s
    for s in (
        FileSpec(
            "police",
            "cases",
            "csv",
            columns=(
                Column("case_ref", "case_ref", "text", True, CASE_REF_RE, unique=True),
                Column("opened_date", "opened_date", "date", True, ISO_DATE_RE, in_quarter=True),
                Column("province", "province", "code", True, PROVINCE_RE),
                Column("code_version", "code_version", "code", True, values=CODE_VERSIONS),
                Column("article", "article", "code", True, values=ARTICLES),
                Column(
                    "exploitation_form",
                    "exploitation_form",
                    "code",
                    True,
                    values=EXPLOITATION_FORMS,
                ),
                Column("destination_country", "destination_country", "code", False, ISO3_RE),
                Column(
                    "recruitment_channel",
                    "recruitment_channel",
                    "code",
                    True,
                    values=RECRUITMENT_CHANNELS,
                ),
            ),
        ),
        FileSpec("police", "victims", "csv", columns=_victim_columns()),
        FileSpec("police", "suspects", "csv", columns=_offender_columns()),
        FileSpec(
            "border",
            "victims",
            "xlsx",
            sheet_name="victims",
            columns=_victim_columns() + _REPATRIATION,
        ),
        FileSpec("social", "victims", "csv", delimiter=";", columns=SOCIAL_COLUMNS),
        FileSpec(
            "consular",
            "victims",
            "csv",
            bom=True,
            date_format="%d/%m/%Y",
            columns=_victim_columns(DMY_DATE_RE)
            + _REPATRIATION
            + (Column("repatriation_date", "repatriation_date", "date", False, DMY_DATE_RE),),
        ),
        FileSpec("procuracy", "defendants", "csv", columns=_offender_columns()),
        FileSpec(
            "court",
            "defendants",
            "jsonl",
            columns=_offender_columns()
            + (
                Column("verdict", "verdict", "code", True, values=VERDICTS),
                Column(
                    "sentence_months",
                    "sentence_months",
                    "integer",
                    False,
                    r"^[0-9]{1,3}$",
                    min_value=0,
                    max_value=240,
                ),
            ),
        ),
    )
}

POPULATION_SPEC = FileSpec(
    "population",
    "population",
    "csv",
    columns=(
        Column("year", "year", "integer", True, r"^[0-9]{4}$"),
        Column("province", "province", "code", True, PROVINCE_RE),
        Column("sex", "sex", "code", True, values=SEXES),
        Column("age_group", "age_group", "code", True, values=AGE_GROUPS),
        Column("population", "population", "integer", True, r"^[0-9]{1,9}$", min_value=0),
    ),
)

ALL_SPECS: dict[str, FileSpec] = {**FILE_SPECS, POPULATION_SPEC.key: POPULATION_SPEC}


@dataclass(frozen=True)
class Province:
    old_code: str
    old_name: str
    new_code: str
    new_name: str


@cache
def province_crosswalk() -> tuple[Province, ...]:
    with PROVINCE_CROSSWALK.open(encoding="utf-8", newline="") as fh:
        return tuple(Province(**row) for row in csv.DictReader(fh))


@cache
def province_codes(code_version: str) -> tuple[str, ...]:
    """Valid two-digit codes of one code list (VN63 or VN34)."""
    rows = province_crosswalk()
    codes = {p.old_code for p in rows} if code_version == "VN63" else {p.new_code for p in rows}
    return tuple(sorted(codes))


@cache
def vn34_names() -> dict[str, str]:
    return {p.new_code: p.new_name for p in province_crosswalk()}
