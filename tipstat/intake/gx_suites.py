"""The Great Expectations suites, written from contract.py (one per feed and entity + population).

`python -m tipstat.intake.gx_suites` rewrites `expectations/<feed>__<entity>.json`; the
JSON files are committed and a test checks that they equal what this module generates, so the
suites never drift from the contract. Each expectation carries `meta.rule` (the finding's rule id),
`meta.column` (the file's header name, or null) and `meta.message` (what the finding says; it
never contains a value from the file).

The suites have no parameters: validation.py runs one suite over MANY files at once (their rows
concatenated), so what differs from file to file is a column, added before GX runs (`DERIVED_*`,
computed in DuckDB by validation.py):
- `_period`: the file's period label (`2025Q3`; population: `2025`);
- `_file_year`: the year in the file name (integer);
- `_<col>__quarter` for every in-quarter date column: the quarter label (`2025Q3`) of the value read
  as a real date in the feed's format, NULL when it is not one, and the row's `_period` when the
  value is empty (emptiness is `required:<col>`'s business). `in_quarter:<col>` = equal to `_period`;
- `_birth_year__year`: the year as an integer when the value is four digits and at least 1900,
  10000 (after every file year) when it is anything else, NULL when empty.
  `range:birth_year` = `_file_year` >= `_birth_year__year`.
- `_<col>__not_a_date` for every other date column: true when the value is not a real date in the
  feed's format (DuckDB `try_strptime`), NULL otherwise. `date:<col>` = NULL.
- `_<col>__personal_data` for every column of a feed file: true when the value matches
  `personal_data_regex()` (contract.PERSONAL_DATA_RAW_RE, its digit and space classes spelled
  out), NULL otherwise. `personal_data` = NULL. The regex runs in DuckDB (RE2, on both cores,
  once per value) instead of as GX's pandas regex expectation, which made one pass over the
  chunk per column and was a third of the validation time (docs/validation.md, "How it runs");
  a test checks that DuckDB and Python's `re` agree on the regex.

`columns:exact_set` is checked per file by validation.py (a file with other columns cannot join a
batch); the expectation stays here as the rule's definition. Rules that span chunks (uniqueness
within the file, population combinations) are checked in DuckDB by validation.py, not here.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from tipstat.contract import (
    ALL_SPECS,
    CONTRACT_VERSION,
    PERSONAL_DATA_RAW_RE,
    PERSONAL_DATA_STRIP_RE,
    Column,
    FileSpec,
    province_codes,
)
from tipstat.settings import EXPECTATIONS_DIR

ROW_NUMBER = "_row_number"
FILE_INDEX = "_file_index"  # which file of a batch a row comes from (set by validation.py)
PERIOD = "_period"
FILE_YEAR = "_file_year"
BIRTH_YEAR_OUT_OF_RANGE = 10000  # `_birth_year__year` of a value that is not a year from 1900
SENTENCE_MONTHS = tuple(str(m) for m in range(0, 241))
PROVINCE_COLUMNS = ("province", "residence_province")

Expectation = dict[str, Any]


def suite_path(spec: FileSpec, directory: Path = EXPECTATIONS_DIR) -> Path:
    return directory / f"{spec.key}.json"


def _expectation(
    type_: str, kwargs: dict[str, Any], rule: str, column: str | None, message: str
) -> Expectation:
    return {
        "type": type_,
        "kwargs": kwargs,
        "meta": {"rule": rule, "column": column, "message": message},
        "severity": "critical",
    }


def _eq(column: str, value: str) -> dict[str, Any]:
    return {"type": "comparison", "column": {"name": column}, "operator": "==", "parameter": value}


def _ne(column: str, value: str) -> dict[str, Any]:
    return {"type": "comparison", "column": {"name": column}, "operator": "!=", "parameter": value}


def _is_null(column: str) -> dict[str, Any]:
    return {"type": "nullity", "column": {"name": column}, "is_null": True}


def quarter_column(canonical: str) -> str:
    """Derived column: the quarter label of an in-quarter date column's value (see the module doc)."""
    return f"_{canonical}__quarter"


def year_column(canonical: str) -> str:
    """Derived column: a birth year as an integer (see the module doc)."""
    return f"_{canonical}__year"


def not_a_date_column(canonical: str) -> str:
    """Derived column: true where a (not in-quarter) date value is not a real date (module doc)."""
    return f"_{canonical}__not_a_date"


