"""Normalizing the 12-digit personal identification number."""

from __future__ import annotations

import pytest

from tipstat.pseudonymize.ids import IdStatus, normalize_id


@pytest.mark.parametrize(
    "raw",
    ["001095001234", " 001 095 001 234 ", "001.095.001.234", "001-095-001-234", "001\u00a0095001234"],
)
def test_separators_are_removed(raw: str) -> None:
    result = normalize_id(raw)
    assert result.status is IdStatus.OK and result.digits == "001095001234"


@pytest.mark.parametrize(
    "raw",
    ["00109500123", "0010950012345", "001095001234x", "A01095001234", "+84912345678", "٠٠١٠٩٥٠٠١٢٣٤", "abc"],
)
def test_anything_not_twelve_ascii_digits_is_bad(raw: str) -> None:
    assert normalize_id(raw).status is IdStatus.BAD


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_empty(raw: object) -> None:
    assert normalize_id(raw).status is IdStatus.EMPTY


def test_number_cells_get_their_leading_zeros_back() -> None:
    assert normalize_id(1095001234).digits == "001095001234"
    assert normalize_id(79095001234).digits == "079095001234"
    assert normalize_id(1095001234.0).digits == "001095001234"
    assert normalize_id(123456789012).digits == "123456789012"


@pytest.mark.parametrize("raw", [123456789, 1234567890123, 1095001234.5, -1095001234, True])
def test_number_cells_of_other_lengths_are_bad(raw: object) -> None:
    assert normalize_id(raw).status is IdStatus.BAD


def test_repr_never_shows_the_digits() -> None:
    result = normalize_id("001095001234")
    assert "001095001234" not in repr(result) and "001095001234" not in str(result)
