"""Matching register columns to contract columns."""

from __future__ import annotations

import pytest

from tipstat.contract import FILE_SPECS
from tipstat.pseudonymize import PseudonymizeError
from tipstat.pseudonymize.mapping import parse_mapping, plan_columns

POLICE_VICTIMS = FILE_SPECS["police__victims"]
SOCIAL = FILE_SPECS["social__victims"]
CANON = [c.canonical for c in POLICE_VICTIMS.columns if c.kind != "key"]


def test_identifying_columns_are_dropped_and_named() -> None:
    header = ["Họ và tên", "national_id", "Điện thoại", *CANON, "Địa chỉ"]
    plan = plan_columns(header, POLICE_VICTIMS)
    assert plan.id_index == 1
    assert plan.dropped == ("Họ và tên", "national_id", "Điện thoại", "Địa chỉ")
    assert set(plan.sources) == set(CANON)
    assert plan.filled == ()


def test_headers_compare_case_and_space_insensitively() -> None:
    header = ["  NATIONAL_ID ", *[f" {c.upper()} " for c in CANON]]
    plan = plan_columns(header, POLICE_VICTIMS)
    assert plan.id_index == 0 and len(plan.sources) == len(CANON)


def test_social_accepts_vietnamese_or_english_headers() -> None:
    vietnamese = ["Số định danh", *[c.name for c in SOCIAL.columns if c.kind != "key"]]
    english = ["so_dinh_danh", *[c.canonical for c in SOCIAL.columns if c.kind != "key"]]
    for header in (vietnamese, english):
        plan = plan_columns(header, SOCIAL)
        assert plan.id_index == 0
        assert set(plan.sources) == {c.name for c in SOCIAL.columns if c.kind != "key"}


def test_two_sources_for_one_column_are_refused() -> None:
    header = ["national_id", "Ngay", *CANON]
    with pytest.raises(PseudonymizeError, match="both give 'identified_date'"):
        plan_columns(header, POLICE_VICTIMS, mapping={"Ngay": "identified_date"})


def test_mapped_column_is_used_instead_of_its_own_name() -> None:
    header = ["national_id", "Ngay", *[c for c in CANON if c != "identified_date"]]
    plan = plan_columns(header, POLICE_VICTIMS, mapping={"Ngay": "identified_date"})
    assert plan.sources["identified_date"] == 1


def test_missing_required_column_is_named() -> None:
    header = ["national_id", *[c for c in CANON if c != "victim_status"]]
    with pytest.raises(PseudonymizeError, match="victim_status"):
        plan_columns(header, POLICE_VICTIMS)


def test_missing_optional_columns_are_filled_empty() -> None:
    header = ["national_id", *[c for c in CANON if c not in ("case_ref", "exploitation_country")]]
    assert plan_columns(header, POLICE_VICTIMS).filled == ("case_ref", "exploitation_country")


def test_no_id_column_is_refused_with_the_names_tried() -> None:
    with pytest.raises(PseudonymizeError, match="--id-column"):
        plan_columns(CANON, POLICE_VICTIMS)


def test_two_default_id_columns_are_ambiguous() -> None:
    with pytest.raises(PseudonymizeError, match="more than one"):
        plan_columns(["national_id", "personal_id", *CANON], POLICE_VICTIMS)


def test_id_column_option() -> None:
    plan = plan_columns(["CCCD", "national_id", *CANON], POLICE_VICTIMS, id_column="cccd")
    assert plan.id_index == 0 and "national_id" in plan.dropped


def test_an_input_key_column_is_never_copied() -> None:
    plan = plan_columns(["national_id", "victim_key", *CANON], POLICE_VICTIMS)
    assert "victim_key" not in plan.sources and "victim_key" in plan.dropped
    with pytest.raises(PseudonymizeError, match="computed"):
        plan_columns(["national_id", "k", *CANON], POLICE_VICTIMS, mapping={"k": "victim_key"})


def test_cases_have_no_id_column() -> None:
    spec = FILE_SPECS["police__cases"]
    plan = plan_columns([c.name for c in spec.columns], spec)
    assert plan.id_index is None
    with pytest.raises(PseudonymizeError, match="no linkage key"):
        plan_columns([c.name for c in spec.columns], spec, id_column="national_id")


def test_bad_map_arguments() -> None:
    assert parse_mapping(["Ngay phat hien = identified_date"]) == {"Ngay phat hien": "identified_date"}
    for bad in (["identified_date"], ["=x"], ["x="]):
        with pytest.raises(PseudonymizeError, match="SRC=CONTRACT"):
            parse_mapping(bad)
    with pytest.raises(PseudonymizeError, match="no column 'Ngay'"):
        plan_columns(["national_id", *CANON], POLICE_VICTIMS, mapping={"Ngay": "identified_date"})
    with pytest.raises(PseudonymizeError, match="not a column"):
        plan_columns(["national_id", "x", *CANON], POLICE_VICTIMS, mapping={"x": "full_name"})