def personal_data_column(canonical: str) -> str:
    """Derived column: true where the value looks like personal data (see the module doc)."""
    return f"_{canonical}__personal_data"


def _codes_regex(values: tuple[str, ...]) -> str:
    one = "(" + "|".join(re.escape(v) for v in values) + ")"
    return rf"^{one}(\|{one})*$"


def _column_expectations(spec: FileSpec, col: Column) -> list[Expectation]:
    name, canon = col.name, col.canonical
    out: list[Expectation] = []
    if col.required:
        out.append(
            _expectation(
                "expect_column_values_to_not_be_null",
                {"column": name},
                f"required:{canon}",
                name,
                f"{name} is required but empty",
            )
        )
    if col.pattern:
        out.append(
            _expectation(
                "expect_column_values_to_match_regex",
                {"column": name, "regex": col.pattern},
                f"pattern:{canon}",
                name,
                f"{name} does not have the form the contract requires ({col.pattern})",
            )
        )
    if col.kind == "date" and not col.in_quarter:  # in_quarter below already proves a real date
        out.append(
            _expectation(
                "expect_column_values_to_be_null",
                {"column": not_a_date_column(canon)},
                f"date:{canon}",
                name,
                f"{name} is not a real calendar date",
            )
        )
    if col.in_quarter:
        out.append(
            _expectation(
                "expect_column_pair_values_to_be_equal",
                {"column_A": quarter_column(canon), "column_B": PERIOD, "ignore_row_if": "neither"},
                f"in_quarter:{canon}",
                name,
                f"{name} is not a real date inside the file's quarter",
            )
        )
    if col.kind == "codes" and col.values:
        out.append(
            _expectation(
                "expect_column_values_to_match_regex",
                {"column": name, "regex": _codes_regex(col.values)},
                f"code_list:{canon}",
                name,
                f"{name} must be codes from its list joined by '|'",
            )
        )
    elif col.values:
        out.append(
            _expectation(
                "expect_column_values_to_be_in_set",
                {"column": name, "value_set": list(col.values)},
                f"code_list:{canon}",
                name,
                f"{name} is not in its code list",
            )
        )
    if canon == "birth_year":
        out.append(
            _expectation(
                "expect_column_pair_values_a_to_be_greater_than_b",
                {
                    "column_A": FILE_YEAR,
                    "column_B": year_column(canon),
                    "or_equal": True,
                    "ignore_row_if": "either_value_is_missing",
                },
                f"range:{canon}",
                name,
                f"{name} must be a year from 1900 to the file's year",
            )
        )
    if canon in PROVINCE_COLUMNS and spec.feed != "population":
        version = spec.column("code_version").name
        for code_version in ("VN63", "VN34"):
            out.append(
                _expectation(
                    "expect_column_values_to_be_in_set",
                    {
                        "column": name,
                        "value_set": list(province_codes(code_version)),
                        "row_condition": _eq(version, code_version),
                    },
                    "province_for_code_version",
                    name,
                    f"{name} is not a {code_version} province code (the row's code_version)",
                )
            )
    return out


