"""Register values to the contract's text."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tipstat.contract import FILE_SPECS
from tipstat.pseudonymize.values import format_value, parse_date

POLICE = FILE_SPECS["police__victims"]
SOCIAL = FILE_SPECS["social__victims"]
CONSULAR = FILE_SPECS["consular__victims"]


@pytest.mark.parametrize(
    "raw",
    [
        "2025-07-01",
        "01/07/2025",
        "1/7/2025",
        "01.07.2025",
        date(2025, 7, 1),
        datetime(2025, 7, 1, 8, 30),
        45839,
    ],
)
def test_dates_in_any_accepted_form(raw: object) -> None:
    assert parse_date(raw) == date(2025, 7, 1)


def test_excel_serial_epoch() -> None:
    assert parse_date(45658) == date(2025, 1, 1)
    assert parse_date(45658.0) == date(2025, 1, 1)


@pytest.mark.parametrize("raw", ["31/02/2025", "2025-13-01", "next week", "", None, 1.5])
def test_not_a_date(raw: object) -> None:
    assert parse_date(raw) is None


def test_dates_are_written_in_the_feed_format() -> None:
    assert format_value("01/07/2025", POLICE.column("identified_date"), POLICE) == "2025-07-01"
    assert format_value("2025-07-01", CONSULAR.column("identified_date"), CONSULAR) == "01/07/2025"
    assert format_value(date(2025, 7, 9), CONSULAR.column("repatriation_date"), CONSULAR) == "09/07/2025"


def test_unparseable_date_passes_as_text_for_validation_to_name() -> None:
    assert format_value("soon", POLICE.column("identified_date"), POLICE) == "soon"


@pytest.mark.parametrize(
    ("raw", "header", "expected"),
    [
        ("CONFIRMED", "Tình trạng", "Nạn nhân"),
        ("presumed", "Tình trạng", "Đang xác minh"),
        ("Nạn nhân", "Tình trạng", "Nạn nhân"),
        ("F", "Giới tính", "Nữ"),
        ("m", "Giới tính", "Nam"),
        ("nữ", "Giới tính", "Nữ"),
        ("", "Giới tính", ""),
    ],
)
def test_social_values_are_vietnamese(raw: str, header: str, expected: str) -> None:
    column = next(c for c in SOCIAL.columns if c.name == header)
    assert format_value(raw, column, SOCIAL) == expected


def test_other_feeds_take_vietnamese_values_as_english_codes() -> None:
    assert format_value("Nữ", POLICE.column("sex"), POLICE) == "F"
    assert format_value("Đang xác minh", POLICE.column("victim_status"), POLICE) == "PRESUMED"
    assert format_value("confirmed", POLICE.column("victim_status"), POLICE) == "CONFIRMED"


def test_spreadsheet_numbers_and_codes() -> None:
    assert format_value(1990.0, POLICE.column("birth_year"), POLICE) == "1990"
    assert format_value("1990.0", POLICE.column("birth_year"), POLICE) == "1990"
    assert format_value(1, POLICE.column("residence_province"), POLICE) == "01"
    assert format_value(" vnm ", POLICE.column("nationality"), POLICE) == "VNM"
    assert format_value("sexual", POLICE.column("exploitation_form"), POLICE) == "SEXUAL"


def test_booleans_and_service_lists() -> None:
    border = FILE_SPECS["border__victims"]
    assert format_value(True, border.column("repatriated"), border) == "true"
    assert format_value("FALSE", border.column("repatriated"), border) == "false"
    services = SOCIAL.column("services")
    assert format_value("shelter, medical", services, SOCIAL) == "SHELTER|MEDICAL"
    assert format_value("", services, SOCIAL) == ""