def _conditional_expectations(spec: FileSpec) -> list[Expectation]:
    names = {c.canonical: c.name for c in spec.columns}
    out: list[Expectation] = []
    if "repatriated" in names:
        for target in ("returned_from", "repatriation_date"):
            if target in names:
                out.append(
                    _expectation(
                        "expect_column_values_to_not_be_null",
                        {"column": names[target], "row_condition": _eq(names["repatriated"], "true")},
                        f"required_when_repatriated:{target}",
                        names[target],
                        f"{names[target]} is required when repatriated is true",
                    )
                )
    if "verdict" in names:
        months, verdict = names["sentence_months"], names["verdict"]
        out += [
            _expectation(
                "expect_column_values_to_not_be_null",
                {"column": months, "row_condition": _eq(verdict, "CONVICTED")},
                "sentence_when_convicted:sentence_months",
                months,
                "sentence_months is required when the verdict is CONVICTED",
            ),
            _expectation(
                "expect_column_values_to_be_in_set",
                {
                    "column": months,
                    "value_set": list(SENTENCE_MONTHS),
                    "row_condition": _eq(verdict, "CONVICTED"),
                },
                "range:sentence_months",
                months,
                "sentence_months must be a whole number from 0 to 240",
            ),
            _expectation(
                "expect_column_values_to_be_null",
                {"column": months, "row_condition": _ne(verdict, "CONVICTED")},
                "sentence_unless_convicted:sentence_months",
                months,
                "sentence_months must be empty unless the verdict is CONVICTED",
            ),
        ]
    if "support_start_date" in names:
        start, identified = names["support_start_date"], names["identified_date"]
        out += [
            _expectation(
                "expect_column_pair_values_a_to_be_greater_than_b",
                {
                    "column_A": start,
                    "column_B": identified,
                    "or_equal": True,
                    "ignore_row_if": "either_value_is_missing",
                },
                "support_not_before_identified",
                start,
                f"{start} is before {identified}",
            ),
            _expectation(
                "expect_column_values_to_be_null",
                {"column": names["services"], "row_condition": _is_null(start)},
                "services_without_support",
                names["services"],
                f"{names['services']} must be empty when no support started ({start} empty)",
            ),
        ]
    if spec.feed == "population":
        out.append(
            _expectation(
                "expect_column_pair_values_to_be_equal",
                {"column_A": "year", "column_B": PERIOD, "ignore_row_if": "either_value_is_missing"},
                "year:file_year",
                "year",
                "year must equal the year in the file name",
            )
        )
        out.append(
            _expectation(
                "expect_column_values_to_be_in_set",
                {"column": "province", "value_set": list(province_codes("VN34"))},
                "province_for_code_version",
                "province",
                "province is not a VN34 province code",
            )
        )
    return out


def _personal_data_expectations(spec: FileSpec) -> list[Expectation]:
    if spec.feed == "population":  # exports.md: the personal-data rule does not apply
        return []
    return [
        _expectation(
            "expect_column_values_to_be_null",
            {"column": personal_data_column(c.canonical)},
            "personal_data",
            c.name,
            f"{c.name} holds what looks like personal data (an ID number, a phone number or an "
            "e-mail address); the value is not repeated here",
        )
        for c in spec.columns
    ]


@cache
def _class_of(escape: str) -> str:
    """The characters Python's `escape` (`\\d`, `\\s`) matches, as literal character-class ranges."""
    members = [ord(c) for c in re.findall(escape, "".join(map(chr, range(0x110000))))]
    ranges: list[str] = []
    start = prev = members[0]
    for code in [*members[1:], -1]:
        if code != prev + 1:
            ranges.append(chr(start) if start == prev else f"{chr(start)}-{chr(prev)}")
            start = code
        prev = code
    return "".join(ranges)


@cache
def personal_data_regex() -> str:
    """contract.PERSONAL_DATA_RAW_RE spelled so that pandas hands it to pyarrow's RE2 engine
    instead of Python's `re` row by row (about 10x faster): `\\d` and `\\s` become the literal
    characters Python matches for them. Same language; a test checks it against the original."""
    separators = "[" + _class_of(r"\s") + PERSONAL_DATA_STRIP_RE[3:]
    return PERSONAL_DATA_RAW_RE.replace(PERSONAL_DATA_STRIP_RE, separators).replace(
        r"\d", "[" + _class_of(r"\d") + "]"
    )


def build_suite(spec: FileSpec) -> dict[str, Any]:
    """The suite for one file kind as a JSON-able dict, loadable with gx.ExpectationSuite(**d)."""
    expectations = [
        _expectation(
            "expect_table_columns_to_match_set",
            {"column_set": [*spec.header, ROW_NUMBER], "exact_match": True},
            "columns:exact_set",
            None,
            "the file does not have exactly the contract's columns",
        )
    ]
    for col in spec.columns:
        expectations += _column_expectations(spec, col)
    expectations += _conditional_expectations(spec)
    expectations += _personal_data_expectations(spec)
    return {
        "name": spec.key,
        "expectations": expectations,
        "meta": {"contract_version": CONTRACT_VERSION, "generated_by": "tipstat.intake.gx_suites"},
        "notes": None,
    }


def render(spec: FileSpec) -> str:
    return json.dumps(build_suite(spec), ensure_ascii=False, indent=2) + "\n"


def load_suite_dict(spec: FileSpec, directory: Path = EXPECTATIONS_DIR) -> dict[str, Any]:
    return json.loads(suite_path(spec, directory).read_text(encoding="utf-8"))


def write_suites(directory: Path = EXPECTATIONS_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in ALL_SPECS.values():
        path = suite_path(spec, directory)
        path.write_text(render(spec), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_suites():
        print(written_path)
